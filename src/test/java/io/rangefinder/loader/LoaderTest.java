package io.rangefinder.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.rangefinder.bench.SyntheticData;
import io.rangefinder.core.CancellationToken;
import io.rangefinder.core.CancelledException;
import io.rangefinder.engine.ShapedStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.StorageException;
import io.rangefinder.storage.file.FileStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoaderTest {

    private static final int COUNT = 500;
    private static final int SIZE = 1000;

    @TempDir
    Path root;
    FileStore files;
    Dataset dataset;

    @BeforeEach
    void setUp() throws IOException {
        Path dir = Files.createDirectories(root.resolve("bucket/train"));
        Files.createDirectories(root.resolve("bucket/train/sub"));
        for (int i = 0; i < COUNT; i++) {
            // Sizes differ per item so a mixed-up sample would show.
            Path target = (i % 10 == 0 ? dir.resolve("sub") : dir).resolve(String.format(Locale.ROOT, "item-%04d", i));
            Files.write(target, SyntheticData.bytes(SIZE + i, i));
        }
        files = new FileStore(root);
        dataset = Dataset.fromPrefix(files, new ObjectUri(ObjectUri.Scheme.FILE, null, "bucket", "train/"));
    }

    private static LoaderOptions opts() {
        return LoaderOptions.defaults().withBatchSize(32).withConcurrency(8).withPrefetch(2);
    }

    private static List<Sample> drain(Loader loader) {
        List<Sample> all = new ArrayList<>();
        try (loader) {
            while (loader.hasNext()) {
                all.addAll(loader.next().samples());
            }
        }
        return all;
    }

    private static void assertContent(Sample s) {
        int i = Integer.parseInt(s.item().key().substring(s.item().key().lastIndexOf('-') + 1));
        assertThat(s.data()).isEqualTo(SyntheticData.bytes(SIZE + i, i));
    }

    @Test
    void datasetListsRecursivelyShufflesDeterministicallyAndShardsDisjointly() {
        assertThat(dataset.size()).isEqualTo(COUNT);
        assertThat(dataset.knownBytes()).isEqualTo((long) COUNT * SIZE + (long) COUNT * (COUNT - 1) / 2);
        Dataset a = dataset.shuffled(7);
        Dataset b = dataset.shuffled(7);
        assertThat(a.items()).isEqualTo(b.items()).isNotEqualTo(dataset.items())
                .containsExactlyInAnyOrderElementsOf(dataset.items());
        assertThat(dataset.shuffled(8).items()).isNotEqualTo(a.items());
        Set<Dataset.Item> seen = new HashSet<>();
        for (int rank = 0; rank < 3; rank++) {
            Dataset shard = a.shard(rank, 3);
            assertThat(shard.size()).isBetween(COUNT / 3, COUNT / 3 + 1);
            for (Dataset.Item item : shard.items()) {
                assertThat(seen.add(item)).as("item in two shards: %s", item).isTrue();
            }
        }
        assertThat(seen).hasSize(COUNT);
        assertThatThrownBy(() -> a.shard(3, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void orderedLoaderKeepsDatasetOrderInFullBatches() {
        Dataset shuffled = dataset.shuffled(3);
        List<Batch> batches = new ArrayList<>();
        try (DataLoader loader = new DataLoader(shuffled, opts(), CancellationToken.create())) {
            loader.forEachRemaining(batches::add);
        }
        assertThat(batches).hasSize((COUNT + 31) / 32);
        assertThat(batches.subList(0, batches.size() - 1)).allSatisfy(b -> assertThat(b.size()).isEqualTo(32));
        assertThat(batches.getLast().size()).isEqualTo(COUNT % 32);
        List<Dataset.Item> order = batches.stream().flatMap(b -> b.samples().stream()).map(Sample::item).toList();
        assertThat(order).isEqualTo(shuffled.items());
        batches.stream().flatMap(b -> b.samples().stream()).forEach(LoaderTest::assertContent);
        assertThat(batches).extracting(Batch::index).containsExactlyElementsOf(
                java.util.stream.LongStream.range(0, batches.size()).boxed().toList());
    }

    @Test
    void dropLastDropsTheShortBatch() {
        List<Sample> all = drain(new DataLoader(dataset, opts().withDropLast(true), CancellationToken.create()));
        assertThat(all).hasSize(COUNT / 32 * 32);
        List<Sample> pool = drain(new AsyncPoolDataLoader(dataset, opts().withDropLast(true), CancellationToken.create()));
        assertThat(pool).hasSize(COUNT / 32 * 32);
    }

    @Test
    void asyncPoolDeliversEveryItemExactlyOnceOverEpochs() {
        try (AsyncPoolDataLoader loader = new AsyncPoolDataLoader(dataset, opts().withEpochs(2), CancellationToken.create())) {
            List<Sample> all = drain(loader);
            assertThat(all).hasSize(2 * COUNT);
            assertThat(all.stream().map(Sample::item).distinct().count()).isEqualTo(COUNT);
            all.forEach(LoaderTest::assertContent);
            LoaderStats s = loader.stats();
            assertThat(s.items()).isEqualTo(2L * COUNT);
            assertThat(s.bytes()).isEqualTo(2 * dataset.knownBytes());
            assertThat(s.itemLatency().count()).isEqualTo(2L * COUNT);
        }
    }

    @Test
    void poolSizeAndPrefetchRetuneWhileRunning() {
        ShapedStore slow = new ShapedStore(files);
        slow.bytesPerSecondPerStream = 2_000; // each item takes about half a second
        Dataset ds = new Dataset(slow, dataset.items());
        try (AsyncPoolDataLoader loader = new AsyncPoolDataLoader(ds, opts().withConcurrency(2).withBatchSize(4),
                CancellationToken.create())) {
            loader.start();
            await().atMost(1, TimeUnit.SECONDS).until(() -> loader.stats().inFlight() == 2);
            assertThat(slow.open.get()).isLessThanOrEqualTo(2);
            loader.setConcurrency(16);
            await().atMost(1, TimeUnit.SECONDS).until(() -> loader.stats().inFlight() == 16 && slow.open.get() == 16);
            loader.setPrefetch(7);
            assertThat(loader.stats().queueCapacity()).isEqualTo(7);
            assertThat(loader.channel().capacity()).isEqualTo(7);
        }
    }

    @Test
    void aConsumerThatStopsTakingStopsTheFetches() {
        try (AsyncPoolDataLoader loader = new AsyncPoolDataLoader(dataset, opts(), CancellationToken.create())) {
            loader.start();
            await().atMost(2, TimeUnit.SECONDS).until(() -> loader.stats().queueDepth() == 2);
            long fetched = loader.stats().items();
            // Backpressure: no more than the queue, one forming batch and the pool's pending samples.
            await().during(300, TimeUnit.MILLISECONDS).atMost(1, TimeUnit.SECONDS)
                    .until(() -> loader.stats().items() == fetched);
            assertThat(fetched).isLessThanOrEqualTo(2 * 32 + 32 + 8);
            assertThat(loader.next().size()).isEqualTo(32);
        }
    }

    @Test
    void closeWhileRunningStopsEveryWorkerQuickly() {
        ShapedStore slow = new ShapedStore(files);
        slow.bytesPerSecondPerStream = 1_000;
        Dataset ds = new Dataset(slow, dataset.items());
        int before = Loader.activeWorkers();
        AsyncPoolDataLoader loader = new AsyncPoolDataLoader(ds, opts().withConcurrency(16), CancellationToken.create());
        loader.start();
        await().atMost(1, TimeUnit.SECONDS).until(() -> slow.open.get() == 16);
        long t0 = System.nanoTime();
        loader.close();
        await().atMost(500, TimeUnit.MILLISECONDS).until(() -> Loader.activeWorkers() <= before && slow.open.get() == 0);
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(500);
        assertThatThrownBy(loader::next).isInstanceOf(CancelledException.class);
    }

    @Test
    void cancellingTheParentTokenStopsTheOrderedLoader() {
        ShapedStore slow = new ShapedStore(files);
        slow.bytesPerSecondPerStream = 1_000;
        CancellationToken token = CancellationToken.create();
        int before = Loader.activeWorkers();
        DataLoader loader = new DataLoader(new Dataset(slow, dataset.items()), opts(), token);
        loader.start();
        await().atMost(1, TimeUnit.SECONDS).until(() -> slow.open.get() == 8);
        token.cancel("stop");
        assertThatThrownBy(loader::hasNext).isInstanceOf(CancelledException.class);
        await().atMost(500, TimeUnit.MILLISECONDS).until(() -> Loader.activeWorkers() <= before && slow.open.get() == 0);
    }

    @Test
    void aMissingObjectFailsTheRunWithTheStoreError() throws IOException {
        Files.delete(root.resolve("bucket/train/item-0005"));
        for (Loader loader : List.of(new DataLoader(dataset, opts(), CancellationToken.create()),
                new AsyncPoolDataLoader(dataset, opts(), CancellationToken.create()))) {
            assertThatThrownBy(() -> drain(loader)).isInstanceOf(StorageException.NotFound.class)
                    .hasMessageContaining("item-0005");
        }
    }

    @Test
    void stragglersDoNotHoldBackAPartialBatchForever() {
        ShapedStore store = new ShapedStore(files);
        store.failAfterBytes = 10;
        store.stallRequest = n -> n == 3; // one item never finishes
        Dataset ds = new Dataset(store, dataset.items().subList(0, 8));
        try (AsyncPoolDataLoader loader = new AsyncPoolDataLoader(ds,
                opts().withBatchSize(8).withBatchTimeout(Duration.ofMillis(200)), CancellationToken.create())) {
            Batch first = loader.next();
            assertThat(first.size()).isEqualTo(7);
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(30) // a loader that waited for the whole listing would hang here
    void aListingDatasetFeedsTheLoaderBeforeTheListingEnds() throws Exception {
        io.rangefinder.engine.ShapedStore shaped = new io.rangefinder.engine.ShapedStore(files);
        java.util.concurrent.CountDownLatch firstBatchSeen = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger pagesHeld = new java.util.concurrent.atomic.AtomicInteger();
        // Every page after the first waits until the consumer has its first batch: a loader that
        // waited for the whole listing would never get one, and the test would time out.
        shaped.beforeListPage = () -> {
            pagesHeld.incrementAndGet();
            try {
                firstBatchSeen.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        ObjectUri prefix = new ObjectUri(ObjectUri.Scheme.FILE, null, "bucket", "train/");
        for (boolean ordered : new boolean[] {true, false}) {
            Dataset listing = Dataset.listingOf(shaped, prefix, 50);
            List<Sample> all = new ArrayList<>();
            try (Loader loader = ordered ? new DataLoader(listing, opts(), CancellationToken.create())
                    : new AsyncPoolDataLoader(listing, opts(), CancellationToken.create())) {
                while (loader.hasNext()) {
                    all.addAll(loader.next().samples());
                    firstBatchSeen.countDown();
                }
            }
            assertThat(all).hasSize(COUNT);
            assertThat(all.stream().map(Sample::item).distinct().count()).isEqualTo(COUNT);
            all.forEach(LoaderTest::assertContent);
            if (ordered) {
                assertThat(all.stream().map(Sample::item).toList()).isEqualTo(dataset.items());
            }
            assertThat(listing.items()).isEqualTo(dataset.items());
        }
        assertThat(pagesHeld.get()).isGreaterThanOrEqualTo(2 * (COUNT / 50 - 1));
    }

    @Test
    void aListingThatFailsFailsTheLoaderWithTheStoresError() {
        io.rangefinder.engine.ShapedStore shaped = new io.rangefinder.engine.ShapedStore(files);
        shaped.beforeListPage = () -> {
            throw new StorageException.AccessDenied("listing page refused");
        };
        Dataset listing = Dataset.listingOf(shaped, new ObjectUri(ObjectUri.Scheme.FILE, null, "bucket", "train/"), 50);
        assertThat(listing.isEmpty()).isFalse();
        assertThatThrownBy(() -> drain(new AsyncPoolDataLoader(listing, opts(), CancellationToken.create())))
                .isInstanceOf(StorageException.AccessDenied.class).hasMessageContaining("listing page refused");
        assertThatThrownBy(listing::size).isInstanceOf(StorageException.AccessDenied.class);
    }
}
