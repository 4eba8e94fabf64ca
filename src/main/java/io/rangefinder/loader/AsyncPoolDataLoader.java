package io.rangefinder.loader;

import io.rangefinder.core.CancellationToken;
import io.rangefinder.core.CancelledException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Reads with a pool of concurrent fetches and forms batches out of order, as items complete, so
 * one slow object never holds up the rest. A fetch keeps its pool slot until its sample is in a
 * batch; when the prefetch queue is full the fetch that completes a batch waits, and with it the
 * pool, which is how backpressure reaches the store. A partial batch is emitted when no sample
 * has arrived for {@code batchTimeout}.
 */
public final class AsyncPoolDataLoader extends Loader {

    private final Object lock = new Object();
    private List<Sample> forming = new ArrayList<>();
    private long formingSince = System.nanoTime();
    private long lastArrival = System.nanoTime();

    public AsyncPoolDataLoader(Dataset dataset, LoaderOptions options, CancellationToken token) {
        super(dataset, options, token);
    }

    @Override
    protected void produce() {
        CountDownLatch done = new CountDownLatch(1);
        // One share for this producer plus one per fetch started; the last to finish opens the latch.
        // (The dataset may still be listing, so the total is not known up front.)
        java.util.concurrent.atomic.AtomicLong remaining = new java.util.concurrent.atomic.AtomicLong(1);
        spawn("rf-loader-timeout", this::watchStragglers);
        for (int epoch = 0; epoch < options.epochs(); epoch++) {
            for (Dataset.Item item : dataset.stream(token)) {
                limiter.acquire(token);
                remaining.incrementAndGet();
                spawn("rf-loader-fetch", () -> {
                    try {
                        add(fetch(item));
                    } catch (Throwable t) {
                        fail(t);
                    } finally {
                        limiter.release();
                        if (remaining.decrementAndGet() == 0) {
                            done.countDown();
                        }
                    }
                });
            }
        }
        if (remaining.decrementAndGet() == 0) {
            done.countDown();
        }
        try (var wake = token.onCancel(done::countDown)) {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException("interrupted");
        }
        token.throwIfCancelled();
        List<Sample> rest;
        long since;
        synchronized (lock) {
            rest = forming;
            since = formingSince;
            forming = new ArrayList<>();
        }
        if (!rest.isEmpty() && !(options.dropLast() && rest.size() < options.batchSize())) {
            emit(rest, since);
        }
    }

    /**
     * Adds a sample; the one that fills a batch hands it to the channel while holding the lock, so
     * while the queue is full every other fetch waits here too and at most one full batch waits
     * outside the queue.
     */
    private void add(Sample sample) {
        synchronized (lock) {
            forming.add(sample);
            lastArrival = System.nanoTime();
            if (forming.size() >= options.batchSize()) {
                List<Sample> full = forming;
                long since = formingSince;
                forming = new ArrayList<>(options.batchSize());
                formingSince = System.nanoTime();
                emit(full, since);
            }
        }
    }

    /** Emits a partial batch when samples stop arriving, so the consumer is not starved by stragglers. */
    private void watchStragglers() {
        long timeout = options.batchTimeout().toNanos();
        while (!token.isCancelled() && !channel.isClosed()) {
            try {
                synchronized (lock) {
                    if (!forming.isEmpty() && System.nanoTime() - lastArrival >= timeout) {
                        List<Sample> partial = forming;
                        long since = formingSince;
                        forming = new ArrayList<>(options.batchSize());
                        formingSince = System.nanoTime();
                        emit(partial, since);
                    }
                }
                TimeUnit.MILLISECONDS.sleep(Math.max(10, Math.min(250, timeout / 4_000_000)));
            } catch (InterruptedException | RuntimeException e) {
                return;
            }
        }
    }
}
