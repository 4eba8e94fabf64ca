package io.rangefinder.app;

import io.rangefinder.app.explorer.Location;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.StorageException;

import javafx.application.Application;

import java.nio.file.Path;
import java.util.function.Supplier;

/** Starts the JavaFX app from code that must not itself depend on JavaFX (see {@code io.rangefinder.Main}). */
public final class AppLauncher {

    private AppLauncher() {
    }

    /** Launches without a local store: the window opens and says so in its status bar. */
    public static void launch(String[] args) {
        launch(args, () -> {
            throw new StorageException("No local store was configured for the explorer");
        });
    }

    /**
     * Launches the explorer on {@code localStore}, a store whose containers are the top-level folders
     * of the file system (root "/"), opening at the user's home folder. Blocks until the app exits.
     */
    public static void launch(String[] args, Supplier<? extends ObjectStore> localStore) {
        RangefinderApp.configure(localStore, homeFolder());
        Application.launch(RangefinderApp.class, args);
    }

    static Location homeFolder() {
        return Location.ofLocalPath(Path.of(System.getProperty("user.home", "/")));
    }
}
