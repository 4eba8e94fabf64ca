package io.rangefinder.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of this build, for --version and every saved result. */
public final class BuildInfo {

    private static final String VERSION = loadVersion();

    private BuildInfo() {
    }

    public static String version() {
        return VERSION;
    }

    private static String loadVersion() {
        try (InputStream in = BuildInfo.class.getResourceAsStream("/io/rangefinder/version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
