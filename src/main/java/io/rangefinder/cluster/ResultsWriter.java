package io.rangefinder.cluster;

import io.rangefinder.bench.BenchResult;
import io.rangefinder.bench.LiveBench;
import io.rangefinder.bench.RunStore;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.PutOptions;
import io.rangefinder.storage.StorageException;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where one worker of a cluster run leaves its results: {@code RESULTS/rank-00003.json} at the end
 * (the run's normal result, with who the worker was in its settings) and, while it runs,
 * {@code RESULTS/live/rank-00003.json} overwritten every second (status {@code running}). The
 * live file is what a desktop follows and what is left of a worker that dies.
 *
 * <p>Writes go to any store; a failed live write is skipped (the next second tries again) and
 * never stops the benchmark; a failed final write is the caller's error.
 */
public final class ResultsWriter implements AutoCloseable {

    /** How often the live snapshot is rewritten. */
    public static final Duration LIVE_PERIOD = Duration.ofSeconds(1);

    private final ObjectStore store;
    private final ObjectUri results;
    private final int rank;
    private final Map<String, Object> identity;
    private final AtomicReference<String> lastLiveError = new AtomicReference<>();
    private volatile Thread live;
    private volatile boolean stopped;

    /** @param identity what the settings of every file this worker writes say about it (rank, world, launcher, host) */
    public ResultsWriter(ObjectStore store, ObjectUri results, int rank, Map<String, Object> identity) {
        if (results.container().isEmpty()) {
            throw new IllegalArgumentException("'" + results + "' has no bucket or container for the results; use e.g. s3://bucket/results/run-1/");
        }
        this.store = store;
        this.results = results;
        this.rank = rank;
        this.identity = Map.copyOf(identity);
    }

    /** The folder (key prefix, ending in '/') the results go under. */
    public static String folder(ObjectUri results) {
        String k = results.key();
        return k.isEmpty() || k.endsWith("/") ? k : k + "/";
    }

    public static String finalKey(ObjectUri results, int rank) {
        return folder(results) + String.format(Locale.ROOT, "rank-%05d.json", rank);
    }

    public static String liveKey(ObjectUri results, int rank) {
        return folder(results) + String.format(Locale.ROOT, "live/rank-%05d.json", rank);
    }

    /** Starts rewriting the live snapshot of {@code bench} every {@link #LIVE_PERIOD} until {@link #writeFinal} or {@link #close}. */
    public void follow(LiveBench bench) {
        live = Thread.ofVirtual().name("rf-results-live").start(() -> {
            while (!stopped) {
                try {
                    Thread.sleep(LIVE_PERIOD);
                } catch (InterruptedException e) {
                    return;
                }
                BenchResult r = bench.snapshot();
                if (r != null && !stopped) {
                    try {
                        write(liveKey(results, rank), withIdentity(r));
                    } catch (StorageException e) {
                        lastLiveError.set(e.getMessage());
                    }
                }
            }
        });
    }

    /** Stops the live snapshots and writes the final result (with this worker's identity in its settings). */
    public BenchResult writeFinal(BenchResult r) {
        stopLive();
        BenchResult out = withIdentity(r);
        write(finalKey(results, rank), out);
        return out;
    }

    /** The last live write that failed, if any (for a warning line), else {@code null}. */
    public String lastLiveError() {
        return lastLiveError.get();
    }

    private void stopLive() {
        stopped = true;
        Thread t = live;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    BenchResult withIdentity(BenchResult r) {
        Map<String, Object> settings = new LinkedHashMap<>();
        if (r.settings() != null) {
            settings.putAll(r.settings());
        }
        settings.putAll(identity);
        BenchResult out = new BenchResult(r.kind(), r.uri(), r.startedAt(), r.version(), r.cores(), r.bytes(), r.objects(),
                r.seconds(), r.mbPerSec(), r.opsPerSec(), r.concurrency(), r.latencyMs(), r.retries(), r.errors(),
                r.status(), settings, r.repeats(), r.series(), r.marks());
        return (r.operations() == null ? out : out.withOperations(r.operations())).withWorkers(r.workers());
    }

    private void write(String key, BenchResult r) {
        byte[] json = RunStore.toJson(r).getBytes(StandardCharsets.UTF_8);
        store.put(results.container(), key, new ByteArrayInputStream(json), json.length,
                PutOptions.contentType("application/json"));
    }

    @Override
    public void close() {
        stopLive();
    }
}
