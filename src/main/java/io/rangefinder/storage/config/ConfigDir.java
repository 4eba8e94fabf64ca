package io.rangefinder.storage.config;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The user's Rangefinder config folder, where window state, connections and their secrets live.
 * The system property {@value #PROPERTY} moves it (tests always point it at a temp dir).
 */
public final class ConfigDir {

    public static final String PROPERTY = "rangefinder.configDir";

    private ConfigDir() {
    }

    /** Linux: $XDG_CONFIG_HOME/rangefinder or ~/.config/rangefinder; macOS: ~/Library/Application Support/Rangefinder; Windows: %APPDATA%\Rangefinder. */
    public static Path resolve() {
        String override = System.getProperty(PROPERTY);
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        String home = System.getProperty("user.home", ".");
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            String appData = System.getenv("APPDATA");
            return (appData != null && !appData.isBlank() ? Path.of(appData) : Path.of(home, "AppData", "Roaming"))
                    .resolve("Rangefinder");
        }
        if (os.contains("mac")) {
            return Path.of(home, "Library", "Application Support", "Rangefinder");
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(home, ".config")).resolve("rangefinder");
    }
}
