package io.rangefinder.engine;

import io.rangefinder.core.LatencySnapshot;

/**
 * The outcome of one download.
 *
 * @param bytes bytes delivered to the sink
 * @param seconds wall time from start to commit
 * @param ranges range requests that completed (1 for an unsplit object)
 * @param retries attempts repeated after a transient failure or a timeout
 * @param concurrency the concurrency limit at the end of the run
 * @param rangeLatency per-range wall time, including retries
 * @param ttfbMs time from start until the first byte arrived
 * @param integrity whether the bytes were checked against the store's checksum
 */
public record DownloadStats(
        long bytes,
        double seconds,
        int ranges,
        int retries,
        int concurrency,
        LatencySnapshot rangeLatency,
        double ttfbMs,
        Integrity integrity) {

    /** Megabytes (10^6 bytes) per second. */
    public double mbPerSec() {
        return seconds > 0 ? bytes / 1e6 / seconds : 0;
    }
}
