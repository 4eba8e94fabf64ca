package io.rangefinder.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rangefinder.core.CancellationToken;
import io.rangefinder.engine.RangeEngine;
import io.rangefinder.engine.ShapedStore;
import io.rangefinder.loader.AsyncPoolDataLoader;
import io.rangefinder.loader.Batch;
import io.rangefinder.loader.DataLoader;
import io.rangefinder.loader.Dataset;
import io.rangefinder.loader.ItemReader;
import io.rangefinder.loader.Loader;
import io.rangefinder.loader.LoaderOptions;
import io.rangefinder.loader.Sample;
import io.rangefinder.loader.StallingStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.StorageException;
import io.rangefinder.storage.file.FileStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader's ranged reader (issue 14): each item as several range GETs in flight through the
 * range engine, assembled in order. Bytes must equal a whole-object read, and no item may have
 * more parts in flight than asked for.
 */
class RangedItemReaderTest {

    private static final int PART = 64 * 1024;
    private static final int PARTS = 3;
    /** Around the edges: empty, under one part, exactly one, one byte over, many parts with a short last one. */
    private static final int[] SIZES = {0, 1, 4096, PART, PART + 1, 700_001, (1 << 20) + 3};

    @TempDir
    Path root;
    FileStore files;
    Dataset dataset;

    @BeforeEach
    void setUp() throws IOException {
        Path dir = Files.createDirectories(root.resolve("bucket/big"));
        for (int i = 0; i < SIZES.length; i++) {
            Files.write(dir.resolve(String.format(Locale.ROOT, "obj-%02d", i)), SyntheticData.bytes(SIZES[i], 31 + i));
        }
        files = new FileStore(root);
        dataset = Dataset.fromPrefix(files, new ObjectUri(ObjectUri.Scheme.FILE, null, "bucket", "big/"));
    }

    private static LoaderOptions opts() {
        return LoaderOptions.defaults().withBatchSize(2).withConcurrency(1).withPrefetch(2);
    }

    private static RangedItemReader ranged(LoaderOptions o) {
        return new RangedItemReader(PART, PARTS, o.retries(), o.itemTimeout());
    }

    private static Map<String, byte[]> read(Loader loader) {
        Map<String, byte[]> got = new LinkedHashMap<>();
        try (loader) {
            while (loader.hasNext()) {
                for (Sample s : loader.next().samples()) {
                    got.put(s.item().key(), s.data());
                }
            }
        }
        return got;
    }

    @Test
    void rangedReadsGiveTheSameBytesAsWholeReadsWithAtMostThePartsInFlight() {
        Map<String, byte[]> whole = read(new DataLoader(dataset, opts(), ItemReader.whole(), CancellationToken.create()));
        assertThat(whole).hasSize(SIZES.length);

        ShapedStore shaped = new ShapedStore(files);
        shaped.bytesPerSecondPerStream = 16_000_000; // ~4 ms a part: parts of one item overlap
        Map<String, byte[]> parts = read(new DataLoader(new Dataset(shaped, dataset.items()), opts(), ranged(opts()),
                CancellationToken.create()));
        assertThat(parts.keySet()).containsExactlyElementsOf(whole.keySet());
        whole.forEach((key, bytes) -> assertThat(parts.get(key)).as(key).isEqualTo(bytes));

        long expectedRequests = 0;
        for (int size : SIZES) {
            expectedRequests += (size + PART - 1) / PART; // one GET per part; nothing for an empty object
        }
        assertThat(shaped.requests.get()).as("range GETs").isEqualTo((int) expectedRequests);
        // One item at a time (concurrency 1): what is open at once is that item's parts.
        assertThat(shaped.maxOpen.get()).as("parts in flight").isBetween(2, PARTS);
        assertThat(shaped.open.get()).isZero();
    }

    @Test
    void theAsyncPoolReadsRangedItemsIntact() {
        Map<String, byte[]> whole = read(new DataLoader(dataset, opts(), CancellationToken.create()));
        LoaderOptions o = opts().withConcurrency(4).withEpochs(2);
        List<Batch> batches = new ArrayList<>();
        try (Loader l = new AsyncPoolDataLoader(dataset, o, ranged(o), CancellationToken.create())) {
            l.forEachRemaining(batches::add);
        }
        List<Sample> all = batches.stream().flatMap(b -> b.samples().stream()).toList();
        assertThat(all).hasSize(2 * SIZES.length);
        all.forEach(s -> assertThat(s.data()).as(s.item().key()).isEqualTo(whole.get(s.item().key())));
    }

    @Test
    void aStalledPartEndsTheRunAtTheItemDeadlineAndEveryBlockedPartIsInterrupted() {
        String stuck = dataset.items().get(6).key(); // 1 MiB + 3: 17 parts, 3 at a time
        StallingStore store = new StallingStore(files, stuck);
        int loaderWorkers = Loader.activeWorkers();
        int rangeWorkers = RangeEngine.activeWorkers();
        LoaderOptions o = opts().withItemTimeout(Duration.ofSeconds(1)).withRetries(0);
        Loader loader = new AsyncPoolDataLoader(new Dataset(store, dataset.items()), o, ranged(o), CancellationToken.create());
        CompletableFuture<Map<String, byte[]>> run = CompletableFuture.supplyAsync(() -> read(loader));
        try {
            await().atMost(30, TimeUnit.SECONDS).until(run::isDone);
            Throwable failure = run.handle((ok, t) -> t == null ? null : t.getCause()).join();
            assertThat(failure).isInstanceOf(StorageException.TransientIo.class)
                    .hasMessageContaining(stuck).hasMessageContaining("1000 ms");
            await().atMost(5, TimeUnit.SECONDS).until(() -> store.blockedNow.get() == 0
                    && Loader.activeWorkers() <= loaderWorkers && RangeEngine.activeWorkers() <= rangeWorkers);
            assertThat(store.stalled.get()).isBetween(1, PARTS);
            assertThat(store.interrupted.get()).isEqualTo(store.stalled.get());
        } finally {
            loader.close();
            store.release();
        }
    }
}
