package io.rangefinder.app.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.rangefinder.app.testsupport.DirectTaskExecutor;
import io.rangefinder.app.testsupport.ManualTaskExecutor;
import io.rangefinder.bench.BenchResult;
import io.rangefinder.bench.RunStore;
import io.rangefinder.engine.ShapedStore;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.file.FileStore;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lab's view model without a window: its work goes through a TaskExecutor the test controls. */
class LabViewModelTest {

    @TempDir
    Path root;
    RunStore runs;
    ObjectUri object;
    volatile long bytesPerSecond = Long.MAX_VALUE;

    @BeforeEach
    void setUp() throws Exception {
        runs = new RunStore(root.resolve("runs"));
        Path data = Files.createDirectories(root.resolve("data"));
        try (RandomAccessFile f = new RandomAccessFile(data.resolve("big.bin").toFile(), "rw")) {
            f.setLength(24L << 20);
        }
        object = ObjectUri.parse(data.resolve("big.bin").toUri().toString());
    }

    private Function<ObjectUri, ObjectStore> stores() {
        return uri -> {
            ShapedStore s = new ShapedStore(FileStore.local());
            s.bytesPerSecondPerStream = bytesPerSecond;
            return s;
        };
    }

    private LabViewModel model(io.rangefinder.app.common.TaskExecutor executor) {
        LabViewModel m = new LabViewModel(stores(), runs, executor);
        m.chunkSizeProperty().set("1MiB");
        m.minSplitSizeProperty().set("1MiB");
        m.concurrencyProperty().set(2);
        m.repeatsProperty().set(1);
        return m;
    }

    @Test
    void aRangeRunDeliversItsResultSavesItAndListsIt() {
        LabViewModel m = model(new DirectTaskExecutor());
        m.startRangeBenchmark(object);
        assertThat(m.stateProperty().get()).isEqualTo(LabViewModel.State.IDLE);
        assertThat(m.runningProperty().get()).isFalse();
        BenchResult r = m.lastResultProperty().get();
        assertThat(r).isNotNull();
        assertThat(r.bytes()).isEqualTo(24L << 20);
        assertThat(r.status()).isEqualTo("ok");
        assertThat(m.messageProperty().get()).contains("MB/s").contains("range");
        assertThat(m.runs()).hasSize(1);
        assertThat(m.runs().getFirst().result().startedAt()).isEqualTo(r.startedAt());
    }

    @Test
    void aRunIsRetunedWhileItRunsAndStopKeepsWhatItMeasured() throws Exception {
        bytesPerSecond = 2L << 20; // 24 MiB at 2 MiB/s per stream: long enough to retune and stop
        ManualTaskExecutor executor = new ManualTaskExecutor();
        LabViewModel m = model(executor);
        m.startRangeBenchmark(object);
        assertThat(m.stateProperty().get()).isEqualTo(LabViewModel.State.RUNNING);
        assertThat(m.runningProperty().get()).isTrue();
        ManualTaskExecutor.Job<?> job = executor.last();
        Thread worker = Thread.ofVirtual().start(job::run); // the background thread
        await().atMost(Duration.ofSeconds(10)).until(() -> m.live() != null && m.sample() != null
                && m.sample().bytes() > 0);
        m.concurrencyProperty().set(6);
        assertThat(m.liveMarks()).extracting(BenchResult.Mark::what, BenchResult.Mark::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("concurrency", 6.0));
        await().atMost(Duration.ofSeconds(5)).until(() -> m.sample().limit() == 6);
        m.stop();
        assertThat(m.stateProperty().get()).isEqualTo(LabViewModel.State.STOPPING);
        worker.join(Duration.ofSeconds(10));
        assertThat(worker.isAlive()).as("the run ended after Stop").isFalse();
        job.deliver();
        BenchResult r = m.lastResultProperty().get();
        assertThat(r.status()).isEqualTo("cancelled");
        assertThat(r.bytes()).isPositive().isLessThan(24L << 20);
        assertThat(m.stateProperty().get()).isEqualTo(LabViewModel.State.IDLE);
        executor.drain(); // the refresh of the runs folder
        assertThat(m.runs()).hasSize(1);
    }

    @Test
    void theListsItHandsOutCannotBeChangedFromOutside() {
        LabViewModel m = model(new DirectTaskExecutor());
        m.startRangeBenchmark(object);
        assertThatThrownBy(() -> m.runs().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> m.liveMarks().add(new BenchResult.Mark(0, "concurrency", 1)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aFailedDeleteSaysSoAndKeepsTheRun() throws Exception {
        LabViewModel m = model(new DirectTaskExecutor());
        m.startRangeBenchmark(object);
        RunStore.Entry entry = m.runs().getFirst();
        // a run whose file cannot be deleted: a folder with something in it under the run's name
        Path stuck = root.resolve("runs").resolve("stuck.json");
        Files.createDirectories(stuck.resolve("inside"));
        m.deleteRun(new RunStore.Entry(stuck, entry.result()));
        assertThat(m.messageProperty().get()).startsWith("Could not delete the run stuck.json");
        assertThat(stuck).exists();
        assertThat(m.runs()).containsExactly(entry);
    }

    @Test
    void deletingSeveralRunsShowsTheNewestListingWhateverOrderTheReadsFinish() throws Exception {
        ManualTaskExecutor executor = new ManualTaskExecutor();
        LabViewModel m = model(executor);
        Path a = runs.save(result("2026-01-01T00:00:00Z"));
        Path b = runs.save(result("2026-01-02T00:00:00Z"));
        m.refreshRuns();
        executor.drain();
        assertThat(m.runs()).hasSize(2);

        m.deleteRun(m.runs().get(0));
        m.deleteRun(m.runs().get(1));
        executor.pending().get(0).runAndDeliver(); // first delete done: its refresh is submitted
        ManualTaskExecutor.Job<?> firstRefresh = executor.last();
        firstRefresh.run(); // reads the folder while the second run is still there...
        executor.pending().getFirst().runAndDeliver(); // second delete done: another refresh
        executor.last().runAndDeliver(); // the newer refresh lands first: nothing left
        assertThat(m.runs()).isEmpty();
        firstRefresh.deliver(); // ...and the older, stale reading lands last
        assertThat(m.runs()).as("the stale listing does not win").isEmpty();
        assertThat(a).doesNotExist();
        assertThat(b).doesNotExist();
    }

    private static BenchResult result(String startedAt) {
        return new BenchResult("range", "file:///x", startedAt, "test", 2, 1, 1, 1, 1, 1, 1, null, 0, 0, "ok",
                null, null, null, null);
    }

    @Test
    void closingDuringARunEndsItWithoutWaitingForCallbacks() {
        ManualTaskExecutor executor = new ManualTaskExecutor();
        LabViewModel m = model(executor);
        m.startRangeBenchmark(object);
        m.close();
        assertThat(m.runningProperty().get()).isFalse();
        assertThat(m.messageProperty().get()).isEqualTo("Benchmark cancelled.");
        assertThat(List.copyOf(executor.pending())).hasSize(1);
    }
}
