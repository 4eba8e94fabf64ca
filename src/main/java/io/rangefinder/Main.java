package io.rangefinder;

import io.rangefinder.app.AppLauncher;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.StorageException;

import java.util.function.Supplier;

/**
 * Entry point of the jar. Deliberately not a JavaFX {@code Application}, so the app starts from a
 * plain classpath jar and the CLI branch never loads JavaFX.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            AppLauncher.launch(args, localStore());
            return;
        }
        System.err.println("CLI not yet available");
        System.exit(2);
    }

    /** The store behind file:/// in the explorer: the whole local file system, rooted at "/". */
    static Supplier<ObjectStore> localStore() {
        // wired in Main: replace the lambda below with `FileStore::local` once io.rangefinder.storage.file is merged.
        return () -> {
            throw new StorageException("The local file store is not part of this build yet");
        };
    }
}
