package io.rangefinder.bench;

import io.rangefinder.core.BuildInfo;
import io.rangefinder.core.CancellationToken;
import io.rangefinder.core.CancelledException;
import io.rangefinder.core.LatencyRecorder;
import io.rangefinder.core.LatencySnapshot;
import io.rangefinder.core.Meter;
import io.rangefinder.core.TunableLimiter;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.PutOptions;
import io.rangefinder.storage.StorageException;

import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Phaser;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes objects as fast as the store takes them: {@code count} objects (or as many as fit in a
 * duration) with sizes from a {@link SizeDistribution}, objects in flight and, for big objects,
 * parts in flight and part size (S3 multipart, Azure blocks; stores without parts write whole),
 * both retunable while it runs. Objects go under their own folder, {@code PREFIX/rf-put-RUNID/},
 * so a run never writes over anything, and are deleted afterwards unless {@code keep}.
 */
public final class PutBench implements LiveBench {

    /** What to write. */
    public record Config(long count, Duration duration, SizeDistribution sizes, long seed, int objectsInFlight,
                         long partSize, int partsInFlight, double compressibility, boolean keep) {
        public Config {
            if (count < 1 && (duration == null || duration.isZero() || duration.isNegative())) {
                throw new IllegalArgumentException("give a count of objects or a duration");
            }
            if (objectsInFlight < 1) {
                throw new IllegalArgumentException("objects in flight must be at least 1, was " + objectsInFlight);
            }
            if (partSize < 0 || partsInFlight < 0) {
                throw new IllegalArgumentException("part size and parts in flight must not be negative");
            }
            if (!(compressibility >= 1)) {
                throw new IllegalArgumentException("compressibility must be 1 or more, was " + compressibility);
            }
        }

        public static Config of(long count, SizeDistribution sizes) {
            return new Config(count, null, sizes, 1, 8, 0, 0, 1, false);
        }

        public Config withObjectsInFlight(int n) {
            return new Config(count, duration, sizes, seed, n, partSize, partsInFlight, compressibility, keep);
        }

        public Config withParts(long size, int inFlight) {
            return new Config(count, duration, sizes, seed, objectsInFlight, size, inFlight, compressibility, keep);
        }

        public Config withKeep(boolean k) {
            return new Config(count, duration, sizes, seed, objectsInFlight, partSize, partsInFlight, compressibility, k);
        }

        public Config withDuration(Duration d) {
            return new Config(count, d, sizes, seed, objectsInFlight, partSize, partsInFlight, compressibility, keep);
        }

        public Config withSeed(long s) {
            return new Config(count, duration, sizes, s, objectsInFlight, partSize, partsInFlight, compressibility, keep);
        }

        public Config withCompressibility(double c) {
            return new Config(count, duration, sizes, seed, objectsInFlight, partSize, partsInFlight, c, keep);
        }
    }

    private static final double SAMPLE_SECONDS = 0.25;

    private final ObjectStore store;
    private final ObjectUri prefix;
    private final Config config;
    private final String folder;
    private final TunableLimiter objects;
    private volatile int partsInFlight;
    private final RatePacer pacer;
    private final Meter bytes = new Meter();
    private final Meter puts = new Meter();
    private final LatencyRecorder latency = new LatencyRecorder();
    private final Histogram sizesWritten = new Histogram(3);
    private final AtomicLong errors = new AtomicLong();
    // every key a put was started for: one that failed on the client may still have landed on the server
    private final Queue<String> started = new ConcurrentLinkedQueue<>();
    private final List<BenchResult.Mark> marks = new CopyOnWriteArrayList<>();
    private volatile long startNanos;
    private volatile Sampler sampler;
    private volatile String startedAt;
    private long lastPuts;

    public PutBench(ObjectStore store, ObjectUri prefix, Config config) {
        this(store, prefix, config, new RatePacer(0, false, config.seed()));
    }

    /**
     * Open loop: start puts at {@code opsPerSecond} (0: as fast as objects in flight allow),
     * Poisson arrivals or fixed spacing. Can change while the run goes on.
     */
    public PutBench withRate(double opsPerSecond, boolean poisson) {
        return new PutBench(store, prefix, config, new RatePacer(opsPerSecond, poisson, config.seed()));
    }

    private PutBench(ObjectStore store, ObjectUri prefix, Config config, RatePacer pacer) {
        if (prefix.container().isEmpty()) {
            throw new IllegalArgumentException("'" + prefix + "' has no container; write into e.g. s3://bucket/bench/");
        }
        this.store = store;
        this.prefix = prefix;
        this.config = config;
        this.folder = prefixFolder(prefix);
        this.objects = new TunableLimiter(config.objectsInFlight());
        this.partsInFlight = config.partsInFlight();
        this.pacer = pacer;
    }

    private static String prefixFolder(ObjectUri prefix) {
        String base = prefix.key().isEmpty() || prefix.key().endsWith("/") ? prefix.key() : prefix.key() + "/";
        return base + "rf-put-" + Long.toString(System.currentTimeMillis(), 36)
                + Long.toString(Math.floorMod(System.nanoTime(), 1296L), 36) + "/";
    }

    /** The target puts per second from now on (0: as fast as possible). */
    public void setRate(double opsPerSecond) {
        pacer.setRate(opsPerSecond);
        mark("rate", opsPerSecond);
    }

    /** Where this run writes: its own folder under the prefix. */
    public String folder() {
        return folder;
    }

    public void setObjectsInFlight(int n) {
        objects.setLimit(n);
        mark("objects in flight", n);
    }

    /** Parts in flight for objects started from now on. */
    public void setPartsInFlight(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("parts in flight must be at least 1, was " + n);
        }
        partsInFlight = n;
        mark("parts in flight", n);
    }

    public int objectsInFlight() {
        return objects.limit();
    }

    public int partsInFlight() {
        return partsInFlight;
    }

    public TunableLimiter.Snapshot limiter() {
        return objects.snapshot();
    }

    /** Seconds since the run started (0 before). */
    public double elapsedSeconds() {
        long s = startNanos;
        return s == 0 ? 0 : (System.nanoTime() - s) / 1e9;
    }

    /** The run's newest sample (taken 4 times a second), {@code null} before the first: for a live view. */
    public BenchResult.Sample lastSample() {
        Sampler s = sampler;
        return s == null ? null : s.last();
    }

    @Override
    public BenchResult snapshot() {
        Sampler s = sampler;
        return s == null ? null : LiveBench.running("put", prefix.toString(), startedAt, bytes.total(), puts.total(),
                elapsedSeconds(), objects.limit(), Map.of("folder", folder), s.series());
    }

    /** Objects written so far. */
    public long objectsWritten() {
        return puts.total();
    }

    public long bytesWritten() {
        return bytes.total();
    }

    public Meter.Snapshot byteRate() {
        return bytes.snapshot();
    }

    public LatencySnapshot latency() {
        return latency.lastSnapshot();
    }

    private void mark(String what, double value) {
        if (startNanos != 0) {
            marks.add(new BenchResult.Mark((System.nanoTime() - startNanos) / 1e9, what, value));
        }
    }

    /** Writes, then deletes what it wrote unless asked to keep it. Cancelling stops new and running puts. */
    public BenchResult run(CancellationToken parent) {
        String startedAt = Instant.now().toString();
        this.startedAt = startedAt;
        startNanos = System.nanoTime();
        CancellationToken token = parent.child();
        long deadline = config.duration() == null ? Long.MAX_VALUE : startNanos + config.duration().toNanos();
        long limit = config.count() < 1 ? Long.MAX_VALUE : config.count();
        Phaser running = new Phaser(1);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        String status = "ok";
        try (Sampler sampler = new Sampler((long) (SAMPLE_SECONDS * 1000), this::sample)) {
            this.sampler = sampler;
            try {
                for (long i = 0; i < limit && System.nanoTime() < deadline; i++) {
                    if (pacer.paced() && pacer.awaitSlot(token) >= deadline) {
                        break;
                    }
                    objects.acquire(token);
                    if (System.nanoTime() >= deadline) {
                        objects.release();
                        break;
                    }
                    long index = i;
                    running.register();
                    Thread.ofVirtual().name("rf-put").start(() -> {
                        try {
                            putOne(index, token);
                        } catch (CancelledException e) {
                            // the run is stopping
                        } catch (RuntimeException e) {
                            errors.incrementAndGet();
                            if (failure.compareAndSet(null, e)) {
                                token.cancel("a put failed: " + e.getMessage());
                            }
                        } finally {
                            objects.release();
                            running.arriveAndDeregister();
                        }
                    });
                }
            } catch (CancelledException e) {
                // from acquire: fall through to wait for the puts in flight
            }
            running.arriveAndAwaitAdvance();
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            if (failure.get() != null) {
                status = "failed: " + failure.get().getMessage();
            } else if (parent.isCancelled()) {
                status = "cancelled";
            }
            List<BenchResult.Sample> series = sampler.series();
            String cleaned = config.keep() ? "kept" : cleanUp();
            Histogram h = latency.histogram();
            BenchResult.Latency lat = Histograms.latency(h);
            long total = bytes.total();
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("count", config.count());
            if (config.duration() != null) {
                settings.put("durationSeconds", config.duration().toMillis() / 1000.0);
            }
            settings.put("sizes", config.sizes().describe());
            settings.put("sizesWritten", realised());
            settings.put("seed", config.seed());
            settings.put("objectsInFlight", config.objectsInFlight());
            settings.put("partSize", config.partSize());
            settings.put("partsInFlight", config.partsInFlight());
            settings.put("compressibility", config.compressibility());
            settings.put("folder", folder);
            settings.put("objectsAfterRun", cleaned);
            if (pacer.paced()) {
                double achieved = seconds > 0 ? puts.total() / seconds : 0;
                settings.put("targetRate", pacer.rate());
                settings.put("achievedRate", Math.round(achieved * 10) / 10.0);
                settings.put("rateShortfall", Math.round(Math.max(0, 1 - achieved / pacer.rate()) * 1000) / 1000.0);
            }
            return new BenchResult("put", prefix.toString(), startedAt, BuildInfo.version(),
                    Runtime.getRuntime().availableProcessors(), total, puts.total(), seconds,
                    seconds > 0 ? total / 1e6 / seconds : 0, seconds > 0 ? puts.total() / seconds : 0,
                    objects.limit(), lat, 0, errors.get(), status, settings, null, series,
                    marks.isEmpty() ? null : List.copyOf(marks))
                    .withOperations(Map.of("put", new BenchResult.Operation(h.getTotalCount(), total, errors.get(), lat,
                            Histograms.encode(h))));
        } finally {
            token.close();
        }
    }

    private void putOne(long index, CancellationToken token) {
        token.throwIfCancelled();
        long size = config.sizes().sizeOf(config.seed(), index);
        String key = folder + String.format(Locale.ROOT, "obj-%08d.bin", index);
        int parts = partsInFlight;
        PutOptions options = new PutOptions("application/octet-stream", null, config.partSize(), parts, token);
        started.add(key);
        long began = System.nanoTime();
        store.put(prefix.container(), key, new PoolData(size, config.seed() * 31 + index, config.compressibility()), size,
                options);
        latency.recordNanos(System.nanoTime() - began);
        bytes.mark(size);
        puts.mark();
        synchronized (sizesWritten) {
            sizesWritten.recordValue(size);
        }
    }

    /** The sizes actually written, so a result shows the distribution it got, not only the one it asked for. */
    private Map<String, Object> realised() {
        Map<String, Object> m = new LinkedHashMap<>();
        synchronized (sizesWritten) {
            m.put("count", sizesWritten.getTotalCount());
            if (sizesWritten.getTotalCount() > 0) {
                m.put("min", sizesWritten.getMinValue());
                m.put("mean", Math.round(sizesWritten.getMean()));
                m.put("p50", sizesWritten.getValueAtPercentile(50));
                m.put("p90", sizesWritten.getValueAtPercentile(90));
                m.put("p99", sizesWritten.getValueAtPercentile(99));
                m.put("max", sizesWritten.getMaxValue());
            }
        }
        return m;
    }

    /** Deletes what the run wrote (also after a cancel: the user did not ask to keep it). */
    private String cleanUp() {
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> first = new AtomicReference<>();
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(Math.max(8, objects.limit()));
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (String key : started) {
                slots.acquireUninterruptibly();
                pool.submit(() -> {
                    try {
                        store.delete(prefix.container(), key);
                    } catch (StorageException.NotFound e) {
                        // already gone
                    } catch (StorageException e) {
                        failed.incrementAndGet();
                        first.compareAndSet(null, e.getMessage());
                    } finally {
                        slots.release();
                    }
                });
            }
        }
        return failed.get() == 0 ? "deleted" : "up to " + failed.get() + " could not be deleted (" + first.get() + ")";
    }

    // the sampler's thread only
    private BenchResult.Sample sample(double t) {
        TunableLimiter.Snapshot s = objects.snapshot();
        long now = puts.total();
        double ops = (now - lastPuts) / SAMPLE_SECONDS;
        lastPuts = now;
        latency.snapshot();
        LatencySnapshot interval = latency.lastInterval();
        return new BenchResult.Sample(t, bytes.snapshot().ratePerSec() / 1e6, ops, s.inFlight(), s.limit(), 0, 0,
                interval.p50(), interval.p99(), 0);
    }
}
