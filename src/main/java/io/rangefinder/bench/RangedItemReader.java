package io.rangefinder.bench;

import io.rangefinder.core.CancellationToken;
import io.rangefinder.engine.MemorySink;
import io.rangefinder.engine.RangeEngine;
import io.rangefinder.engine.RangeEngineConfig;
import io.rangefinder.loader.Dataset;
import io.rangefinder.loader.ItemReader;
import io.rangefinder.loader.LoaderOptions;
import io.rangefinder.storage.ObjectStore;
import java.time.Duration;

/**
 * Reads each item as several range GETs in flight, assembled in order into one array, as s3dlio's
 * loader does for large samples: the {@link RangeEngine} with a {@link MemorySink}, so ranges,
 * retries that resume where a range broke off, per-range timeouts and cancellation are the
 * engine's. An item no larger than one part is one plain GET. The loader's item deadline still
 * bounds the whole item: when it passes the engine's download is cancelled, which closes the open
 * ranges and interrupts a request that has not answered.
 *
 * <p>It lives in the bench layer because the loader and the engine are peers: the loader only
 * knows {@link ItemReader}.
 */
public final class RangedItemReader implements ItemReader {

    private static final int MAX_BUFFER = 256 * 1024;

    private final RangeEngine engine;

    /**
     * @param partSize bytes per range GET
     * @param partsInFlight range GETs of one item in flight at once
     * @param retries extra attempts per part after a transient failure or a part timeout
     * @param partTimeout one attempt at one part may take this long
     */
    public RangedItemReader(long partSize, int partsInFlight, int retries, Duration partTimeout) {
        if (partSize < 1) {
            throw new IllegalArgumentException("ranged part size must be positive, was " + partSize);
        }
        if (partsInFlight < 1) {
            throw new IllegalArgumentException("ranged parts in flight must be at least 1, was " + partsInFlight);
        }
        this.engine = new RangeEngine(RangeEngineConfig.defaults()
                .withChunkSize(partSize)
                .withMaxConcurrentRanges(partsInFlight)
                .withMinSplitSize(0) // split whatever is larger than one part
                .withRetries(retries)
                .withRangeTimeout(partTimeout)
                // A copy buffer per part in flight, per item: no bigger than a part needs.
                .withBufferSize((int) Math.clamp(partSize, 4096, MAX_BUFFER))
                // A whole-object read is not checked either; both modes do the same work per byte.
                .withVerify(false));
    }

    /** A ranged reader whose per-part retries and timeout follow the loader's per-item ones. */
    public static RangedItemReader forLoader(long partSize, int partsInFlight, LoaderOptions options) {
        return new RangedItemReader(partSize, partsInFlight, options.retries(), options.itemTimeout());
    }

    public long partSize() {
        return engine.config().chunkSize();
    }

    public int partsInFlight() {
        return engine.config().maxConcurrentRanges();
    }

    @Override
    public byte[] read(ObjectStore store, Dataset.Item item, CancellationToken attempt) {
        MemorySink sink = new MemorySink();
        // A listed size saves the stat; an item from a URI list (-1) is stat'ed by the engine.
        engine.start(store, item.container(), item.key(), item.size(), sink, attempt).await();
        return sink.bytes();
    }

    @Override
    public String toString() {
        return "ranged reads of " + partSize() + " bytes, " + partsInFlight() + " in flight";
    }
}
