package io.rangefinder.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rangefinder.bench.SyntheticData;
import io.rangefinder.core.CancellationToken;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.StorageException;
import io.rangefinder.storage.file.FileStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14, loader semantics as PyTorch users expect them: batches stay inside their epoch,
 * drop-last drops each epoch's short batch (stragglers included), shuffle draws a new seeded order
 * every epoch, and one stalled read ends the run at its deadline instead of hanging it.
 */
class LoaderSemanticsTest {

    private static final int COUNT = 500;
    private static final int BATCH = 32;

    @TempDir
    Path root;
    FileStore files;
    Dataset dataset;

    @BeforeEach
    void setUp() throws IOException {
        Path dir = Files.createDirectories(root.resolve("bucket/train"));
        for (int i = 0; i < COUNT; i++) {
            Files.write(dir.resolve(String.format(Locale.ROOT, "item-%04d", i)), SyntheticData.bytes(100 + i, i));
        }
        files = new FileStore(root);
        dataset = Dataset.fromPrefix(files, new ObjectUri(ObjectUri.Scheme.FILE, null, "bucket", "train/"));
    }

    private static LoaderOptions opts() {
        return LoaderOptions.defaults().withBatchSize(BATCH).withConcurrency(8).withPrefetch(2);
    }

    private static Loader loader(boolean ordered, Dataset ds, LoaderOptions o) {
        return ordered ? new DataLoader(ds, o, CancellationToken.create()) : new AsyncPoolDataLoader(ds, o, CancellationToken.create());
    }

    private static List<Batch> drain(Loader loader) {
        List<Batch> all = new ArrayList<>();
        try (loader) {
            loader.forEachRemaining(all::add);
        }
        return all;
    }

    /** The batches of each epoch, by the epoch they say they belong to, in emission order. */
    private static Map<Integer, List<Batch>> byEpoch(List<Batch> batches) {
        Map<Integer, List<Batch>> m = new TreeMap<>();
        for (Batch b : batches) {
            m.computeIfAbsent(b.epoch(), e -> new ArrayList<>()).add(b);
        }
        return m;
    }

    private static List<Dataset.Item> items(List<Batch> batches) {
        return batches.stream().flatMap(b -> b.samples().stream()).map(Sample::item).toList();
    }

    @ParameterizedTest(name = "ordered={0}")
    @ValueSource(booleans = {true, false})
    void aBatchNeverSpansAnEpochAndEachEpochEndsWithItsOwnShortBatch(boolean ordered) {
        List<Batch> batches = drain(loader(ordered, dataset, opts().withEpochs(3)));
        // 500 = 15 × 32 + 20 per epoch: 16 batches each, one of them short; never 46 full and one of 28.
        assertThat(batches).hasSize(3 * 16);
        assertThat(batches).extracting(Batch::size).filteredOn(n -> n != BATCH).containsExactly(20, 20, 20);
        Map<Integer, List<Batch>> epochs = byEpoch(batches);
        assertThat(epochs).containsOnlyKeys(0, 1, 2);
        for (List<Batch> epoch : epochs.values()) {
            assertThat(epoch).hasSize(16);
            assertThat(items(epoch)).containsExactlyInAnyOrderElementsOf(dataset.items());
            if (ordered) {
                assertThat(items(epoch)).isEqualTo(dataset.items());
                assertThat(epoch.getLast().size()).isEqualTo(20);
            }
        }
    }

    @ParameterizedTest(name = "ordered={0}")
    @ValueSource(booleans = {true, false})
    void dropLastDropsEveryEpochsShortBatch(boolean ordered) {
        List<Batch> batches = drain(loader(ordered, dataset, opts().withEpochs(2).withDropLast(true)));
        assertThat(batches).hasSize(2 * 15).allSatisfy(b -> assertThat(b.size()).isEqualTo(BATCH));
        for (List<Batch> epoch : byEpoch(batches).values()) {
            assertThat(items(epoch)).hasSize(15 * BATCH).doesNotHaveDuplicates();
        }
    }

    @Test
    void dropLastKeepsTheAsyncPoolsStragglerPathFromEmittingAShortBatch() {
        List<Dataset.Item> ten = dataset.items().subList(0, 10);
        StallingStore store = new StallingStore(files, ten.get(3).key());
        LoaderOptions o = opts().withBatchSize(4).withConcurrency(10).withDropLast(true)
                .withBatchTimeout(Duration.ofMillis(100));
        List<Batch> got = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (AsyncPoolDataLoader loader = new AsyncPoolDataLoader(new Dataset(store, ten), o, CancellationToken.create())) {
            CompletableFuture<Void> consumer = CompletableFuture.runAsync(() -> loader.forEachRemaining(got::add));
            // The nine other items arrive (two full batches and one left over); then the straggler
            // timer has several chances to fire before the stalled item is let through.
            await().atMost(10, TimeUnit.SECONDS).until(() -> loader.stats().items() == 9 && store.blockedNow.get() == 1);
            await().pollDelay(Duration.ofMillis(500)).until(() -> true);
            store.release();
            consumer.orTimeout(10, TimeUnit.SECONDS).join();
        }
        assertThat(got).extracting(Batch::size).containsExactly(4, 4);
    }

    @ParameterizedTest(name = "ordered={0}")
    @ValueSource(booleans = {true, false})
    void shuffleDrawsANewSeededOrderEveryEpoch(boolean ordered) {
        // One fetch at a time: the async pool then completes in the order it dispatched.
        LoaderOptions o = opts().withConcurrency(1).withEpochs(3).withShuffle(true).withSeed(7);
        Map<Integer, List<Batch>> first = byEpoch(drain(loader(ordered, dataset, o)));
        Map<Integer, List<Batch>> again = byEpoch(drain(loader(ordered, dataset, o)));
        assertThat(first).containsOnlyKeys(0, 1, 2);
        for (int e = 0; e < 3; e++) {
            List<Dataset.Item> order = items(first.get(e));
            assertThat(order).as("epoch %d is the permutation of seed + epoch", e).isEqualTo(dataset.shuffled(7 + e).items());
            assertThat(items(again.get(e))).as("epoch %d reproduces", e).isEqualTo(order);
        }
        assertThat(items(first.get(0))).isNotEqualTo(items(first.get(1))).isNotEqualTo(dataset.items());
        assertThat(items(first.get(1))).isNotEqualTo(items(first.get(2)));
        List<Dataset.Item> otherSeed = items(byEpoch(drain(loader(ordered, dataset, o.withSeed(8).withEpochs(1)))).get(0));
        assertThat(otherSeed).isNotEqualTo(items(first.get(0)));
    }

    @ParameterizedTest(name = "ordered={0}")
    @ValueSource(booleans = {true, false})
    void aReadThatNeverAnswersFailsTheRunAtTheItemDeadlineAndItsThreadIsFreed(boolean ordered) {
        List<Dataset.Item> some = dataset.items().subList(0, 40);
        String stuck = some.get(5).key();
        StallingStore store = new StallingStore(files, stuck);
        int before = Loader.activeWorkers();
        LoaderOptions o = opts().withBatchSize(8).withItemTimeout(Duration.ofSeconds(1)).withRetries(1);
        Loader loader = loader(ordered, new Dataset(store, some), o);
        CompletableFuture<List<Batch>> run = CompletableFuture.supplyAsync(() -> drain(loader));
        try {
            await().atMost(30, TimeUnit.SECONDS).until(run::isDone);
            assertThat(run).isCompletedExceptionally();
            Throwable failure = run.handle((ok, t) -> t.getCause()).join();
            assertThat(failure).isInstanceOf(StorageException.TransientIo.class)
                    .hasMessageContaining(stuck).hasMessageContaining("1000 ms");
            // One attempt and one retry, each stalled and each interrupted at its deadline.
            assertThat(store.stalled.get()).isEqualTo(2);
            await().atMost(5, TimeUnit.SECONDS).until(() -> store.blockedNow.get() == 0 && Loader.activeWorkers() <= before);
            assertThat(store.interrupted.get()).isEqualTo(2);
        } finally {
            loader.close();
            store.release(); // only matters when the loader left a read blocked: free it for the next test
        }
    }

}
