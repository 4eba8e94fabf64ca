package io.rangefinder.loader;

import io.rangefinder.core.BoundedChannel;
import io.rangefinder.core.CancellationToken;
import io.rangefinder.core.CancelledException;
import io.rangefinder.core.LatencyRecorder;
import io.rangefinder.core.Meter;
import io.rangefinder.core.TunableLimiter;
import io.rangefinder.core.Retry;
import io.rangefinder.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * What both loaders share: fetches gated by a {@link TunableLimiter} (concurrency), batches handed
 * to the consumer through a {@link BoundedChannel} (prefetch), a token that stops everything, and
 * sampled stats. Iterate it for batches; close it to stop early. A fetch that fails after its
 * retries ends the run, and the consumer's next call throws that failure.
 */
public abstract sealed class Loader implements Iterator<Batch>, AutoCloseable permits DataLoader, AsyncPoolDataLoader {

    private static final AtomicInteger ACTIVE_WORKERS = new AtomicInteger();

    protected final Dataset dataset;
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

    protected Loader(Dataset dataset, LoaderOptions options, CancellationToken parent) {
        this.dataset = dataset;
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

    /** Reads one item whole, retrying transient failures with backoff. */
    protected final Sample fetch(Dataset.Item item) {
        long began = System.nanoTime();
        int attempt = 0;
        while (true) {
            token.throwIfCancelled();
            try {
                byte[] data = read(item);
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

    private byte[] read(Dataset.Item item) {
        InputStream in = dataset.store().get(item.container(), item.key());
        try (in; var abort = token.onCancel(() -> closeQuietly(in))) {
            if (item.size() >= 0 && item.size() <= Integer.MAX_VALUE - 16) {
                // One array of the listed size, filled in place: readNBytes would read in 16 KiB
                // pieces and copy them again.
                byte[] data = new byte[(int) item.size()];
                int filled = 0;
                while (filled < data.length) {
                    int n = in.read(data, filled, data.length - filled);
                    if (n < 0) {
                        throw new StorageException.TransientIo(item.key() + " ended after " + filled
                                + " of " + item.size() + " bytes");
                    }
                    filled += n;
                }
                return data;
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new StorageException.TransientIo("reading " + item.key() + " failed: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException | RuntimeException ignored) {
            // closing is how a stuck read is aborted
        }
    }

    protected final void emit(java.util.List<Sample> samples, long formingSinceNanos) {
        Batch batch = new Batch(batchesEmitted.getAndIncrement(), samples);
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
