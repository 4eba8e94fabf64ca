package io.rangefinder.bench;

import io.rangefinder.core.CancellationToken;
import io.rangefinder.core.Meter;
import io.rangefinder.core.TunableLimiter;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes {@code count} objects of {@code size} bytes named {@code PREFIXobj-000000.bin} ... with
 * deterministic content (seed + index), {@code concurrency} puts at a time. Cancellable; progress
 * through {@link #written()}.
 */
public final class DatasetGenerator {

    private final ObjectStore store;
    private final ObjectUri prefix;
    private final int count;
    private final SizeDistribution sizes;
    private final long seed;
    private final TunableLimiter limiter;
    private final Meter objects = new Meter();
    private final Meter bytes = new Meter();

    public DatasetGenerator(ObjectStore store, ObjectUri prefix, int count, long size, long seed, int concurrency) {
        this(store, prefix, count, new SizeDistribution.Fixed(Math.max(0, size)), seed, concurrency);
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative, was " + size);
        }
    }

    /** Objects whose sizes follow {@code sizes} (object i gets {@code sizes.sizeOf(seed, i)}). */
    public DatasetGenerator(ObjectStore store, ObjectUri prefix, int count, SizeDistribution sizes, long seed,
                            int concurrency) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was " + count);
        }
        if (prefix.container().isEmpty()) {
            throw new IllegalArgumentException("'" + prefix + "' has no container; generate into e.g. s3://bucket/data/");
        }
        this.store = store;
        this.prefix = prefix;
        this.count = count;
        this.sizes = sizes;
        this.seed = seed;
        this.limiter = new TunableLimiter(concurrency);
    }

    public static String keyOf(String prefixKey, int index) {
        String base = prefixKey.isEmpty() || prefixKey.endsWith("/") ? prefixKey : prefixKey + "/";
        return base + String.format(Locale.ROOT, "obj-%06d.bin", index);
    }

    public long written() {
        return objects.total();
    }

    public Meter.Snapshot byteRate() {
        return bytes.snapshot();
    }

    public int count() {
        return count;
    }

    /** Writes everything; throws the first failure or {@code CancelledException}. */
    public void run(CancellationToken parent) {
        CancellationToken token = parent.child();
        CountDownLatch done = new CountDownLatch(count);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        int started = 0;
        try {
            for (int i = 0; i < count; i++) {
                limiter.acquire(token);
                int index = i;
                Thread.ofVirtual().name("rf-gen").start(() -> {
                    try {
                        token.throwIfCancelled();
                        long size = sizes.sizeOf(seed, index);
                        store.put(prefix.container(), keyOf(prefix.key(), index), new SyntheticData(size, seed + index),
                                size, "application/octet-stream");
                        objects.mark();
                        bytes.mark(size);
                    } catch (RuntimeException e) {
                        if (failure.compareAndSet(null, e)) {
                            token.cancel("generation failed: " + e.getMessage());
                        }
                    } finally {
                        limiter.release();
                        done.countDown();
                    }
                });
                started++;
            }
        } finally {
            for (int i = started; i < count; i++) {
                done.countDown();
            }
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            token.close();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        parent.throwIfCancelled();
    }
}
