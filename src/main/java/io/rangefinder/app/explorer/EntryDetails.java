package io.rangefinder.app.explorer;

import io.rangefinder.storage.ObjectInfo;
import java.time.Instant;
import java.util.Map;

/**
 * What the details pane shows for the selection, built by the factories below. Fields the store
 * does not know are {@code null}; {@code loading} is true while the object's full metadata is fetched.
 *
 * @param kindLabel what the Kind row shows: "object", "folder", "container" or "N items (k folders)"
 * @param size      bytes, or -1 when not an object
 */
public record EntryDetails(String name, String uri, Kind kind, String kindLabel, long size, String etag,
                           String contentType, Instant lastModified, String storageClass, Map<String, String> metadata,
                           boolean loading, String error) {

    /** What is selected. */
    public enum Kind { NONE, OBJECT, FOLDER, CONTAINER, SELECTION }

    public static final EntryDetails NONE =
            new EntryDetails("", "", Kind.NONE, "", -1, null, null, null, null, Map.of(), false, null);

    public EntryDetails {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** Several rows: how many, where, and the bytes they add up to. */
    static EntryDetails selection(String name, String address, String label, long bytes) {
        return new EntryDetails(name, address, Kind.SELECTION, label, bytes, null, null, null, null, null, false, null);
    }

    static EntryDetails folder(String name, String uri, Instant lastModified) {
        return new EntryDetails(name, uri, Kind.FOLDER, "folder", -1, null, null, lastModified, null, null, false, null);
    }

    static EntryDetails container(String name, String uri, Instant lastModified) {
        return new EntryDetails(name, uri, Kind.CONTAINER, "container", -1, null, null, lastModified, null, null, false, null);
    }

    /** An object as the listing knows it, while its metadata loads. */
    static EntryDetails objectLoading(String uri, ExplorerEntry listed) {
        return new EntryDetails(listed.name(), uri, Kind.OBJECT, "object", listed.size(), null, null, listed.lastModified(),
                listed.storageClass(), null, true, null);
    }

    /** An object with all the store says of it. */
    static EntryDetails object(String name, String uri, ObjectInfo info) {
        return new EntryDetails(name, uri, Kind.OBJECT, "object", info.size(), info.etag(), info.contentType(),
                info.lastModified(), info.storageClass(), info.metadata(), false, null);
    }

    /** An object whose metadata could not be read: what the listing knew, and why. */
    static EntryDetails objectFailed(String uri, ExplorerEntry listed, String error) {
        return new EntryDetails(listed.name(), uri, Kind.OBJECT, "object", listed.size(), null, null, listed.lastModified(),
                listed.storageClass(), null, false, error);
    }

    public boolean isObject() {
        return kind == Kind.OBJECT;
    }

    public boolean isEmpty() {
        return uri.isEmpty() && name.isEmpty();
    }
}
