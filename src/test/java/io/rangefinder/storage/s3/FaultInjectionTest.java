package io.rangefinder.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rangefinder.core.CancellationToken;
import io.rangefinder.core.CancelledException;
import io.rangefinder.engine.DownloadStats;
import io.rangefinder.engine.FileSink;
import io.rangefinder.engine.RangeEngine;
import io.rangefinder.engine.RangeEngineConfig;
import io.rangefinder.storage.ConnectionProfile;
import io.rangefinder.storage.PutOptions;
import io.rangefinder.storage.StorageException;
import io.rangefinder.testing.FaultProxy;
import io.rangefinder.testing.FaultProxy.Direction;
import io.rangefinder.testing.FaultProxy.Kind;
import io.rangefinder.testing.S3ProxyServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads and uploads through {@link FaultProxy} in front of S3Proxy: resets, stalls and
 * truncations in the middle of bodies, bursts of 503, a slow link. A download either ends
 * byte-identical or fails with a clear error and no file under the target name; a failed or
 * cancelled multipart upload leaves no pending upload behind.
 */
@Timeout(value = 30)
class FaultInjectionTest {

    private static final int SIZE = 40 << 20;
    private static final long CHUNK = 4L << 20;
    private static final String BUCKET = "faults-" + Long.toHexString(System.nanoTime());
    private static final String KEY = "big.bin";

    private static byte[] data;
    /** Straight to S3Proxy, no faults: seeding and looking behind the proxy. */
    private static S3Store direct;

    private FaultProxy proxy;
    private S3Store store;

    @TempDir
    Path dir;

    @BeforeAll
    static void seed() {
        data = new byte[SIZE];
        new Random(42).nextBytes(data);
        direct = S3Store.open(S3ProxyServer.get().profile());
        direct.createContainer(BUCKET);
        direct.put(BUCKET, KEY, new ByteArrayInputStream(data), SIZE, PutOptions.DEFAULT);
    }

    @AfterAll
    static void closeDirect() {
        direct.close();
    }

    @BeforeEach
    void startProxy() {
        proxy = FaultProxy.forEndpoint(S3ProxyServer.get().endpoint());
        ConnectionProfile p = S3ProxyServer.get().profile().toBuilder()
                .endpoint(proxy.endpoint())
                .requestTimeout(Duration.ofSeconds(10))
                .build();
        store = S3Store.open(p);
    }

    @AfterEach
    void stopProxy() {
        store.close();
        proxy.close();
    }

    private static RangeEngineConfig config(Duration rangeTimeout, int retries) {
        return RangeEngineConfig.defaults().withChunkSize(CHUNK).withMinSplitSize(CHUNK).withMaxConcurrentRanges(4)
                .withRangeTimeout(rangeTimeout).withRetries(retries).withRetryBackoff(Duration.ofMillis(20));
    }

    private DownloadStats download(RangeEngineConfig cfg, Path target) {
        return new RangeEngine(cfg).start(store, BUCKET, KEY, SIZE, new FileSink(target), CancellationToken.create())
                .await();
    }

    private void assertIdentical(Path target) throws IOException {
        byte[] got = Files.readAllBytes(target);
        assertThat(got.length).isEqualTo(SIZE);
        assertThat(Arrays.equals(got, data)).as("downloaded bytes equal the object").isTrue();
    }

    /** Nothing but the target (if it was committed): no .rfpart left over. */
    private void assertNoTempFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.filter(f -> f.getFileName().toString().endsWith(".rfpart"))).isEmpty();
        }
    }

    // ------------------------------------------------------------------ downloads

    @Test
    void resetMidBodyOnFirstConnectionsIsRetriedToAnIdenticalFile() throws IOException {
        proxy.fault(Kind.RESET, 1 << 20, 3);
        Path target = dir.resolve("reset.bin");

        DownloadStats stats = download(config(Duration.ofSeconds(10), 3), target);

        assertThat(proxy.faultedConnections()).isEqualTo(3);
        assertThat(stats.retries()).isPositive();
        assertThat(stats.bytes()).isEqualTo(SIZE);
        assertIdentical(target);
        assertNoTempFiles();
    }

    @Test
    void truncatedBodyIsRetriedToAnIdenticalFile() throws IOException {
        proxy.fault(Kind.TRUNCATE, 1 << 20, 3);
        Path target = dir.resolve("truncated.bin");

        DownloadStats stats = download(config(Duration.ofSeconds(10), 3), target);

        assertThat(stats.retries()).isPositive();
        assertIdentical(target);
        assertNoTempFiles();
    }

    @Test
    void truncatedOnEveryConnectionFailsClearlyAndLeavesNoShortFile() throws IOException {
        proxy.fault(Kind.TRUNCATE, 512 << 10, FaultProxy.ALWAYS);
        Path target = dir.resolve("never.bin");

        assertThatThrownBy(() -> download(config(Duration.ofSeconds(10), 1), target))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining(KEY);

        assertThat(target).doesNotExist();
        assertNoTempFiles();
    }

    @Test
    void stalledBodyTimesOutAndIsRetried() throws IOException {
        proxy.fault(Kind.STALL, 1 << 20, 2);
        Path target = dir.resolve("stalled.bin");

        long t0 = System.nanoTime();
        DownloadStats stats = download(config(Duration.ofSeconds(1), 3), target);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(proxy.faultedConnections()).isEqualTo(2);
        assertThat(stats.retries()).isGreaterThanOrEqualTo(2);
        assertThat(took).isLessThan(Duration.ofSeconds(8));
        assertIdentical(target);
    }

    @Test
    void resetOnEveryConnectionFailsWithAReadableErrorWithinTheTimeouts() throws IOException {
        proxy.fault(Kind.RESET, 256 << 10, FaultProxy.ALWAYS);
        Path target = dir.resolve("doomed.bin");
        int retries = 2;
        Duration rangeTimeout = Duration.ofSeconds(2);

        long t0 = System.nanoTime();
        Throwable failure = null;
        try {
            download(config(rangeTimeout, retries), target);
        } catch (Throwable t) {
            failure = t;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(failure).isInstanceOf(StorageException.class);
        assertThat(failure.getMessage()).contains(KEY).containsIgnoringCase("reset");
        assertThat(took).isLessThan(rangeTimeout.multipliedBy(retries + 1));
        assertThat(target).doesNotExist();
        assertNoTempFiles();
    }

    @Test
    void stallOnEveryConnectionFailsWithinTheRangeTimeoutsInsteadOfHanging() throws IOException {
        proxy.fault(Kind.STALL, 512 << 10, FaultProxy.ALWAYS);
        Path target = dir.resolve("hung.bin");
        int retries = 1;
        Duration rangeTimeout = Duration.ofSeconds(1);

        long t0 = System.nanoTime();
        assertThatThrownBy(() -> download(config(rangeTimeout, retries), target))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("timed out").hasMessageContaining(KEY);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        // (retries + 1) attempts of one timeout each, plus backoff and slack
        assertThat(took).isLessThan(rangeTimeout.multipliedBy(retries + 1).plusSeconds(2));
        assertThat(target).doesNotExist();
        assertNoTempFiles();
    }

    @Test
    void burstsOf503AreRiddenOut() throws IOException {
        proxy.httpErrors(503, 4);
        Path target = dir.resolve("slowdown.bin");

        DownloadStats stats = download(config(Duration.ofSeconds(10), 3), target);

        assertThat(proxy.errorsAnswered()).isEqualTo(4);
        assertIdentical(target);
        assertThat(stats.bytes()).isEqualTo(SIZE);
    }

    @Test
    void burstsOf500AreRiddenOut() throws IOException {
        proxy.httpErrors(500, 3);
        Path target = dir.resolve("internal.bin");

        download(config(Duration.ofSeconds(10), 3), target);

        assertThat(proxy.errorsAnswered()).isEqualTo(3);
        assertIdentical(target);
    }

    @Test
    void slowLinkWithLatencyStillGivesAnIdenticalFile() throws IOException {
        proxy.latency(Duration.ofMillis(50)).bandwidth(40L << 20);
        Path target = dir.resolve("slow.bin");

        long t0 = System.nanoTime();
        download(config(Duration.ofSeconds(10), 3), target);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        // 40 MiB at 40 MiB/s: the cap really applied (not much under a second), and nothing broke.
        assertThat(took).isGreaterThan(Duration.ofMillis(800));
        assertIdentical(target);
    }

    // ------------------------------------------------------------------ uploads

    @Test
    void pendingUploadsAreVisibleBehindTheProxy() {
        // The two tests below would prove nothing if S3Proxy never listed pending uploads.
        String key = "pending-check.bin";
        String id = direct.client().createMultipartUpload(b -> b.bucket(BUCKET).key(key)).uploadId();
        try {
            assertThat(pendingUploads(key)).extracting(u -> u.uploadId()).containsExactly(id);
        } finally {
            direct.client().abortMultipartUpload(b -> b.bucket(BUCKET).key(key).uploadId(id));
        }
        assertThat(pendingUploads(key)).isEmpty();
    }

    @Test
    void multipartUploadRidesOutResetsOnItsFirstConnections() throws IOException {
        String key = "upload-survives.bin";
        int size = 20 << 20;
        proxy.fault(Kind.RESET, Direction.UP, 1 << 20, 2);

        store.put(BUCKET, key, new ByteArrayInputStream(data, 0, size), size, PutOptions.DEFAULT.withParts(5L << 20, 2));

        assertThat(proxy.faultedConnections()).isEqualTo(2);
        try (InputStream in = direct.get(BUCKET, key)) {
            assertThat(Arrays.equals(in.readAllBytes(), Arrays.copyOf(data, size))).as("stored bytes equal the data").isTrue();
        }
        assertThat(pendingUploads(key)).isEmpty();
    }

    @Test
    void multipartUploadFailingMidwayLeavesNoPendingUpload() {
        String key = "upload-fails.bin";
        // Every connection is reset once it has carried 1 MiB of request: each 5 MiB part dies, and so
        // do the SDK's retries; the small abort request still goes through.
        proxy.fault(Kind.RESET, Direction.UP, 1 << 20, FaultProxy.ALWAYS);

        assertThatThrownBy(() -> store.put(BUCKET, key, new ByteArrayInputStream(data, 0, 20 << 20), 20 << 20,
                PutOptions.DEFAULT.withParts(5L << 20, 2)))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining(key);

        assertThat(proxy.faultedConnections()).isPositive();
        assertThat(pendingUploads(key)).isEmpty();
        assertThat(direct.list(io.rangefinder.storage.ListRequest.recursive(BUCKET, key)).objects()).isEmpty();
    }

    @Test
    void cancelledMultipartUploadLeavesNoPendingUpload() {
        String key = "upload-cancelled.bin";
        CancellationToken token = CancellationToken.create();
        // The token is cancelled from inside the data stream, once the first part has gone out and
        // while later parts are being read: some parts are uploaded, the upload is not complete.
        InputStream slowData = new InputStream() {
            private final ByteArrayInputStream in = new ByteArrayInputStream(data, 0, 20 << 20);

            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (in.available() < (10 << 20)) { // reading part 3: a part has been uploaded to free its buffer
                    token.cancel("test cancels after the first parts");
                }
                return in.read(b, off, Math.min(len, 256 << 10));
            }
        };

        assertThatThrownBy(() -> store.put(BUCKET, key, slowData, 20 << 20,
                PutOptions.DEFAULT.withParts(5L << 20, 2).withToken(token)))
                .isInstanceOf(CancelledException.class);

        assertThat(proxy.bytesUp()).as("parts went out through the proxy").isGreaterThan(5L << 20);
        assertThat(pendingUploads(key)).isEmpty();
    }

    @Test
    void uploadCancelledWithAnInterruptLikeATaskCancelLeavesNoPendingUpload() throws Exception {
        // javafx Task.cancel() cancels the token and interrupts the worker thread: the abort must still go out.
        String key = "upload-interrupted.bin";
        CancellationToken token = CancellationToken.create();
        InputStream data = new InputStream() {
            private final ByteArrayInputStream in = new ByteArrayInputStream(FaultInjectionTest.data, 0, 20 << 20);

            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (in.available() < (10 << 20) && !token.isCancelled()) {
                    token.cancel("cancelled by the user");
                    Thread.currentThread().interrupt();
                }
                return in.read(b, off, Math.min(len, 256 << 10));
            }
        };
        java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
        Thread worker = Thread.ofPlatform().start(() -> {
            try {
                store.put(BUCKET, key, data, 20 << 20, PutOptions.DEFAULT.withParts(5L << 20, 2).withToken(token));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        worker.join(20_000);

        assertThat(thrown.get()).isInstanceOf(CancelledException.class);
        assertThat(pendingUploads(key)).isEmpty();
    }

    @Test
    void cancellingAStalledMultipartUploadStopsItPromptlyAndAbortsIt() {
        String key = "upload-stalled.bin";
        // Each connection swallows 1 MiB of request and then forwards nothing more: parts hang.
        proxy.fault(Kind.STALL, Direction.UP, 1 << 20, FaultProxy.ALWAYS);
        CancellationToken token = CancellationToken.create();
        token.cancelAfter(Duration.ofSeconds(1));

        long t0 = System.nanoTime();
        assertThatThrownBy(() -> store.put(BUCKET, key, new ByteArrayInputStream(data, 0, 20 << 20), 20 << 20,
                PutOptions.DEFAULT.withParts(5L << 20, 2).withToken(token)))
                .isInstanceOf(CancelledException.class);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(took).as("cancel stops hung parts, not the 10 s socket timeout").isLessThan(Duration.ofSeconds(4));
        assertThat(pendingUploads(key)).isEmpty();
    }

    private static java.util.List<software.amazon.awssdk.services.s3.model.MultipartUpload> pendingUploads(String key) {
        return direct.client().listMultipartUploads(b -> b.bucket(BUCKET).prefix(key)).uploads();
    }
}
