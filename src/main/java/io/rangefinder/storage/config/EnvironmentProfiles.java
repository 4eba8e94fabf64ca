package io.rangefinder.storage.config;

import java.util.Map;

/**
 * Reads the standard environment variables of each ecosystem into a {@link ConnectionProfile},
 * so the CLI reaches a store the way its users expect. Credentials that the SDKs' own default
 * chains already read (AWS_ACCESS_KEY_ID, AWS_PROFILE, GOOGLE_APPLICATION_CREDENTIALS, ...) are
 * left to those chains; only what changes where or how we connect is copied here.
 */
public final class EnvironmentProfiles {

    private EnvironmentProfiles() {
    }

    public static ConnectionProfile.Builder from(ConnectionProfile.Kind kind, Map<String, String> env) {
        ConnectionProfile.Builder b = ConnectionProfile.builder(kind).name("environment");
        switch (kind) {
            case S3 -> {
                String endpoint = first(env, "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL");
                if (endpoint != null) {
                    // S3-compatible servers (MinIO, Ceph, R2, S3Proxy) almost always want path-style.
                    b.endpoint(endpoint).pathStyle(true);
                }
                b.region(first(env, "AWS_REGION", "AWS_DEFAULT_REGION"));
                b.awsProfile(first(env, "AWS_PROFILE"));
            }
            case AZURE -> {
                b.connectionString(Secret.of(first(env, "AZURE_STORAGE_CONNECTION_STRING")));
                b.accountName(first(env, "AZURE_STORAGE_ACCOUNT"));
                b.accountKey(Secret.of(first(env, "AZURE_STORAGE_KEY")));
                String sas = first(env, "AZURE_STORAGE_SAS_TOKEN");
                b.sasToken(Secret.of(sas == null ? null : sas.startsWith("?") ? sas.substring(1) : sas));
            }
            case GCS -> {
                String emulator = first(env, "STORAGE_EMULATOR_HOST");
                if (emulator != null) {
                    b.endpoint(emulator.contains("://") ? emulator : "http://" + emulator).anonymous(true);
                }
                b.credentialsFile(first(env, "GOOGLE_APPLICATION_CREDENTIALS"));
                b.projectId(first(env, "GOOGLE_CLOUD_PROJECT", "CLOUDSDK_CORE_PROJECT"));
            }
            case FILE -> {
                // nothing to configure
            }
        }
        return b;
    }

    private static String first(Map<String, String> env, String... names) {
        for (String n : names) {
            String v = env.get(n);
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }
}
