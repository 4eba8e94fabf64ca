package io.rangefinder.loader;

import java.time.Duration;

/**
 * How a loader reads a dataset. The batching follows PyTorch's {@code DataLoader}: batches never
 * span an epoch, so each epoch's last batch may be short; {@code dropLast} drops it; {@code shuffle}
 * draws a new order every epoch.
 *
 * @param batchSize samples per batch
 * @param dropLast drop each epoch's final batch when it is smaller than {@code batchSize} (and, in
 *     the async pool, never emit a short batch for stragglers either)
 * @param concurrency fetches in flight at once (the async loader's pool size); retunable while running
 * @param prefetch batches queued ahead of the consumer (channel capacity); retunable while running
 * @param batchTimeout the async loader emits a partial batch when no sample arrives for this long
 *     (unless {@code dropLast})
 * @param retries extra attempts per item after a transient failure or a missed {@code itemTimeout}
 * @param epochs passes over the dataset
 * @param shuffle read each epoch in a new order: epoch {@code e} uses the permutation
 *     {@code dataset.shuffled(seed + e)}, as PyTorch's DistributedSampler seeds with seed + epoch
 * @param seed the shuffle's seed; the same seed gives the same orders on every run
 * @param itemTimeout one attempt at one item may take this long; then it is aborted (its reader
 *     interrupted, its streams closed) and retried, or the run fails naming the item
 */
public record LoaderOptions(int batchSize, boolean dropLast, int concurrency, int prefetch, Duration batchTimeout,
                            int retries, int epochs, boolean shuffle, long seed, Duration itemTimeout) {

    public static final long DEFAULT_SEED = 42;
    public static final Duration DEFAULT_ITEM_TIMEOUT = Duration.ofSeconds(120);

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
        if (itemTimeout == null || itemTimeout.isNegative() || itemTimeout.isZero()) {
            throw new IllegalArgumentException("item timeout must be positive, was " + itemTimeout);
        }
    }

    /**
     * s3dlio's defaults: batch 32, pool 64, 4 batches of readahead, 30 s batch timeout; no shuffle
     * (seed 42), and 120 s per item attempt.
     */
    public static LoaderOptions defaults() {
        return new LoaderOptions(32, false, 64, 4, Duration.ofSeconds(30), 3, 1, false, DEFAULT_SEED,
                DEFAULT_ITEM_TIMEOUT);
    }

    public LoaderOptions withBatchSize(int v) {
        return new LoaderOptions(v, dropLast, concurrency, prefetch, batchTimeout, retries, epochs, shuffle, seed, itemTimeout);
    }

    public LoaderOptions withDropLast(boolean v) {
        return new LoaderOptions(batchSize, v, concurrency, prefetch, batchTimeout, retries, epochs, shuffle, seed, itemTimeout);
    }

    public LoaderOptions withConcurrency(int v) {
        return new LoaderOptions(batchSize, dropLast, v, prefetch, batchTimeout, retries, epochs, shuffle, seed, itemTimeout);
    }

    public LoaderOptions withPrefetch(int v) {
        return new LoaderOptions(batchSize, dropLast, concurrency, v, batchTimeout, retries, epochs, shuffle, seed, itemTimeout);
    }

    public LoaderOptions withBatchTimeout(Duration v) {
        return new LoaderOptions(batchSize, dropLast, concurrency, prefetch, v, retries, epochs, shuffle, seed, itemTimeout);
    }

    public LoaderOptions withRetries(int v) {
        return new LoaderOptions(batchSize, dropLast, concurrency, prefetch, batchTimeout, v, epochs, shuffle, seed, itemTimeout);
    }

    public LoaderOptions withEpochs(int v) {
        return new LoaderOptions(batchSize, dropLast, concurrency, prefetch, batchTimeout, retries, v, shuffle, seed, itemTimeout);
    }

    public LoaderOptions withShuffle(boolean v) {
        return new LoaderOptions(batchSize, dropLast, concurrency, prefetch, batchTimeout, retries, epochs, v, seed, itemTimeout);
    }

    public LoaderOptions withSeed(long v) {
        return new LoaderOptions(batchSize, dropLast, concurrency, prefetch, batchTimeout, retries, epochs, shuffle, v, itemTimeout);
    }

    public LoaderOptions withItemTimeout(Duration v) {
        return new LoaderOptions(batchSize, dropLast, concurrency, prefetch, batchTimeout, retries, epochs, shuffle, seed, v);
    }
}
