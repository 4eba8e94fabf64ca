package io.rangefinder.storage;

import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * One account or endpoint of an object store, addressed by container and key. Implementations
 * are thread-safe; every method may block on I/O and throws {@link StorageException} subtypes.
 */
public interface ObjectStore extends AutoCloseable {

    /** A short label for messages, e.g. "file", "s3 (http://127.0.0.1:9000)"; never contains secrets. */
    String describe();

    List<ContainerInfo> listContainers();

    void createContainer(String container);

    /** Deletes an empty container; a non-empty one is an {@link StorageException.InvalidArgument}. */
    void deleteContainer(String container);

    ListPage list(ListRequest request);

    ObjectInfo stat(String container, String key);

    /** The whole object. Closing the stream early aborts the transfer. */
    InputStream get(String container, String key);

    /**
     * {@code length} bytes from {@code offset}. A range that runs past the end is cut at the end;
     * an offset at or past the end of a non-empty object is an {@link StorageException.InvalidArgument}.
     * Closing the stream early aborts the transfer.
     */
    InputStream getRange(String container, String key, long offset, long length);

    /**
     * Streams {@code data} into the object, replacing it. {@code length} is the byte count if known,
     * or -1; the stream is read to its end, never held whole in memory.
     */
    ObjectInfo put(String container, String key, InputStream data, long length, PutOptions options);

    default ObjectInfo put(String container, String key, InputStream data, long length, String contentType) {
        return put(container, key, data, length, PutOptions.contentType(contentType));
    }

    /** Deletes the object; deleting a missing object is a {@link StorageException.NotFound}. */
    void delete(String container, String key);

    /** Whether {@link ListRequest#startAfter()} is honoured; stores without it list from the start. */
    default boolean canStartAfter() {
        return false;
    }

    @Override
    default void close() {
    }

    /** All entries of a listing, page by page as the iterator advances. */
    default Iterator<ListPage> pages(ListRequest first) {
        return new Iterator<>() {
            private ListRequest next = first;

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public ListPage next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                ListPage page = list(next);
                next = page.hasMore() ? next.withToken(page.nextToken()) : null;
                return page;
            }
        };
    }
}
