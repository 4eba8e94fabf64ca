package io.rangefinder.bench;

import io.rangefinder.core.BuildInfo;
import io.rangefinder.core.CancellationToken;
import io.rangefinder.core.CancelledException;
import io.rangefinder.core.LatencySnapshot;
import io.rangefinder.loader.AsyncPoolDataLoader;
import io.rangefinder.loader.Batch;
import io.rangefinder.loader.DataLoader;
import io.rangefinder.loader.Dataset;
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
 */
public final class LoaderBench {

    private final Dataset dataset;
    private final String uri;
    private final LoaderOptions options;
    private final boolean ordered;
    private final Duration computePerBatch;
    private volatile Loader loader;

    public LoaderBench(Dataset dataset, String uri, LoaderOptions options, boolean ordered, Duration computePerBatch) {
        this.dataset = dataset;
        this.uri = uri;
        this.options = options;
        this.ordered = ordered;
        this.computePerBatch = computePerBatch == null ? Duration.ZERO : computePerBatch;
    }

    /** The running loader, for retuning and live sampling; {@code null} before the run starts. */
    public Loader loader() {
        return loader;
    }

    public BenchResult run(CancellationToken token) {
        String startedAt = Instant.now().toString();
        Loader l = ordered ? new DataLoader(dataset, options, token) : new AsyncPoolDataLoader(dataset, options, token);
        loader = l;
        String status = "ok";
        long errors = 0;
        try (Sampler sampler = new Sampler(100, t -> sample(l, t)); l) {
            try {
                l.start();
                while (l.hasNext()) {
                    Batch b = l.next();
                    if (!computePerBatch.isZero() && b.size() > 0) {
                        sleep(computePerBatch, token);
                    }
                }
            } catch (CancelledException e) {
                status = "cancelled";
            } catch (RuntimeException e) {
                status = "failed: " + e.getMessage();
                errors++;
            }
            LoaderStats s = l.stats();
            LatencySnapshot lat = s.itemLatency();
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
            return new BenchResult("loader", uri, startedAt, BuildInfo.version(),
                    Runtime.getRuntime().availableProcessors(), s.bytes(), s.items(), s.seconds(), s.mbPerSec(),
                    s.itemsPerSec(), l.limiter().limit(),
                    new BenchResult.Latency(lat.p50(), lat.p90(), lat.p99(), lat.p999(), lat.max()),
                    s.retries(), errors, status, settings, null, sampler.series());
        }
    }

    private static BenchResult.Sample sample(Loader l, double t) {
        LoaderStats s = l.stats();
        LatencySnapshot interval = s.itemLatency();
        return new BenchResult.Sample(t, s.windowMbPerSec(), s.windowItemsPerSec(), s.inFlight(), s.concurrency(),
                s.queueDepth(), s.queueCapacity(), interval.p50(), interval.p99());
    }

    private static void sleep(Duration d, CancellationToken token) {
        long end = System.nanoTime() + d.toNanos();
        while (true) {
            token.throwIfCancelled();
            long left = end - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                Thread.sleep(Duration.ofNanos(Math.min(left, 50_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException("interrupted");
            }
        }
    }

}
