package io.rangefinder.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * This checkout's CLI as a separate process, as launchers start it: {@code java -cp (the test
 * classpath) CliMain}, or a {@code rangefinder} executable in a folder of its own for scripts
 * that call it by name.
 */
public final class CliLauncher {

    private static Path dir;

    private CliLauncher() {
    }

    /** The command words that run the CLI. */
    public static List<String> command() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "io.rangefinder.cli.CliMain");
    }

    /** A folder holding an executable {@code rangefinder} that runs {@link #command()} with its arguments. */
    public static synchronized Path dir() throws IOException {
        if (dir != null) {
            return dir;
        }
        Path d = Files.createTempDirectory("rf-launcher");
        Path launcher = d.resolve("rangefinder");
        StringBuilder cmd = new StringBuilder("#!/bin/sh\nexec");
        for (String w : command()) {
            cmd.append(" '").append(w.replace("'", "'\\''")).append('\'');
        }
        Files.writeString(launcher, cmd + " \"$@\"\n");
        if (!launcher.toFile().setExecutable(true, false)) {
            throw new IOException("could not make " + launcher + " executable");
        }
        dir = d;
        return d;
    }

    /** The {@code rangefinder} executable of {@link #dir()}. */
    public static Path executable() throws IOException {
        return dir().resolve("rangefinder");
    }
}
