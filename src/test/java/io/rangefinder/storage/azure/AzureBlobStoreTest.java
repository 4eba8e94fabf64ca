package io.rangefinder.storage.azure;

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
import io.rangefinder.storage.config.ConnectionProfile;
import io.rangefinder.storage.ContainerInfo;
import io.rangefinder.storage.ListPage;
import io.rangefinder.storage.ListRequest;
import io.rangefinder.storage.ObjectInfo;
import io.rangefinder.storage.PutOptions;
import io.rangefinder.storage.config.Secret;
import io.rangefinder.storage.StorageException;
import io.rangefinder.testing.AzuriteServer;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
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
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AzureBlobStore against a real Azurite over HTTP, through the official SDK. */
class AzureBlobStoreTest {

    static final long MiB = 1L << 20;
    static AzuriteServer azurite;
    static AzureBlobStore store;
    /** Shared by the tests that only need some container to work in. */
    static String c;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        azurite = AzuriteServer.get();
        store = AzureBlobStore.open(azurite.profile(), null);
        c = newContainer();
    }

    @AfterAll
    static void close() {
        store.close();
    }

    static String newContainer() {
        String name = "t" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        store.createContainer(name);
        return name;
    }

    static ObjectInfo putBytes(String container, String key, byte[] data) {
        return store.put(container, key, new ByteArrayInputStream(data), data.length, PutOptions.DEFAULT);
    }

    static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    static String sha256(InputStream in) throws IOException {
        try (in) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 20];
            int n;
            while ((n = in.read(buf)) >= 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    // ------------------------------------------------------------------ containers

    @Test
    void containersCreateListDuplicateAndDeleteOnlyWhenEmpty() {
        String name = newContainer();
        assertThat(store.listContainers()).extracting(ContainerInfo::name).contains(name);
        assertThat(store.listContainers()).filteredOn(ci -> ci.name().equals(name))
                .allSatisfy(ci -> assertThat(ci.created()).isNotNull());

        assertThatThrownBy(() -> store.createContainer(name))
                .isInstanceOf(StorageException.AlreadyExists.class)
                .hasMessageContaining("'" + name + "' already exists");

        putBytes(name, "keep.txt", "x".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> store.deleteContainer(name))
                .isInstanceOf(StorageException.InvalidArgument.class)
                .hasMessageContaining("not empty");
        assertThat(store.stat(name, "keep.txt").size()).isEqualTo(1);

        store.delete(name, "keep.txt");
        store.deleteContainer(name);
        assertThat(store.listContainers()).extracting(ContainerInfo::name).doesNotContain(name);
        assertThatThrownBy(() -> store.deleteContainer(name))
                .isInstanceOf(StorageException.NotFound.class)
                .hasMessageContaining("container '" + name + "' does not exist in account 'devstoreaccount1'");
    }

    @Test
    void invalidContainerNameIsInvalidArgument() {
        assertThatThrownBy(() -> store.createContainer("Bad_Name"))
                .isInstanceOf(StorageException.InvalidArgument.class);
    }

    // ------------------------------------------------------------------ listing

    @Test
    void lists2500BlobsInPagesWithAndWithoutDelimiter() throws Exception {
        String box = newContainer();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            keys.add(String.format("a/%04d", i));
        }
        for (int i = 0; i < 500; i++) {
            keys.add(String.format("b/%03d/x", i));
        }
        Semaphore gate = new Semaphore(32);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> fs = new ArrayList<>();
            for (String k : keys) {
                fs.add(pool.submit(() -> {
                    gate.acquireUninterruptibly();
                    try {
                        putBytes(box, k, k.getBytes(StandardCharsets.UTF_8));
                    } finally {
                        gate.release();
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        }

        // Flat: 1000 + 1000 + 500, each page with its own token, in key order.
        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        ListRequest req = new ListRequest(box, "", null, 1000, null);
        Iterator<ListPage> pages = store.pages(req);
        while (pages.hasNext()) {
            ListPage p = pages.next();
            assertThat(p.commonPrefixes()).isEmpty();
            sizes.add(p.objects().size());
            p.objects().forEach(o -> seen.add(o.key()));
        }
        assertThat(sizes).containsExactly(1000, 1000, 500);
        assertThat(seen).containsExactlyElementsOf(keys.stream().sorted().toList());

        // One call is one page: the first page's token resumes exactly after it.
        ListPage first = store.list(req.withPageSize(7));
        assertThat(first.objects()).hasSize(7);
        assertThat(first.nextToken()).isNotNull();
        ListPage second = store.list(req.withPageSize(7).withToken(first.nextToken()));
        assertThat(second.objects().getFirst().key()).isEqualTo(keys.get(7));

        // Delimited at the root: two folders, no objects, last page.
        ListPage root = store.list(ListRequest.folders(box, ""));
        assertThat(root.objects()).isEmpty();
        assertThat(root.commonPrefixes()).containsExactly("a/", "b/");
        assertThat(root.hasMore()).isFalse();

        // Delimited under b/: 500 folders in pages of 200.
        List<String> folders = new ArrayList<>();
        List<Integer> folderPages = new ArrayList<>();
        pages = store.pages(new ListRequest(box, "b/", "/", 200, null));
        while (pages.hasNext()) {
            ListPage p = pages.next();
            assertThat(p.objects()).isEmpty();
            folderPages.add(p.commonPrefixes().size());
            folders.addAll(p.commonPrefixes());
        }
        assertThat(folderPages).containsExactly(200, 200, 100);
        assertThat(folders).hasSize(500).allSatisfy(f -> assertThat(f).startsWith("b/").endsWith("/"));
        assertThat(folders.getFirst()).isEqualTo("b/000/");

        // A name prefix that is not a folder.
        ListPage some = store.list(new ListRequest(box, "a/019", "/", 1000, null));
        assertThat(some.objects()).extracting(ObjectInfo::key).hasSize(10).first().isEqualTo("a/0190");
        assertThat(some.objects()).allSatisfy(o -> {
            assertThat(o.size()).isEqualTo(6);
            assertThat(o.etag()).doesNotContain("\"");
            assertThat(o.lastModified()).isNotNull();
        });
    }

    @Test
    void listingAMissingContainerIsNotFound() {
        assertThatThrownBy(() -> store.list(ListRequest.folders("no-such-container-here", "")))
                .isInstanceOf(StorageException.NotFound.class)
                .hasMessageContaining("container 'no-such-container-here' does not exist in account 'devstoreaccount1'");
    }

    // ------------------------------------------------------------------ keys

    @Test
    void keysWithSpacesUnicodePlusPercentAndHashRoundTrip() throws IOException {
        String box = newContainer();
        List<String> keys = List.of("with space.txt", "dir with space/inner file", "ünïcödé/日本語.bin", "a+b=c.txt",
                "100%.txt", "%2F%20literal", "hash#tag", "q?x=1&y=2", "mixed %+# ü.bin", "emoji-\uD83D\uDE00");
        for (String k : keys) {
            putBytes(box, k, ("body of " + k).getBytes(StandardCharsets.UTF_8));
        }
        for (String k : keys) {
            assertThat(store.stat(box, k).key()).isEqualTo(k);
            assertThat(new String(read(store.get(box, k)), StandardCharsets.UTF_8)).isEqualTo("body of " + k);
        }
        List<String> listed = new ArrayList<>();
        store.pages(ListRequest.recursive(box, "")).forEachRemaining(p -> p.objects().forEach(o -> listed.add(o.key())));
        assertThat(listed).containsExactlyInAnyOrderElementsOf(keys);
        ListPage folders = store.list(ListRequest.folders(box, ""));
        assertThat(folders.commonPrefixes()).containsExactlyInAnyOrder("dir with space/", "ünïcödé/");
        for (String k : keys) {
            store.delete(box, k);
        }
        assertThat(store.list(ListRequest.recursive(box, "")).objects()).isEmpty();
    }

    // ------------------------------------------------------------------ stat

    @Test
    void statGivesSizeEtagTimeContentTypeMetadataAndTier() {
        Instant before = Instant.now().minusSeconds(5);
        byte[] data = SyntheticData.bytes(1234, 5);
        ObjectInfo put = store.put(c, "stat/me.json", new ByteArrayInputStream(data), data.length,
                PutOptions.contentType("application/json").withMetadata(Map.of("owner", "lab", "run", "42", "run-id", "7",
                        "9lives", "cat", "literal_x002D_", "as is")));
        ObjectInfo s = store.stat(c, "stat/me.json");
        assertThat(s.container()).isEqualTo(c);
        assertThat(s.key()).isEqualTo("stat/me.json");
        assertThat(s.name()).isEqualTo("me.json");
        assertThat(s.size()).isEqualTo(1234);
        assertThat(s.contentType()).isEqualTo("application/json");
        assertThat(s.metadata()).containsEntry("owner", "lab").containsEntry("run", "42").containsEntry("run-id", "7")
                .containsEntry("9lives", "cat").containsEntry("literal_x002D_", "as is").hasSize(5);
        assertThat(s.etag()).isNotBlank().doesNotStartWith("\"").doesNotEndWith("\"").isEqualTo(put.etag());
        assertThat(s.lastModified()).isAfter(before).isBefore(Instant.now().plusSeconds(5));
        assertThat(s.storageClass()).isNotNull();

        ObjectInfo plain = putBytes(c, "stat/plain", new byte[] {1});
        assertThat(store.stat(c, "stat/plain").contentType()).isEqualTo("application/octet-stream");
        assertThat(plain.contentType()).isEqualTo("application/octet-stream");
        assertThat(store.stat(c, "stat/plain").metadata()).isEmpty();
    }

    @Test
    void theLeanStatAgreesWithTheSdksFieldByFieldAndKeepsAMetadataNamesCase() {
        byte[] data = SyntheticData.bytes(4321, 9);
        store.put(c, "stat/both.bin", new ByteArrayInputStream(data), data.length,
                PutOptions.contentType("text/plain").withMetadata(Map.of("run-id", "7")));
        // a name only another tool would write: Azure keeps its case, and so must the lean HEAD
        var sdkBlob = new com.azure.storage.blob.BlobServiceClientBuilder().connectionString(azurite.connectionString())
                .buildClient().getBlobContainerClient(c).getBlobClient("stat/both.bin");
        var kept = new java.util.HashMap<>(sdkBlob.getProperties().getMetadata());
        kept.put("Owner", "Lab");
        sdkBlob.setMetadata(kept);
        try (AzureBlobStore sdk = AzureBlobStore.open(azurite.profile(), null, false)) {
            assertThat(store.readsLean()).isTrue();
            assertThat(sdk.readsLean()).isFalse();
            ObjectInfo lean = store.stat(c, "stat/both.bin");
            ObjectInfo viaSdk = sdk.stat(c, "stat/both.bin");
            assertThat(lean).isEqualTo(viaSdk);
            assertThat(lean.metadata()).containsEntry("Owner", "Lab").containsEntry("run-id", "7").hasSize(2);
            assertThat(lean.checksum()).isNotNull();
            assertThat(lean.storageClass()).isEqualTo("Hot");
        }
    }

    @Test
    void metadataNamesAzureRejectsAreEscapedReversibly() {
        for (String name : List.of("run-id", "a.b", "9lives", "_x002D_", "plain", "snake_case", "x_x41_y")) {
            String encoded = AzureMetadata.encodeMetadataName(name);
            assertThat(encoded).matches("[A-Za-z_][A-Za-z0-9_]*");
            assertThat(AzureMetadata.decodeMetadataName(encoded)).isEqualTo(name);
        }
        assertThat(AzureMetadata.encodeMetadataName("run-id")).isEqualTo("run_x002D_id");
        assertThat(AzureMetadata.encodeMetadataName("snake_case")).isEqualTo("snake_case");
    }

    @Test
    void statOfMissingBlobOrContainerIsNotFound() {
        assertThatThrownBy(() -> store.stat(c, "nope/missing.bin"))
                .isInstanceOf(StorageException.NotFound.class)
                .hasMessageContaining("blob 'nope/missing.bin' does not exist in container '" + c + "'");
        assertThatThrownBy(() -> store.stat("no-such-box", "x"))
                .isInstanceOf(StorageException.NotFound.class);
        assertThatThrownBy(() -> putBytes("no-such-box", "x", new byte[] {1}))
                .isInstanceOf(StorageException.NotFound.class)
                .hasMessageContaining("container 'no-such-box' does not exist in account 'devstoreaccount1'");
        assertThatThrownBy(() -> store.get(c, "nope/missing.bin")).isInstanceOf(StorageException.NotFound.class);
    }

    // ------------------------------------------------------------------ get

    @Test
    void getAndGetRangeEdges() throws IOException {
        byte[] data = SyntheticData.bytes(10_000, 7);
        putBytes(c, "range/ten-k", data);
        assertThat(read(store.get(c, "range/ten-k"))).isEqualTo(data);
        assertThat(read(store.getRange(c, "range/ten-k", 0, 1))).containsExactly(data[0]);
        assertThat(read(store.getRange(c, "range/ten-k", 100, 900)))
                .isEqualTo(java.util.Arrays.copyOfRange(data, 100, 1000));
        assertThat(read(store.getRange(c, "range/ten-k", 9_999, 1))).containsExactly(data[9_999]);
        // Past the end: cut at the end.
        assertThat(read(store.getRange(c, "range/ten-k", 9_000, 5_000)))
                .isEqualTo(java.util.Arrays.copyOfRange(data, 9_000, 10_000));
        assertThat(read(store.getRange(c, "range/ten-k", 0, Long.MAX_VALUE / 2))).isEqualTo(data);
        assertThat(read(store.getRange(c, "range/ten-k", 5, 0))).isEmpty();
        // At or after the end of a non-empty blob.
        assertThatThrownBy(() -> store.getRange(c, "range/ten-k", 10_000, 1))
                .isInstanceOf(StorageException.InvalidArgument.class)
                .hasMessageContaining("range start 10000 is at or past the end of 'range/ten-k' (10000 bytes");
        assertThatThrownBy(() -> store.getRange(c, "range/ten-k", 20_000, 10))
                .isInstanceOf(StorageException.InvalidArgument.class);
        assertThatThrownBy(() -> store.getRange(c, "range/ten-k", -1, 10))
                .isInstanceOf(StorageException.InvalidArgument.class);

        putBytes(c, "range/empty", new byte[0]);
        assertThat(read(store.get(c, "range/empty"))).isEmpty();
        assertThat(read(store.getRange(c, "range/empty", 0, 10))).isEmpty();
        assertThatThrownBy(() -> store.getRange(c, "range/missing", 0, 10)).isInstanceOf(StorageException.NotFound.class);
    }

    @Test
    void closingALargeDownloadEarlyAbortsInsteadOfDraining() throws IOException {
        long size = 128 * MiB;
        store.put(c, "abort/big.bin", new SyntheticData(size, 11), size, PutOptions.DEFAULT);
        // Warm up one connection so the timing measures the abort, not the first connect.
        read(store.getRange(c, "abort/big.bin", 0, 10));
        long t0 = System.nanoTime();
        InputStream in = store.get(c, "abort/big.bin");
        byte[] head = new byte[64 * 1024];
        assertThat(in.readNBytes(head, 0, head.length)).isEqualTo(head.length);
        in.close();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(head).isEqualTo(SyntheticData.bytes(head.length, 11));
        assertThat(ms).as("get + 64 KiB + close took %d ms", ms).isLessThan(1000);
        assertThatThrownBy(() -> in.read()).isInstanceOf(IOException.class);
        // The store still works afterwards (the aborted connection is not reused).
        assertThat(read(store.getRange(c, "abort/big.bin", size - 3, 10))).hasSize(3);
        store.delete(c, "abort/big.bin");
    }

    // ------------------------------------------------------------------ put

    @Test
    void putsOfZeroOneAndFiveMiBBytesKnownAndUnknownLength() throws IOException {
        for (long size : new long[] {0, 1, 5 * MiB}) {
            for (boolean known : new boolean[] {true, false}) {
                String key = "put/" + size + (known ? "-known" : "-unknown");
                ObjectInfo info = store.put(c, key, new SyntheticData(size, size + 1), known ? size : -1,
                        PutOptions.contentType("application/x-test"));
                assertThat(info.size()).isEqualTo(size);
                assertThat(info.etag()).isNotBlank();
                ObjectInfo s = store.stat(c, key);
                assertThat(s.size()).isEqualTo(size);
                assertThat(s.etag()).isEqualTo(info.etag());
                assertThat(s.contentType()).isEqualTo("application/x-test");
                assertThat(sha256(store.get(c, key))).isEqualTo(sha256(new SyntheticData(size, size + 1)));
            }
        }
        // Replacing an object replaces its bytes.
        putBytes(c, "put/replace", new byte[] {1, 2, 3});
        putBytes(c, "put/replace", new byte[] {9});
        assertThat(read(store.get(c, "put/replace"))).containsExactly(9);
    }

    @Test
    void unknownLengthStagedPutAndDeclaredLengthMismatches() throws IOException {
        long size = 21 * MiB + 17;
        ObjectInfo info = store.put(c, "put/staged-unknown", new SyntheticData(size, 3), -1,
                PutOptions.DEFAULT.withParts(4 * MiB, 3));
        assertThat(info.size()).isEqualTo(size);
        assertThat(sha256(store.get(c, "put/staged-unknown"))).isEqualTo(sha256(new SyntheticData(size, 3)));
        // Exactly on a block boundary with unknown length.
        store.put(c, "put/boundary", new SyntheticData(8 * MiB, 4), -1, PutOptions.DEFAULT.withParts(4 * MiB, 2));
        assertThat(store.stat(c, "put/boundary").size()).isEqualTo(8 * MiB);

        assertThatThrownBy(() -> store.put(c, "put/short", new SyntheticData(100, 1), 200, PutOptions.DEFAULT))
                .isInstanceOf(StorageException.InvalidArgument.class).hasMessageContaining("ended after 100");
        assertThatThrownBy(() -> store.put(c, "put/long", new SyntheticData(300, 1), 200, PutOptions.DEFAULT))
                .isInstanceOf(StorageException.InvalidArgument.class).hasMessageContaining("longer than");
        assertThatThrownBy(() -> store.put(c, "put/short-staged", new SyntheticData(9 * MiB, 1), 12 * MiB,
                PutOptions.DEFAULT.withParts(4 * MiB, 2)))
                .isInstanceOf(StorageException.InvalidArgument.class);
        for (String k : List.of("put/short", "put/long", "put/short-staged")) {
            assertThatThrownBy(() -> store.stat(c, k)).isInstanceOf(StorageException.NotFound.class);
        }
    }

    @Test
    void stagedPutOf300MiBStreamsAndReadsBackIdentical() throws IOException {
        long size = 300 * MiB;
        Runtime rt = Runtime.getRuntime();
        ObjectInfo info = store.put(c, "big/300m.bin", new SyntheticData(size, 300), size,
                new PutOptions("application/octet-stream", Map.of("kind", "synthetic"), 8 * MiB, 4, null));
        assertThat(info.size()).isEqualTo(size);
        ObjectInfo s = store.stat(c, "big/300m.bin");
        assertThat(s.size()).isEqualTo(size);
        assertThat(s.metadata()).containsEntry("kind", "synthetic");
        assertThat(sha256(store.get(c, "big/300m.bin"))).isEqualTo(sha256(new SyntheticData(size, 300)));
        assertThat(rt.maxMemory()).isPositive();
        store.delete(c, "big/300m.bin");
    }

    /** A stream that throws after {@code failAt} bytes. */
    static InputStream failingAfter(long size, long failAt) {
        return new FilterInputStream(new SyntheticData(size, 1)) {
            long pos;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (pos >= failAt) {
                    throw new IOException("disk unplugged");
                }
                int n = super.read(b, off, (int) Math.min(len, failAt - pos));
                if (n > 0) {
                    pos += n;
                }
                return n;
            }
        };
    }

    @Test
    void aPutWhoseInputFailsMidwayLeavesNoBlob() {
        assertThatThrownBy(() -> store.put(c, "fail/small", failingAfter(1000, 500), 1000, PutOptions.DEFAULT))
                .isInstanceOf(StorageException.TransientIo.class)
                .hasMessageContaining("failed after 500 bytes (disk unplugged); nothing was committed");
        assertThatThrownBy(() -> store.put(c, "fail/staged", failingAfter(64 * MiB, 20 * MiB + 3), -1,
                PutOptions.DEFAULT.withParts(4 * MiB, 3)))
                .isInstanceOf(StorageException.TransientIo.class)
                .hasMessageContaining("disk unplugged");
        assertThatThrownBy(() -> store.stat(c, "fail/small")).isInstanceOf(StorageException.NotFound.class);
        assertThatThrownBy(() -> store.stat(c, "fail/staged")).isInstanceOf(StorageException.NotFound.class);
        assertThat(store.list(ListRequest.recursive(c, "fail/")).objects()).isEmpty();
    }

    @Test
    void cancellingAStagedPutCommitsNothingAndKeepsTheOldBlob() {
        // A previous version must survive a cancelled replacement.
        putBytes(c, "cancel/kept", "old".getBytes(StandardCharsets.UTF_8));
        for (String key : List.of("cancel/new", "cancel/kept")) {
            CancellationToken token = CancellationToken.create();
            InputStream data = new FilterInputStream(new SyntheticData(256 * MiB, 2)) {
                long pos;

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    pos += Math.max(0, n);
                    if (pos > 24 * MiB) {
                        token.cancel("user cancelled the upload");
                    }
                    return n;
                }
            };
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> store.put(c, key, data, 256 * MiB,
                    PutOptions.DEFAULT.withParts(4 * MiB, 4).withToken(token)))
                    .isInstanceOf(CancelledException.class)
                    .hasMessageContaining("user cancelled the upload");
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5_000);
        }
        assertThatThrownBy(() -> store.stat(c, "cancel/new")).isInstanceOf(StorageException.NotFound.class);
        assertThat(store.stat(c, "cancel/kept").size()).isEqualTo(3);
        assertThat(store.list(ListRequest.recursive(c, "cancel/")).objects()).extracting(ObjectInfo::key)
                .containsExactly("cancel/kept");
        // A token cancelled up front writes nothing at all.
        CancellationToken done = CancellationToken.create();
        done.cancel("already");
        assertThatThrownBy(() -> store.put(c, "cancel/never", new ByteArrayInputStream(new byte[10]), 10,
                PutOptions.DEFAULT.withToken(done))).isInstanceOf(CancelledException.class);
        assertThatThrownBy(() -> store.stat(c, "cancel/never")).isInstanceOf(StorageException.NotFound.class);
    }

    // ------------------------------------------------------------------ delete

    @Test
    void deleteThenStatIsNotFoundAndDeletingAgainIsNotFound() {
        putBytes(c, "del/me", new byte[] {1, 2});
        store.delete(c, "del/me");
        assertThatThrownBy(() -> store.stat(c, "del/me")).isInstanceOf(StorageException.NotFound.class);
        assertThatThrownBy(() -> store.delete(c, "del/me"))
                .isInstanceOf(StorageException.NotFound.class)
                .hasMessageContaining("blob 'del/me' does not exist");
        assertThatThrownBy(() -> store.delete(c, "")).isInstanceOf(StorageException.InvalidArgument.class);
    }

    // ------------------------------------------------------------------ auth, endpoints, secrets

    @Test
    void accountKeyProfileWorksAndWrongKeyIsAccessDeniedWithoutTheKey() {
        try (AzureBlobStore right = AzureBlobStore.open(azurite.keyProfile(AzuriteServer.ACCOUNT_KEY), null)) {
            assertThat(right.listContainers()).extracting(ContainerInfo::name).contains(c);
            assertThat(right.describe()).isEqualTo("azure (devstoreaccount1 at " + azurite.blobEndpoint() + ")");
        }
        String wrongKey = java.util.Base64.getEncoder().encodeToString(SyntheticData.bytes(64, 99));
        try (AzureBlobStore wrong = AzureBlobStore.open(azurite.keyProfile(wrongKey), "devstoreaccount1")) {
            assertThatThrownBy(wrong::listContainers)
                    .isInstanceOf(StorageException.AccessDenied.class)
                    .hasMessageContaining("check the account key")
                    .hasMessageNotContaining(wrongKey);
            assertThatThrownBy(() -> wrong.stat(c, "x"))
                    .isInstanceOf(StorageException.AccessDenied.class)
                    .hasMessageNotContaining(wrongKey);
            assertThat(wrong.toString()).doesNotContain(wrongKey);
        }
    }

    @Test
    void badSasTokenIsAccessDeniedAndTheSignatureNeverShows() {
        String sig = "SECRETSIGNATUREvalue1234567890abcdef%3D";
        String sas = "sv=2021-08-06&ss=b&srt=sco&sp=rl&se=2099-01-01T00:00:00Z&st=2020-01-01T00:00:00Z&spr=http&sig=" + sig;
        ConnectionProfile p = ConnectionProfile.builder(ConnectionProfile.Kind.AZURE)
                .endpoint(azurite.blobEndpoint()).sasToken(Secret.of(sas)).build();
        try (AzureBlobStore sasStore = AzureBlobStore.open(p, "devstoreaccount1")) {
            assertThat(sasStore.describe()).doesNotContain(sig).doesNotContain("sig=");
            Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> sasStore.stat(c, "x"));
            assertThat(t).isInstanceOf(StorageException.AccessDenied.class)
                    .hasMessageContaining("SAS token")
                    .hasMessageNotContaining(sig).hasMessageNotContaining("SECRETSIGNATURE");
        }
        // Against a dead port the SDK's own message carries the request URL with the SAS: it must be cut.
        ConnectionProfile dead = p.toBuilder().endpoint("http://127.0.0.1:" + Ports.unused() + "/devstoreaccount1").build();
        try (AzureBlobStore deadStore = AzureBlobStore.open(dead, null)) {
            Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> deadStore.stat("box", "blob"));
            assertThat(t).isInstanceOf(StorageException.ConnectionFailed.class)
                    .hasMessageNotContaining("SECRETSIGNATURE");
        }
    }

    /** Uploads go over the lean client: Put Blob, Put Block and Put Block List signed by key or SAS, with type, metadata and MD5. */
    @Test
    void uploadsOnTheLeanPathKeepTypeMetadataAndMd5ByKeyAndBySas() throws IOException {
        long size = 9 * MiB + 123;
        PutOptions opts = PutOptions.contentType("application/x-lean").withMetadata(Map.of("run-id", "9", "who", "lab"))
                .withParts(2 * MiB, 3);
        ObjectInfo put = store.put(c, "lean/blocks.bin", new SyntheticData(size, 77), size, opts);
        ObjectInfo small = store.put(c, "lean/one.bin", new SyntheticData(1000, 78), 1000, opts);
        for (ObjectInfo o : List.of(put, small)) {
            ObjectInfo s = store.stat(c, o.key());
            assertThat(o.etag()).isNotBlank().isEqualTo(s.etag());
            assertThat(o.lastModified()).isNotNull().isEqualTo(s.lastModified());
            assertThat(s.contentType()).isEqualTo("application/x-lean");
            assertThat(s.metadata()).containsEntry("run-id", "9").containsEntry("who", "lab").hasSize(2);
        }
        var sdk = new com.azure.storage.blob.BlobServiceClientBuilder().connectionString(azurite.connectionString())
                .buildClient().getBlobContainerClient(c);
        byte[] md5 = sdk.getBlobClient("lean/blocks.bin").getProperties().getContentMd5();
        try (InputStream in = new SyntheticData(size, 77)) {
            java.security.MessageDigest d = java.security.MessageDigest.getInstance("MD5");
            d.update(in.readAllBytes());
            assertThat(md5).as("the blob's MD5, set at commit").isEqualTo(d.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        assertThat(sha256(store.get(c, "lean/blocks.bin"))).isEqualTo(sha256(new SyntheticData(size, 77)));

        // what the lean client would not send as a header is left to the SDK, as before
        assertThat(LeanAzure.plainHeaders("application/x-lean", Map.of("run_x002D_id", "9"))).isTrue();
        assertThat(LeanAzure.plainHeaders(null, Map.of("note", "caf\u00e9"))).isFalse();
        assertThat(LeanAzure.plainHeaders("text/plain;\n x", Map.of())).isFalse();

        // by SAS: one with write permission uploads both ways; a read-only one is refused, signature unshown
        var perms = new com.azure.storage.blob.sas.BlobContainerSasPermission().setReadPermission(true)
                .setWritePermission(true).setCreatePermission(true);
        String sas = sdk.generateSas(new com.azure.storage.blob.sas.BlobServiceSasSignatureValues(
                java.time.OffsetDateTime.now().plusHours(1), perms));
        ConnectionProfile p = ConnectionProfile.builder(ConnectionProfile.Kind.AZURE)
                .endpoint(azurite.blobEndpoint()).sasToken(Secret.of(sas)).build();
        try (AzureBlobStore sasStore = AzureBlobStore.open(p, "devstoreaccount1")) {
            sasStore.put(c, "lean/sas-blocks.bin", new SyntheticData(5 * MiB, 79), 5 * MiB, PutOptions.DEFAULT.withParts(2 * MiB, 2));
            sasStore.put(c, "lean/sas-one.bin", new SyntheticData(10, 80), 10, PutOptions.DEFAULT);
            assertThat(sha256(store.get(c, "lean/sas-blocks.bin"))).isEqualTo(sha256(new SyntheticData(5 * MiB, 79)));
            assertThat(store.stat(c, "lean/sas-one.bin").size()).isEqualTo(10);
        }
        String readOnly = sdk.generateSas(new com.azure.storage.blob.sas.BlobServiceSasSignatureValues(
                java.time.OffsetDateTime.now().plusHours(1), new com.azure.storage.blob.sas.BlobContainerSasPermission()
                        .setReadPermission(true)));
        String sig = readOnly.substring(readOnly.indexOf("sig=") + 4);
        try (AzureBlobStore ro = AzureBlobStore.open(p.toBuilder().sasToken(Secret.of(readOnly)).build(), "devstoreaccount1")) {
            assertThatThrownBy(() -> ro.put(c, "lean/ro.bin", new SyntheticData(10, 81), 10, PutOptions.DEFAULT))
                    .isInstanceOf(StorageException.AccessDenied.class).hasMessageNotContaining(sig);
            assertThatThrownBy(() -> ro.put(c, "lean/ro-blocks.bin", new SyntheticData(5 * MiB, 82), 5 * MiB,
                    PutOptions.DEFAULT.withParts(2 * MiB, 2)))
                    .isInstanceOf(StorageException.AccessDenied.class).hasMessageNotContaining(sig);
        }
    }

    @Test
    void aSasTokenProfileReadsOnTheLeanPathAndABadOneNeverShowsItsSignature() throws IOException {
        byte[] body = new byte[5000];
        ThreadLocalRandom.current().nextBytes(body);
        store.put(c, "sas/obj.bin", new ByteArrayInputStream(body), body.length, PutOptions.DEFAULT);
        String sas = new com.azure.storage.blob.BlobServiceClientBuilder().connectionString(azurite.connectionString())
                .buildClient().getBlobContainerClient(c).generateSas(new com.azure.storage.blob.sas.BlobServiceSasSignatureValues(
                        java.time.OffsetDateTime.now().plusHours(1),
                        new com.azure.storage.blob.sas.BlobContainerSasPermission().setReadPermission(true)));
        ConnectionProfile p = ConnectionProfile.builder(ConnectionProfile.Kind.AZURE)
                .endpoint(azurite.blobEndpoint()).sasToken(Secret.of(sas)).build();
        try (AzureBlobStore sasStore = AzureBlobStore.open(p, "devstoreaccount1")) {
            assertThat(sasStore.readsLean()).isTrue();
            try (InputStream in = sasStore.getRange(c, "sas/obj.bin", 100, 900)) {
                assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(body, 100, 1000));
            }
            try (InputStream in = sasStore.get(c, "sas/obj.bin")) {
                assertThat(in.readAllBytes()).isEqualTo(body);
            }
        }
        String sig = sas.substring(sas.indexOf("sig=") + 4);
        ConnectionProfile bad = p.toBuilder().sasToken(Secret.of(sas.replace("sig=" + sig, "sig=SECRETSIGNATURE" + sig))).build();
        try (AzureBlobStore badStore = AzureBlobStore.open(bad, "devstoreaccount1")) {
            assertThat(badStore.readsLean()).isTrue();
            assertThatThrownBy(() -> badStore.get(c, "sas/obj.bin")).isInstanceOf(StorageException.AccessDenied.class)
                    .hasMessageContaining("SAS token").hasMessageNotContaining("SECRETSIGNATURE");
        }
        ConnectionProfile dead = p.toBuilder().endpoint("http://127.0.0.1:" + Ports.unused() + "/devstoreaccount1").build();
        try (AzureBlobStore deadStore = AzureBlobStore.open(dead, "devstoreaccount1")) {
            assertThatThrownBy(() -> deadStore.get(c, "sas/obj.bin")).isInstanceOf(StorageException.ConnectionFailed.class)
                    .hasMessageNotContaining(sig);
        }
    }

    @Test
    void manySmallReadsReuseTheLeanPathsConnections() throws IOException {
        byte[] body = new byte[1000];
        ThreadLocalRandom.current().nextBytes(body);
        store.put(c, "reuse/k", new ByteArrayInputStream(body), body.length, PutOptions.DEFAULT);
        assertThat(store.readsLean()).isTrue();
        int before = store.leanConnectionsOpened();
        for (int i = 0; i < 200; i++) {
            try (InputStream in = i % 2 == 0 ? store.get(c, "reuse/k") : store.getRange(c, "reuse/k", 10, 90)) {
                assertThat(in.readAllBytes()).isEqualTo(i % 2 == 0 ? body : java.util.Arrays.copyOfRange(body, 10, 100));
            }
        }
        // one after another, read to the end: each request goes out on the connection the last one freed
        assertThat(store.leanConnectionsOpened() - before).isLessThanOrEqualTo(2);
    }

    @Test
    void describeAndToStringShowNoSecrets() {
        assertThat(store.describe()).isEqualTo("azure (devstoreaccount1 at " + azurite.blobEndpoint() + ")");
        assertThat(store.toString()).doesNotContain(AzuriteServer.ACCOUNT_KEY).doesNotContain("AccountKey");
        assertThat(azurite.profile().toString()).doesNotContain(AzuriteServer.ACCOUNT_KEY);
    }

    @Test
    void connectionStringAccountMustMatchTheUriAccount() {
        assertThatThrownBy(() -> AzureBlobStore.open(azurite.profile(), "otheraccount"))
                .isInstanceOf(StorageException.InvalidArgument.class)
                .hasMessageContaining("'otheraccount'")
                .hasMessageNotContaining(AzuriteServer.ACCOUNT_KEY);
        try (AzureBlobStore same = AzureBlobStore.open(azurite.profile(), "devstoreaccount1")) {
            assertThat(same.account()).isEqualTo("devstoreaccount1");
        }
    }


    @Test
    void noServerIsConnectionFailedWithinAFewSeconds() {
        int port = Ports.unused();
        String endpoint = "http://127.0.0.1:" + port + "/devstoreaccount1";
        ConnectionProfile p = azurite.keyProfile(AzuriteServer.ACCOUNT_KEY).toBuilder()
                .endpoint(endpoint).connectTimeout(Duration.ofSeconds(2)).build();
        try (AzureBlobStore dead = AzureBlobStore.open(p, null)) {
            long t0 = System.nanoTime();
            assertThatThrownBy(dead::listContainers)
                    .isInstanceOf(StorageException.ConnectionFailed.class)
                    .hasMessageContaining("cannot connect to " + endpoint + ": connection refused; is Azurite/the endpoint running?")
                    .hasMessageNotContaining(AzuriteServer.ACCOUNT_KEY);
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(4_000);
            assertThatThrownBy(() -> dead.get("box", "blob")).isInstanceOf(StorageException.ConnectionFailed.class);
            assertThatThrownBy(() -> dead.put("box", "blob", new ByteArrayInputStream(new byte[3]), 3, PutOptions.DEFAULT))
                    .isInstanceOf(StorageException.ConnectionFailed.class);
        }
    }

    // ------------------------------------------------------------------ RangeEngine

    @Test
    void rangeEngineDownloadOf256MiBIsByteIdenticalAndCancelStopsFast() throws Exception {
        long size = 256 * MiB;
        store.put(c, "engine/256m.bin", new SyntheticData(size, 256), size, PutOptions.DEFAULT);
        RangeEngineConfig config = RangeEngineConfig.defaults().withChunkSize(8 * MiB).withMinSplitSize(8 * MiB)
                .withMaxConcurrentRanges(4);
        Path dest = tmp.resolve("256m.bin");
        DownloadStats stats = new RangeEngine(config).download(store, c, "engine/256m.bin", new FileSink(dest),
                CancellationToken.create());
        assertThat(stats.bytes()).isEqualTo(size);
        assertThat(stats.ranges()).isEqualTo(32);
        assertThat(Files.size(dest)).isEqualTo(size);
        assertThat(sha256(Files.newInputStream(dest))).isEqualTo(sha256(new SyntheticData(size, 256)));
        Files.delete(dest);

        // Cancel half-way: stops within 500 ms, nothing left behind.
        Path dest2 = tmp.resolve("cancelled.bin");
        FileSink sink = new FileSink(dest2);
        CancellationToken token = CancellationToken.create();
        Download d = new RangeEngine(config.withChunkSize(4 * MiB).withMinSplitSize(4 * MiB).withMaxConcurrentRanges(2))
                .start(store, c, "engine/256m.bin", -1, sink, token);
        await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(1))
                .until(() -> d.isDone() || d.progress().bytesDone() >= size / 2);
        assertThat(d.isDone()).as("finished before it could be cancelled").isFalse();
        long t0 = System.nanoTime();
        token.cancel("user pressed cancel");
        assertThatThrownBy(d::await).isInstanceOf(CancelledException.class);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(ms).as("download ended %d ms after cancel", ms).isLessThan(500);
        assertThat(Files.exists(dest2)).isFalse();
        assertThat(Files.exists(sink.tempFile())).isFalse();
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).isEmpty();
        }
    }

    static OutputStream discard() {
        return OutputStream.nullOutputStream();
    }
}
