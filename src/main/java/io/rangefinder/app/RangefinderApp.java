package io.rangefinder.app;

import io.rangefinder.app.connections.ConnectionsView;
import io.rangefinder.app.connections.ConnectionsViewModel;
import io.rangefinder.app.explorer.ExplorerView;
import io.rangefinder.app.explorer.ExplorerViewModel;
import io.rangefinder.app.common.FxTaskExecutor;
import io.rangefinder.app.explorer.Location;
import io.rangefinder.app.common.SceneSnapshot;
import io.rangefinder.app.common.StallMeter;
import io.rangefinder.storage.config.ConnectionsFile;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;

import atlantafx.base.theme.PrimerLight;

import javafx.application.Application;
import javafx.application.Platform;
import io.rangefinder.app.lab.LabHost;
import io.rangefinder.app.lab.LabView;
import io.rangefinder.storage.StoreFactory;
import javafx.beans.value.ChangeListener;
import javafx.scene.Scene;
import javafx.event.EventHandler;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Objects;
import java.util.function.Supplier;

/** The explorer window on the local file system. Start it through {@link AppLauncher}. */
public class RangefinderApp extends Application {

    static final String TITLE = "Rangefinder";
    public static final double WIDTH = 1100;
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
    private ConnectionsViewModel connections;
    private LabView lab;
    private Stage stage;
    private EventHandler<WindowEvent> saveOnHiding;
    private final StallMeter stallMeter = new StallMeter();
    private Runnable exitAfterQuit = Platform::exit;

    /** Used by {@link Application#launch}; takes what {@link AppLauncher} configured. */
    public RangefinderApp() {
        LaunchConfig config = Objects.requireNonNull(launchConfig, "start Rangefinder through AppLauncher");
        this.stores = config.stores();
        this.start = config.start();
    }

    public RangefinderApp(Supplier<? extends ObjectStore> stores, Location start) {
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
        connections = new ConnectionsViewModel(stores, start, ConnectionsFile.inConfigDir(), executor, model);
        ConnectionsView sidebar = new ConnectionsView(connections, model);
        view = new ExplorerView(model, new ExplorerView.Sidebar(sidebar.node(), sidebar.dialog()));
        Optional<WindowState> saved = WindowState.load();
        double[] size = saved.map(w -> new double[] {w.width(), w.height()}).orElseGet(RangefinderApp::defaultSize);
        Scene scene = view.newScene(size[0], size[1]);
        saved.map(WindowState::view).ifPresent(view::apply);
        // Ctrl+Q (Cmd+Q on macOS) quits, saving the window's state as closing it does
        scene.getAccelerators().put(new javafx.scene.input.KeyCodeCombination(javafx.scene.input.KeyCode.Q,
                javafx.scene.input.KeyCombination.SHORTCUT_DOWN), () -> {
            stage.close();
            exitAfterQuit.run();
        });
        stage.setTitle(TITLE);
        // The lab in a tab next to the explorer, reaching stores through the same connections; the
        // explorer's Benchmark action sends an object (range run) or a prefix (loader run) to it.
        lab = LabHost.install(scene, uri -> uri.scheme() == ObjectUri.Scheme.FILE ? stores.get()
                : StoreFactory.open(uri, onFxThread(() -> connections.connectionFor(uri))), connections::saved);
        // the lab opens with the settings filled in and Start focused: the user sees them before anything runs
        view.setOnBenchmark((uri, prefix) -> {
            LabHost.show(scene);
            lab.openBenchmark(uri, prefix);
        });
        stage.setScene(scene);
        stage.sizeToScene(); // the size chosen above, also on a stage that was sized before
        this.stage = stage;
        saveOnHiding = _ -> saveWindowState(stage);
        stage.setOnHiding(saveOnHiding);
        stage.show();
        view.focusTable();
        stallMeter.start();

        // Smoke tests and startup timing: a property, or the environment for native launchers.
        String readyFile = System.getProperty(READY_FILE_PROPERTY, System.getenv("RANGEFINDER_READY_FILE"));
        if (readyFile != null && !readyFile.isBlank()) {
            snapshotAfterFirstListing(scene, Path.of(readyFile));
        }
        saved.map(WindowState::lastLocation).flatMap(RangefinderApp::parseUri).ifPresent(connections::openUri);
    }

    /**
     * A first window that suits the screen: 1100×700 where that fits comfortably, up to 1440×900 on
     * big screens, and never more than 90% of what the screen shows (900×600 at the least).
     */
    static double[] defaultSize() {
        javafx.geometry.Rectangle2D screen;
        try {
            screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        } catch (RuntimeException e) {
            return new double[] {WIDTH, HEIGHT};
        }
        return defaultSize(screen.getWidth(), screen.getHeight());
    }

    public static double[] defaultSize(double screenWidth, double screenHeight) {
        double w = Math.clamp(screenWidth * 0.75, Math.min(900, screenWidth * 0.9), Math.min(1440, screenWidth * 0.9));
        double h = Math.clamp(screenHeight * 0.75, Math.min(600, screenHeight * 0.9), Math.min(900, screenHeight * 0.9));
        w = Math.max(w, Math.min(WIDTH, screenWidth * 0.9));
        h = Math.max(h, Math.min(HEIGHT, screenHeight * 0.9));
        return new double[] {Math.round(w), Math.round(h)};
    }

    /** Reads FX-owned state (the connection list) from a background thread. */
    private static <T> T onFxThread(Supplier<T> read) {
        if (Platform.isFxApplicationThread()) {
            return read.get();
        }
        java.util.concurrent.CompletableFuture<T> f = new java.util.concurrent.CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(read.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f.join();
    }

    private static Optional<ObjectUri> parseUri(String text) {
        try {
            return text == null ? Optional.empty() : Optional.of(ObjectUri.parse(text));
        } catch (RuntimeException e) {
            return Optional.empty(); // a saved location that no longer parses is simply forgotten
        }
    }

    /** Remembers size and location for the next start; a failure to write is not worth bothering the user. */
    public void saveWindowState(Stage stage) {
        Location at = model == null ? null : model.getLocation();
        try {
            new WindowState(stage.getScene().getWidth(), stage.getScene().getHeight(),
                    at == null ? null : model.addressProperty().get(), view.prefs()).save();
        } catch (IOException | RuntimeException e) {
            System.err.println("Could not save the window state to " + WindowState.file() + ": " + e.getMessage());
        }
    }

    private void snapshotAfterFirstListing(Scene scene, Path target) {
        model.stateProperty().addListener(new ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends ExplorerViewModel.State> property,
                                ExplorerViewModel.State was, ExplorerViewModel.State now) {
                if (now == ExplorerViewModel.State.LOADED || now == ExplorerViewModel.State.FAILED) {
                    property.removeListener(this);
                    long sinceJvmStart = System.currentTimeMillis()
                            - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
                    System.err.println("rangefinder: window ready " + sinceJvmStart + " ms after start");
                    boolean exit = Boolean.getBoolean("rangefinder.exitWhenReady")
                            || "1".equals(System.getenv("RANGEFINDER_EXIT_WHEN_READY"));
                    SceneSnapshot.writePngLater(scene, target, exit ? Platform::exit : () -> { });
                }
            }
        });
    }

    @Override
    public void stop() {
        stallMeter.stop();
        if (lab != null) {
            lab.close(); // a run still going ends with the app, as it does when the window closes
        }
        if (stage != null && stage.getOnHiding() == saveOnHiding) {
            stage.setOnHiding(null); // a stage that outlives the app (the tests') must not keep it alive
        }
        if (view != null) {
            view.dispose();
        }
        if (model != null) {
            model.close();
        }
        if (connections != null) {
            connections.close();
        }
        if (executor != null) {
            executor.close();
        }
    }

    /** What Ctrl+Q does after closing the window (tests keep the toolkit running). */
    public void setExitAfterQuit(Runnable exit) {
        this.exitAfterQuit = exit;
    }

    public ExplorerViewModel model() {
        return model;
    }

    public ConnectionsViewModel connections() {
        return connections;
    }

    public ExplorerView view() {
        return view;
    }

    /** The longest FX-thread stall seen, for tests and the performance note. */
    public StallMeter stallMeter() {
        return stallMeter;
    }
}
