package io.rangefinder.app.lab;

import io.rangefinder.bench.BenchResult;

import java.util.Map;

/**
 * What one tick of the live view shows, read from engine snapshots.
 *
 * @param t seconds since the run started (the run's own clock, as in saved samples and marks)
 * @param mbPerSec current throughput (the meter's recent window)
 * @param opsPerSec ranges or items completed per second since the last tick
 * @param consumerWait loaders: share of the last tick the consumer spent waiting for a batch (0..1)
 * @param avgMbPerSec bytes so far over the time spent transferring
 * @param ops mixed runs: each operation's rate and p99 over the last interval; {@code null} otherwise
 */
public record LiveSample(double t, double mbPerSec, double opsPerSec, int inFlight, int limit, int queueDepth,
                         int queueCapacity, double p50Ms, double p99Ms, double consumerWait, long bytes,
                         double avgMbPerSec, double avgOpsPerSec, long retries, Map<String, BenchResult.OpSample> ops) {

    /** A tick of a run with one kind of request. */
    public LiveSample(double t, double mbPerSec, double opsPerSec, int inFlight, int limit, int queueDepth,
                      int queueCapacity, double p50Ms, double p99Ms, double consumerWait, long bytes,
                      double avgMbPerSec, double avgOpsPerSec, long retries) {
        this(t, mbPerSec, opsPerSec, inFlight, limit, queueDepth, queueCapacity, p50Ms, p99Ms, consumerWait, bytes,
                avgMbPerSec, avgOpsPerSec, retries, null);
    }
}
