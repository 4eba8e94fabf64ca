package io.rangefinder.app;

import io.rangefinder.storage.ObjectStore;

import atlantafx.base.theme.PrimerLight;

import javafx.application.Application;
import javafx.beans.value.ChangeListener;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;

/** The explorer window on the local file system. Start it through {@link AppLauncher}. */
public class RangefinderApp extends Application {

    static final String TITLE = "Rangefinder";
    static final double WIDTH = 1100;
    static final double HEIGHT = 700;
    /** If set, a PNG of the window is written there once the first listing shows (for smoke tests). */
    static final String READY_FILE_PROPERTY = "rangefinder.readyFile";

    private record LaunchConfig(Supplier<? extends ObjectStore> stores, Location start) {
    }

    // Application.launch builds the app reflectively, so AppLauncher leaves the configuration here
    private static volatile LaunchConfig launchConfig;

    private final Supplier<? extends ObjectStore> stores;
    private final Location start;
    private FxTaskExecutor executor;
    private ExplorerViewModel model;
    private ExplorerView view;

    /** Used by {@link Application#launch}; takes what {@link AppLauncher} configured. */
    public RangefinderApp() {
        LaunchConfig config = Objects.requireNonNull(launchConfig, "start Rangefinder through AppLauncher");
        this.stores = config.stores();
        this.start = config.start();
    }

    RangefinderApp(Supplier<? extends ObjectStore> stores, Location start) {
        this.stores = stores;
        this.start = start;
    }

    static void configure(Supplier<? extends ObjectStore> stores, Location start) {
        launchConfig = new LaunchConfig(stores, start);
    }

    @Override
    public void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        executor = new FxTaskExecutor();
        model = new ExplorerViewModel(stores, executor);
        view = new ExplorerView(model);
        Scene scene = view.newScene(WIDTH, HEIGHT);
        stage.setTitle(TITLE);
        io.rangefinder.app.lab.LabHost.install(scene); // LAB: the throughput lab in a tab next to the explorer
        stage.setScene(scene);
        stage.show();
        view.focusTable();

        String readyFile = System.getProperty(READY_FILE_PROPERTY);
        if (readyFile != null && !readyFile.isBlank()) {
            snapshotAfterFirstListing(scene, Path.of(readyFile));
        }
        model.open(start);
    }

    private void snapshotAfterFirstListing(Scene scene, Path target) {
        model.stateProperty().addListener(new ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends ExplorerViewModel.State> property,
                                ExplorerViewModel.State was, ExplorerViewModel.State now) {
                if (now == ExplorerViewModel.State.LOADED || now == ExplorerViewModel.State.FAILED) {
                    property.removeListener(this);
                    SceneSnapshot.writePngLater(scene, target);
                }
            }
        });
    }

    @Override
    public void stop() {
        if (model != null) {
            model.close();
        }
        if (executor != null) {
            executor.close();
        }
    }

    ExplorerViewModel model() {
        return model;
    }

    ExplorerView view() {
        return view;
    }
}
