package io.rangefinder.loader;

import io.rangefinder.core.LatencySnapshot;

/**
 * A point-in-time view of a loader.
 *
 * @param itemLatency time to fetch one item (including retries)
 * @param batchLatency time from a batch's first fetch to its hand-off into the queue
 * @param consumerWaitSeconds total time the consumer spent blocked waiting for a batch (starved)
 */
public record LoaderStats(
        long items,
        long bytes,
        long batches,
        double seconds,
        double itemsPerSec,
        double mbPerSec,
        double windowItemsPerSec,
        double windowMbPerSec,
        int inFlight,
        int concurrency,
        int queueDepth,
        int queueCapacity,
        long retries,
        LatencySnapshot itemLatency,
        LatencySnapshot batchLatency,
        double consumerWaitSeconds) {
}
