package io.rangefinder.storage;

import io.rangefinder.storage.file.FileStore;

/**
 * The one place that turns a URI into a store. Stores are opened per call; the caller closes them.
 */
public final class StoreFactory {

    private StoreFactory() {
    }

    public static ObjectStore open(ObjectUri uri) {
        return switch (uri.scheme()) {
            case FILE -> FileStore.local();
            case S3, AZURE, GCS -> throw new StorageException.InvalidArgument(
                    uri.scheme().name().toLowerCase(java.util.Locale.ROOT)
                            + " stores are not available in this build yet; use a local path or file:// URI");
        };
    }
}
