package io.rangefinder.storage.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The credentials a user already has, as connections to show (not saved): AWS keys in the
 * environment, each profile of ~/.aws/config and ~/.aws/credentials, an Azure connection string
 * (or account + key/SAS) in the environment, and Google application default credentials
 * (GOOGLE_APPLICATION_CREDENTIALS or the file {@code gcloud auth application-default login} writes).
 * The environment and the home folder are given, so tests supply their own; reading the files is
 * I/O, so call {@link #find()} off the UI thread.
 */
public final class CredentialDiscovery {

    /**
     * One discovered connection.
     *
     * @param profile what the connection holds: references (a profile name, a file) where the SDKs
     *                read the credentials themselves; the Azure connection string as a {@link Secret}
     * @param source  where it was found, for people ("AWS_ACCESS_KEY_ID in the environment"); never a secret
     */
    public record Found(ConnectionProfile profile, String source) {
        public Found {
            Objects.requireNonNull(profile, "profile");
            Objects.requireNonNull(source, "source");
        }
    }

    public static final String AWS_ENVIRONMENT = "AWS environment";
    public static final String AZURE_ENVIRONMENT = "Azure environment";
    public static final String GOOGLE_ADC = "Google application default";
    /** Discovered AWS profiles are called "AWS profile NAME". */
    public static final String AWS_PROFILE_PREFIX = "AWS profile ";

    private final Map<String, String> env;
    private final Path home;

    public CredentialDiscovery(Map<String, String> env, Path home) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
        this.home = Objects.requireNonNull(home, "home");
    }

    /** This process's environment and the user's home folder. */
    public static CredentialDiscovery system() {
        return new CredentialDiscovery(System.getenv(), Path.of(System.getProperty("user.home", ".")));
    }

    /** Nothing to discover (tests that want only saved connections). */
    public static CredentialDiscovery none() {
        return new CredentialDiscovery(Map.of(), Path.of("/nonexistent-rangefinder-home"));
    }

    /** Everything found, AWS first, then Azure, then Google; an unreadable file only finds nothing. */
    public List<Found> find() {
        List<Found> out = new ArrayList<>();
        if (has("AWS_ACCESS_KEY_ID") && (has("AWS_SECRET_ACCESS_KEY") || has("AWS_SESSION_TOKEN"))) {
            // the SDK's default chain reads the keys from the environment itself: only a reference here
            out.add(new Found(EnvironmentProfiles.from(ConnectionProfile.Kind.S3, env).awsProfile(null)
                    .name(AWS_ENVIRONMENT).build(), "AWS_ACCESS_KEY_ID in the environment"));
        }
        for (String profile : AwsProfileNames.read(awsConfigFile(), awsCredentialsFile())) {
            ConnectionProfile.Builder b = ConnectionProfile.builder(ConnectionProfile.Kind.S3)
                    .name(AWS_PROFILE_PREFIX + profile).awsProfile(profile);
            out.add(new Found(b.build(), "profile " + profile + " in ~/.aws"));
        }
        if (has("AZURE_STORAGE_CONNECTION_STRING")) {
            ConnectionProfile p = ConnectionProfile.builder(ConnectionProfile.Kind.AZURE).name(AZURE_ENVIRONMENT)
                    .connectionString(Secret.of(env.get("AZURE_STORAGE_CONNECTION_STRING").strip())).build();
            out.add(new Found(p, "AZURE_STORAGE_CONNECTION_STRING in the environment"));
        } else if (has("AZURE_STORAGE_ACCOUNT") && (has("AZURE_STORAGE_KEY") || has("AZURE_STORAGE_SAS_TOKEN"))) {
            ConnectionProfile p = EnvironmentProfiles.from(ConnectionProfile.Kind.AZURE, env).name(AZURE_ENVIRONMENT).build();
            out.add(new Found(p, "AZURE_STORAGE_ACCOUNT and its " + (has("AZURE_STORAGE_KEY") ? "key" : "SAS token")
                    + " in the environment"));
        }
        String project = first("GOOGLE_CLOUD_PROJECT", "CLOUDSDK_CORE_PROJECT");
        if (has("GOOGLE_APPLICATION_CREDENTIALS")) {
            out.add(new Found(ConnectionProfile.builder(ConnectionProfile.Kind.GCS).name(GOOGLE_ADC)
                    .credentialsFile(env.get("GOOGLE_APPLICATION_CREDENTIALS").strip()).projectId(project).build(),
                    "GOOGLE_APPLICATION_CREDENTIALS in the environment"));
        } else {
            Path adc = gcloudAdcFile();
            if (Files.isRegularFile(adc)) {
                // the client library finds this file itself: the connection is plain ADC
                out.add(new Found(ConnectionProfile.builder(ConnectionProfile.Kind.GCS).name(GOOGLE_ADC)
                        .projectId(project).build(), "gcloud application-default login (" + adc.getFileName() + ")"));
            }
        }
        return List.copyOf(out);
    }

    /** AWS_PROFILE, the profile the SDK's default chain uses when the environment has no keys; null if unset. */
    public String awsProfileFromEnvironment() {
        return has("AWS_PROFILE") ? env.get("AWS_PROFILE").strip() : null;
    }

    Path awsConfigFile() {
        return has("AWS_CONFIG_FILE") ? Path.of(env.get("AWS_CONFIG_FILE").strip()) : home.resolve(".aws").resolve("config");
    }

    Path awsCredentialsFile() {
        return has("AWS_SHARED_CREDENTIALS_FILE") ? Path.of(env.get("AWS_SHARED_CREDENTIALS_FILE").strip())
                : home.resolve(".aws").resolve("credentials");
    }

    /** Where gcloud keeps ADC: $CLOUDSDK_CONFIG, else %APPDATA%\gcloud on Windows, else ~/.config/gcloud. */
    Path gcloudAdcFile() {
        Path dir;
        if (has("CLOUDSDK_CONFIG")) {
            dir = Path.of(env.get("CLOUDSDK_CONFIG").strip());
        } else if (System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win") && has("APPDATA")) {
            dir = Path.of(env.get("APPDATA").strip(), "gcloud");
        } else {
            dir = home.resolve(".config").resolve("gcloud");
        }
        return dir.resolve("application_default_credentials.json");
    }

    private boolean has(String name) {
        String v = env.get(name);
        return v != null && !v.isBlank();
    }

    private String first(String... names) {
        for (String n : names) {
            if (has(n)) {
                return env.get(n).strip();
            }
        }
        return null;
    }
}
