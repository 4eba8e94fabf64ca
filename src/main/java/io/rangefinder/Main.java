package io.rangefinder;

import io.rangefinder.app.AppLauncher;
import io.rangefinder.cli.CliMain;
import io.rangefinder.storage.file.FileStore;

/**
 * Entry point of the jar: no arguments opens the app, anything else runs the CLI. Deliberately
 * not a JavaFX {@code Application}, so the app starts from a plain classpath jar and the CLI
 * never loads JavaFX.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // Netty (under the Azure SDK) otherwise calls sun.misc.Unsafe, which JDK 25 warns about on
        // every run; its plain-Java paths are fine for our use.
        if (System.getProperty("io.netty.noUnsafe") == null) {
            System.setProperty("io.netty.noUnsafe", "true");
        }
        if (args.length == 0) {
            AppLauncher.launch(args, FileStore::local);
            return;
        }
        CliMain.main(args);
    }
}
