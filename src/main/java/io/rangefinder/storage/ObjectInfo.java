package io.rangefinder.storage;

import java.time.Instant;
import java.util.Map;

/**
 * What a store knows about one object. {@code etag} holds the ETag (S3, Azure), the generation
 * (GCS) or a size+mtime tag (file); fields a store does not know are {@code null}.
 * {@code checksum} is a whole-object checksum the store vouches for (from a stat), or null.
 */
public record ObjectInfo(
        String container,
        String key,
        long size,
        Instant lastModified,
        String etag,
        String contentType,
        String storageClass,
        Map<String, String> metadata,
        Checksum checksum) {

    public ObjectInfo {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public ObjectInfo(String container, String key, long size, Instant lastModified, String etag, String contentType,
                      String storageClass, Map<String, String> metadata) {
        this(container, key, size, lastModified, etag, contentType, storageClass, metadata, null);
    }

    /** The last path segment of the key, as a file manager would name it. */
    public String name() {
        int slash = key.lastIndexOf('/', key.length() - 2);
        return slash < 0 ? key : key.substring(slash + 1);
    }
}
