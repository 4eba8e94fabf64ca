package io.rangefinder.app.lab;

import io.rangefinder.bench.RunStore;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.StoreFactory;

import io.rangefinder.storage.config.ConnectionProfile;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
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

    /** Call once, after the explorer's scene is built; the lab opens stores from the environment. */
    public static LabView install(Scene scene) {
        return install(scene, StoreFactory::open);
    }

    /**
     * Call once, after the explorer's scene is built; {@code stores} opens the store behind a URI
     * (the app passes the explorer's connections). Returns the lab for the explorer's "Benchmark".
     */
    public static LabView install(Scene scene, Function<ObjectUri, ObjectStore> stores) {
        return install(scene, stores, List::of);
    }

    /**
     * As {@link #install(Scene, Function)}, with the lab's connection picker listing
     * {@code connections} (the saved connections; read on the FX thread each time the picker
     * opens). "By the URI" in the picker uses {@code stores}; a picked connection opens its store
     * with {@link StoreFactory#open(ObjectUri, io.rangefinder.storage.config.ConnectionProfile)}.
     */
    public static LabView install(Scene scene, Function<ObjectUri, ObjectStore> stores,
                                  Supplier<List<ConnectionProfile>> connections) {
        LabView lab = new LabView(new LabViewModel(stores, RunStore.inConfigDir()));
        lab.model().useConnections(connections);
        Parent explorer = scene.getRoot();
        Tab explorerTab = new Tab("Explorer", explorer);
        explorerTab.setId("explorer-tab");
        Tab labTab = new Tab("Lab", lab.node());
        labTab.setId("lab-tab");
        TabPane tabs = new TabPane(explorerTab, labTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getStyleClass().add("app-tabs");
        scene.setRoot(tabs);
        // Closing the window stops the lab. The handler leaves a window the scene leaves: a stage that
        // outlives the scene (another scene set on it) must not keep this lab, and all it reaches, alive.
        javafx.event.EventHandler<WindowEvent> closeLab = _ -> lab.close();
        scene.windowProperty().addListener((_, old, window) -> {
            if (old != null) {
                old.removeEventHandler(WindowEvent.WINDOW_HIDDEN, closeLab);
            }
            if (window != null) {
                window.addEventHandler(WindowEvent.WINDOW_HIDDEN, closeLab);
            }
        });
        return lab;
    }

    /** Brings the Lab tab to the front (after {@link #install}). */
    public static void show(Scene scene) {
        if (scene.getRoot() instanceof TabPane tabs) {
            tabs.getTabs().stream().filter(t -> "lab-tab".equals(t.getId())).findFirst()
                    .ifPresent(t -> tabs.getSelectionModel().select(t));
        }
    }
}
