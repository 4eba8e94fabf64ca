package io.rangefinder.loader;

import java.time.Duration;

/**
 * How a loader reads a dataset.
 *
 * @param batchSize samples per batch
 * @param dropLast drop a final batch that is smaller than {@code batchSize}
 * @param concurrency fetches in flight at once (the async loader's pool size); retunable while running
 * @param prefetch batches queued ahead of the consumer (channel capacity); retunable while running
 * @param batchTimeout the async loader emits a partial batch when no sample arrives for this long
 * @param retries extra attempts per item after a transient failure
 * @param epochs passes over the dataset
 */
public record LoaderOptions(int batchSize, boolean dropLast, int concurrency, int prefetch, Duration batchTimeout,
                            int retries, int epochs) {

    public LoaderOptions {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, was " + batchSize);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency (pool size) must be at least 1, was " + concurrency);
        }
        if (prefetch < 1) {
            throw new IllegalArgumentException("prefetch must be at least 1 batch, was " + prefetch);
        }
        if (batchTimeout == null || batchTimeout.isNegative() || batchTimeout.isZero()) {
            throw new IllegalArgumentException("batch timeout must be positive, was " + batchTimeout);
        }
        if (retries < 0) {
            throw new IllegalArgumentException("retries must not be negative, was " + retries);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, was " + epochs);
        }
    }

    /** s3dlio's defaults: batch 32, pool 64, 4 batches of readahead, 30 s batch timeout. */
    public static LoaderOptions defaults() {
        return new LoaderOptions(32, false, 64, 4, Duration.ofSeconds(30), 3, 1);
    }

    public LoaderOptions withBatchSize(int v) {
        return new LoaderOptions(v, dropLast, concurrency, prefetch, batchTimeout, retries, epochs);
    }

    public LoaderOptions withDropLast(boolean v) {
        return new LoaderOptions(batchSize, v, concurrency, prefetch, batchTimeout, retries, epochs);
    }

    public LoaderOptions withConcurrency(int v) {
        return new LoaderOptions(batchSize, dropLast, v, prefetch, batchTimeout, retries, epochs);
    }

    public LoaderOptions withPrefetch(int v) {
        return new LoaderOptions(batchSize, dropLast, concurrency, v, batchTimeout, retries, epochs);
    }

    public LoaderOptions withBatchTimeout(Duration v) {
        return new LoaderOptions(batchSize, dropLast, concurrency, prefetch, v, retries, epochs);
    }

    public LoaderOptions withRetries(int v) {
        return new LoaderOptions(batchSize, dropLast, concurrency, prefetch, batchTimeout, v, epochs);
    }

    public LoaderOptions withEpochs(int v) {
        return new LoaderOptions(batchSize, dropLast, concurrency, prefetch, batchTimeout, retries, v);
    }
}
