package io.rangefinder.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * One benchmark run as saved, exported and compared: settings, summary and a time series.
 * The same JSON comes from the CLI's {@code --json} and from the GUI, so runs are mergeable.
 * Nothing secret goes in here: URIs carry no query strings and settings no credentials.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BenchResult(
        String kind,
        String uri,
        String startedAt,
        String version,
        int cores,
        long bytes,
        long objects,
        double seconds,
        double mbPerSec,
        double opsPerSec,
        int concurrency,
        Latency latencyMs,
        long retries,
        long errors,
        String status,
        Map<String, Object> settings,
        List<Repeat> repeats,
        List<Sample> series) {

    /** Latency percentiles in milliseconds: per range for range runs, per item for loader runs. */
    public record Latency(double p50, double p90, double p99, double p999, double max) {
    }

    /** One repeat of a range benchmark. */
    public record Repeat(long bytes, double seconds, double mbPerSec, int ranges, int retries, double ttfbMs) {
    }

    /**
     * One sample of the live view, taken a few times a second.
     *
     * @param t seconds since the run started
     */
    public record Sample(double t, double mbPerSec, double opsPerSec, int inFlight, int limit, int queueDepth,
                         int queueCapacity, double p50Ms, double p99Ms) {
    }
}
