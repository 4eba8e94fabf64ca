package io.rangefinder.bench;

import io.rangefinder.core.BuildInfo;

import java.util.List;
import java.util.Map;

/**
 * A benchmark that can say where it is while it runs: a result in the run's own schema with
 * status {@code running}, its totals so far and its samples so far. What a worker of a cluster run
 * writes every second, so that a desktop can follow the whole cluster and a worker that dies
 * still leaves its last second behind.
 */
public interface LiveBench {

    /** The run so far; {@code null} before it has started. Safe to call from any thread. */
    BenchResult snapshot();

    /** A running result: totals so far, averages over the time so far, the samples so far. */
    static BenchResult running(String kind, String uri, String startedAt, long bytes, long ops, double seconds,
                               int concurrency, Map<String, Object> settings, List<BenchResult.Sample> series) {
        return new BenchResult(kind, uri, startedAt, BuildInfo.version(), Runtime.getRuntime().availableProcessors(),
                bytes, ops, seconds, seconds > 0 ? bytes / 1e6 / seconds : 0, seconds > 0 ? ops / seconds : 0,
                concurrency, null, 0, 0, "running", settings, null, series, null);
    }
}
