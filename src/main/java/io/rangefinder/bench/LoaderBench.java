package io.rangefinder.bench;

import io.rangefinder.core.BuildInfo;
import io.rangefinder.core.CancellationToken;
import io.rangefinder.core.CancelledException;
import io.rangefinder.core.LatencySnapshot;
import io.rangefinder.loader.AsyncPoolDataLoader;
import io.rangefinder.loader.Batch;
import io.rangefinder.loader.DataLoader;
import io.rangefinder.loader.Dataset;
import io.rangefinder.loader.ItemReader;
import io.rangefinder.loader.Loader;
import io.rangefinder.loader.LoaderOptions;
import io.rangefinder.loader.LoaderStats;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a dataset through a loader as a training loop would: take a batch, optionally "compute"
 * for a fixed time (standing in for an accelerator, as MLPerf Storage does), repeat. Reports
 * items/s, MB/s, item latency and how long the consumer waited for data.
 *
 * <p>Batching, drop-last, per-epoch shuffle (seed) and the item timeout are {@link LoaderOptions};
 * {@link #withRangedReads} makes each item several range GETs in flight ({@link RangedItemReader}).
 */
public final class LoaderBench implements LiveBench {

    private final Dataset dataset;
    private final String uri;
    private final LoaderOptions options;
    private final boolean ordered;
    private final Duration computePerBatch;
    private volatile long rangedPartSize;
    private volatile int rangedParts;
    private volatile Loader loader;
    private volatile long startNanos;
    private volatile String startedAt;
    private volatile Sampler sampler;
    private volatile int concurrency;
    private volatile int prefetch;
    private final List<BenchResult.Mark> marks = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, Object> extraSettings = new LinkedHashMap<>();
    // Sampler thread only: the consumer-wait total at the previous sample.
    private double lastWait;
    private double lastSampleT;

    public LoaderBench(Dataset dataset, String uri, LoaderOptions options, boolean ordered, Duration computePerBatch) {
        this.dataset = dataset;
        this.uri = uri;
        this.options = options;
        this.ordered = ordered;
        this.computePerBatch = computePerBatch == null ? Duration.ZERO : computePerBatch;
        this.concurrency = options.concurrency();
        this.prefetch = options.prefetch();
    }

    /** Records a setting the caller applied before the run (e.g. shuffle and its seed) in the result. */
    public LoaderBench describe(String key, Object value) {
        synchronized (extraSettings) {
            extraSettings.put(key, value);
        }
        return this;
    }

    /**
     * Reads each item as range GETs of {@code partSize} bytes, {@code partsInFlight} at once, instead
     * of one GET; a {@code partSize} of 0 goes back to whole-object reads. Set before {@link #run}.
     */
    public LoaderBench withRangedReads(long partSize, int partsInFlight) {
        if (partSize < 0) {
            throw new IllegalArgumentException("ranged part size must not be negative, was " + partSize);
        }
        if (partSize > 0 && partsInFlight < 1) {
            throw new IllegalArgumentException("ranged parts in flight must be at least 1, was " + partsInFlight);
        }
        this.rangedPartSize = partSize;
        this.rangedParts = partSize > 0 ? partsInFlight : 0;
        return this;
    }

    /** The reader a run uses: ranged when {@link #withRangedReads} asked for it, else one GET per item. */
    ItemReader reader(LoaderOptions effective) {
        return rangedPartSize > 0 ? RangedItemReader.forLoader(rangedPartSize, rangedParts, effective) : ItemReader.whole();
    }

    /** Changes the pool size (fetches in flight) now, or from the start if the run has not begun. */
    public void setConcurrency(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("pool size must be at least 1, was " + n);
        }
        concurrency = n;
        Loader l = loader;
        if (l != null) {
            l.setConcurrency(n);
        }
        mark("concurrency", n);
    }

    /** The pool size the run uses now. */
    public int concurrency() {
        return concurrency;
    }

    /** The prefetch (batches) the run uses now. */
    public int prefetch() {
        return prefetch;
    }

    /** Changes the prefetch (batches queued ahead of the consumer) now, or from the start. */
    public void setPrefetch(int batches) {
        if (batches < 1) {
            throw new IllegalArgumentException("prefetch must be at least 1 batch, was " + batches);
        }
        prefetch = batches;
        Loader l = loader;
        if (l != null) {
            l.setPrefetch(batches);
        }
        mark("prefetch", batches);
    }

    private void mark(String what, int value) {
        if (startNanos != 0) {
            marks.add(new BenchResult.Mark(elapsedSeconds(), what, value));
        }
    }

    /** Seconds since {@link #run} began (the clock of the samples and marks); 0 before. */
    public double elapsedSeconds() {
        long s = startNanos;
        return s == 0 ? 0 : (System.nanoTime() - s) / 1e9;
    }

    /** The run's newest sample, {@code null} before the first: what a live view or a tuner reads. */
    public BenchResult.Sample lastSample() {
        Sampler s = sampler;
        return s == null ? null : s.last();
    }

    /** The running loader, for retuning and live sampling; {@code null} before the run starts. */
    public Loader loader() {
        return loader;
    }

    public BenchResult run(CancellationToken token) {
        String startedAt = Instant.now().toString();
        LoaderOptions effective = options.withConcurrency(concurrency).withPrefetch(prefetch);
        ItemReader reader = reader(effective);
        Loader l = ordered ? new DataLoader(dataset, effective, reader, token)
                : new AsyncPoolDataLoader(dataset, effective, reader, token);
        this.startedAt = startedAt;
        startNanos = System.nanoTime();
        loader = l;
        // A change that raced with the construction above is applied now.
        l.setConcurrency(concurrency);
        l.setPrefetch(prefetch);
        String status = "ok";
        long errors = 0;
        try (Sampler sampler = new Sampler(100, t -> sample(l, t)); l) {
            this.sampler = sampler;
            try {
                l.start();
                while (l.hasNext()) {
                    Batch b = l.next();
                    if (!computePerBatch.isZero() && b.size() > 0) {
                        token.sleep(computePerBatch);
                    }
                }
            } catch (CancelledException e) {
                status = "cancelled";
            } catch (RuntimeException e) {
                status = "failed: " + e.getMessage();
                errors++;
            }
            LoaderStats s = l.stats();
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("loader", ordered ? "ordered" : "async-pool");
            settings.put("batchSize", options.batchSize());
            settings.put("dropLast", options.dropLast());
            settings.put("poolSize", options.concurrency());
            settings.put("prefetch", options.prefetch());
            settings.put("epochs", options.epochs());
            settings.put("batchTimeoutMs", options.batchTimeout().toMillis());
            settings.put("computeMsPerBatch", computePerBatch.toMillis());
            settings.put("datasetObjects", dataset.size());
            settings.put("batches", s.batches());
            settings.put("consumerWaitSeconds", s.consumerWaitSeconds());
            settings.put("batchLatencyP50Ms", s.batchLatency().p50());
            settings.put("batchLatencyP99Ms", s.batchLatency().p99());
            settings.put("shuffle", options.shuffle());
            settings.put("seed", options.seed());
            settings.put("retries", options.retries());
            settings.put("itemTimeoutMs", options.itemTimeout().toMillis());
            settings.put("reads", rangedPartSize > 0 ? "ranged" : "whole");
            settings.put("rangedPartSize", rangedPartSize);
            settings.put("rangedParts", rangedParts);
            synchronized (extraSettings) {
                settings.putAll(extraSettings);
            }
            org.HdrHistogram.Histogram items = l.itemHistogram();
            BenchResult.Latency itemLatency = Histograms.latency(items);
            return new BenchResult("loader", uri, startedAt, BuildInfo.version(),
                    Runtime.getRuntime().availableProcessors(), s.bytes(), s.items(), s.seconds(), s.mbPerSec(),
                    s.itemsPerSec(), l.limiter().limit(), itemLatency,
                    s.retries(), errors, status, settings, null, sampler.series(), marks.isEmpty() ? null : List.copyOf(marks))
                    .withOperations(java.util.Map.of("get", new BenchResult.Operation(items.getTotalCount(), s.bytes(),
                            errors, itemLatency, Histograms.encode(items))));
        }
    }

    @Override
    public BenchResult snapshot() {
        Sampler sm = sampler;
        Loader l = loader;
        if (sm == null || l == null) {
            return null;
        }
        LoaderStats s = l.stats();
        return LiveBench.running("loader", uri, startedAt, s.bytes(), s.items(), elapsedSeconds(), concurrency,
                Map.of("datasetObjects", dataset.size()), sm.series());
    }

    private BenchResult.Sample sample(Loader l, double t) {
        LoaderStats s = l.stats();
        LatencySnapshot lat = s.itemLatency();
        double dt = t - lastSampleT;
        double wait = dt > 0 ? Math.min(1, Math.max(0, (s.consumerWaitSeconds() - lastWait) / dt)) : 0;
        lastWait = s.consumerWaitSeconds();
        lastSampleT = t;
        return new BenchResult.Sample(t, s.windowMbPerSec(), s.windowItemsPerSec(), s.inFlight(), s.concurrency(),
                s.queueDepth(), s.queueCapacity(), lat.p50(), lat.p99(), wait);
    }

}
