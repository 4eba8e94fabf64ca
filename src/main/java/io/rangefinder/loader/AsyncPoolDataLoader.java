package io.rangefinder.loader;

import io.rangefinder.core.CancellationToken;
import io.rangefinder.core.CancelledException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads with a pool of concurrent fetches and forms batches out of order, as items complete, so
 * one slow object never holds up the rest. A fetch keeps its pool slot until its sample is in a
 * batch; when the prefetch queue is full the fetch that completes a batch waits, and with it the
 * pool, which is how backpressure reaches the store. A partial batch is emitted when no sample
 * has arrived for {@code batchTimeout} (never with {@code dropLast}, whose batches are all full).
 *
 * <p>Each epoch forms its own batches: the pool runs on into the next epoch while the stragglers
 * of this one finish, but a sample only joins a batch of its epoch, and when the epoch's last fetch
 * is done its short batch is emitted (or dropped, with {@code dropLast}). So that batch may come
 * after the first batches of the next epoch; {@link Batch#epoch()} says where each belongs.
 */
public final class AsyncPoolDataLoader extends Loader {

    private final Object lock = new Object();
    /** Epochs with fetches still running or still being dispatched, oldest first; guarded by lock. */
    private final Map<Integer, Forming> open = new LinkedHashMap<>();

    /** One epoch's forming batch and its fetches not yet finished; guarded by lock. */
    private final class Forming {
        final int epoch;
        List<Sample> samples = new ArrayList<>(options.batchSize());
        long since = System.nanoTime();
        long lastArrival = System.nanoTime();
        /** Fetches started and not finished, plus one while the producer still dispatches the epoch. */
        long pending = 1;

        Forming(int epoch) {
            this.epoch = epoch;
        }

        /** Hands the forming samples on as a batch (under lock) and starts a new one. */
        void emitForming() {
            List<Sample> batch = samples;
            long began = since;
            samples = new ArrayList<>(options.batchSize());
            since = System.nanoTime();
            emit(batch, began, epoch);
        }
    }

    public AsyncPoolDataLoader(Dataset dataset, LoaderOptions options, CancellationToken token) {
        this(dataset, options, ItemReader.whole(), token);
    }

    public AsyncPoolDataLoader(Dataset dataset, LoaderOptions options, ItemReader reader, CancellationToken token) {
        super(dataset, options, reader, token);
    }

    @Override
    protected void produce() {
        CountDownLatch done = new CountDownLatch(1);
        // One share for this producer plus one per fetch started; the last to finish opens the latch.
        // (The dataset may still be listing, so the total is not known up front.)
        AtomicLong remaining = new AtomicLong(1);
        if (!options.dropLast()) {
            spawn("rf-loader-timeout", this::watchStragglers);
        }
        for (int epoch = 0; epoch < options.epochs(); epoch++) {
            Forming forming = new Forming(epoch);
            synchronized (lock) {
                open.put(epoch, forming);
            }
            for (Dataset.Item item : epochOrder(epoch)) {
                limiter.acquire(token);
                remaining.incrementAndGet();
                synchronized (lock) {
                    forming.pending++;
                }
                spawn("rf-loader-fetch", () -> {
                    try {
                        add(forming, fetch(item));
                    } catch (Throwable t) {
                        fail(t);
                    } finally {
                        try {
                            finishOne(forming);
                        } catch (Throwable t) {
                            fail(t);
                        }
                        limiter.release();
                        if (remaining.decrementAndGet() == 0) {
                            done.countDown();
                        }
                    }
                });
            }
            finishOne(forming); // the producer's share: the epoch is fully dispatched
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
    }

    /**
     * Adds a sample to its epoch's batch; the one that fills a batch hands it to the channel while
     * holding the lock, so while the queue is full every other fetch waits here too and at most one
     * full batch waits outside the queue.
     */
    private void add(Forming forming, Sample sample) {
        synchronized (lock) {
            forming.samples.add(sample);
            forming.lastArrival = System.nanoTime();
            if (forming.samples.size() >= options.batchSize()) {
                forming.emitForming();
            }
        }
    }

    /**
     * One fetch (or the producer's dispatch) of an epoch is over; after the last, the epoch's short
     * batch is emitted, or dropped with {@code dropLast}. Nothing is emitted once the run stopped.
     */
    private void finishOne(Forming forming) {
        synchronized (lock) {
            if (--forming.pending > 0) {
                return;
            }
            open.remove(forming.epoch);
            if (!forming.samples.isEmpty() && !options.dropLast() && !token.isCancelled()) {
                forming.emitForming();
            }
        }
    }

    /** Emits a partial batch when samples stop arriving, so the consumer is not starved by stragglers. */
    private void watchStragglers() {
        long timeout = options.batchTimeout().toNanos();
        while (!token.isCancelled() && !channel.isClosed()) {
            try {
                synchronized (lock) {
                    for (Forming f : open.values()) {
                        if (!f.samples.isEmpty() && System.nanoTime() - f.lastArrival >= timeout) {
                            f.emitForming();
                        }
                    }
                }
                TimeUnit.MILLISECONDS.sleep(Math.max(10, Math.min(250, timeout / 4_000_000)));
            } catch (InterruptedException | RuntimeException e) {
                return;
            }
        }
    }
}
