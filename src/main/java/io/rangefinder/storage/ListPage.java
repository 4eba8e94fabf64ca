package io.rangefinder.storage;

import java.util.List;

/**
 * One page of a listing: objects and common prefixes (folders, each ending in the delimiter),
 * both in the store's order (UTF-8 byte order of the key, as S3 sorts).
 *
 * @param nextToken pass to {@link ListRequest#withToken} for the next page; {@code null} on the last page
 */
public record ListPage(List<ObjectInfo> objects, List<String> commonPrefixes, String nextToken) {

    public ListPage {
        objects = List.copyOf(objects);
        commonPrefixes = List.copyOf(commonPrefixes);
    }

    public boolean hasMore() {
        return nextToken != null;
    }
}
