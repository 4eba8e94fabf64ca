package io.rangefinder.storage;

/**
 * One page of a listing. With a delimiter (usually "/"), keys that contain it after the prefix
 * are rolled up into common prefixes, which a browser shows as folders.
 *
 * @param pageSize at most this many entries (objects plus prefixes); stores may return fewer
 * @param continuationToken {@code null} for the first page, else {@link ListPage#nextToken()}
 */
public record ListRequest(String container, String prefix, String delimiter, int pageSize, String continuationToken) {

    public static final int DEFAULT_PAGE_SIZE = 1000;

    public ListRequest {
        if (container == null) {
            throw new IllegalArgumentException("container must not be null");
        }
        prefix = prefix == null ? "" : prefix;
        if (delimiter != null && delimiter.isEmpty()) {
            delimiter = null;
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
        return new ListRequest(container, prefix, delimiter, pageSize, token);
    }

    public ListRequest withPageSize(int size) {
        return new ListRequest(container, prefix, delimiter, size, continuationToken);
    }
}
