package io.rangefinder.engine;

import java.time.Duration;

/**
 * How a {@link RangeEngine} splits and fetches an object.
 *
 * @param chunkSize bytes per range request
 * @param maxConcurrentRanges range requests in flight at once (retunable per download)
 * @param minSplitSize objects smaller than this are fetched with one request
 * @param rangeTimeout one attempt at one range may take this long before it is aborted and retried
 * @param retries extra attempts per range after a transient failure or a timeout
 * @param retryBackoff the first pause before a retry; it doubles with each further attempt
 * @param bufferSize bytes read from the store per copy into the sink
 * @param verify check the bytes against the checksum the store gives (MD5, CRC32C) before commit
 */
public record RangeEngineConfig(
        long chunkSize,
        int maxConcurrentRanges,
        long minSplitSize,
        Duration rangeTimeout,
        int retries,
        Duration retryBackoff,
        int bufferSize,
        boolean verify) {

    public static final long DEFAULT_CHUNK = 64L << 20;
    public static final int DEFAULT_CONCURRENCY = 32;
    public static final long DEFAULT_MIN_SPLIT = 32L << 20;

    public RangeEngineConfig {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be positive, was " + chunkSize);
        }
        if (maxConcurrentRanges < 1) {
            throw new IllegalArgumentException("max concurrent ranges must be at least 1, was " + maxConcurrentRanges);
        }
        if (minSplitSize < 0) {
            throw new IllegalArgumentException("min split size must not be negative, was " + minSplitSize);
        }
        if (rangeTimeout == null || rangeTimeout.isNegative() || rangeTimeout.isZero()) {
            throw new IllegalArgumentException("range timeout must be positive, was " + rangeTimeout);
        }
        if (retries < 0) {
            throw new IllegalArgumentException("retries must not be negative, was " + retries);
        }
        if (retryBackoff == null || retryBackoff.isNegative()) {
            throw new IllegalArgumentException("retry backoff must not be negative, was " + retryBackoff);
        }
        if (bufferSize < 4096) {
            throw new IllegalArgumentException("buffer size must be at least 4096, was " + bufferSize);
        }
    }

    /** s3dlio's defaults: 64 MiB ranges, 32 in flight, split from 32 MiB, 30 s per range, 3 retries. */
    public static RangeEngineConfig defaults() {
        return new RangeEngineConfig(DEFAULT_CHUNK, DEFAULT_CONCURRENCY, DEFAULT_MIN_SPLIT,
                Duration.ofSeconds(30), 3, Duration.ofMillis(100), 1 << 20, true);
    }

    public RangeEngineConfig withChunkSize(long v) {
        return new RangeEngineConfig(v, maxConcurrentRanges, minSplitSize, rangeTimeout, retries, retryBackoff, bufferSize, verify);
    }

    public RangeEngineConfig withMaxConcurrentRanges(int v) {
        return new RangeEngineConfig(chunkSize, v, minSplitSize, rangeTimeout, retries, retryBackoff, bufferSize, verify);
    }

    public RangeEngineConfig withMinSplitSize(long v) {
        return new RangeEngineConfig(chunkSize, maxConcurrentRanges, v, rangeTimeout, retries, retryBackoff, bufferSize, verify);
    }

    public RangeEngineConfig withRangeTimeout(Duration v) {
        return new RangeEngineConfig(chunkSize, maxConcurrentRanges, minSplitSize, v, retries, retryBackoff, bufferSize, verify);
    }

    public RangeEngineConfig withRetries(int v) {
        return new RangeEngineConfig(chunkSize, maxConcurrentRanges, minSplitSize, rangeTimeout, v, retryBackoff, bufferSize, verify);
    }

    public RangeEngineConfig withRetryBackoff(Duration v) {
        return new RangeEngineConfig(chunkSize, maxConcurrentRanges, minSplitSize, rangeTimeout, retries, v, bufferSize, verify);
    }

    public RangeEngineConfig withBufferSize(int v) {
        return new RangeEngineConfig(chunkSize, maxConcurrentRanges, minSplitSize, rangeTimeout, retries, retryBackoff, v, verify);
    }

    public RangeEngineConfig withVerify(boolean v) {
        return new RangeEngineConfig(chunkSize, maxConcurrentRanges, minSplitSize, rangeTimeout, retries, retryBackoff, bufferSize, v);
    }
}
