package io.rangefinder.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.rangefinder.bench.SyntheticData;
import io.rangefinder.core.CancellationToken;
import io.rangefinder.core.CancelledException;
import io.rangefinder.storage.StorageException;
import io.rangefinder.storage.file.FileStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RangeEngineTest {

    private static final int CHUNK = 64 * 1024;

    @TempDir
    Path root;
    Path out;
    FileStore files;

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(root.resolve("bucket"));
        out = Files.createDirectories(root.resolve("out"));
        files = new FileStore(root);
    }

    private Path object(String key, long size, long seed) throws IOException {
        Path p = root.resolve("bucket").resolve(key);
        Files.createDirectories(p.getParent());
        try (InputStream in = new SyntheticData(size, seed)) {
            Files.copy(in, p);
        }
        return p;
    }

    private static RangeEngineConfig small() {
        return RangeEngineConfig.defaults().withChunkSize(CHUNK).withMinSplitSize(0).withMaxConcurrentRanges(4)
                .withBufferSize(16 * 1024).withRetryBackoff(Duration.ofMillis(5));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 5L * CHUNK + 17})
    void sizesAroundTheChunkAreByteIdentical(long size) throws IOException {
        Path src = object("sized-" + size, size, size);
        MemorySink sink = new MemorySink();
        DownloadStats s = new RangeEngine(small()).download(files, "bucket", "sized-" + size, sink, CancellationToken.create());
        assertThat(sink.bytes()).isEqualTo(Files.readAllBytes(src));
        assertThat(s.bytes()).isEqualTo(size);
        assertThat(s.ranges()).isEqualTo((int) ((size + CHUNK - 1) / CHUNK));
    }

    @Test
    void progressSamplesAreConsistentAndOnlyGrow() throws IOException {
        long size = 64L * CHUNK + 5;
        object("sampled", size, 9);
        ShapedStore store = new ShapedStore(files);
        store.bytesPerSecondPerStream = 8L << 20; // slow enough to take many samples mid-flight
        Download d = new RangeEngine(small()).start(store, "bucket", "sampled", -1, new DiscardSink(), CancellationToken.create());
        Download.Progress last = d.progress();
        int samples = 0;
        while (!d.isDone()) {
            Download.Progress p = d.progress();
            samples++;
            assertThat(p.bytesDone()).as("bytes only grow").isGreaterThanOrEqualTo(last.bytesDone());
            assertThat(p.rangesDone()).as("ranges only grow").isGreaterThanOrEqualTo(last.rangesDone());
            assertThat(p.rangesDone()).as("done within planned").isLessThanOrEqualTo(Math.max(p.rangesTotal(), 0));
            // every range counted done has had all its bytes counted (at most one of them is the short last range)
            assertThat(p.bytesDone()).as("bytes cover the ranges done: %s", p)
                    .isGreaterThanOrEqualTo(Math.max(0, p.rangesDone() - 1) * (long) CHUNK);
            assertThat(p.totalBytes()).isIn(-1L, size);
            last = p;
        }
        d.await();
        Download.Progress end = d.progress();
        assertThat(samples).as("sampled while running").isGreaterThan(10);
        assertThat(end.bytesDone()).isEqualTo(size);
        assertThat(end.rangesDone()).isEqualTo(end.rangesTotal()).isEqualTo(65);
        assertThat(end.fraction()).isEqualTo(1.0);
    }

    @Test
    void smallObjectsUseOneRequest() throws IOException {
        object("small", 1000, 3);
        ShapedStore store = new ShapedStore(files);
        RangeEngineConfig cfg = RangeEngineConfig.defaults().withChunkSize(100).withMinSplitSize(4096);
        DownloadStats s = new RangeEngine(cfg).download(store, "bucket", "small", new DiscardSink(), CancellationToken.create());
        assertThat(s.ranges()).isEqualTo(1);
        assertThat(store.requests.get()).isEqualTo(1);
    }

    @Test
    void file256MiBReadInRangesIsByteIdentical() throws IOException {
        long size = 256L << 20;
        Path src = object("big.bin", size, 42);
        Path dest = out.resolve("big.bin");
        RangeEngineConfig cfg = RangeEngineConfig.defaults().withChunkSize(8 << 20).withMaxConcurrentRanges(8);
        DownloadStats s = new RangeEngine(cfg).download(files, "bucket", "big.bin", new FileSink(dest), CancellationToken.create());
        assertThat(s.bytes()).isEqualTo(size);
        assertThat(s.ranges()).isEqualTo(32);
        assertThat(Files.mismatch(src, dest)).isEqualTo(-1L);
        assertThat(s.rangeLatency().count()).isEqualTo(32);
        assertThat(s.ttfbMs()).isPositive();
        try (Stream<Path> left = Files.list(out)) {
            assertThat(left).containsExactly(dest);
        }
    }

    @Test
    void concurrencyChangesWhileRunning() throws IOException {
        object("slow.bin", 64L * CHUNK, 7);
        ShapedStore store = new ShapedStore(files);
        store.bytesPerSecondPerStream = 64 * 1024; // one range takes about a second
        Download d = new RangeEngine(small().withMaxConcurrentRanges(2))
                .start(store, "bucket", "slow.bin", -1, new DiscardSink(), CancellationToken.create());
        try {
            await().atMost(2, TimeUnit.SECONDS).until(() -> d.progress().inFlight() == 2);
            assertThat(store.open.get()).isLessThanOrEqualTo(2);
            d.setConcurrency(8);
            await().atMost(1, TimeUnit.SECONDS).until(() -> d.progress().inFlight() == 8 && store.open.get() == 8);
            d.setConcurrency(3);
            assertThat(d.progress().limit()).isEqualTo(3);
            // Lowering never aborts running ranges; in-flight drains down to the new limit.
            await().atMost(3, TimeUnit.SECONDS).until(() -> store.open.get() <= 3);
        } finally {
            d.cancel("test over");
        }
    }

    @Test
    void cancelStopsEveryRangeQuicklyLeavesNoFileAndNoThreads() throws Exception {
        object("cancel.bin", 40L * CHUNK, 9);
        ShapedStore store = new ShapedStore(files);
        store.bytesPerSecondPerStream = 32 * 1024;
        int workersBefore = RangeEngine.activeWorkers();
        Path dest = out.resolve("cancel.bin");
        FileSink sink = new FileSink(dest);
        CancellationToken token = CancellationToken.create();
        Download d = new RangeEngine(small().withMaxConcurrentRanges(8)).start(store, "bucket", "cancel.bin", -1, sink, token);
        await().atMost(3, TimeUnit.SECONDS).until(() -> d.progress().inFlight() == 8 && d.progress().bytesDone() > 0);
        assertThat(Files.exists(sink.tempFile())).isTrue();

        long t0 = System.nanoTime();
        token.cancel("user pressed cancel");
        assertThatThrownBy(d::await).isInstanceOf(CancelledException.class).hasMessageContaining("user pressed cancel");
        long stoppedMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(stoppedMs).as("download ended %d ms after cancel", stoppedMs).isLessThan(500);
        assertThat(store.open.get()).as("range streams still open").isZero();
        assertThat(Files.exists(dest)).isFalse();
        assertThat(Files.exists(sink.tempFile())).isFalse();
        try (Stream<Path> left = Files.list(out)) {
            assertThat(left).isEmpty();
        }
        await().atMost(500, TimeUnit.MILLISECONDS).until(() -> RangeEngine.activeWorkers() <= workersBefore);
    }

    @Test
    void transientFailuresAreRetriedAndResumeWhereTheyStopped() throws IOException {
        Path src = object("flaky.bin", 10L * CHUNK, 11);
        ShapedStore store = new ShapedStore(files);
        store.failAfterBytes = CHUNK / 2;
        store.failRequest = n -> n % 2 == 0 && n < 10; // the first attempt of several ranges breaks mid-body
        MemorySink sink = new MemorySink();
        DownloadStats s = new RangeEngine(small()).download(store, "bucket", "flaky.bin", sink, CancellationToken.create());
        assertThat(sink.bytes()).isEqualTo(Files.readAllBytes(src));
        assertThat(store.injectedFailures.get()).isGreaterThanOrEqualTo(3);
        assertThat(s.retries()).isEqualTo(store.injectedFailures.get());
        assertThat(s.bytes()).isEqualTo(10L * CHUNK);
    }

    @Test
    void aStalledRangeTimesOutAndIsRetried() throws IOException {
        Path src = object("stall.bin", 4L * CHUNK, 12);
        ShapedStore store = new ShapedStore(files);
        store.failAfterBytes = 1000;
        store.stallRequest = n -> n == 1;
        MemorySink sink = new MemorySink();
        DownloadStats s = new RangeEngine(small().withRangeTimeout(Duration.ofMillis(300)))
                .download(store, "bucket", "stall.bin", sink, CancellationToken.create());
        assertThat(sink.bytes()).isEqualTo(Files.readAllBytes(src));
        assertThat(s.retries()).isEqualTo(1);
    }

    @Test
    void persistentFailureFailsWithTheStoreErrorAndCleansUp() throws IOException {
        object("broken.bin", 8L * CHUNK, 13);
        ShapedStore store = new ShapedStore(files);
        store.failAfterBytes = 100;
        store.failRequest = n -> true;
        Path dest = out.resolve("broken.bin");
        assertThatThrownBy(() -> new RangeEngine(small().withRetries(2))
                .download(store, "bucket", "broken.bin", new FileSink(dest), CancellationToken.create()))
                .isInstanceOf(StorageException.TransientIo.class)
                .hasMessageContaining("injected connection reset");
        try (Stream<Path> left = Files.list(out)) {
            assertThat(left).isEmpty();
        }
        assertThat(store.open.get()).isZero();
    }

    @Test
    void missingObjectIsATypedNotFound() {
        assertThatThrownBy(() -> new RangeEngine(small())
                .download(files, "bucket", "nope.bin", new FileSink(out.resolve("nope.bin")), CancellationToken.create()))
                .isInstanceOf(StorageException.NotFound.class);
        assertThat(out.resolve("nope.bin")).doesNotExist();
    }

    @Test
    void memoryStaysAtBuffersTimesInFlightNotTheObject() throws IOException {
        // 32 ranges of 4 MiB through 16 KiB buffers: the pool never needs more buffers than ranges in flight.
        object("mem.bin", 8L << 20, 14);
        ShapedStore store = new ShapedStore(files);
        DownloadStats s = new RangeEngine(small().withChunkSize(256 * 1024).withMaxConcurrentRanges(4))
                .download(store, "bucket", "mem.bin", new DiscardSink(), CancellationToken.create());
        assertThat(s.ranges()).isEqualTo(32);
        assertThat(store.maxOpen.get()).isLessThanOrEqualTo(4);
    }
}
