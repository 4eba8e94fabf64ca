package io.rangefinder.loader;

import io.rangefinder.storage.ContainerInfo;
import io.rangefinder.storage.ListPage;
import io.rangefinder.storage.ListRequest;
import io.rangefinder.storage.ObjectInfo;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.PutOptions;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real store (a FileStore on temp files) in which reading one key blocks inside {@code get} or
 * {@code getRange}, before any stream exists, until {@link #release} or until the reading thread is
 * interrupted: the shape of a request whose response never comes. It counts the blocked calls, the
 * ones still blocked and the ones that ended by interrupt, so a test can see a stalled thread freed.
 */
public final class StallingStore implements ObjectStore {

    private final ObjectStore inner;
    private final String stalledKey;
    private final CountDownLatch gate = new CountDownLatch(1);
    public final AtomicInteger stalled = new AtomicInteger();
    public final AtomicInteger blockedNow = new AtomicInteger();
    public final AtomicInteger interrupted = new AtomicInteger();

    public StallingStore(ObjectStore inner, String stalledKey) {
        this.inner = inner;
        this.stalledKey = stalledKey;
    }

    /** Lets the stalled reads (and any later ones) through. */
    public void release() {
        gate.countDown();
    }

    private void maybeStall(String key) {
        if (!key.equals(stalledKey)) {
            return;
        }
        stalled.incrementAndGet();
        blockedNow.incrementAndGet();
        try {
            gate.await();
        } catch (InterruptedException e) {
            interrupted.incrementAndGet();
            Thread.currentThread().interrupt();
            throw new io.rangefinder.storage.StorageException.TransientIo("stalled read of " + key + " interrupted",
                    new InterruptedIOException());
        } finally {
            blockedNow.decrementAndGet();
        }
    }

    @Override
    public InputStream get(String container, String key) {
        maybeStall(key);
        return inner.get(container, key);
    }

    @Override
    public InputStream getRange(String container, String key, long offset, long length) {
        maybeStall(key);
        return inner.getRange(container, key, offset, length);
    }

    @Override
    public String describe() {
        return "stalling " + inner.describe();
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
        return inner.list(request);
    }

    @Override
    public ObjectInfo stat(String container, String key) {
        return inner.stat(container, key);
    }

    @Override
    public ObjectInfo put(String container, String key, InputStream data, long length, PutOptions options) {
        return inner.put(container, key, data, length, options);
    }

    @Override
    public void delete(String container, String key) {
        inner.delete(container, key);
    }
}
