package io.rangefinder.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rangefinder.core.CancellationToken;
import io.rangefinder.storage.Checksum;
import io.rangefinder.storage.config.ConnectionProfile;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.PutOptions;
import io.rangefinder.storage.StorageException;
import io.rangefinder.storage.azure.AzureBlobStore;
import io.rangefinder.storage.gcs.GcsStore;
import io.rangefinder.storage.s3.S3Store;
import io.rangefinder.testing.AzuriteServer;
import io.rangefinder.testing.FaultProxy;
import io.rangefinder.testing.FaultProxy.Kind;
import io.rangefinder.testing.GcsTestServer;
import io.rangefinder.testing.S3ProxyServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Downloads are checked against what each store vouches for (S3's single-part ETag, Azure's
 * Content-MD5, GCS's CRC32C), the stats say whether a check ran, and one byte flipped on the wire by
 * {@link FaultProxy} is caught: the download fails with a clear message and leaves no file.
 */
@Timeout(60)
class IntegrityTest {

    private static final int SIZE = 12 << 20;
    private static final long CHUNK = 4L << 20;
    private static final String KEY = "whole.bin";
    private static final String CONTAINER = "integrity-" + Long.toHexString(System.nanoTime());
    private static byte[] data;

    enum Store {
        S3(Checksum.Algorithm.MD5), AZURE(Checksum.Algorithm.MD5), GCS(Checksum.Algorithm.CRC32C);

        final Checksum.Algorithm algorithm;

        Store(Checksum.Algorithm algorithm) {
            this.algorithm = algorithm;
        }

        /** The store behind a proxy, or direct when {@code proxy} is null. */
        ObjectStore open(FaultProxy proxy) {
            return switch (this) {
                case S3 -> {
                    ConnectionProfile p = S3ProxyServer.get().profile();
                    yield S3Store.open(proxy == null ? p : p.toBuilder().endpoint(proxy.endpoint()).build());
                }
                case AZURE -> {
                    AzuriteServer az = AzuriteServer.get();
                    ConnectionProfile p = proxy == null ? az.profile() : az.keyProfile(AzuriteServer.ACCOUNT_KEY).toBuilder()
                            .endpoint(proxy.endpoint() + "/" + AzuriteServer.ACCOUNT).build();
                    yield AzureBlobStore.open(p, AzuriteServer.ACCOUNT);
                }
                case GCS -> {
                    ConnectionProfile p = GcsTestServer.shared().profile();
                    yield GcsStore.open(proxy == null ? p : p.toBuilder().endpoint(proxy.endpoint()).build());
                }
            };
        }

        FaultProxy proxy() {
            return switch (this) {
                case S3 -> FaultProxy.forEndpoint(S3ProxyServer.get().endpoint());
                case AZURE -> FaultProxy.start("127.0.0.1", AzuriteServer.get().port());
                case GCS -> FaultProxy.forEndpoint(GcsTestServer.shared().host());
            };
        }
    }

    @TempDir
    Path dir;

    private FaultProxy proxy;
    private ObjectStore store;

    @BeforeAll
    static void seed() {
        data = new byte[SIZE];
        new Random(11).nextBytes(data);
        for (Store s : Store.values()) {
            try (ObjectStore direct = s.open(null)) {
                direct.createContainer(CONTAINER);
                // One part: S3's ETag is then the MD5, Azure's Put Blob records a Content-MD5.
                direct.put(CONTAINER, KEY, new ByteArrayInputStream(data), SIZE,
                        PutOptions.DEFAULT.withParts(16L << 20, 1));
            }
        }
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    private ObjectStore through(Store s) {
        proxy = s.proxy();
        store = s.open(proxy);
        return store;
    }

    private static RangeEngine engine(long chunk) {
        return new RangeEngine(RangeEngineConfig.defaults().withChunkSize(chunk).withMinSplitSize(chunk)
                .withMaxConcurrentRanges(3).withRetries(1).withRetryBackoff(Duration.ofMillis(10)));
    }

    private void assertNoFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("nothing left in the download folder").isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void rangedDownloadToAFileIsVerified(Store s) throws IOException {
        ObjectStore st = through(s);
        Path target = dir.resolve("ranged.bin");

        DownloadStats stats = engine(CHUNK).download(st, CONTAINER, KEY, new FileSink(target), CancellationToken.create());

        assertThat(stats.ranges()).isEqualTo(3);
        assertThat(stats.integrity()).isEqualTo(Integrity.verified(s.algorithm));
        assertThat(Files.readAllBytes(target)).isEqualTo(data);
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void flippedByteOnTheWireIsCaughtAndNothingIsSaved(Store s) throws IOException {
        ObjectStore st = through(s);
        // Every connection flips the byte 2 MiB into what it carries: somewhere in a body.
        proxy.fault(Kind.CORRUPT, 2L << 20, FaultProxy.ALWAYS);
        Path target = dir.resolve("corrupt.bin");

        assertThatThrownBy(() -> engine(CHUNK).download(st, CONTAINER, KEY, new FileSink(target), CancellationToken.create()))
                .isInstanceOf(StorageException.Corrupt.class)
                .hasMessageContaining(KEY)
                .hasMessageContaining(s.algorithm.name())
                .hasMessageContaining("nothing was saved");
        assertThat(proxy.bytesCorrupted()).isPositive();
        assertNoFiles();
    }

    @Test
    void oneRequestDownloadChecksTheMd5TheResponseCarries() throws IOException {
        ObjectStore st = through(Store.S3);
        Path target = dir.resolve("single.bin");

        // The size is known, so there is no HEAD: the check uses the GET's own ETag.
        DownloadStats stats = engine(64L << 20).start(st, CONTAINER, KEY, SIZE, new FileSink(target),
                CancellationToken.create()).await();

        assertThat(stats.ranges()).isEqualTo(1);
        assertThat(stats.integrity()).isEqualTo(Integrity.verified(Checksum.Algorithm.MD5));
        assertThat(Files.readAllBytes(target)).isEqualTo(data);
    }

    @Test
    void oneRequestDownloadWithAFlippedByteFails() throws IOException {
        ObjectStore st = through(Store.AZURE);
        proxy.fault(Kind.CORRUPT, 7L << 20, FaultProxy.ALWAYS);
        Path target = dir.resolve("single.bin");

        assertThatThrownBy(() -> engine(64L << 20).start(st, CONTAINER, KEY, SIZE, new FileSink(target),
                CancellationToken.create()).await())
                .isInstanceOf(StorageException.Corrupt.class);
        assertNoFiles();
    }

    @Test
    void aSinkThatKeepsNothingSaysTheMd5WasNotChecked() {
        ObjectStore st = through(Store.S3);

        DownloadStats stats = engine(CHUNK).download(st, CONTAINER, KEY, new DiscardSink(), CancellationToken.create());

        assertThat(stats.integrity().status()).isEqualTo(Integrity.Status.NOT_CHECKED);
        assertThat(stats.integrity().algorithm()).isEqualTo(Checksum.Algorithm.MD5);
    }

    @Test
    void verificationCanBeTurnedOff() {
        ObjectStore st = through(Store.GCS);
        proxy.fault(Kind.CORRUPT, 2L << 20, FaultProxy.ALWAYS);
        RangeEngine off = new RangeEngine(RangeEngineConfig.defaults().withChunkSize(CHUNK).withMinSplitSize(CHUNK)
                .withVerify(false));
        MemorySink sink = new MemorySink();

        DownloadStats stats = off.download(st, CONTAINER, KEY, sink, CancellationToken.create());

        assertThat(stats.integrity().status()).isEqualTo(Integrity.Status.NOT_CHECKED);
        assertThat(sink.bytes()).isNotEqualTo(data); // the flipped byte got through, as asked
    }

    @Test
    void aMultipartObjectHasNoChecksumToVerify() {
        ObjectStore st = through(Store.S3);
        byte[] big = new byte[12 << 20];
        new Random(3).nextBytes(big);
        st.put(CONTAINER, "multi.bin", new ByteArrayInputStream(big), big.length, PutOptions.DEFAULT.withParts(5L << 20, 2));
        MemorySink sink = new MemorySink();

        DownloadStats stats = engine(CHUNK).download(st, CONTAINER, "multi.bin", sink, CancellationToken.create());

        assertThat(stats.integrity().status()).isEqualTo(Integrity.Status.NOT_OFFERED);
        assertThat(sink.bytes()).isEqualTo(big);
    }

    @Test
    void aListedObjectIsCheckedAgainstTheListingsChecksumWithoutAStat() throws IOException {
        ObjectStore st = through(Store.GCS);
        io.rangefinder.storage.ObjectInfo listed = st.list(io.rangefinder.storage.ListRequest.recursive(CONTAINER, KEY))
                .objects().getFirst();
        assertThat(listed.checksum()).isNotNull();
        Path target = dir.resolve("listed.bin");

        DownloadStats stats = engine(CHUNK).start(st, listed, new FileSink(target), CancellationToken.create()).await();

        assertThat(stats.integrity()).isEqualTo(Integrity.verified(Checksum.Algorithm.CRC32C));
        assertThat(Files.readAllBytes(target)).isEqualTo(data);
    }

    @Test
    void aBlobUploadedInBlocksCarriesAnMd5ThatItsDownloadVerifies() throws IOException {
        ObjectStore st = through(Store.AZURE);
        byte[] big = new byte[10 << 20];
        new Random(5).nextBytes(big);
        // 4 MiB blocks: Azure keeps no MD5 of a block list unless the uploader sets one.
        st.put(CONTAINER, "blocks.bin", new ByteArrayInputStream(big), big.length, PutOptions.DEFAULT.withParts(4L << 20, 2));
        Path target = dir.resolve("blocks.bin");

        DownloadStats stats = engine(CHUNK).download(st, CONTAINER, "blocks.bin", new FileSink(target), CancellationToken.create());

        assertThat(stats.integrity()).isEqualTo(Integrity.verified(Checksum.Algorithm.MD5));
        assertThat(Files.readAllBytes(target)).isEqualTo(big);
    }
}
