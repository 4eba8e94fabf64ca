package io.rangefinder.engine;

import io.rangefinder.storage.ContainerInfo;
import io.rangefinder.storage.ListPage;
import io.rangefinder.storage.ListRequest;
import io.rangefinder.storage.ObjectInfo;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.PutOptions;
import io.rangefinder.storage.StorageException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/**
 * A real store (usually a FileStore on temp files) seen through a shaped link: reads can be slowed,
 * made to fail part-way, or to stall, for chosen requests. It counts open and concurrent streams,
 * so tests can check that cancel closed every one of them.
 */
public final class ShapedStore implements ObjectStore {

    private final ObjectStore inner;
    public volatile long bytesPerSecondPerStream = Long.MAX_VALUE;
    /** Requests (numbered from 0 in order of opening) whose stream fails after {@link #failAfterBytes}. */
    public volatile IntPredicate failRequest = n -> false;
    public volatile long failAfterBytes = 0;
    /** Requests whose stream stalls (blocks until closed) after {@link #failAfterBytes}. */
    public volatile IntPredicate stallRequest = n -> false;
    public final AtomicInteger requests = new AtomicInteger();
    public final AtomicInteger injectedFailures = new AtomicInteger();
    public final AtomicInteger open = new AtomicInteger();
    public final AtomicInteger maxOpen = new AtomicInteger();

    public ShapedStore(ObjectStore inner) {
        this.inner = inner;
    }

    @Override
    public String describe() {
        return "shaped " + inner.describe();
    }

    @Override
    public List<ContainerInfo> listContainers() {
        return inner.listContainers();
    }

    @Override
    public void createContainer(String container) {
        inner.createContainer(container);
    }

    @Override
    public void deleteContainer(String container) {
        inner.deleteContainer(container);
    }

    @Override
    public ListPage list(ListRequest request) {
        Runnable gate = beforeListPage;
        if (request.continuationToken() != null && gate != null) {
            gate.run();
        }
        return inner.list(request);
    }

    /** Runs before every listing page after the first (to hold a listing back). */
    public volatile Runnable beforeListPage;

    @Override
    public ObjectInfo stat(String container, String key) {
        return inner.stat(container, key);
    }

    @Override
    public InputStream get(String container, String key) {
        return shape(inner.get(container, key));
    }

    @Override
    public InputStream getRange(String container, String key, long offset, long length) {
        return shape(inner.getRange(container, key, offset, length));
    }

    @Override
    public ObjectInfo put(String container, String key, InputStream data, long length, PutOptions options) {
        return inner.put(container, key, data, length, options);
    }

    @Override
    public void delete(String container, String key) {
        inner.delete(container, key);
    }

    private InputStream shape(InputStream in) {
        int n = requests.getAndIncrement();
        boolean fail = failRequest.test(n);
        boolean stall = stallRequest.test(n);
        int now = open.incrementAndGet();
        maxOpen.accumulateAndGet(now, Math::max);
        return new FilterInputStream(in) {
            private long read;
            private volatile boolean closed;
            private final long started = System.nanoTime();

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (closed) {
                    throw new IOException("stream closed");
                }
                if ((fail || stall) && read >= failAfterBytes) {
                    if (fail) {
                        injectedFailures.incrementAndGet();
                        throw new StorageException.TransientIo("injected connection reset after " + read + " bytes");
                    }
                    while (!closed) {
                        sleep(5);
                    }
                    throw new IOException("stream closed while stalled");
                }
                int want = len;
                if (fail || stall) {
                    want = (int) Math.max(1, Math.min(len, failAfterBytes - read));
                }
                int got = super.read(b, off, Math.min(want, 256 * 1024));
                if (got > 0) {
                    read += got;
                    pace();
                }
                return got;
            }

            private void pace() throws IOException {
                long rate = bytesPerSecondPerStream;
                if (rate == Long.MAX_VALUE) {
                    return;
                }
                long due = started + (long) (read * 1e9 / rate);
                while (System.nanoTime() < due) {
                    if (closed) {
                        throw new IOException("stream closed");
                    }
                    sleep(Math.min(5, Math.max(1, (due - System.nanoTime()) / 1_000_000)));
                }
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    open.decrementAndGet();
                }
                super.close();
            }
        };
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
