package io.rangefinder.app.explorer;

import java.time.Instant;

/**
 * One row of the explorer table; about a hundred bytes plus its strings, so 100,000 rows stay small.
 *
 * @param key the object key, the common prefix (ending in "/") of a folder, or the container name
 * @param size bytes, or -1 for folders and containers
 * @param lastModified {@code null} when the store does not say
 * @param storageClass {@code null} when the store does not say (file://, most listings of Azure)
 */
public record ExplorerEntry(String name, Kind kind, String key, long size, Instant lastModified, String storageClass) {

    public enum Kind { CONTAINER, FOLDER, OBJECT }

    public ExplorerEntry(String name, Kind kind, String key, long size, Instant lastModified) {
        this(name, kind, key, size, lastModified, null);
    }

    public boolean isFolder() {
        return kind != Kind.OBJECT;
    }
}
