package io.rangefinder.storage.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The profile names in ~/.aws/config ("[profile x]", "[default]") and ~/.aws/credentials ("[x]"), for a chooser. */
public final class AwsProfileNames {

    private AwsProfileNames() {
    }

    /** From the files the AWS CLI uses (AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE move them). */
    public static List<String> find() {
        Path aws = Path.of(System.getProperty("user.home", "."), ".aws");
        String config = System.getenv("AWS_CONFIG_FILE");
        String credentials = System.getenv("AWS_SHARED_CREDENTIALS_FILE");
        return read(config != null ? Path.of(config) : aws.resolve("config"),
                credentials != null ? Path.of(credentials) : aws.resolve("credentials"));
    }

    public static List<String> read(Path configFile, Path credentialsFile) {
        Set<String> names = new TreeSet<>();
        collect(configFile, true, names);
        collect(credentialsFile, false, names);
        return List.copyOf(names);
    }

    private static void collect(Path file, boolean configStyle, Set<String> into) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException | RuntimeException e) {
            return; // a missing or unreadable file just offers no names
        }
        for (String raw : lines) {
            String line = raw.strip();
            if (!line.startsWith("[") || !line.endsWith("]")) {
                continue;
            }
            String section = line.substring(1, line.length() - 1).strip();
            if (configStyle) {
                if (section.startsWith("profile ")) {
                    into.add(section.substring("profile ".length()).strip());
                } else if (section.equals("default")) {
                    into.add(section);
                }
                // "sso-session x" and "services x" are not profiles
            } else if (!section.isEmpty()) {
                into.add(section);
            }
        }
    }
}
