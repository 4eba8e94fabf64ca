package io.rangefinder.storage;

import java.time.Instant;
import java.util.Map;

/**
 * What a store knows about one object. {@code etag} holds the ETag (S3, Azure), the generation
 * (GCS) or a size+mtime tag (file); fields a store does not know are {@code null}.
 */
public record ObjectInfo(
        String container,
        String key,
        long size,
        Instant lastModified,
        String etag,
        String contentType,
        String storageClass,
        Map<String, String> metadata) {

    public ObjectInfo {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** The last path segment of the key, as a file manager would name it. */
    public String name() {
        int slash = key.lastIndexOf('/', key.length() - 2);
        return slash < 0 ? key : key.substring(slash + 1);
    }
}
