package io.rangefinder.storage;

import io.rangefinder.storage.file.FileStore;

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
            case S3, AZURE, GCS -> throw new StorageException.InvalidArgument(
                    uri.scheme().name().toLowerCase(java.util.Locale.ROOT)
                            + " stores are not available in this build yet; use a local path or file:// URI");
        };
    }
}
