package io.rangefinder.app.lab;

import io.rangefinder.bench.RunStore;
import io.rangefinder.storage.StoreFactory;

import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.stage.WindowEvent;

/**
 * Puts the lab next to the explorer: the scene's root (the explorer) moves into an "Explorer" tab
 * and the lab gets a "Lab" tab. The lab opens stores from the environment (as the CLI does) and
 * keeps its runs under the user's config folder; a run in flight stops when the window closes.
 */
public final class LabHost {

    private LabHost() {
    }

    /** Call once, after the explorer's scene is built; returns the lab for later wiring (e.g. explorer selection). */
    public static LabView install(Scene scene) {
        LabView lab = new LabView(new LabViewModel(StoreFactory::open, RunStore.inConfigDir()));
        Parent explorer = scene.getRoot();
        Tab explorerTab = new Tab("Explorer", explorer);
        explorerTab.setId("explorer-tab");
        Tab labTab = new Tab("Lab", lab.node());
        labTab.setId("lab-tab");
        TabPane tabs = new TabPane(explorerTab, labTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getStyleClass().add("app-tabs");
        scene.setRoot(tabs);
        scene.windowProperty().addListener((_, _, window) -> {
            if (window != null) {
                window.addEventHandler(WindowEvent.WINDOW_HIDDEN, _ -> lab.close());
            }
        });
        return lab;
    }
}
