package io.rangefinder.bench;

import io.rangefinder.core.BuildInfo;
import io.rangefinder.core.CancellationToken;
import io.rangefinder.core.CancelledException;
import io.rangefinder.core.LatencyRecorder;
import io.rangefinder.core.LatencySnapshot;
import io.rangefinder.core.TunableLimiter;
import io.rangefinder.storage.ListRequest;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.PutOptions;
import io.rangefinder.storage.StorageException;

import org.HdrHistogram.Histogram;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Phaser;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A weighted mix of GET, PUT, STAT, LIST and DELETE over objects of its own, for a duration, as
 * warp's mixed mode: {@code get=60,put=20,stat=10,list=5,delete=5}. The set of objects stays
 * consistent: a read or stat only takes an object that is there and not being deleted, a delete
 * only one nobody is reading, a put's object joins the set when written. So a 404 never belongs to
 * the workload, and each one counts as an error. Closed loop by default; with a rate, open loop
 * ({@link RatePacer}). Workers, rate and mix can be retuned while it runs.
 */
public final class MixedBench implements LiveBench {

    public enum Op {
        GET, PUT, STAT, LIST, DELETE;

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param mix weight of each operation (missing ones never run)
     * @param objects objects written before the clock starts, so reads have something to read
     * @param rate target ops/s (0: as fast as the workers go)
     */
    public record Config(Duration duration, Map<Op, Integer> mix, SizeDistribution sizes, long seed, int workers,
                         int objects, double rate, boolean poisson, boolean keep) {
        public Config {
            if (duration == null || duration.isZero() || duration.isNegative()) {
                throw new IllegalArgumentException("a mixed run needs a duration");
            }
            mix = Map.copyOf(mix);
            if (mix.isEmpty() || mix.values().stream().anyMatch(w -> w < 0) || mix.values().stream().mapToInt(w -> w).sum() == 0) {
                throw new IllegalArgumentException("the mix needs at least one operation with a positive weight");
            }
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be at least 1, was " + workers);
            }
            if (objects < 0) {
                throw new IllegalArgumentException("objects must not be negative");
            }
            if (!(rate >= 0)) {
                throw new IllegalArgumentException("rate must be 0 (as fast as possible) or positive");
            }
        }
    }

    /** Reads {@code get=60,put=20,stat=10,list=5,delete=5}; weights are relative and need not add up to 100. */
    public static Map<Op, Integer> parseMix(String text) {
        Map<Op, Integer> mix = new EnumMap<>(Op.class);
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty mix: write e.g. get=60,put=20,stat=10,list=5,delete=5");
        }
        for (String part : text.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("'" + part.strip() + "' is not op=weight (e.g. get=60)");
            }
            Op op;
            try {
                op = Op.valueOf(kv[0].strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown operation '" + kv[0].strip() + "': use get, put, stat, list and delete");
            }
            int weight;
            try {
                weight = Integer.parseInt(kv[1].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the weight of " + op.key() + " is not a whole number: '" + kv[1].strip() + "'");
            }
            if (weight < 0) {
                throw new IllegalArgumentException("the weight of " + op.key() + " is negative");
            }
            if (mix.put(op, weight) != null) {
                throw new IllegalArgumentException(op.key() + " is in the mix twice");
            }
        }
        if (mix.values().stream().mapToInt(Integer::intValue).sum() == 0) {
            throw new IllegalArgumentException("every weight is 0: nothing would run");
        }
        return mix;
    }

    private static final double SAMPLE_SECONDS = 0.25;
    /**
     * Operations failing one after another, with no success between, that end the run as failed:
     * a store that is gone (or refuses every request) gets one clear error instead of a run that
     * spins on errors until its duration is up. Scattered errors are counted and the run goes on.
     */
    static final int GIVE_UP_AFTER = 50;

    private final ObjectStore store;
    private final ObjectUri prefix;
    private final Config config;
    private final String folder;
    private final TunableLimiter workers;
    private final RatePacer pacer;
    private volatile int[] cumulative;
    private final Map<Op, OpStats> stats = new EnumMap<>(Op.class);
    private final LiveSet live = new LiveSet();
    private final AtomicLong nextIndex = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong failingInARow = new AtomicLong();
    private final List<BenchResult.Mark> marks = new CopyOnWriteArrayList<>();
    private volatile long startNanos;
    private volatile Sampler sampler;
    private volatile String startedAt;
    private long lastOps;
    private long lastTotalBytes;
    private final long[] lastCount = new long[Op.values().length];
    private final long[] lastBytes = new long[Op.values().length];

    public MixedBench(ObjectStore store, ObjectUri prefix, Config config) {
        if (prefix.container().isEmpty()) {
            throw new IllegalArgumentException("'" + prefix + "' has no container; run in e.g. s3://bucket/bench/");
        }
        this.store = store;
        this.prefix = prefix;
        this.config = config;
        String base = prefix.key().isEmpty() || prefix.key().endsWith("/") ? prefix.key() : prefix.key() + "/";
        this.folder = base + "rf-mixed-" + Long.toString(System.currentTimeMillis(), 36) + "/";
        this.workers = new TunableLimiter(config.workers());
        this.pacer = new RatePacer(config.rate(), config.poisson(), config.seed());
        for (Op op : Op.values()) {
            stats.put(op, new OpStats());
        }
        setMix(config.mix());
    }

    public String folder() {
        return folder;
    }

    /** Seconds since the timed part started (0 while the objects to read are being written). */
    public double elapsedSeconds() {
        long s = startNanos;
        return s == 0 ? 0 : (System.nanoTime() - s) / 1e9;
    }

    /** The run's newest sample (per operation too), {@code null} before the first: for a live view. */
    public BenchResult.Sample lastSample() {
        Sampler s = sampler;
        return s == null ? null : s.last();
    }

    /** Objects written before the clock starts, so far (for a live view of that phase). */
    public long objectsReady() {
        return live.size();
    }

    public int workers() {
        return workers.limit();
    }

    @Override
    public BenchResult snapshot() {
        Sampler s = sampler;
        return s == null ? null : LiveBench.running("mixed", prefix.toString(), startedAt, bytesMoved(), operationsDone(),
                elapsedSeconds(), workers.limit(), Map.of("folder", folder), s.series());
    }

    /** Operations done so far (all kinds, errors not counted). */
    public long operationsDone() {
        return stats.values().stream().mapToLong(o -> o.count.get()).sum();
    }

    /** Bytes read and written so far. */
    public long bytesMoved() {
        return stats.values().stream().mapToLong(o -> o.bytes.get()).sum();
    }

    /** The target ops/s now (0: closed loop). */
    public double rate() {
        return pacer.rate();
    }

    /** Changes the weights from the next operation on. */
    public void setMix(Map<Op, Integer> mix) {
        int[] c = new int[Op.values().length];
        int sum = 0;
        for (Op op : Op.values()) {
            sum += Math.max(0, mix.getOrDefault(op, 0));
            c[op.ordinal()] = sum;
        }
        if (sum == 0) {
            throw new IllegalArgumentException("the mix needs at least one operation with a positive weight");
        }
        cumulative = c;
    }

    public void setWorkers(int n) {
        workers.setLimit(n);
        mark("workers", n);
    }

    /** The target ops/s from now on (0: as fast as possible). */
    public void setRate(double opsPerSecond) {
        pacer.setRate(opsPerSecond);
        mark("rate", opsPerSecond);
    }

    private void mark(String what, double value) {
        if (startNanos != 0) {
            marks.add(new BenchResult.Mark((System.nanoTime() - startNanos) / 1e9, what, value));
        }
    }

    public BenchResult run(CancellationToken parent) {
        CancellationToken token = parent.child();
        String status = "ok";
        AtomicReference<RuntimeException> fatal = new AtomicReference<>();
        boolean cleaned = false;
        try {
            populate(token);
            // the result's clock starts here, after the objects to read are written: samples, marks
            // and startedAt (the wall clock several workers' results are aligned on) agree
            String startedAt = Instant.now().toString();
            this.startedAt = startedAt;
            startNanos = System.nanoTime();
            long deadline = startNanos + config.duration().toNanos();
            Phaser running = new Phaser(1);
            List<Thread> threads = new ArrayList<>();
            try (Sampler sampler = new Sampler((long) (SAMPLE_SECONDS * 1000), this::sample)) {
                this.sampler = sampler;
                // one thread per possible worker; the limiter decides how many work at once
                int maxWorkers = Math.max(config.workers(), 256);
                for (int w = 0; w < maxWorkers; w++) {
                    long seed = config.seed() * 1_000_003L + w;
                    running.register();
                    threads.add(Thread.ofVirtual().name("rf-mixed").start(() -> {
                        try {
                            work(new SplittableRandom(seed), deadline, token);
                        } catch (CancelledException e) {
                            // stopping
                        } catch (RuntimeException e) {
                            fatal.compareAndSet(null, e);
                            token.cancel(e.getMessage());
                        } finally {
                            running.arriveAndDeregister();
                        }
                    }));
                }
                running.arriveAndAwaitAdvance();
                double seconds = (System.nanoTime() - startNanos) / 1e9;
                if (fatal.get() != null) {
                    status = "failed: " + fatal.get().getMessage();
                } else if (parent.isCancelled()) {
                    status = "cancelled";
                }
                List<BenchResult.Sample> series = sampler.series();
                cleaned = true;
                String after = config.keep() ? "kept" : cleanUp();
                return result(startedAt, seconds, status, series, after);
            }
        } finally {
            if (!config.keep() && !cleaned) {
                cleanUp(); // the run failed before it had a result (e.g. writing the objects to read)
            }
            token.close();
        }
    }

    private void populate(CancellationToken token) {
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(Math.max(4, config.workers()));
            List<java.util.concurrent.Future<?>> puts = new ArrayList<>();
            for (int i = 0; i < config.objects(); i++) {
                slots.acquireUninterruptibly();
                token.throwIfCancelled();
                puts.add(pool.submit(() -> {
                    try {
                        long index = nextIndex.getAndIncrement();
                        String key = keyOf(index);
                        long size = config.sizes().sizeOf(config.seed(), index);
                        store.put(prefix.container(), key, new PoolData(size, index, 1), size, PutOptions.DEFAULT.withToken(token));
                        live.add(key, size);
                    } finally {
                        slots.release();
                    }
                }));
            }
            for (var f : puts) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r
                            : new StorageException("could not write the objects to read: " + e.getCause().getMessage(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancelledException("interrupted");
                }
            }
        }
    }

    private String keyOf(long index) {
        return folder + String.format(Locale.ROOT, "obj-%08d.bin", index);
    }

    private void work(SplittableRandom random, long deadline, CancellationToken token) {
        while (System.nanoTime() < deadline) {
            workers.acquire(token);
            try {
                if (System.nanoTime() >= deadline) {
                    return;
                }
                long slot = pacer.paced() ? pacer.awaitSlot(token) : System.nanoTime();
                if (slot >= deadline) {
                    return;
                }
                runOne(pick(random), random, token);
            } finally {
                workers.release();
            }
        }
    }

    private Op pick(SplittableRandom random) {
        int[] c = cumulative;
        int r = random.nextInt(c[c.length - 1]);
        for (Op op : Op.values()) {
            if (r < c[op.ordinal()]) {
                return op;
            }
        }
        return Op.values()[Op.values().length - 1];
    }

    private void runOne(Op op, SplittableRandom random, CancellationToken token) {
        OpStats s = stats.get(op);
        long began = System.nanoTime();
        long bytes = 0;
        String key = null;
        try {
            switch (op) {
                case GET -> {
                    key = live.borrow(random);
                    if (key == null) {
                        skipped.incrementAndGet();
                        return;
                    }
                    try (InputStream in = store.get(prefix.container(), key)) {
                        bytes = in.transferTo(java.io.OutputStream.nullOutputStream());
                    } finally {
                        live.giveBack(key);
                    }
                }
                case STAT -> {
                    key = live.borrow(random);
                    if (key == null) {
                        skipped.incrementAndGet();
                        return;
                    }
                    try {
                        store.stat(prefix.container(), key);
                    } finally {
                        live.giveBack(key);
                    }
                }
                case PUT -> {
                    long index = nextIndex.getAndIncrement();
                    key = keyOf(index);
                    long size = config.sizes().sizeOf(config.seed(), index);
                    store.put(prefix.container(), key, new PoolData(size, index, 1), size, PutOptions.DEFAULT.withToken(token));
                    bytes = size;
                    live.add(key, size);
                }
                case LIST -> store.list(ListRequest.recursive(prefix.container(), folder).withPageSize(1000));
                case DELETE -> {
                    key = live.claimForDelete(random);
                    if (key == null) {
                        skipped.incrementAndGet();
                        return;
                    }
                    store.delete(prefix.container(), key);
                }
            }
            s.record(System.nanoTime() - began, bytes);
            failingInARow.set(0);
        } catch (CancelledException e) {
            throw e;
        } catch (java.io.IOException | StorageException e) {
            if (token.isCancelled()) {
                throw new CancelledException("cancelled");
            }
            s.error(System.nanoTime() - began, e);
            if (failingInARow.incrementAndGet() == GIVE_UP_AFTER) {
                throw new StorageException(GIVE_UP_AFTER + " operations in a row failed, the last " + op.key()
                        + ": " + e.getMessage(), e);
            }
        }
    }

    private BenchResult result(String startedAt, double seconds, String status, List<BenchResult.Sample> series,
                               String objectsAfterRun) {
        Map<String, BenchResult.Operation> ops = new LinkedHashMap<>();
        long totalOps = 0;
        long totalBytes = 0;
        long totalErrors = 0;
        List<Histogram> all = new ArrayList<>();
        for (Op op : Op.values()) {
            OpStats s = stats.get(op);
            Histogram h = s.latency.histogram();
            if (h.getTotalCount() == 0 && s.errors.get() == 0) {
                continue;
            }
            all.add(h);
            totalOps += h.getTotalCount();
            totalBytes += s.bytes.get();
            totalErrors += s.errors.get();
            ops.put(op.key(), new BenchResult.Operation(h.getTotalCount(), s.bytes.get(), s.errors.get(),
                    Histograms.latency(h), Histograms.encode(h)));
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        Map<String, Integer> mix = new LinkedHashMap<>();
        config.mix().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> mix.put(e.getKey().key(), e.getValue()));
        settings.put("mix", mix);
        settings.put("durationSeconds", config.duration().toMillis() / 1000.0);
        settings.put("sizes", config.sizes().describe());
        settings.put("seed", config.seed());
        settings.put("workers", config.workers());
        settings.put("objects", config.objects());
        settings.put("targetRate", config.rate());
        settings.put("arrivals", config.rate() > 0 ? (config.poisson() ? "poisson" : "fixed") : "closed loop");
        double achieved = seconds > 0 ? totalOps / seconds : 0;
        if (config.rate() > 0) {
            settings.put("achievedRate", Math.round(achieved * 10) / 10.0);
            settings.put("rateShortfall", Math.round(Math.max(0, 1 - achieved / pacer.rate()) * 1000) / 1000.0);
        }
        settings.put("skippedNoObject", skipped.get());
        settings.put("folder", folder);
        settings.put("objectsAfterRun", objectsAfterRun);
        Map<String, String> firstErrors = new LinkedHashMap<>();
        stats.forEach((op, s) -> {
            if (s.firstError.get() != null) {
                firstErrors.put(op.key(), s.firstError.get());
            }
        });
        if (!firstErrors.isEmpty()) {
            settings.put("firstErrors", firstErrors);
        }
        Histogram merged = Histograms.merge(all);
        return new BenchResult("mixed", prefix.toString(), startedAt, BuildInfo.version(),
                Runtime.getRuntime().availableProcessors(), totalBytes, totalOps, seconds,
                seconds > 0 ? totalBytes / 1e6 / seconds : 0, achieved, workers.limit(), Histograms.latency(merged), 0,
                totalErrors, status, settings, null, series, marks.isEmpty() ? null : List.copyOf(marks))
                .withOperations(ops);
    }

    /** Deletes the run's folder; says what is left when it cannot (the folder is in the result, for the user). */
    private String cleanUp() {
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> first = new AtomicReference<>();
        try {
            var pages = store.pages(ListRequest.recursive(prefix.container(), folder));
            List<String> keys = new ArrayList<>();
            while (pages.hasNext()) {
                pages.next().objects().forEach(o -> keys.add(o.key()));
            }
            try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(32);
                for (String k : keys) {
                    slots.acquireUninterruptibly();
                    pool.submit(() -> {
                        try {
                            store.delete(prefix.container(), k);
                        } catch (StorageException.NotFound ignored) {
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
        } catch (StorageException e) {
            return "not deleted: the folder could not be listed (" + e.getMessage() + ")";
        }
        return failed.get() == 0 ? "deleted" : failed.get() + " could not be deleted (" + first.get() + ")";
    }

    // the sampler's thread
    private BenchResult.Sample sample(double t) {
        long ops = 0;
        long bytes = 0;
        double p50 = 0;
        double p99 = 0;
        Map<String, BenchResult.OpSample> perOp = new LinkedHashMap<>();
        for (Op op : Op.values()) {
            OpStats s = stats.get(op);
            long count = s.count.get();
            long b = s.bytes.get();
            s.latency.snapshot();
            LatencySnapshot interval = s.latency.lastInterval();
            ops += count;
            bytes += b;
            p50 = Math.max(p50, interval.p50());
            p99 = Math.max(p99, interval.p99());
            if (config.mix().getOrDefault(op, 0) > 0 || count > 0) {
                perOp.put(op.key(), new BenchResult.OpSample((count - lastCount[op.ordinal()]) / SAMPLE_SECONDS,
                        (b - lastBytes[op.ordinal()]) / 1e6 / SAMPLE_SECONDS, interval.p99()));
            }
            lastCount[op.ordinal()] = count;
            lastBytes[op.ordinal()] = b;
        }
        double rate = (ops - lastOps) / SAMPLE_SECONDS;
        double mb = (bytes - lastTotalBytes) / 1e6 / SAMPLE_SECONDS;
        lastOps = ops;
        lastTotalBytes = bytes;
        TunableLimiter.Snapshot w = workers.snapshot();
        return new BenchResult.Sample(t, mb, rate, w.inFlight(), w.limit(), 0, 0, p50, p99, 0, perOp);
    }

    /** Counts one operation kind; recorders are lock-free for the workers. */
    private static final class OpStats {
        final LatencyRecorder latency = new LatencyRecorder();
        final AtomicLong count = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicReference<String> firstError = new AtomicReference<>();

        void record(long nanos, long n) {
            latency.recordNanos(nanos);
            count.incrementAndGet();
            bytes.addAndGet(n);
        }

        void error(long nanos, Exception e) {
            errors.incrementAndGet();
            firstError.compareAndSet(null, e.getMessage());
        }
    }

    /**
     * The run's objects that are there: reads borrow one (a delete waits for it to be given
     * back), deletes claim one nobody is reading (and it leaves the set before the request goes).
     */
    private static final class LiveSet {
        private final List<String> keys = new ArrayList<>();
        private final Map<String, Integer> slot = new HashMap<>();
        private final Map<String, Integer> readers = new HashMap<>();

        synchronized int size() {
            return keys.size();
        }

        synchronized void add(String key, long size) {
            slot.put(key, keys.size());
            keys.add(key);
        }

        synchronized String borrow(SplittableRandom random) {
            if (keys.isEmpty()) {
                return null;
            }
            String key = keys.get(random.nextInt(keys.size()));
            readers.merge(key, 1, Integer::sum);
            return key;
        }

        synchronized void giveBack(String key) {
            readers.computeIfPresent(key, (_, n) -> n == 1 ? null : n - 1);
        }

        synchronized String claimForDelete(SplittableRandom random) {
            for (int tries = 0; tries < 8 && !keys.isEmpty(); tries++) {
                int i = random.nextInt(keys.size());
                String key = keys.get(i);
                if (!readers.containsKey(key)) {
                    String last = keys.removeLast();
                    if (i < keys.size()) {
                        keys.set(i, last);
                        slot.put(last, i);
                    }
                    slot.remove(key);
                    return key;
                }
            }
            return null;
        }
    }
}
