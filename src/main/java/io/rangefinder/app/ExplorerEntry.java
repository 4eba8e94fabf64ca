package io.rangefinder.app;

import java.time.Instant;

/**
 * One row of the explorer table.
 *
 * @param key the object key, the common prefix (ending in "/") of a folder, or the container name
 * @param size bytes, or -1 for folders and containers
 * @param lastModified {@code null} when the store does not say
 */
public record ExplorerEntry(String name, Kind kind, String key, long size, Instant lastModified) {

    public enum Kind { CONTAINER, FOLDER, OBJECT }

    public boolean isFolder() {
        return kind != Kind.OBJECT;
    }
}
