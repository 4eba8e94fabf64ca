package io.rangefinder.storage;

/**
 * One page of a listing. With a delimiter (usually "/"), keys that contain it after the prefix
 * are rolled up into common prefixes, which a browser shows as folders.
 *
 * @param pageSize at most this many entries (objects plus prefixes); stores may return fewer
 * @param continuationToken {@code null} for the first page, else {@link ListPage#nextToken()}
 * @param startAfter with no token: the listing starts after this key (a jump into a huge folder
 *                   without listing what comes before); honoured where {@link ObjectStore#canStartAfter()}
 */
public record ListRequest(String container, String prefix, String delimiter, int pageSize, String continuationToken,
                          String startAfter) {

    public ListRequest(String container, String prefix, String delimiter, int pageSize, String continuationToken) {
        this(container, prefix, delimiter, pageSize, continuationToken, null);
    }

    public static final int DEFAULT_PAGE_SIZE = 1000;

    public ListRequest {
        if (container == null) {
            throw new IllegalArgumentException("container must not be null");
        }
        prefix = prefix == null ? "" : prefix;
        if (delimiter != null && delimiter.isEmpty()) {
            delimiter = null;
        }
        if (startAfter != null && startAfter.isEmpty()) {
            startAfter = null;
        }
        if (pageSize <= 0) {
            pageSize = DEFAULT_PAGE_SIZE;
        }
    }

    public static ListRequest folders(String container, String prefix) {
        return new ListRequest(container, prefix, "/", DEFAULT_PAGE_SIZE, null);
    }

    public static ListRequest recursive(String container, String prefix) {
        return new ListRequest(container, prefix, null, DEFAULT_PAGE_SIZE, null);
    }

    public ListRequest withToken(String token) {
        return new ListRequest(container, prefix, delimiter, pageSize, token, startAfter);
    }

    public ListRequest withPageSize(int size) {
        return new ListRequest(container, prefix, delimiter, size, continuationToken, startAfter);
    }

    /** The same listing, starting after {@code key} (its first page only; tokens carry on from there). */
    public ListRequest withStartAfter(String key) {
        return new ListRequest(container, prefix, delimiter, pageSize, continuationToken, key);
    }
}
