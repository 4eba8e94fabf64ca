package io.rangefinder.storage;

import io.rangefinder.storage.config.ConnectionProfile;
import io.rangefinder.storage.config.EnvironmentProfiles;
import io.rangefinder.storage.azure.AzureBlobStore;
import io.rangefinder.storage.file.FileStore;
import io.rangefinder.storage.gcs.GcsStore;
import io.rangefinder.storage.s3.S3Store;

/**
 * The one place that turns a URI into a store. Stores are opened per call; the caller closes them.
 */
public final class StoreFactory {

    private StoreFactory() {
    }

    /** Opens the store for a URI with what the environment says (see {@link EnvironmentProfiles}). */
    public static ObjectStore open(ObjectUri uri) {
        return open(uri, EnvironmentProfiles.from(ConnectionProfile.Kind.of(uri.scheme()), System.getenv()).build());
    }

    /** Opens the store that holds {@code uri}, connected as {@code profile} says. */
    public static ObjectStore open(ObjectUri uri, ConnectionProfile profile) {
        return switch (uri.scheme()) {
            case FILE -> FileStore.local();
            case S3 -> S3Store.open(profile);
            case AZURE -> AzureBlobStore.open(profile, uri.account());
            case GCS -> GcsStore.open(profile);
        };
    }

    /**
     * Opens the store a saved connection reaches (Local: the file system).
     *
     * @param azureAccount for Azure, the account to reach (of an az:// URI); null for the profile's own
     */
    public static ObjectStore open(ConnectionProfile profile, String azureAccount) {
        return switch (profile.kind()) {
            case FILE -> FileStore.local();
            case S3 -> S3Store.open(profile);
            case AZURE -> AzureBlobStore.open(profile, azureAccount);
            case GCS -> GcsStore.open(profile);
        };
    }
}
