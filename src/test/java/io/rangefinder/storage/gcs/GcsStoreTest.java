package io.rangefinder.storage.gcs;

import io.rangefinder.testing.Ports;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rangefinder.bench.SyntheticData;
import io.rangefinder.core.CancellationToken;
import io.rangefinder.core.CancelledException;
import io.rangefinder.storage.config.ConnectionProfile;
import io.rangefinder.storage.ContainerInfo;
import io.rangefinder.storage.ListPage;
import io.rangefinder.storage.ListRequest;
import io.rangefinder.storage.ObjectInfo;
import io.rangefinder.storage.PutOptions;
import io.rangefinder.storage.StorageException;
import io.rangefinder.testing.GcsTestServer;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import io.rangefinder.engine.Download;
import io.rangefinder.engine.DownloadStats;
import io.rangefinder.engine.FileSink;
import io.rangefinder.engine.RangeEngine;
import io.rangefinder.engine.RangeEngineConfig;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.io.TempDir;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GcsStore against the project's GCS JSON-API server, only through the official client over HTTP. */
class GcsStoreTest {

    private static final AtomicInteger BUCKETS = new AtomicInteger();
    static GcsTestServer server;
    static GcsStore store;

    @BeforeAll
    static void open() {
        server = GcsTestServer.shared();
        store = GcsStore.open(server.profile());
    }

    @AfterAll
    static void close() {
        store.close();
    }

    static String newBucket() {
        String b = "gcs-test-" + ProcessHandle.current().pid() + "-" + BUCKETS.incrementAndGet();
        store.createContainer(b);
        return b;
    }

    static ObjectInfo put(String bucket, String key, byte[] data) {
        return store.put(bucket, key, new ByteArrayInputStream(data), data.length, PutOptions.DEFAULT);
    }

    static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    // ------------------------------------------------------------------ buckets

    @Test
    void bucketsCreateListDuplicateAndDeleteNonEmpty() {
        String b = newBucket();
        assertThat(store.listContainers()).extracting(ContainerInfo::name).contains(b);
        assertThat(store.listContainers()).filteredOn(c -> c.name().equals(b)).first()
                .extracting(ContainerInfo::created).isNotNull();
        assertThatThrownBy(() -> store.createContainer(b))
                .isInstanceOf(StorageException.AlreadyExists.class).hasMessageContaining(b);

        put(b, "x", new byte[] {1});
        assertThatThrownBy(() -> store.deleteContainer(b))
                .isInstanceOf(StorageException.InvalidArgument.class).hasMessageContaining("not empty");
        store.delete(b, "x");
        store.deleteContainer(b);
        assertThat(store.listContainers()).extracting(ContainerInfo::name).doesNotContain(b);
        assertThatThrownBy(() -> store.deleteContainer(b))
                .isInstanceOf(StorageException.NotFound.class).hasMessageContaining("bucket '" + b + "' does not exist");
    }

    @Test
    void describeNamesTheHost() {
        assertThat(store.describe()).isEqualTo("gcs (" + server.host() + ")");
    }

    // ------------------------------------------------------------------ objects

    @Test
    void putSmallSizesAndReadBack() throws IOException {
        String b = newBucket();
        for (int size : new int[] {0, 1, 5 << 20}) {
            byte[] data = SyntheticData.bytes(size, size);
            ObjectInfo info = put(b, "size-" + size, data);
            assertThat(info.size()).isEqualTo(size);
            assertThat(read(store.get(b, "size-" + size))).isEqualTo(data);
            assertThat(store.stat(b, "size-" + size).size()).isEqualTo(size);
        }
    }

    @Test
    void statHasMetadataContentTypeAndGeneration() {
        String b = newBucket();
        PutOptions opts = PutOptions.contentType("text/plain; charset=utf-8")
                .withMetadata(Map.of("owner", "lab", "run", "42"));
        ObjectInfo put = store.put(b, "dir/note.txt", new ByteArrayInputStream("hello".getBytes()), 5, opts);
        ObjectInfo s = store.stat(b, "dir/note.txt");
        assertThat(s.container()).isEqualTo(b);
        assertThat(s.key()).isEqualTo("dir/note.txt");
        assertThat(s.size()).isEqualTo(5);
        assertThat(s.contentType()).isEqualTo("text/plain; charset=utf-8");
        assertThat(s.metadata()).containsEntry("owner", "lab").containsEntry("run", "42");
        assertThat(s.etag()).matches("\\d+").isEqualTo(put.etag());
        assertThat(s.storageClass()).isEqualTo("STANDARD");
        assertThat(s.lastModified()).isNotNull();

        ObjectInfo again = store.put(b, "dir/note.txt", new ByteArrayInputStream("hello!".getBytes()), 6, opts);
        assertThat(Long.parseLong(again.etag())).isGreaterThan(Long.parseLong(put.etag()));
    }

    @Test
    void rangeEdges() throws IOException {
        String b = newBucket();
        byte[] data = SyntheticData.bytes(1000, 3);
        put(b, "r.bin", data);
        assertThat(read(store.getRange(b, "r.bin", 0, 1))).containsExactly(data[0]);
        assertThat(read(store.getRange(b, "r.bin", 999, 1))).containsExactly(data[999]);
        assertThat(read(store.getRange(b, "r.bin", 10, 20))).isEqualTo(java.util.Arrays.copyOfRange(data, 10, 30));
        assertThat(read(store.getRange(b, "r.bin", 990, 100))).isEqualTo(java.util.Arrays.copyOfRange(data, 990, 1000));
        assertThat(read(store.getRange(b, "r.bin", 0, Long.MAX_VALUE))).isEqualTo(data);
        assertThatThrownBy(() -> store.getRange(b, "r.bin", 1000, 10))
                .isInstanceOf(StorageException.InvalidArgument.class).hasMessageContaining("past the end");
        assertThatThrownBy(() -> store.getRange(b, "r.bin", 5000, 10))
                .isInstanceOf(StorageException.InvalidArgument.class);
        put(b, "empty", new byte[0]);
        assertThat(read(store.getRange(b, "empty", 0, 10))).isEmpty();
        assertThat(read(store.get(b, "empty"))).isEmpty();
    }

    @Test
    void listsPagesWithAndWithoutDelimiter() {
        String b = newBucket();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            keys.add((i % 5 == 0 ? "top-" : "d" + (i % 5) + "/") + String.format("%05d", i));
        }
        // Eight uploads at a time: the store is thread-safe, and 2,500 one after another is slow.
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            for (String k : keys) {
                pool.submit(() -> put(b, k, k.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
        }
        List<String> seen = new ArrayList<>();
        int pages = 0;
        var it = store.pages(ListRequest.recursive(b, "").withPageSize(700));
        while (it.hasNext()) {
            ListPage p = it.next();
            pages++;
            assertThat(p.objects().size()).isLessThanOrEqualTo(700);
            p.objects().forEach(o -> seen.add(o.key()));
        }
        assertThat(pages).isEqualTo(4);
        assertThat(seen).hasSize(2500).isSorted().containsExactlyInAnyOrderElementsOf(keys);

        List<String> prefixes = new ArrayList<>();
        List<String> top = new ArrayList<>();
        it = store.pages(new ListRequest(b, "", "/", 3, null));
        pages = 0;
        while (it.hasNext()) {
            ListPage p = it.next();
            pages++;
            assertThat(p.objects().size() + p.commonPrefixes().size()).isLessThanOrEqualTo(3);
            prefixes.addAll(p.commonPrefixes());
            p.objects().forEach(o -> top.add(o.key()));
            if (pages > 400) {
                break;
            }
        }
        assertThat(prefixes).containsExactly("d1/", "d2/", "d3/", "d4/");
        assertThat(top).hasSize(500).allMatch(k -> k.startsWith("top-"));

        ListPage d2 = store.list(new ListRequest(b, "d2/", "/", 1000, null));
        assertThat(d2.objects()).hasSize(500);
        assertThat(d2.commonPrefixes()).isEmpty();
        assertThat(d2.hasMore()).isFalse();
    }

    @Test
    void theLeanListingAndStatAgreeWithTheLibrarys() {
        String b = newBucket();
        List<String> keys = List.of("a/1.bin", "a/2.bin", "a/b/3.bin", "c.txt", "d/4.bin", "e f+g%h.bin", "z/\u00e9t\u00e9.bin");
        for (String k : keys) {
            byte[] data = k.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            store.put(b, k, new ByteArrayInputStream(data), data.length,
                    PutOptions.contentType("text/plain").withMetadata(java.util.Map.of("run-id", "7", "Owner", "lab")));
        }
        try (GcsStore library = GcsStore.open(server.profile(), com.google.cloud.NoCredentials.getInstance(), false)) {
            assertThat(store.readsLean()).isTrue();
            assertThat(library.readsLean()).isFalse();
            for (ListRequest first : List.of(ListRequest.recursive(b, "").withPageSize(2), new ListRequest(b, "", "/", 2, null),
                    ListRequest.recursive(b, "a/"), new ListRequest(b, "", "/", 1000, null).withStartAfter("a/1.bin"))) {
                List<ListPage> lean = new ArrayList<>();
                store.pages(first).forEachRemaining(lean::add);
                List<ListPage> viaLibrary = new ArrayList<>();
                library.pages(first).forEachRemaining(viaLibrary::add);
                assertThat(lean).as("pages of %s", first).isEqualTo(viaLibrary).isNotEmpty();
            }
            for (String k : keys) {
                assertThat(store.stat(b, k)).as("stat of %s", k).isEqualTo(library.stat(b, k));
            }
            ListPage all = store.list(ListRequest.recursive(b, "").withPageSize(1000));
            assertThat(all.objects()).as("a listing agrees with a stat").allSatisfy(o ->
                    assertThat(o).isEqualTo(store.stat(b, o.key())));
            assertThat(all.objects()).hasSize(keys.size()).allSatisfy(o -> {
                assertThat(o.metadata()).containsEntry("run-id", "7").containsEntry("Owner", "lab");
                assertThat(o.checksum()).isNotNull();
                assertThat(o.lastModified()).isNotNull();
                assertThat(o.contentType()).isEqualTo("text/plain");
            });
        }
    }

    @Test
    void awkwardKeys() throws IOException {
        String b = newBucket();
        List<String> keys = List.of("with space.txt", "unicode-é-日本-😀.bin", "plus+sign", "per%cent%2F",
                "hash#tag", "a/b c/d+e#f%g", "q?x=1&y=2");
        for (String k : keys) {
            put(b, k, k.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        for (String k : keys) {
            assertThat(store.stat(b, k).key()).isEqualTo(k);
            assertThat(new String(read(store.get(b, k)), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(k);
            assertThat(store.list(ListRequest.recursive(b, k)).objects()).extracting(ObjectInfo::key).contains(k);
        }
        ListPage all = store.list(ListRequest.recursive(b, ""));
        assertThat(all.objects()).extracting(ObjectInfo::key).containsExactlyInAnyOrderElementsOf(keys);
        ListPage folder = store.list(ListRequest.folders(b, "a/"));
        assertThat(folder.commonPrefixes()).containsExactly("a/b c/");
        for (String k : keys) {
            store.delete(b, k);
        }
        assertThat(store.list(ListRequest.recursive(b, "")).objects()).isEmpty();
    }

    @Test
    void manySmallReadsReuseTheLeanPathsConnections() throws IOException {
        String bucket = "reuse-" + Long.toHexString(System.nanoTime());
        store.createContainer(bucket);
        byte[] body = new byte[1000];
        new java.util.Random(3).nextBytes(body);
        store.put(bucket, "k", new ByteArrayInputStream(body), body.length, PutOptions.DEFAULT);
        assertThat(store.readsLean()).isTrue();
        int before = store.leanConnectionsOpened();
        for (int i = 0; i < 200; i++) {
            try (InputStream in = i % 2 == 0 ? store.get(bucket, "k") : store.getRange(bucket, "k", 10, 90)) {
                assertThat(in.readAllBytes()).isEqualTo(i % 2 == 0 ? body : java.util.Arrays.copyOfRange(body, 10, 100));
            }
        }
        // one after another, read to the end: each request goes out on the connection the last one freed
        assertThat(store.leanConnectionsOpened() - before).isLessThanOrEqualTo(2);
    }

    @Test
    void deleteThenStatIsNotFound() {
        String b = newBucket();
        put(b, "gone", new byte[] {1, 2});
        store.delete(b, "gone");
        assertThatThrownBy(() -> store.stat(b, "gone")).isInstanceOf(StorageException.NotFound.class)
                .hasMessage("object 'gone' not found in bucket '" + b + "'");
        assertThatThrownBy(() -> store.delete(b, "gone")).isInstanceOf(StorageException.NotFound.class);
        assertThatThrownBy(() -> store.get(b, "gone")).isInstanceOf(StorageException.NotFound.class)
                .hasMessageContaining("'gone'");
        assertThatThrownBy(() -> store.getRange(b, "gone", 5, 5)).isInstanceOf(StorageException.NotFound.class);
    }

    @Test
    void missingBucketIsNotFound() {
        String nb = "no-such-bucket-" + ProcessHandle.current().pid();
        String msg = "bucket '" + nb + "' does not exist";
        assertThatThrownBy(() -> store.stat(nb, "k")).isInstanceOf(StorageException.NotFound.class).hasMessageContaining(msg);
        assertThatThrownBy(() -> store.get(nb, "k")).isInstanceOf(StorageException.NotFound.class).hasMessageContaining(msg);
        assertThatThrownBy(() -> store.list(ListRequest.recursive(nb, ""))).isInstanceOf(StorageException.NotFound.class)
                .hasMessageContaining(msg);
        assertThatThrownBy(() -> put(nb, "k", new byte[1])).isInstanceOf(StorageException.NotFound.class)
                .hasMessageContaining(msg);
        assertThatThrownBy(() -> store.put(nb, "k", new SyntheticData(20 << 20, 1), -1, PutOptions.DEFAULT))
                .isInstanceOf(StorageException.NotFound.class).hasMessageContaining(msg);
        assertThatThrownBy(() -> store.delete(nb, "k")).isInstanceOf(StorageException.NotFound.class)
                .hasMessageContaining(msg);
    }

    // ------------------------------------------------------------------ large and failing uploads

    @Test
    void resumablePutOf300MiBStreamsAndReadsBackIdentical() throws Exception {
        String b = newBucket();
        long size = 300L << 20;
        int sessionsBefore = server.openUploadSessions();
        ObjectInfo info = store.put(b, "big/300m.bin", new SyntheticData(size, 77), size,
                PutOptions.contentType("application/x-test"));
        assertThat(info.size()).isEqualTo(size);
        assertThat(info.contentType()).isEqualTo("application/x-test");
        assertThat(server.openUploadSessions()).isEqualTo(sessionsBefore);
        assertThat(sha256(store.get(b, "big/300m.bin"))).isEqualTo(sha256(new SyntheticData(size, 77)));
        store.delete(b, "big/300m.bin");
    }

    @Test
    void unknownLengthPutGoesResumable() throws Exception {
        String b = newBucket();
        long size = (9L << 20) + 123;
        ObjectInfo info = store.put(b, "u.bin", new SyntheticData(size, 5), -1, PutOptions.DEFAULT.withParts(1 << 20, 0));
        assertThat(info.size()).isEqualTo(size);
        assertThat(sha256(store.get(b, "u.bin"))).isEqualTo(sha256(new SyntheticData(size, 5)));
        // a short unknown-length stream too
        assertThat(store.put(b, "tiny", new ByteArrayInputStream(new byte[] {9}), -1, PutOptions.DEFAULT).size())
                .isEqualTo(1);
        assertThat(read(store.get(b, "tiny"))).containsExactly(9);
    }

    @Test
    void putWhoseInputFailsMidwayLeavesNoObject() {
        String b = newBucket();
        for (long size : new long[] {1 << 20, 40L << 20}) {
            InputStream failing = new FilterInputStream(new SyntheticData(size, 1)) {
                long n;

                @Override
                public int read(byte[] buf, int off, int len) throws IOException {
                    if (n > size / 2) {
                        throw new IOException("disk unplugged");
                    }
                    int r = super.read(buf, off, len);
                    n += Math.max(r, 0);
                    return r;
                }
            };
            assertThatThrownBy(() -> store.put(b, "broken-" + size, failing, size, PutOptions.DEFAULT))
                    .isInstanceOf(StorageException.TransientIo.class).hasMessageContaining("disk unplugged");
            assertThatThrownBy(() -> store.stat(b, "broken-" + size)).isInstanceOf(StorageException.NotFound.class);
        }
        assertThat(store.list(ListRequest.recursive(b, "")).objects()).isEmpty();
    }

    @Test
    void cancelledResumablePutLeavesNoObject() {
        String b = newBucket();
        long size = 64L << 20;
        CancellationToken token = CancellationToken.create();
        InputStream cancelling = new FilterInputStream(new SyntheticData(size, 2)) {
            long n;

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int r = super.read(buf, off, len);
                n += Math.max(r, 0);
                if (n > 20L << 20) {
                    token.cancel("user pressed cancel");
                }
                return r;
            }
        };
        assertThatThrownBy(() -> store.put(b, "cancelled.bin", cancelling, size, PutOptions.DEFAULT.withToken(token)))
                .isInstanceOf(CancelledException.class).hasMessageContaining("user pressed cancel");
        assertThatThrownBy(() -> store.stat(b, "cancelled.bin")).isInstanceOf(StorageException.NotFound.class);
        assertThat(store.list(ListRequest.recursive(b, "")).objects()).isEmpty();
    }

    // ------------------------------------------------------------------ failures of the connection

    @Test
    void noServerIsConnectionFailedWithinSeconds() throws IOException {
        int port;
        port = Ports.unused();
        ConnectionProfile p = server.profile().toBuilder().endpoint("http://127.0.0.1:" + port)
                .connectTimeout(java.time.Duration.ofSeconds(2)).build();
        try (GcsStore dead = GcsStore.open(p)) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> dead.stat("b", "k")).isInstanceOf(StorageException.ConnectionFailed.class)
                    .hasMessageContaining("cannot connect to http://127.0.0.1:" + port + " (connection refused)")
                    .hasMessageContaining("STORAGE_EMULATOR_HOST");
            assertThatThrownBy(dead::listContainers).isInstanceOf(StorageException.ConnectionFailed.class);
            assertThatThrownBy(() -> dead.get("b", "k")).isInstanceOf(StorageException.ConnectionFailed.class);
            assertThatThrownBy(() -> dead.put("b", "k", new ByteArrayInputStream(new byte[3]), 3, PutOptions.DEFAULT))
                    .isInstanceOf(StorageException.ConnectionFailed.class);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(ms).as("four failed calls took %d ms", ms).isLessThan(8000);
        }
    }

    @Test
    void wrongOrMissingTokenIsAccessDeniedWithoutTheToken() throws IOException {
        try (GcsTestServer locked = GcsTestServer.start().requireToken("right-token")) {
            ConnectionProfile p = locked.profile().toBuilder().anonymous(false).build();
            try (GcsStore wrong = GcsStore.open(p, fixedToken("wrong-token-value"))) {
                assertThatThrownBy(wrong::listContainers).isInstanceOf(StorageException.AccessDenied.class)
                        .hasMessageContaining("GOOGLE_APPLICATION_CREDENTIALS")
                        .hasMessageContaining("role")
                        .hasMessageNotContaining("wrong-token-value");
                assertThatThrownBy(() -> wrong.stat("b", "k")).isInstanceOf(StorageException.AccessDenied.class)
                        .hasMessageContaining("bucket 'b'").hasMessageNotContaining("wrong-token-value");
                assertThatThrownBy(() -> wrong.get("b", "k")).isInstanceOf(StorageException.AccessDenied.class)
                        .hasMessageNotContaining("wrong-token-value");
            }
            try (GcsStore none = GcsStore.open(locked.profile())) {
                assertThatThrownBy(() -> none.createContainer("bucket-a"))
                        .isInstanceOf(StorageException.AccessDenied.class);
            }
            try (GcsStore right = GcsStore.open(p, fixedToken("right-token"))) {
                right.createContainer("bucket-a");
                right.put("bucket-a", "k", new ByteArrayInputStream(new byte[] {4}), 1, PutOptions.DEFAULT);
                assertThat(right.stat("bucket-a", "k").size()).isEqualTo(1);
                // the lean read path sends the credentials' bearer token as the library does
                assertThat(right.readsLean()).isTrue();
                try (InputStream in = right.get("bucket-a", "k")) {
                    assertThat(in.readAllBytes()).containsExactly(4);
                }
            }
            try (GcsStore wrong = GcsStore.open(p, fixedToken("wrong-token-value"))) {
                assertThatThrownBy(() -> wrong.get("bucket-a", "k")).isInstanceOf(StorageException.AccessDenied.class)
                        .hasMessageNotContaining("wrong-token-value");
            }
        }
    }

    @Test
    void missingCredentialsFileIsAnActionableError() {
        ConnectionProfile p = server.profile().toBuilder().anonymous(false)
                .credentialsFile("/nonexistent/key.json").build();
        assertThatThrownBy(() -> GcsStore.open(p)).isInstanceOf(StorageException.InvalidArgument.class)
                .hasMessageContaining("/nonexistent/key.json").hasMessageContaining("service-account");
    }

    @Test
    void serviceAccountKeyFileIsUsed(@TempDir Path dir) throws Exception {
        try (GcsTestServer locked = GcsTestServer.start().requireToken("issued-for-the-key")) {
            java.security.KeyPairGenerator gen = java.security.KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048);
            String pem = "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes())
                    .encodeToString(gen.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
            var json = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                    .put("type", "service_account").put("project_id", GcsTestServer.PROJECT)
                    .put("private_key_id", "test-key").put("private_key", pem)
                    .put("client_email", "lab@" + GcsTestServer.PROJECT + ".iam.gserviceaccount.com")
                    .put("client_id", "1").put("token_uri", locked.host() + "/token");
            Path key = dir.resolve("key.json");
            Files.writeString(key, json.toString());
            ConnectionProfile p = locked.profile().toBuilder().anonymous(false).credentialsFile(key.toString()).build();
            try (GcsStore s = GcsStore.open(p)) {
                s.createContainer("from-key");
                assertThat(s.listContainers()).extracting(ContainerInfo::name).contains("from-key");
                s.put("from-key", "k", new ByteArrayInputStream(new byte[] {7, 8}), 2, PutOptions.DEFAULT);
                try (InputStream in = s.getRange("from-key", "k", 1, 1)) {
                    assertThat(in.readAllBytes()).containsExactly(8); // a token issued for the key, on the lean path
                }
            }
        }
    }

    /** Credentials that always send one bearer token (and "refresh" to the same one). */
    static GoogleCredentials fixedToken(String token) {
        AccessToken t = new AccessToken(token, Date.from(Instant.now().plusSeconds(3600)));
        return new GoogleCredentials(t) {
            @Override
            public AccessToken refreshAccessToken() {
                return t;
            }
        };
    }

    /** GCS may keep only part of a resumable chunk (a 308 naming less than was sent): the rest follows, nothing is lost. */
    @Test
    void aChunkTheServerTakesInPartIsFinishedFromWhereItStopped() throws Exception {
        try (GcsTestServer partial = GcsTestServer.start().takeChunksInPart(256 << 10);
             GcsStore s = GcsStore.open(partial.profile())) {
            s.createContainer("partial");
            byte[] body = new byte[(3 << 20) + 12345];
            new java.util.Random(5).nextBytes(body);
            ObjectInfo put = s.put("partial", "in-parts.bin", new ByteArrayInputStream(body), body.length,
                    PutOptions.DEFAULT.withParts(1 << 20, 1));
            assertThat(put.size()).isEqualTo(body.length);
            try (InputStream in = s.get("partial", "in-parts.bin")) {
                assertThat(in.readAllBytes()).isEqualTo(body);
            }
            // and with the length unknown until the data ends
            s.put("partial", "streamed.bin", new ByteArrayInputStream(body), -1, PutOptions.DEFAULT.withParts(1 << 20, 1));
            try (InputStream in = s.get("partial", "streamed.bin")) {
                assertThat(in.readAllBytes()).isEqualTo(body);
            }
        }
    }

    // ------------------------------------------------------------------ the range engine over GCS

    @Test
    void rangeEngineDownloadOf256MiBIsByteIdentical(@TempDir Path out) throws Exception {
        String b = newBucket();
        long size = 256L << 20;
        store.put(b, "engine.bin", new SyntheticData(size, 11), size, PutOptions.DEFAULT);
        Path dest = out.resolve("engine.bin");
        RangeEngineConfig cfg = RangeEngineConfig.defaults().withChunkSize(8L << 20).withMaxConcurrentRanges(8);
        DownloadStats s = new RangeEngine(cfg).download(store, b, "engine.bin", new FileSink(dest),
                CancellationToken.create());
        assertThat(s.bytes()).isEqualTo(size);
        assertThat(s.ranges()).isEqualTo(32);
        assertThat(Files.size(dest)).isEqualTo(size);
        assertThat(sha256(Files.newInputStream(dest))).isEqualTo(sha256(new SyntheticData(size, 11)));
        store.delete(b, "engine.bin");
    }

    @Test
    void rangeEngineCancelHalfWayStopsQuicklyAndLeavesNoFile(@TempDir Path out) throws Exception {
        try (GcsTestServer slow = GcsTestServer.start(); GcsStore s = GcsStore.open(slow.profile())) {
            s.createContainer("slow");
            long size = 256L << 20;
            s.put("slow", "cancel.bin", new SyntheticData(size, 12), size, PutOptions.DEFAULT);
            slow.throttleDownloads(24L << 20); // 8 streams: about 190 MiB/s, so the whole takes over a second
            Path dest = out.resolve("cancel.bin");
            FileSink sink = new FileSink(dest);
            CancellationToken token = CancellationToken.create();
            RangeEngineConfig cfg = RangeEngineConfig.defaults().withChunkSize(8L << 20).withMaxConcurrentRanges(8);
            Download d = new RangeEngine(cfg).start(s, "slow", "cancel.bin", -1, sink, token);
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5))
                    .until(() -> d.progress().bytesDone() >= size / 2);
            assertThat(d.isDone()).isFalse();
            long t0 = System.nanoTime();
            token.cancel("user pressed cancel");
            assertThatThrownBy(d::await).isInstanceOf(CancelledException.class);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(ms).as("download stopped %d ms after cancel", ms).isLessThan(500);
            assertThat(Files.exists(dest)).isFalse();
            assertThat(Files.exists(sink.tempFile())).isFalse();
            try (var left = Files.list(out)) {
                assertThat(left).isEmpty();
            }
        }
    }

    static String sha256(InputStream in) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[1 << 20];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
