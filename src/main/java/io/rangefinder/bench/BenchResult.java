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
        List<Sample> series,
        List<Mark> marks,
        Integer schemaVersion,
        Map<String, Operation> operations,
        List<WorkerSeries> workers,
        Tuner.Result tuning) {

    /**
     * 2: latency kept as exact histograms per operation ({@link #operations()}); files without the
     * field (1) have percentiles only and still open.
     */
    public static final int SCHEMA_VERSION = 2;

    /** A result without per-operation histograms (schema 1), as older files hold. */
    public BenchResult(String kind, String uri, String startedAt, String version, int cores, long bytes, long objects,
                       double seconds, double mbPerSec, double opsPerSec, int concurrency, Latency latencyMs, long retries,
                       long errors, String status, Map<String, Object> settings, List<Repeat> repeats, List<Sample> series,
                       List<Mark> marks) {
        this(kind, uri, startedAt, version, cores, bytes, objects, seconds, mbPerSec, opsPerSec, concurrency, latencyMs,
                retries, errors, status, settings, repeats, series, marks, null, null);
    }

    /** A result without per-worker series: any run of one process. */
    public BenchResult(String kind, String uri, String startedAt, String version, int cores, long bytes, long objects,
                       double seconds, double mbPerSec, double opsPerSec, int concurrency, Latency latencyMs, long retries,
                       long errors, String status, Map<String, Object> settings, List<Repeat> repeats, List<Sample> series,
                       List<Mark> marks, Integer schemaVersion, Map<String, Operation> operations) {
        this(kind, uri, startedAt, version, cores, bytes, objects, seconds, mbPerSec, opsPerSec, concurrency, latencyMs,
                retries, errors, status, settings, repeats, series, marks, schemaVersion, operations, null);
    }

    /** A result without a tuning search: every run but {@code bench tune}'s and the lab's "Find best settings". */
    public BenchResult(String kind, String uri, String startedAt, String version, int cores, long bytes, long objects,
                       double seconds, double mbPerSec, double opsPerSec, int concurrency, Latency latencyMs, long retries,
                       long errors, String status, Map<String, Object> settings, List<Repeat> repeats, List<Sample> series,
                       List<Mark> marks, Integer schemaVersion, Map<String, Operation> operations, List<WorkerSeries> workers) {
        this(kind, uri, startedAt, version, cores, bytes, objects, seconds, mbPerSec, opsPerSec, concurrency, latencyMs,
                retries, errors, status, settings, repeats, series, marks, schemaVersion, operations, workers, null);
    }

    /**
     * The same run with the search a tuner made on it (its points, the pick and why): a tuning run
     * is saved, exported, opened and compared like any other.
     */
    public BenchResult withTuning(Tuner.Result t) {
        return new BenchResult(kind, uri, startedAt, version, cores, bytes, objects, seconds, mbPerSec, opsPerSec,
                concurrency, latencyMs, retries, errors, status, settings, repeats, series, marks, schemaVersion, operations,
                workers, t);
    }

    /** The same run with another status (a run a tuner ended once it had its answer is "ok", not "cancelled"). */
    public BenchResult withStatus(String newStatus) {
        return new BenchResult(kind, uri, startedAt, version, cores, bytes, objects, seconds, mbPerSec, opsPerSec,
                concurrency, latencyMs, retries, errors, newStatus, settings, repeats, series, marks, schemaVersion, operations,
                workers, tuning);
    }

    /** What schema the result follows: 1 for files written before histograms were kept. */
    public int schema() {
        return schemaVersion == null ? 1 : schemaVersion;
    }

    /** The same run with exact per-operation results (and the schema that has them). */
    public BenchResult withOperations(Map<String, Operation> ops) {
        return new BenchResult(kind, uri, startedAt, version, cores, bytes, objects, seconds, mbPerSec, opsPerSec,
                concurrency, latencyMs, retries, errors, status, settings, repeats, series, marks, SCHEMA_VERSION,
                ops == null || ops.isEmpty() ? null : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(ops)),
                workers, tuning);
    }

    /** A merged cluster run with each worker's own time series (on the merged run's clock); {@code null} leaves them out. */
    public BenchResult withWorkers(List<WorkerSeries> perWorker) {
        return new BenchResult(kind, uri, startedAt, version, cores, bytes, objects, seconds, mbPerSec, opsPerSec,
                concurrency, latencyMs, retries, errors, status, settings, repeats, series, marks, schemaVersion, operations,
                perWorker == null || perWorker.isEmpty() ? null : List.copyOf(perWorker), tuning);
    }

    /**
     * One worker of a merged cluster run, drawn as a thin line under the total.
     *
     * @param rank   the worker's rank
     * @param state  "ok", or why it did not finish ("failed: …")
     * @param series its samples, {@code t} in seconds since the merged run's start (the first worker's)
     */
    public record WorkerSeries(int rank, String state, List<Sample> series) {
    }

    /**
     * One kind of request of a run (get, put, stat, list, delete; a range run's are "get").
     *
     * @param histogram every request's latency in microseconds, {@link Histograms#encode encoded}
     */
    public record Operation(long count, long bytes, long errors, Latency latencyMs, String histogram) {
    }

    /** The same run with the given tuning marks (e.g. added by a GUI); {@code null} or empty leaves them out of the JSON. */
    public BenchResult withMarks(List<Mark> newMarks) {
        return new BenchResult(kind, uri, startedAt, version, cores, bytes, objects, seconds, mbPerSec, opsPerSec,
                concurrency, latencyMs, retries, errors, status, settings, repeats, series,
                newMarks == null || newMarks.isEmpty() ? null : List.copyOf(newMarks), schemaVersion, operations, workers,
                tuning);
    }

    /**
     * Latency percentiles in milliseconds: per range for range runs (over every range of every
     * repeat), per item for loader runs.
     */
    public record Latency(double p50, double p90, double p99, double p999, double max) {
    }

    /** One repeat of a range benchmark. */
    public record Repeat(long bytes, double seconds, double mbPerSec, int ranges, int retries, double ttfbMs) {
    }

    /**
     * One sample of the live view, taken a few times a second.
     *
     * @param t seconds since the run started
     * @param consumerWait loaders only: the share of the last interval (0..1) the consumer spent waiting for a batch
     */
    public record Sample(double t, double mbPerSec, double opsPerSec, int inFlight, int limit, int queueDepth,
                         int queueCapacity, double p50Ms, double p99Ms, double consumerWait,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, OpSample> ops) {

        /** A sample of a run with one kind of request (range, loader, put): no per-operation part. */
        public Sample(double t, double mbPerSec, double opsPerSec, int inFlight, int limit, int queueDepth,
                      int queueCapacity, double p50Ms, double p99Ms, double consumerWait) {
            this(t, mbPerSec, opsPerSec, inFlight, limit, queueDepth, queueCapacity, p50Ms, p99Ms, consumerWait, null);
        }
    }

    /**
     * One operation's share of a {@link Sample} of a mixed run: what the charts draw as one line per
     * operation.
     *
     * @param p99Ms that operation's p99 latency over the sample's interval
     */
    public record OpSample(double opsPerSec, double mbPerSec, double p99Ms) {
    }

    /**
     * A change made to a run while it went on (a slider moved), so charts can show where it happened.
     *
     * @param t seconds since the run started (same clock as {@link Sample#t()})
     * @param what the setting, e.g. {@code concurrency} or {@code prefetch}
     * @param value its new value
     */
    public record Mark(double t, String what, double value) {
    }
}
