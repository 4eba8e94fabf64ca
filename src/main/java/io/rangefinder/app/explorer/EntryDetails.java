package io.rangefinder.app.explorer;

import java.time.Instant;
import java.util.Map;

/**
 * What the details pane shows for the selection. Fields the store does not know are {@code null};
 * {@code loading} is true while the object's full metadata is fetched.
 *
 * @param kind "object", "folder", "container" or "N items"
 * @param size bytes, or -1 when not an object
 */
public record EntryDetails(String name, String uri, String kind, long size, String etag, String contentType,
                           Instant lastModified, String storageClass, Map<String, String> metadata,
                           boolean loading, String error) {

    public static final EntryDetails NONE = new EntryDetails("", "", "", -1, null, null, null, null, Map.of(), false, null);

    public EntryDetails {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public boolean isEmpty() {
        return uri.isEmpty() && name.isEmpty();
    }
}
