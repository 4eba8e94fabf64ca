package io.rangefinder.storage.s3;

import io.rangefinder.testing.Ports;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.rangefinder.bench.SyntheticData;
import io.rangefinder.core.CancellationToken;
import io.rangefinder.core.CancelledException;
import io.rangefinder.engine.Download;
import io.rangefinder.engine.DownloadStats;
import io.rangefinder.engine.FileSink;
import io.rangefinder.engine.RangeEngine;
import io.rangefinder.engine.RangeEngineConfig;
import io.rangefinder.engine.ShapedStore;
import io.rangefinder.storage.config.ConnectionProfile;
import io.rangefinder.storage.ContainerInfo;
import io.rangefinder.storage.ListPage;
import io.rangefinder.storage.ListRequest;
import io.rangefinder.storage.ObjectInfo;
import io.rangefinder.storage.PutOptions;
import io.rangefinder.storage.config.Secret;
import io.rangefinder.storage.StorageException;
import io.rangefinder.testing.S3ProxyServer;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/** S3Store against a real S3 server (S3Proxy, in memory) over HTTP, through the official SDK. */
class S3StoreTest {

    private static final AtomicInteger BUCKETS = new AtomicInteger();
    static S3ProxyServer server;
    static S3Store store;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        server = S3ProxyServer.get();
        store = S3Store.open(server.profile());
    }

    @AfterAll
    static void closeStore() {
        store.close();
    }

    /** A fresh bucket per test, so tests never see each other's objects. */
    static String bucket() {
        String name = "t" + ProcessHandle.current().pid() + "-" + BUCKETS.incrementAndGet();
        store.createContainer(name);
        return name;
    }

    private static ObjectInfo putBytes(String bucket, String key, byte[] data) {
        return store.put(bucket, key, new ByteArrayInputStream(data), data.length, PutOptions.DEFAULT);
    }

    private static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    static String sha256(InputStream in) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        byte[] buf = new byte[1 << 20];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static List<MultipartUpload> pendingUploads(String bucket) {
        return store.client().listMultipartUploads(b -> b.bucket(bucket)).uploads();
    }

    // ------------------------------------------------------------------ containers

    @Test
    void containersCreateListDuplicateAndDeleteNonEmpty() {
        String b = bucket();
        assertThat(store.listContainers()).extracting(ContainerInfo::name).contains(b);
        assertThat(store.listContainers()).filteredOn(c -> c.name().equals(b)).first()
                .satisfies(c -> assertThat(c.created()).isNotNull());

        assertThatThrownBy(() -> store.createContainer(b))
                .isInstanceOf(StorageException.AlreadyExists.class).hasMessageContaining(b);

        putBytes(b, "x", new byte[] {1});
        assertThatThrownBy(() -> store.deleteContainer(b))
                .isInstanceOf(StorageException.InvalidArgument.class)
                .hasMessageContaining("bucket '" + b + "' is not empty");

        store.delete(b, "x");
        store.deleteContainer(b);
        assertThat(store.listContainers()).extracting(ContainerInfo::name).doesNotContain(b);
        assertThatThrownBy(() -> store.deleteContainer(b)).isInstanceOf(StorageException.NotFound.class);
    }

    // ------------------------------------------------------------------ listing

    @Test
    void lists2500ObjectsInPagesWithAndWithoutDelimiter() throws Exception {
        String b = bucket();
        List<String> keys = new ArrayList<>();
        for (int d = 0; d < 25; d++) {
            for (int f = 0; f < 100; f++) {
                keys.add(String.format("dir%02d/file%03d", d, f));
            }
        }
        List<String> top = List.of("a-top", "b-top", "z-top");
        List<String> all = new ArrayList<>(keys);
        all.addAll(top);
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<?>> fs = new ArrayList<>();
            for (String k : all) {
                fs.add(pool.submit(() -> store.client().putObject(r -> r.bucket(b).key(k),
                        software.amazon.awssdk.core.sync.RequestBody.fromString(k))));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        }

        // Recursive: 2,503 objects in pages of 1,000, in key order, with sizes and etags.
        List<String> seen = new ArrayList<>();
        int pages = 0;
        for (Iterator<ListPage> it = store.pages(ListRequest.recursive(b, "")); it.hasNext(); ) {
            ListPage p = it.next();
            pages++;
            assertThat(p.commonPrefixes()).isEmpty();
            assertThat(p.objects().size()).isLessThanOrEqualTo(1000);
            for (ObjectInfo o : p.objects()) {
                assertThat(o.size()).isEqualTo(o.key().length());
                assertThat(o.etag()).doesNotContain("\"").isNotBlank();
                assertThat(o.lastModified()).isNotNull();
                assertThat(o.storageClass()).isEqualTo("STANDARD");
                seen.add(o.key());
            }
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(2503).isSorted().containsExactlyInAnyOrderElementsOf(all);

        // Small pages with a prefix.
        List<String> dir7 = new ArrayList<>();
        for (Iterator<ListPage> it = store.pages(new ListRequest(b, "dir07/", null, 30, null)); it.hasNext(); ) {
            ListPage p = it.next();
            assertThat(p.objects().size()).isLessThanOrEqualTo(30);
            p.objects().forEach(o -> dir7.add(o.key()));
        }
        assertThat(dir7).hasSize(100).allMatch(k -> k.startsWith("dir07/"));

        // Delimited: 25 folders and 3 objects, in pages of 10 (prefixes count toward the page).
        List<String> prefixes = new ArrayList<>();
        List<String> objects = new ArrayList<>();
        pages = 0;
        for (Iterator<ListPage> it = store.pages(new ListRequest(b, "", "/", 10, null)); it.hasNext(); ) {
            ListPage p = it.next();
            pages++;
            assertThat(p.objects().size() + p.commonPrefixes().size()).isLessThanOrEqualTo(10);
            prefixes.addAll(p.commonPrefixes());
            p.objects().forEach(o -> objects.add(o.key()));
        }
        assertThat(pages).isGreaterThanOrEqualTo(3);
        assertThat(prefixes).hasSize(25).doesNotHaveDuplicates().allMatch(p -> p.matches("dir\\d\\d/"));
        assertThat(objects).containsExactlyElementsOf(top);

        // A folder's contents through the delimiter.
        ListPage inDir = store.list(ListRequest.folders(b, "dir03/"));
        assertThat(inDir.objects()).hasSize(100);
        assertThat(inDir.commonPrefixes()).isEmpty();
        assertThat(inDir.hasMore()).isFalse();
    }

    @Test
    void keysWithSpacesUnicodePlusPercentAndHash() throws IOException {
        String b = bucket();
        List<String> keys = List.of("with space.txt", "ünïcødé/ключ/日本語.bin", "a+b+c", "100%", "50%25done",
                "tag#1", "mix ?&=+%#;,:@$!'()*.bin", "folder with space/inner+plus#hash%");
        for (String k : keys) {
            putBytes(b, k, k.getBytes(StandardCharsets.UTF_8));
        }
        for (String k : keys) {
            assertThat(store.stat(b, k).size()).as(k).isEqualTo(k.getBytes(StandardCharsets.UTF_8).length);
            assertThat(read(store.get(b, k))).as(k).isEqualTo(k.getBytes(StandardCharsets.UTF_8));
        }
        List<String> listed = new ArrayList<>();
        store.pages(ListRequest.recursive(b, "")).forEachRemaining(p -> p.objects().forEach(o -> listed.add(o.key())));
        assertThat(listed).containsExactlyInAnyOrderElementsOf(keys);

        ListPage folders = store.list(ListRequest.folders(b, ""));
        assertThat(folders.commonPrefixes()).containsExactlyInAnyOrder("ünïcødé/", "folder with space/");
        assertThat(store.list(ListRequest.folders(b, "folder with space/")).objects())
                .extracting(ObjectInfo::key).containsExactly("folder with space/inner+plus#hash%");
        assertThat(store.list(ListRequest.recursive(b, "a+")).objects()).extracting(ObjectInfo::key)
                .containsExactly("a+b+c");

        for (String k : keys) {
            store.delete(b, k);
            assertThatThrownBy(() -> store.stat(b, k)).as(k).isInstanceOf(StorageException.NotFound.class);
        }
    }

    // ------------------------------------------------------------------ stat, get, ranges

    @Test
    void statReportsSizeEtagTimeTypeMetadataAndClass() throws Exception {
        String b = bucket();
        byte[] data = "hello, rangefinder".getBytes(StandardCharsets.UTF_8);
        Instant before = Instant.now().minusSeconds(5);
        ObjectInfo put = store.put(b, "docs/hello.txt", new ByteArrayInputStream(data), data.length,
                PutOptions.contentType("text/plain").withMetadata(Map.of("owner", "ann", "purpose", "unit-test")));
        ObjectInfo s = store.stat(b, "docs/hello.txt");
        assertThat(put).isEqualTo(s);
        assertThat(s.container()).isEqualTo(b);
        assertThat(s.key()).isEqualTo("docs/hello.txt");
        assertThat(s.name()).isEqualTo("hello.txt");
        assertThat(s.size()).isEqualTo(data.length);
        assertThat(s.contentType()).startsWith("text/plain");
        assertThat(s.metadata()).containsEntry("owner", "ann").containsEntry("purpose", "unit-test").hasSize(2);
        assertThat(s.storageClass()).isEqualTo("STANDARD");
        assertThat(s.lastModified()).isAfter(before).isBefore(Instant.now().plusSeconds(5));
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        assertThat(s.etag()).isEqualTo(md5);

        ObjectInfo listed = store.list(ListRequest.recursive(b, "docs/")).objects().getFirst();
        assertThat(listed.etag()).isEqualTo(md5);
        assertThat(listed.size()).isEqualTo(data.length);

        ObjectInfo noType = putBytes(b, "plain", data);
        assertThat(noType.contentType()).isEqualTo("application/octet-stream");
        assertThat(noType.metadata()).isEmpty();
    }

    @Test
    void getAndRangeEdges() throws IOException {
        String b = bucket();
        byte[] data = SyntheticData.bytes(100_000, 5);
        putBytes(b, "r.bin", data);

        assertThat(read(store.get(b, "r.bin"))).isEqualTo(data);
        assertThat(read(store.getRange(b, "r.bin", 0, 1))).containsExactly(data[0]);
        assertThat(read(store.getRange(b, "r.bin", data.length - 1, 1))).containsExactly(data[data.length - 1]);
        assertThat(read(store.getRange(b, "r.bin", 1000, 5000)))
                .isEqualTo(java.util.Arrays.copyOfRange(data, 1000, 6000));
        // Past the end: cut at the end.
        assertThat(read(store.getRange(b, "r.bin", data.length - 10, 1000)))
                .isEqualTo(java.util.Arrays.copyOfRange(data, data.length - 10, data.length));
        assertThat(read(store.getRange(b, "r.bin", 0, Long.MAX_VALUE))).isEqualTo(data);
        assertThat(read(store.getRange(b, "r.bin", 7, 0))).isEmpty();

        assertThatThrownBy(() -> store.getRange(b, "r.bin", data.length, 1))
                .isInstanceOf(StorageException.InvalidArgument.class)
                .hasMessageContaining("at or past the end").hasMessageContaining(String.valueOf(data.length));
        assertThatThrownBy(() -> store.getRange(b, "r.bin", data.length + 100, 10))
                .isInstanceOf(StorageException.InvalidArgument.class);
        assertThatThrownBy(() -> store.getRange(b, "r.bin", -1, 10))
                .isInstanceOf(StorageException.InvalidArgument.class);

        putBytes(b, "empty", new byte[0]);
        assertThat(read(store.get(b, "empty"))).isEmpty();
        assertThat(read(store.getRange(b, "empty", 0, 10))).isEmpty();

        assertThatThrownBy(() -> store.get(b, "missing")).isInstanceOf(StorageException.NotFound.class)
                .hasMessage("object 'missing' not found in bucket '" + b + "'");
        assertThatThrownBy(() -> store.getRange(b, "missing", 0, 10)).isInstanceOf(StorageException.NotFound.class);
    }

    @Test
    void earlyCloseAbortsInsteadOfDraining() throws IOException {
        AtomicInteger aborts = new AtomicInteger();
        AtomicInteger served = new AtomicInteger();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                served.incrementAndGet();
                return 7;
            }
        };
        var body = new ResponseInputStream<>("resp", AbortableInputStream.create(endless, aborts::incrementAndGet));
        InputStream in = new AbortingInputStream(body, 1L << 40, null);
        assertThat(in.read()).isEqualTo(7);
        in.close();
        assertThat(aborts.get()).isEqualTo(1);
        assertThat(served.get()).isEqualTo(1);

        // Read to the announced length: the connection is reusable, so no abort.
        AtomicInteger aborts2 = new AtomicInteger();
        var body2 = new ResponseInputStream<>("resp", AbortableInputStream.create(
                new ByteArrayInputStream(new byte[10]), aborts2::incrementAndGet));
        InputStream in2 = new AbortingInputStream(body2, 10L, null);
        assertThat(in2.readNBytes(10)).hasSize(10);
        in2.close();
        assertThat(aborts2.get()).isZero();

        // And through the server: closing a 64 MiB GET after 1 byte comes back at once.
        String b = bucket();
        store.put(b, "big", new SyntheticData(64L << 20, 1), 64L << 20, PutOptions.DEFAULT);
        InputStream real = store.get(b, "big");
        assertThat(real.read()).isNotNegative();
        real.close();
        assertThat(read(store.getRange(b, "big", 5, 3))).hasSize(3); // the store still works afterwards
    }

    // ------------------------------------------------------------------ put

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 5 << 20})
    void putsSmallObjectsWithKnownAndUnknownLength(int size) throws IOException {
        String b = bucket();
        byte[] data = SyntheticData.bytes(size, size);
        ObjectInfo known = putBytes(b, "known", data);
        assertThat(known.size()).isEqualTo(size);
        assertThat(read(store.get(b, "known"))).isEqualTo(data);

        ObjectInfo unknown = store.put(b, "unknown", new ByteArrayInputStream(data), -1, PutOptions.DEFAULT);
        assertThat(unknown.size()).isEqualTo(size);
        assertThat(read(store.get(b, "unknown"))).isEqualTo(data);
    }

    @Test
    void putRejectsDataThatDoesNotMatchItsDeclaredLength() {
        String b = bucket();
        assertThatThrownBy(() -> store.put(b, "short", new ByteArrayInputStream(new byte[5]), 10, PutOptions.DEFAULT))
                .isInstanceOf(StorageException.InvalidArgument.class).hasMessageContaining("ended after 5");
        assertThatThrownBy(() -> store.put(b, "long", new ByteArrayInputStream(new byte[11]), 10, PutOptions.DEFAULT))
                .isInstanceOf(StorageException.InvalidArgument.class).hasMessageContaining("longer than");
        long big = 12L << 20;
        assertThatThrownBy(() -> store.put(b, "short-mp", new SyntheticData(big - 1, 1), big,
                PutOptions.DEFAULT.withParts(5 << 20, 2)))
                .isInstanceOf(StorageException.InvalidArgument.class).hasMessageContaining("ended after");
        assertThatThrownBy(() -> store.put(b, "long-mp", new SyntheticData(big + 1, 1), big,
                PutOptions.DEFAULT.withParts(5 << 20, 2)))
                .isInstanceOf(StorageException.InvalidArgument.class).hasMessageContaining("longer than");
        assertThat(store.list(ListRequest.recursive(b, "")).objects()).isEmpty();
        assertThat(pendingUploads(b)).isEmpty();
    }

    @Test
    void multipartPutOf300MiBReadsBackIdentical() throws IOException {
        String b = bucket();
        long size = 300L << 20;
        String expected = sha256(new SyntheticData(size, 300));
        ObjectInfo info = store.put(b, "big/300.bin", new SyntheticData(size, 300), size,
                new PutOptions("application/x-test", Map.of("kind", "synthetic"), 0, 0, null));
        assertThat(info.size()).isEqualTo(size);
        assertThat(info.etag()).endsWith("-38"); // 300 MiB in 8 MiB parts: 38 parts
        assertThat(info.contentType()).isEqualTo("application/x-test");
        assertThat(info.metadata()).containsEntry("kind", "synthetic");
        assertThat(sha256(store.get(b, "big/300.bin"))).isEqualTo(expected);
        assertThat(pendingUploads(b)).isEmpty();
        store.delete(b, "big/300.bin");
    }

    @Test
    void multipartPutOfUnknownLength() throws IOException {
        String b = bucket();
        long size = (17L << 20) + 12345;
        ObjectInfo info = store.put(b, "stream.bin", new SyntheticData(size, 17), -1,
                PutOptions.DEFAULT.withParts(5L << 20, 3));
        assertThat(info.size()).isEqualTo(size);
        assertThat(info.etag()).endsWith("-4");
        assertThat(sha256(store.get(b, "stream.bin"))).isEqualTo(sha256(new SyntheticData(size, 17)));

        // Exactly on a part boundary: no empty last part.
        long exact = 10L << 20;
        ObjectInfo two = store.put(b, "exact.bin", new SyntheticData(exact, 18), -1,
                PutOptions.DEFAULT.withParts(5L << 20, 2));
        assertThat(two.size()).isEqualTo(exact);
        assertThat(two.etag()).endsWith("-2");
        assertThat(sha256(store.get(b, "exact.bin"))).isEqualTo(sha256(new SyntheticData(exact, 18)));
    }

    /** A stream that throws after {@code failAt} bytes. */
    private static InputStream failingAfter(long size, long failAt) {
        return new FilterInputStream(new SyntheticData(size, 3)) {
            long read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read >= failAt) {
                    throw new IOException("disk went away");
                }
                int n = super.read(b, off, (int) Math.min(len, failAt - read));
                read += Math.max(n, 0);
                return n;
            }
        };
    }

    @Test
    void putWhoseInputFailsMidwayLeavesNoObjectAndNoPendingUpload() {
        String b = bucket();
        long size = 40L << 20;
        assertThatThrownBy(() -> store.put(b, "fail.bin", failingAfter(size, 23L << 20), size,
                PutOptions.DEFAULT.withParts(5L << 20, 2)))
                .isInstanceOf(StorageException.TransientIo.class).hasMessageContaining("disk went away");
        assertThatThrownBy(() -> store.stat(b, "fail.bin")).isInstanceOf(StorageException.NotFound.class);
        assertThat(pendingUploads(b)).isEmpty();

        // Failing inside the first part never starts a multipart upload at all.
        assertThatThrownBy(() -> store.put(b, "fail2.bin", failingAfter(size, 1000), -1, PutOptions.DEFAULT))
                .isInstanceOf(StorageException.TransientIo.class);
        assertThatThrownBy(() -> store.stat(b, "fail2.bin")).isInstanceOf(StorageException.NotFound.class);
        assertThat(pendingUploads(b)).isEmpty();
    }

    @Test
    void cancellingAMultipartPutAbortsIt() {
        String b = bucket();
        long size = 200L << 20;
        CancellationToken token = CancellationToken.create();
        // Cancel once the uploader has read 30 MiB: several parts are done or in flight by then.
        InputStream data = new FilterInputStream(new SyntheticData(size, 4)) {
            long read;

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                read += Math.max(n, 0);
                if (read >= (30L << 20)) {
                    token.cancel("user cancelled the upload");
                }
                return n;
            }
        };
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> store.put(b, "cancel.bin", data, size,
                PutOptions.DEFAULT.withParts(5L << 20, 4).withToken(token)))
                .isInstanceOf(CancelledException.class).hasMessageContaining("user cancelled the upload");
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(10_000);
        assertThatThrownBy(() -> store.stat(b, "cancel.bin")).isInstanceOf(StorageException.NotFound.class);
        assertThat(pendingUploads(b)).isEmpty();

        // Cancelled before it starts: nothing is sent.
        CancellationToken done = CancellationToken.create();
        done.cancel("too late");
        assertThatThrownBy(() -> store.put(b, "never", new ByteArrayInputStream(new byte[3]), 3,
                PutOptions.DEFAULT.withToken(done))).isInstanceOf(CancelledException.class);
        assertThatThrownBy(() -> store.stat(b, "never")).isInstanceOf(StorageException.NotFound.class);
    }

    @Test
    void partSizeHonoursS3Limits() {
        assertThat(S3Store.partSize(0, -1)).isEqualTo(8L << 20);
        assertThat(S3Store.partSize(1 << 20, -1)).isEqualTo(5L << 20);
        assertThat(S3Store.partSize(0, 200L << 30)).isGreaterThanOrEqualTo((200L << 30) / 10_000);
        assertThatThrownBy(() -> S3Store.partSize(6L << 30, -1)).isInstanceOf(StorageException.InvalidArgument.class);
    }

    // ------------------------------------------------------------------ delete and errors

    @Test
    void deleteThenStatIsNotFoundAndDeletingAMissingKeyIsNotFound() {
        String b = bucket();
        putBytes(b, "gone", new byte[] {1, 2});
        store.delete(b, "gone");
        assertThatThrownBy(() -> store.stat(b, "gone")).isInstanceOf(StorageException.NotFound.class)
                .hasMessage("object 'gone' not found in bucket '" + b + "'");
        assertThatThrownBy(() -> store.delete(b, "gone")).isInstanceOf(StorageException.NotFound.class);
    }

    @Test
    void missingBucketIsNotFoundNamingTheEndpoint() {
        String expected = "bucket 'no-such-bucket' does not exist at " + server.endpoint();
        assertThatThrownBy(() -> store.list(ListRequest.recursive("no-such-bucket", "")))
                .isInstanceOf(StorageException.NotFound.class).hasMessageContaining(expected);
        assertThatThrownBy(() -> store.stat("no-such-bucket", "k"))
                .isInstanceOf(StorageException.NotFound.class).hasMessageContaining(expected);
        assertThatThrownBy(() -> store.get("no-such-bucket", "k"))
                .isInstanceOf(StorageException.NotFound.class).hasMessageContaining(expected);
        assertThatThrownBy(() -> store.put("no-such-bucket", "k", new ByteArrayInputStream(new byte[1]), 1,
                PutOptions.DEFAULT)).isInstanceOf(StorageException.NotFound.class).hasMessageContaining(expected);
        assertThatThrownBy(() -> store.deleteContainer("no-such-bucket"))
                .isInstanceOf(StorageException.NotFound.class).hasMessageContaining(expected);
    }

    private static void assertNoSecret(Throwable t, String... secrets) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            for (String s : secrets) {
                assertThat(String.valueOf(c.getMessage())).doesNotContain(s);
                assertThat(c.toString()).doesNotContain(s);
            }
        }
    }

    @Test
    void wrongCredentialsAreAccessDeniedWithoutTheSecret() {
        String secret = "WRONG-secret-Zq8vX2mN4pL7";
        String token = "SESSION-token-Yh3kR9wE1tB6";
        ConnectionProfile wrongSecret = server.profile().toBuilder().secretAccessKey(Secret.of(secret)).build();
        try (S3Store bad = S3Store.open(wrongSecret)) {
            assertThat(bad.describe()).isEqualTo("s3 (" + server.endpoint() + ")").doesNotContain(secret);
            assertThat(bad.toString()).doesNotContain(secret);
            Throwable t = org.assertj.core.api.Assertions.catchThrowable(bad::listContainers);
            assertThat(t).isInstanceOf(StorageException.AccessDenied.class)
                    .hasMessageContaining(server.endpoint()).hasMessageContaining("secret key")
                    .hasMessageContaining(server.identity());
            assertNoSecret(t, secret);
        }
        ConnectionProfile wrongId = server.profile().toBuilder().accessKeyId("nobody")
                .secretAccessKey(Secret.of(secret)).sessionToken(Secret.of(token)).build();
        try (S3Store bad = S3Store.open(wrongId)) {
            assertThat(bad.describe()).doesNotContain(secret).doesNotContain(token);
            Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> bad.stat("b", "k"));
            assertThat(t).isInstanceOf(StorageException.AccessDenied.class).hasMessageContaining("nobody");
            assertNoSecret(t, secret, token);
        }
    }

    @Test
    void noServerIsConnectionFailedWithinTheConnectTimeout() throws IOException {
        int port;
        port = Ports.unused();
        String endpoint = "http://127.0.0.1:" + port;
        ConnectionProfile p = server.profile().toBuilder().endpoint(endpoint).connectTimeout(Duration.ofSeconds(2))
                .build();
        try (S3Store none = S3Store.open(p)) {
            long t0 = System.nanoTime();
            assertThatThrownBy(none::listContainers)
                    .isInstanceOf(StorageException.ConnectionFailed.class)
                    .hasMessageContaining("cannot connect to " + endpoint + ": connection refused")
                    .hasMessageContaining("is the server running");
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(3_000);
            assertThatThrownBy(() -> none.get("b", "k")).isInstanceOf(StorageException.ConnectionFailed.class)
                    .satisfies(e -> assertThat(((StorageException) e).isRetryable()).isTrue());
        }
    }

    @Test
    void invalidEndpointAndHalfStaticKeysAreRejectedUpFront() {
        assertThatThrownBy(() -> S3Store.open(server.profile().toBuilder().endpoint("not a url").build()))
                .isInstanceOf(StorageException.InvalidArgument.class).hasMessageContaining("endpoint");
        assertThatThrownBy(() -> S3Store.open(server.profile().toBuilder().secretAccessKey(null).build()))
                .isInstanceOf(StorageException.InvalidArgument.class).hasMessageContaining("secret key is missing");
    }

    // ------------------------------------------------------------------ range engine

    @Test
    void rangeEngineDownloads256MiBByteIdenticalAndCancelsHalfWay() throws Exception {
        String b = bucket();
        long size = 256L << 20;
        store.put(b, "engine.bin", new SyntheticData(size, 256), size, PutOptions.DEFAULT.withParts(16L << 20, 4));
        RangeEngineConfig cfg = RangeEngineConfig.defaults().withChunkSize(8L << 20).withMaxConcurrentRanges(8);

        Path dest = tmp.resolve("engine.bin");
        DownloadStats stats = new RangeEngine(cfg).download(store, b, "engine.bin", new FileSink(dest),
                CancellationToken.create());
        assertThat(stats.bytes()).isEqualTo(size);
        assertThat(stats.ranges()).isEqualTo(32);
        assertThat(Files.size(dest)).isEqualTo(size);
        assertThat(sha256(Files.newInputStream(dest))).isEqualTo(sha256(new SyntheticData(size, 256)));
        Files.delete(dest);

        // Slowed to ~32 MiB/s per range stream so "half-way" is a moment a test can catch.
        ShapedStore slow = new ShapedStore(store);
        slow.bytesPerSecondPerStream = 32L << 20;
        Path dest2 = tmp.resolve("cancelled.bin");
        FileSink sink = new FileSink(dest2);
        CancellationToken token = CancellationToken.create();
        Download d = new RangeEngine(cfg.withMaxConcurrentRanges(4)).start(slow, b, "engine.bin", size, sink, token);
        await().atMost(30, TimeUnit.SECONDS).until(() -> d.progress().bytesDone() >= size / 2);
        long t0 = System.nanoTime();
        token.cancel("user pressed cancel");
        assertThatThrownBy(d::await).isInstanceOf(CancelledException.class);
        long stoppedMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(stoppedMs).as("stopped %d ms after cancel", stoppedMs).isLessThan(500);
        assertThat(slow.open.get()).as("range streams left open").isZero();
        assertThat(Files.exists(dest2)).isFalse();
        assertThat(Files.exists(sink.tempFile())).isFalse();
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).isEmpty();
        }
    }
}
