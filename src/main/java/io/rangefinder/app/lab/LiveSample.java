package io.rangefinder.app.lab;

/**
 * What one tick of the live view shows, read from engine snapshots.
 *
 * @param t seconds since the run started (the run's own clock, as in saved samples and marks)
 * @param mbPerSec current throughput (the meter's recent window)
 * @param opsPerSec ranges or items completed per second since the last tick
 * @param consumerWait loaders: share of the last tick the consumer spent waiting for a batch (0..1)
 * @param avgMbPerSec bytes so far over the time spent transferring
 */
public record LiveSample(double t, double mbPerSec, double opsPerSec, int inFlight, int limit, int queueDepth,
                         int queueCapacity, double p50Ms, double p99Ms, double consumerWait, long bytes,
                         double avgMbPerSec, double avgOpsPerSec, long retries) {
}
