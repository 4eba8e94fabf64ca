package io.rangefinder.loader;

import io.rangefinder.core.BoundedChannel;
import io.rangefinder.core.CancellationToken;
import io.rangefinder.core.CancelledException;
import io.rangefinder.core.LatencyRecorder;
import io.rangefinder.core.Meter;
import io.rangefinder.core.TunableLimiter;
import io.rangefinder.core.Retry;
import io.rangefinder.storage.StorageException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * What both loaders share: fetches gated by a {@link TunableLimiter} (concurrency), batches handed
 * to the consumer through a {@link BoundedChannel} (prefetch), a token that stops everything, and
 * sampled stats. Iterate it for batches; close it to stop early. A fetch that fails after its
 * retries ends the run, and the consumer's next call throws that failure. Each attempt at an item
 * has {@code itemTimeout}: a read that has not finished by then is abandoned (its thread
 * interrupted, its streams closed) and counts as a transient failure, so a stalled request can
 * neither hang the run nor keep its thread. Items are read by an {@link ItemReader}: whole objects
 * by default, or as the caller supplies (the bench's ranged reader).
 */
public abstract sealed class Loader implements Iterator<Batch>, AutoCloseable permits DataLoader, AsyncPoolDataLoader {

    private static final AtomicInteger ACTIVE_WORKERS = new AtomicInteger();

    protected final Dataset dataset;
    protected final ItemReader reader;
    protected final LoaderOptions options;
    protected final CancellationToken token;
    protected final TunableLimiter limiter;
    protected final BoundedChannel<Batch> channel;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Meter itemMeter = new Meter();
    private final Meter byteMeter = new Meter();
    protected final LatencyRecorder itemLatency = new LatencyRecorder();
    protected final LatencyRecorder batchLatency = new LatencyRecorder();
    private final LongAdder consumerWaitNanos = new LongAdder();
    private final LongAdder retries = new LongAdder();
    protected final AtomicLong batchesEmitted = new AtomicLong();
    private final long startNanos = System.nanoTime();
    private Batch next;
    private boolean finished;
    private volatile boolean started;

    protected Loader(Dataset dataset, LoaderOptions options, ItemReader reader, CancellationToken parent) {
        this.dataset = dataset;
        this.reader = java.util.Objects.requireNonNull(reader, "reader");
        this.options = options;
        this.token = parent.child();
        this.limiter = new TunableLimiter(options.concurrency());
        this.channel = new BoundedChannel<>(options.prefetch());
        token.onCancel(() -> channel.cancel(token.reason()));
    }

    /** Starts the producer; called once, lazily, by the first {@link #hasNext()} or explicitly. */
    public final synchronized Loader start() {
        if (!started) {
            started = true;
            spawn("rf-loader-producer", () -> {
                try {
                    produce();
                    channel.close();
                } catch (Throwable t) {
                    fail(t);
                }
            });
        }
        return this;
    }

    /** Fills the channel with batches and returns when every item was handed over. */
    protected abstract void produce();

    /** Loader worker threads alive across all loaders (for leak checks). */
    public static int activeWorkers() {
        return ACTIVE_WORKERS.get();
    }

    protected final void spawn(String name, Runnable body) {
        ACTIVE_WORKERS.incrementAndGet();
        try {
            Thread.ofVirtual().name(name).start(() -> {
                try {
                    body.run();
                } finally {
                    ACTIVE_WORKERS.decrementAndGet();
                }
            });
        } catch (RuntimeException | Error e) {
            ACTIVE_WORKERS.decrementAndGet();
            throw e;
        }
    }

    /** Ends the run with a failure; the first failure wins and the consumer sees it. */
    protected final void fail(Throwable t) {
        if ((t instanceof BoundedChannel.ClosedException || t instanceof CancelledException) && token.isCancelled()) {
            return; // an echo of a stop (a put into the cancelled channel), not a failure of its own
        }
        if (failure.compareAndSet(null, t)) {
            token.cancel(t instanceof CancelledException ? t.getMessage() : "loader failed: " + t.getMessage());
        }
    }

    /** Reads one item, retrying transient failures (a missed item deadline included) with backoff. */
    protected final Sample fetch(Dataset.Item item) {
        long began = System.nanoTime();
        int attempt = 0;
        while (true) {
            token.throwIfCancelled();
            try {
                byte[] data = readOnce(item, attempt);
                itemLatency.recordNanos(System.nanoTime() - began);
                itemMeter.mark();
                byteMeter.mark(data.length);
                return new Sample(item, data);
            } catch (RuntimeException e) {
                if (token.isCancelled()) {
                    throw new CancelledException(token.reason());
                }
                if (!Retry.isTransient(e) || attempt >= options.retries()) {
                    throw e;
                }
                attempt++;
                retries.increment();
                Retry.backoff(java.time.Duration.ofMillis(100), attempt, token);
            }
        }
    }

    /**
     * One attempt, run by the reader on a thread of its own so that it can be abandoned: when the
     * item timeout passes (or the loader stops) the attempt's token is cancelled, which interrupts
     * the reader's thread (a request blocked before it has a stream to close) and lets the reader
     * close its streams. The caller does not wait for an abandoned reader to return.
     */
    private byte[] readOnce(Dataset.Item item, int attemptIndex) {
        CancellationToken attempt = token.child();
        FutureTask<byte[]> task = new FutureTask<>(() -> reader.read(dataset.store(), item, attempt));
        attempt.onCancel(() -> task.cancel(true));
        try {
            spawn("rf-loader-read", task);
            return task.get(options.itemTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new ItemTimeoutException(item, options.itemTimeout(), attemptIndex + 1, options.retries() + 1);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new StorageException.TransientIo("reading " + item.key() + " failed: " + cause, cause);
        } catch (CancellationException e) {
            throw new CancelledException(token.isCancelled() ? token.reason() : "read cancelled");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException("interrupted");
        } finally {
            // Ends the attempt either way; for a reader still running (timed out) this is the abort.
            attempt.cancel("attempt over");
        }
    }

    /**
     * The items of one epoch in the order they are read: the dataset's order, or with
     * {@code shuffle} the permutation of {@code seed + epoch}. Unshuffled, a listing dataset hands
     * out items as the listing finds them; a shuffle needs them all first.
     */
    protected final Iterable<Dataset.Item> epochOrder(int epoch) {
        if (!options.shuffle()) {
            return dataset.stream(token);
        }
        List<Dataset.Item> all = new ArrayList<>();
        for (Dataset.Item item : dataset.stream(token)) {
            all.add(item);
        }
        return Dataset.permutation(all, options.seed() + epoch);
    }

    protected final void emit(List<Sample> samples, long formingSinceNanos, int epoch) {
        Batch batch = new Batch(batchesEmitted.getAndIncrement(), epoch, samples);
        batchLatency.recordNanos(System.nanoTime() - formingSinceNanos);
        channel.put(batch, token);
    }

    @Override
    public final boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (finished) {
            return false;
        }
        start();
        long began = System.nanoTime();
        try {
            next = channel.take(token);
        } catch (BoundedChannel.ClosedException | CancelledException e) {
            finished = true;
            Throwable t = failure.get();
            if (t instanceof RuntimeException re) {
                throw re;
            }
            if (t instanceof Error err) {
                throw err;
            }
            throw new CancelledException(token.reason());
        } finally {
            consumerWaitNanos.add(System.nanoTime() - began);
        }
        if (next == null) {
            finished = true;
            Throwable t = failure.get();
            if (t instanceof RuntimeException re) {
                throw re;
            }
        }
        return next != null;
    }

    @Override
    public final Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Batch b = next;
        next = null;
        return b;
    }

    /** Changes fetches in flight (pool size) while the loader runs. */
    public void setConcurrency(int n) {
        limiter.setLimit(n);
    }

    /** Changes how many batches may wait for the consumer while the loader runs. */
    public void setPrefetch(int batches) {
        channel.setCapacity(batches);
    }

    public TunableLimiter limiter() {
        return limiter;
    }

    public BoundedChannel<Batch> channel() {
        return channel;
    }

    public LoaderOptions options() {
        return options;
    }

    public Dataset dataset() {
        return dataset;
    }

    /** How this loader reads an item. */
    public ItemReader reader() {
        return reader;
    }

    public boolean isCancelled() {
        return token.isCancelled();
    }

    public void cancel(String reason) {
        token.cancel(reason);
    }

    /** Stops the run: in-flight fetches are aborted and every worker exits. */
    @Override
    public void close() {
        token.cancel("loader closed");
    }

    /** Every item's fetch time so far, in microseconds, as a histogram that merges exactly. */
    public org.HdrHistogram.Histogram itemHistogram() {
        return itemLatency.histogram();
    }

    public LoaderStats stats() {
        Meter.Snapshot items = itemMeter.snapshot();
        Meter.Snapshot bytes = byteMeter.snapshot();
        TunableLimiter.Snapshot l = limiter.snapshot();
        BoundedChannel.Snapshot c = channel.snapshot();
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return new LoaderStats(items.total(), bytes.total(), batchesEmitted.get(), seconds,
                seconds > 0 ? items.total() / seconds : 0, seconds > 0 ? bytes.total() / 1e6 / seconds : 0,
                items.ratePerSec(), bytes.ratePerSec() / 1e6, l.inFlight(), l.limit(), c.depth(), c.capacity(),
                retries.sum(), itemLatency.snapshot(), batchLatency.snapshot(), consumerWaitNanos.sum() / 1e9);
    }
}
