package io.rangefinder.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.rangefinder.core.CancellationToken;
import io.rangefinder.engine.DownloadStats;
import io.rangefinder.engine.FileSink;
import io.rangefinder.engine.RangeEngine;
import io.rangefinder.engine.RangeEngineConfig;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.StorageException;
import io.rangefinder.testing.FaultProxy.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Range downloads through a {@link FaultProxy} in front of a store's server, the same cases for
 * every backend: resets, truncations and stalls in the middle of bodies, bursts of 503, a slow
 * link. A download either ends byte-identical or fails with a clear error naming the object, within
 * the configured timeouts, and leaves no file under the target name and no {@code .rfpart}; a
 * stalled body is given up after the range timeout, not the much longer request timeout.
 * A subclass seeds {@link #data} as {@link #KEY} in the container {@link #CONTAINER} of its
 * server and says how to open its store through the proxy. Where the store's client does not resume a broken body by itself,
 * the cases also insist that the range engine retried, and that a body broken on every connection
 * ends in a clear failure.
 */
public abstract class DownloadFaultCases {

    protected static final int SIZE = 16 << 20;
    protected static final long CHUNK = 4L << 20;
    protected static final byte[] data = new byte[SIZE];
    /** The container (bucket) the subclass creates on its server, and the object it seeds there. */
    protected static final String CONTAINER = "faults-" + Long.toHexString(System.nanoTime());
    protected static final String KEY = "big.bin";

    static {
        new Random(42).nextBytes(data);
    }

    protected FaultProxy proxy;
    protected ObjectStore store;

    @TempDir
    protected Path dir;

    /** {@code http://127.0.0.1:PORT} of the real server the proxy forwards to. */
    protected abstract String upstream();

    /** The store under test, talking to the server through {@code proxy} with a 10 s request timeout. */
    protected abstract ObjectStore openThrough(FaultProxy proxy);

    /**
     * Whether the store's client picks a body that broke off up again by itself, out of the range
     * engine's sight (the Azure and GCS SDKs do): then the engine may see no retry, and a body
     * broken on every connection may still add up to the whole object.
     */
    protected boolean clientResumesBrokenBodies() {
        return false;
    }

    /** Unless the client resumes broken bodies itself, the range engine retried. */
    private void assertEngineRetried(DownloadStats stats) {
        if (!clientResumesBrokenBodies()) {
            assertThat(stats.retries()).as("range engine retries").isPositive();
        }
    }

    @BeforeEach
    void startProxy() {
        proxy = FaultProxy.forEndpoint(upstream());
        store = openThrough(proxy);
    }

    @AfterEach
    void stopProxy() throws Exception {
        store.close();
        proxy.close();
    }

    protected static RangeEngineConfig config(Duration rangeTimeout, int retries) {
        return RangeEngineConfig.defaults().withChunkSize(CHUNK).withMinSplitSize(CHUNK).withMaxConcurrentRanges(4)
                .withRangeTimeout(rangeTimeout).withRetries(retries).withRetryBackoff(Duration.ofMillis(20));
    }

    protected DownloadStats download(RangeEngineConfig cfg, Path target) {
        return new RangeEngine(cfg).start(store, CONTAINER, KEY, SIZE, new FileSink(target),
                CancellationToken.create()).await();
    }

    protected void assertIdentical(Path target) throws IOException {
        byte[] got = Files.readAllBytes(target);
        assertThat(got.length).isEqualTo(SIZE);
        assertThat(Arrays.equals(got, data)).as("downloaded bytes equal the object").isTrue();
    }

    /** Only the committed target (if any) is left in the folder: no .rfpart, no stray file. */
    protected void assertOnly(Path... expected) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactlyInAnyOrder(expected);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"RESET", "TRUNCATE"})
    void bodyBrokenOffOnTheFirstConnectionsIsRetriedToAnIdenticalFile(Kind kind) throws IOException {
        proxy.fault(kind, 1 << 20, 3);
        Path target = dir.resolve(kind + ".bin");

        DownloadStats stats = download(config(Duration.ofSeconds(10), 3), target);

        assertThat(proxy.faultedConnections()).isEqualTo(3);
        assertEngineRetried(stats);
        assertThat(stats.bytes()).isEqualTo(SIZE);
        assertIdentical(target);
        assertOnly(target);
    }

    /**
     * Either the whole object, byte-identical (a client that resumes a broken body where it
     * stopped gets there 512 KiB at a time: GCS's does), or a clear failure naming the object and
     * the {@code cause} ("reset", ...) and nothing under the target name; never a short file. A
     * client that does not resume by itself must fail.
     */
    private void assertIdenticalOrCleanFailure(Throwable failure, Path target, String cause) throws IOException {
        assertThat(proxy.faultedConnections()).isPositive();
        if (!clientResumesBrokenBodies()) {
            assertThat(failure).as("a body broken on every connection, with no resuming client").isNotNull();
        }
        if (failure == null) {
            assertIdentical(target);
            assertOnly(target);
        } else {
            assertThat(failure).isInstanceOf(StorageException.class).hasMessageContaining(KEY);
            if (cause != null) {
                assertThat(failure.getMessage()).containsIgnoringCase(cause);
            }
            assertThat(target).doesNotExist();
            assertOnly();
        }
    }

    @Test
    void truncatedOnEveryConnectionGivesTheWholeFileOrAClearFailureNeverAShortFile() throws IOException {
        proxy.fault(Kind.TRUNCATE, 512 << 10, FaultProxy.ALWAYS);
        Path target = dir.resolve("never.bin");

        Throwable failure = catchThrowable(() -> download(config(Duration.ofSeconds(10), 1), target));

        assertIdenticalOrCleanFailure(failure, target, null);
    }

    @Test
    void stalledBodyTimesOutAndIsRetried() throws IOException {
        proxy.fault(Kind.STALL, 1 << 20, 2);
        Path target = dir.resolve("stalled.bin");

        long t0 = System.nanoTime();
        DownloadStats stats = download(config(Duration.ofSeconds(1), 3), target);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(proxy.faultedConnections()).isEqualTo(2);
        assertThat(stats.retries()).as("one range-timeout retry per stalled connection").isGreaterThanOrEqualTo(2);
        assertThat(took).isLessThan(Duration.ofSeconds(8));
        assertIdentical(target);
        assertOnly(target);
    }

    @Test
    void aServerThatNeverAnswersIsGivenUpAfterTheRangeTimeoutNotTheRequestTimeout() throws IOException {
        proxy.fault(Kind.STALL, 0, 2); // the first two connections get no byte of any response
        Path target = dir.resolve("silent.bin");

        long t0 = System.nanoTime();
        DownloadStats stats = download(config(Duration.ofSeconds(1), 3), target);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(proxy.faultedConnections()).isEqualTo(2);
        assertThat(stats.retries()).as("the silent connections' ranges were retried").isGreaterThanOrEqualTo(1);
        // the store's request timeout is 10 s: waiting it out would take at least that long
        assertThat(took).isLessThan(Duration.ofSeconds(8));
        assertIdentical(target);
        assertOnly(target);
    }

    @Test
    void resetOnEveryConnectionGivesTheWholeFileOrAClearFailureWithinTheTimeouts() throws IOException {
        proxy.fault(Kind.RESET, 256 << 10, FaultProxy.ALWAYS);
        Path target = dir.resolve("doomed.bin");
        int retries = 1;
        Duration rangeTimeout = Duration.ofSeconds(3);

        long t0 = System.nanoTime();
        Throwable failure = catchThrowable(() -> download(config(rangeTimeout, retries), target));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        // at most one range timeout per attempt, plus backoff and slack
        assertThat(took).isLessThan(rangeTimeout.multipliedBy(retries + 1).plusSeconds(1));
        assertIdenticalOrCleanFailure(failure, target, "reset");
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

        assertThat(took).isLessThan(rangeTimeout.multipliedBy(retries + 1).plusSeconds(2));
        assertThat(target).doesNotExist();
        assertOnly();
    }

    @Test
    void burstOf503IsRiddenOut() throws IOException {
        proxy.httpErrors(503, 4);
        Path target = dir.resolve("slowdown.bin");

        DownloadStats stats = download(config(Duration.ofSeconds(10), 3), target);

        assertThat(proxy.errorsAnswered()).isEqualTo(4);
        assertThat(stats.bytes()).isEqualTo(SIZE);
        assertIdentical(target);
        assertOnly(target);
    }

    @Test
    void slowLinkWithLatencyStillGivesAnIdenticalFile() throws IOException {
        proxy.latency(Duration.ofMillis(50)).bandwidth(SIZE);
        Path target = dir.resolve("slow.bin");

        long t0 = System.nanoTime();
        download(config(Duration.ofSeconds(10), 3), target);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        // SIZE bytes at SIZE bytes/s: the cap really applied (not much under a second), and nothing broke.
        assertThat(took).isGreaterThan(Duration.ofMillis(800));
        assertIdentical(target);
        assertOnly(target);
    }
}
