package io.rangefinder.storage;

import io.rangefinder.core.CancellationToken;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything under a prefix, listed recursively page by page, with the bytes it adds up to: what
 * a folder download, a folder copy and a delete confirmation each need before they start.
 *
 * @param objects every entry under the prefix in listing order (folder markers, ending in '/', included)
 * @param bytes   the sum of the entries' sizes (unknown sizes count as 0)
 */
public record PrefixWalk(List<ObjectInfo> objects, long bytes) {

    public PrefixWalk {
        objects = List.copyOf(objects);
    }

    /** Lists {@code container}/{@code prefix} to the end; checks {@code token} between pages. */
    public static PrefixWalk of(ObjectStore store, String container, String prefix, CancellationToken token) {
        List<ObjectInfo> all = new ArrayList<>();
        long bytes = 0;
        for (var pages = store.pages(ListRequest.recursive(container, prefix)); pages.hasNext(); ) {
            token.throwIfCancelled();
            for (ObjectInfo o : pages.next().objects()) {
                all.add(o);
                bytes += Math.max(0, o.size());
            }
        }
        return new PrefixWalk(all, bytes);
    }
}
