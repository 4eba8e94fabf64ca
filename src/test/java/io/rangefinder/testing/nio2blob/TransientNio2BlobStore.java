package io.rangefinder.testing.nio2blob;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import org.gaul.s3proxy.nio2blob.AbstractNio2BlobStore;

/**
 * S3Proxy's transient (in-memory) store, as its {@code TransientNio2BlobStore} builds it (an
 * in-memory Jimfs file system with POSIX and user attributes), but with Jimfs's cache of freed
 * blocks turned off. With the default cache, every block of a deleted object or of a completed
 * multipart upload's parts stays in the heap for reuse, up to the file system's size (4 GiB): over a
 * full test run the test JVM carried 4.2 GB of such blocks, which left the other tests to run
 * through back-to-back garbage collections. Without the cache a deleted object's memory is freed.
 *
 * <p>Named as S3Proxy's own class on purpose: S3Proxy picks its per-backend quirks (multipart stubs,
 * conditional writes) by the store's class name, which must contain {@code .nio2blob.} and end
 * with {@code .TransientNio2BlobStore} to be treated as the transient backend.
 */
public final class TransientNio2BlobStore extends AbstractNio2BlobStore {

    public TransientNio2BlobStore() {
        super(Jimfs.newFileSystem(Configuration.unix().toBuilder()
                .setAttributeViews("posix", "user")
                .setWorkingDirectory("/")
                .setMaxSize(1L << 40) // no cap of its own (Jimfs's default is 4 GiB): the heap is the limit
                .setMaxCacheSize(0)
                .build()).getPath("/"));
    }

    @Override
    public boolean supportsVersioning() {
        return true;
    }

    @Override
    public boolean supportsServerSideEncryption() {
        return true;
    }

    @Override
    public boolean supportsBucketEncryption() {
        return true;
    }
}
