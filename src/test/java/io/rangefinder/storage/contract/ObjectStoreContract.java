package io.rangefinder.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
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
import io.rangefinder.storage.ContainerInfo;
import io.rangefinder.storage.ListPage;
import io.rangefinder.storage.ListRequest;
import io.rangefinder.storage.ObjectInfo;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.PutOptions;
import io.rangefinder.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one contract every store meets, run against each real backend (file://, S3Proxy, Azurite,
 * the GCS JSON-API test server) by a subclass that supplies the stores. Behaviour that differs
 * by nature (a local folder has no credentials) is declared by the subclass, never skipped silently.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ObjectStoreContract {

    private static final long MIB = 1L << 20;

    /** A store with valid credentials; the contract creates and deletes its own containers in it. */
    protected abstract ObjectStore store();

    /** The same endpoint with wrong credentials, or null where a store has none (file://). */
    protected abstract ObjectStore storeWithWrongCredentials();

    /**
     * A store pointed at 127.0.0.1 on a port where nothing listens, with a connect timeout of at
     * most 2 s; null where a store has no server (file://).
     */
    protected abstract ObjectStore storeWithNoServer();

    /** Whether user metadata given to put comes back from stat. */
    protected boolean keepsUserMetadata() {
        return true;
    }

    /** Whether the content type given to put comes back from stat (a local file's type is guessed from its name). */
    protected boolean keepsContentType() {
        return true;
    }

    protected String newContainerName() {
        return "rf-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    protected String container;
    private final List<String> created = new ArrayList<>();

    @TempDir
    Path temp;

    @BeforeAll
    void createContainer() {
        container = newContainerName();
        store().createContainer(container);
        created.add(container);
    }

    @AfterAll
    void removeContainers() {
        for (String c : created) {
            try {
                Iterator<ListPage> pages = store().pages(ListRequest.recursive(c, ""));
                List<String> keys = new ArrayList<>();
                while (pages.hasNext()) {
                    pages.next().objects().forEach(o -> keys.add(o.key()));
                }
                for (String k : keys) {
                    store().delete(c, k);
                }
                store().deleteContainer(c);
            } catch (StorageException e) {
                // best effort: the test server goes away with the JVM
            }
        }
    }

    private ObjectInfo put(String key, byte[] data) {
        return store().put(container, key, new ByteArrayInputStream(data), data.length, PutOptions.DEFAULT);
    }

    private byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static String sha256(InputStream in) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream d = new DigestInputStream(in, md)) {
            d.transferTo(OutputStreamSink.INSTANCE);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    // ------------------------------------------------------------------ containers

    @Test
    void containersAreCreatedListedAndDeleted() {
        String name = newContainerName();
        store().createContainer(name);
        created.add(name);
        assertThat(store().listContainers()).extracting(ContainerInfo::name).contains(name, container);
        assertThatThrownBy(() -> store().createContainer(name)).isInstanceOf(StorageException.AlreadyExists.class)
                .hasMessageContaining(name);
        store().deleteContainer(name);
        assertThat(store().listContainers()).extracting(ContainerInfo::name).doesNotContain(name);
        assertThatThrownBy(() -> store().deleteContainer(name)).isInstanceOf(StorageException.NotFound.class);
    }

    @Test
    void aContainerWithObjectsIsNotDeleted() {
        String name = newContainerName();
        store().createContainer(name);
        created.add(name);
        store().put(name, "keep.txt", new ByteArrayInputStream(new byte[] {1}), 1, PutOptions.DEFAULT);
        assertThatThrownBy(() -> store().deleteContainer(name)).isInstanceOf(StorageException.InvalidArgument.class)
                .hasMessageContaining("not empty");
        assertThat(store().stat(name, "keep.txt").size()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ listing

    @Test
    void listsThousandsOfObjectsInPagesWithAndWithoutDelimiter() throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            keys.add(String.format(Locale.ROOT, "many/%s/obj-%05d", i % 2 == 0 ? "even" : "odd", i));
        }
        keys.add("many/top.txt");
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<?>> puts = new ArrayList<>();
            for (String k : keys) {
                puts.add(pool.submit(() -> put(k, k.getBytes(StandardCharsets.UTF_8))));
            }
            for (Future<?> f : puts) {
                f.get();
            }
        }
        // Recursive, in pages of 1000: every key once, in UTF-8 byte order, over three pages.
        List<String> seen = new ArrayList<>();
        int pages = 0;
        Iterator<ListPage> it = store().pages(new ListRequest(container, "many/", null, 1000, null));
        while (it.hasNext()) {
            ListPage page = it.next();
            pages++;
            assertThat(page.objects().size()).isLessThanOrEqualTo(1000);
            assertThat(page.commonPrefixes()).isEmpty();
            page.objects().forEach(o -> seen.add(o.key()));
        }
        assertThat(pages).isGreaterThanOrEqualTo(3);
        assertThat(seen).hasSize(keys.size()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(keys);
        assertThat(seen).isSortedAccordingTo(io.rangefinder.storage.KeyOrder.UTF8);

        // With a delimiter: two folders and one object.
        ListPage top = store().list(ListRequest.folders(container, "many/"));
        assertThat(top.commonPrefixes()).containsExactly("many/even/", "many/odd/");
        assertThat(top.objects()).extracting(ObjectInfo::key).containsExactly("many/top.txt");
        assertThat(top.nextToken()).isNull();

        // A folder of 1250 in pages of 500 through the delimiter listing.
        List<String> odd = new ArrayList<>();
        it = store().pages(new ListRequest(container, "many/odd/", "/", 500, null));
        while (it.hasNext()) {
            it.next().objects().forEach(o -> odd.add(o.key()));
        }
        assertThat(odd).hasSize(1250).allMatch(k -> k.startsWith("many/odd/obj-"));

        // A prefix that ends mid-name.
        assertThat(store().list(new ListRequest(container, "many/odd/obj-0249", null, 100, null)).objects())
                .extracting(ObjectInfo::key).containsExactly("many/odd/obj-02491", "many/odd/obj-02493",
                        "many/odd/obj-02495", "many/odd/obj-02497", "many/odd/obj-02499");
    }

    @Test
    void aListingStartsAfterAKeyWithoutListingWhatComesBefore() {
        for (String k : List.of("jump/a-1", "jump/b-1", "jump/b-2", "jump/c-1", "jump/d/x", "jump/e-1")) {
            put(k, new byte[] {1});
        }
        ListRequest from = ListRequest.folders(container, "jump/").withPageSize(2).withStartAfter("jump/b-1");
        List<String> seen = new ArrayList<>();
        Iterator<ListPage> it = store().pages(from);
        while (it.hasNext()) {
            ListPage page = it.next();
            page.commonPrefixes().forEach(seen::add);
            page.objects().forEach(o -> seen.add(o.key()));
        }
        if (store().canStartAfter()) {
            assertThat(seen).containsExactlyInAnyOrder("jump/b-2", "jump/c-1", "jump/d/", "jump/e-1");
        } else {
            assertThat(seen).as("a store that cannot start after a key lists from the start")
                    .containsExactlyInAnyOrder("jump/a-1", "jump/b-1", "jump/b-2", "jump/c-1", "jump/d/", "jump/e-1");
        }
    }

    @Test
    void awkwardKeysRoundTrip() throws IOException {
        List<String> keys = List.of("odd/with space.txt", "odd/ünïcödé-日本.bin", "odd/a+b.txt", "odd/100%.txt",
                "odd/hash#tag.txt", "odd/q?uery=1&x", "odd/UPPER.txt", "odd/emoji-😀.txt");
        for (String k : keys) {
            put(k, k.getBytes(StandardCharsets.UTF_8));
        }
        ListPage page = store().list(ListRequest.folders(container, "odd/"));
        assertThat(page.objects()).extracting(ObjectInfo::key).containsExactlyInAnyOrderElementsOf(keys);
        assertThat(page.objects()).extracting(ObjectInfo::key).isSortedAccordingTo(io.rangefinder.storage.KeyOrder.UTF8);
        for (String k : keys) {
            assertThat(new String(readAll(store().get(container, k)), StandardCharsets.UTF_8)).isEqualTo(k);
            assertThat(store().stat(container, k).size()).isEqualTo(k.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void emptyPrefixListsTheContainerRootAndFolderMarkersShowAsFolders() {
        put("root-file.txt", new byte[] {1, 2, 3});
        store().put(container, "markers/empty-folder/", new ByteArrayInputStream(new byte[0]), 0, PutOptions.DEFAULT);
        ListPage root = store().list(ListRequest.folders(container, ""));
        assertThat(root.objects()).extracting(ObjectInfo::key).contains("root-file.txt");
        assertThat(root.commonPrefixes()).contains("markers/");
        ListPage markers = store().list(ListRequest.folders(container, "markers/"));
        assertThat(markers.commonPrefixes()).containsExactly("markers/empty-folder/");
        // Inside the marker there is nothing but (on object stores) the marker itself.
        ListPage inside = store().list(ListRequest.folders(container, "markers/empty-folder/"));
        assertThat(inside.objects()).extracting(ObjectInfo::key).allMatch(k -> k.equals("markers/empty-folder/"));
        assertThat(inside.commonPrefixes()).isEmpty();
    }

    @Test
    void listingAMissingContainerIsNotFound() {
        assertThatThrownBy(() -> store().list(ListRequest.folders("rf-missing-" + UUID.randomUUID().toString()
                .substring(0, 8), ""))).isInstanceOf(StorageException.NotFound.class);
    }

    // ------------------------------------------------------------------ stat, get, getRange

    @Test
    void statReportsSizeTagTimeTypeAndMetadata() {
        Instant before = Instant.now().minus(5, ChronoUnit.MINUTES);
        byte[] data = "{\"hello\": 1}".getBytes(StandardCharsets.UTF_8);
        PutOptions opts = new PutOptions("application/json", Map.of("owner", "lab", "run-id", "42"), 0, 0, null);
        store().put(container, "stat/doc.json", new ByteArrayInputStream(data), data.length, opts);
        ObjectInfo info = store().stat(container, "stat/doc.json");
        assertThat(info.container()).isEqualTo(container);
        assertThat(info.key()).isEqualTo("stat/doc.json");
        assertThat(info.size()).isEqualTo(data.length);
        assertThat(info.etag()).isNotBlank();
        assertThat(info.lastModified()).isAfter(before).isBefore(Instant.now().plus(5, ChronoUnit.MINUTES));
        if (keepsContentType()) {
            assertThat(info.contentType()).startsWith("application/json");
        }
        if (keepsUserMetadata()) {
            assertThat(info.metadata()).containsEntry("owner", "lab").containsEntry("run-id", "42");
        }
        String firstTag = info.etag();
        store().put(container, "stat/doc.json", new ByteArrayInputStream("changed!".getBytes(StandardCharsets.UTF_8)), 8, opts);
        assertThat(store().stat(container, "stat/doc.json").etag()).isNotEqualTo(firstTag);
    }

    @Test
    void getRangeAtTheEdges() throws IOException {
        byte[] data = SyntheticData.bytes(10_000, 5);
        put("range/obj.bin", data);
        assertThat(readAll(store().get(container, "range/obj.bin"))).isEqualTo(data);
        assertThat(readAll(store().getRange(container, "range/obj.bin", 0, 1))).containsExactly(data[0]);
        assertThat(readAll(store().getRange(container, "range/obj.bin", 9_999, 1))).containsExactly(data[9_999]);
        assertThat(readAll(store().getRange(container, "range/obj.bin", 1234, 4000)))
                .isEqualTo(Arrays.copyOfRange(data, 1234, 5234));
        // Documented behaviour: a range that runs past the end is cut at the end...
        assertThat(readAll(store().getRange(container, "range/obj.bin", 9_000, 5_000)))
                .isEqualTo(Arrays.copyOfRange(data, 9_000, 10_000));
        // ...and one that starts past the end is an invalid argument.
        assertThatThrownBy(() -> readAll(store().getRange(container, "range/obj.bin", 10_000, 10)))
                .isInstanceOf(StorageException.InvalidArgument.class);
    }

    @Test
    void anEarlyCloseOfAHugeReadReturnsPromptly() throws Exception {
        long size = 64 * MIB;
        store().put(container, "early/close.bin", new SyntheticData(size, 3), size, PutOptions.DEFAULT);
        long t0 = System.nanoTime();
        try (InputStream in = store().get(container, "early/close.bin")) {
            assertThat(in.readNBytes(1024)).hasSize(1024);
        }
        assertThat((System.nanoTime() - t0) / 1_000_000).as("ms to read 1 KiB and close").isLessThan(2_000);
        store().delete(container, "early/close.bin");
    }

    // ------------------------------------------------------------------ put, delete

    @Test
    void putsOfEverySizeReadBackByteIdentical() throws Exception {
        for (long size : new long[] {0, 1, 5 * MIB}) {
            String key = "sizes/" + size + ".bin";
            ObjectInfo info = store().put(container, key, new SyntheticData(size, size), size, PutOptions.DEFAULT);
            assertThat(info.size()).isEqualTo(size);
            assertThat(store().stat(container, key).size()).isEqualTo(size);
            assertThat(sha256(store().get(container, key))).isEqualTo(sha256(new SyntheticData(size, size)));
        }
    }

    @Test
    void aLargeStreamedPutOfUnknownLengthReadsBackByteIdentical() throws Exception {
        long size = 300 * MIB;
        String key = "sizes/300MiB.bin";
        ObjectInfo info = store().put(container, key, new SyntheticData(size, 300), -1,
                PutOptions.DEFAULT.withParts(8 * MIB, 4));
        assertThat(info.size()).isEqualTo(size);
        assertThat(sha256(store().get(container, key))).isEqualTo(sha256(new SyntheticData(size, 300)));
        store().delete(container, key);
    }

    @Test
    void aPutWhoseSourceFailsLeavesNoObject() {
        long size = 20 * MIB;
        InputStream failing = new InputStream() {
            final SyntheticData inner = new SyntheticData(size, 9);
            long read;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read > 12 * MIB) {
                    throw new IOException("source disk went away");
                }
                int n = inner.read(b, off, len);
                read += Math.max(0, n);
                return n;
            }
        };
        assertThatThrownBy(() -> store().put(container, "failed/put.bin", failing, size,
                PutOptions.DEFAULT.withParts(5 * MIB, 2))).isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> store().stat(container, "failed/put.bin")).isInstanceOf(StorageException.NotFound.class);
    }

    @Test
    void aCancelledPutLeavesNoObject() {
        long size = 200 * MIB;
        CancellationToken token = CancellationToken.create();
        InputStream slowSource = new InputStream() {
            final SyntheticData inner = new SyntheticData(size, 10);
            long read;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (read > 20 * MIB) {
                    token.cancel("user cancelled the upload");
                }
                int n = inner.read(b, off, Math.min(len, 1 << 20));
                read += Math.max(0, n);
                return n;
            }
        };
        assertThatThrownBy(() -> store().put(container, "cancelled/put.bin", slowSource, size,
                PutOptions.DEFAULT.withParts(5 * MIB, 2).withToken(token)))
                .isInstanceOfAny(CancelledException.class, StorageException.class);
        assertThatThrownBy(() -> store().stat(container, "cancelled/put.bin")).isInstanceOf(StorageException.NotFound.class);
    }

    @Test
    void deletedObjectsAreNotFound() throws IOException {
        put("gone/x.txt", new byte[] {42});
        store().delete(container, "gone/x.txt");
        assertThatThrownBy(() -> readAll(store().get(container, "gone/x.txt"))).isInstanceOf(StorageException.NotFound.class);
        assertThatThrownBy(() -> store().stat(container, "gone/x.txt")).isInstanceOf(StorageException.NotFound.class)
                .hasMessageContaining("gone/x.txt");
        assertThatThrownBy(() -> store().delete(container, "gone/x.txt")).isInstanceOf(StorageException.NotFound.class);
    }

    // ------------------------------------------------------------------ failures a user causes

    @Test
    void wrongCredentialsAreAccessDeniedWithAnActionableMessage() {
        ObjectStore wrong = storeWithWrongCredentials();
        assumeThat(wrong).as("this store has no credentials").isNotNull();
        assertThatThrownBy(() -> wrong.list(ListRequest.folders(container, "")))
                .isInstanceOf(StorageException.AccessDenied.class)
                .satisfies(e -> assertThat(e.getMessage()).isNotBlank().doesNotContainIgnoringCase("exception"));
    }

    @Test
    void aMissingContainerIsNotFound() {
        assertThatThrownBy(() -> store().stat("rf-no-such-" + UUID.randomUUID().toString().substring(0, 8), "k"))
                .isInstanceOf(StorageException.NotFound.class);
    }

    @Test
    void noServerIsAConnectionErrorWithinTheTimeout() {
        ObjectStore dead = storeWithNoServer();
        assumeThat(dead).as("this store has no server").isNotNull();
        long t0 = System.nanoTime();
        assertThatThrownBy(dead::listContainers).isInstanceOf(StorageException.ConnectionFailed.class)
                .hasMessageContaining("127.0.0.1");
        assertThat((System.nanoTime() - t0) / 1_000_000).as("ms until the connection error").isLessThan(10_000);
    }

    // ------------------------------------------------------------------ the range engine on this store

    @Test
    void rangeEngineDownloadsAQuarterGibByteIdentical() throws Exception {
        long size = 256 * MIB;
        store().put(container, "engine/256MiB.bin", new SyntheticData(size, 256), size, PutOptions.DEFAULT.withParts(16 * MIB, 4));
        Path dest = temp.resolve("engine.bin");
        RangeEngineConfig cfg = RangeEngineConfig.defaults().withChunkSize(8 * MIB).withMaxConcurrentRanges(8);
        DownloadStats s = new RangeEngine(cfg).download(store(), container, "engine/256MiB.bin", new FileSink(dest),
                CancellationToken.create());
        assertThat(s.bytes()).isEqualTo(size);
        assertThat(s.ranges()).isEqualTo(32);
        assertThat(Files.size(dest)).isEqualTo(size);
        assertThat(sha256(Files.newInputStream(dest))).isEqualTo(sha256(new SyntheticData(size, 256)));

        // Cancel half-way (through a link slowed to 16 MiB/s per range so "half-way" is well defined).
        ShapedStore slow = new ShapedStore(store());
        slow.bytesPerSecondPerStream = 16 * MIB;
        Path cancelled = temp.resolve("cancelled.bin");
        FileSink sink = new FileSink(cancelled);
        CancellationToken token = CancellationToken.create();
        int workers = RangeEngine.activeWorkers();
        Download d = new RangeEngine(cfg.withMaxConcurrentRanges(4)).start(slow, container, "engine/256MiB.bin", size,
                sink, token);
        await().atMost(20, TimeUnit.SECONDS).until(() -> d.progress().fraction() >= 0.4);
        long t0 = System.nanoTime();
        token.cancel("stop half-way");
        assertThatThrownBy(d::await).isInstanceOf(CancelledException.class);
        assertThat((System.nanoTime() - t0) / 1_000_000).as("ms from cancel to stop").isLessThan(500);
        assertThat(slow.open.get()).as("range streams left open").isZero();
        assertThat(cancelled).doesNotExist();
        assertThat(sink.tempFile()).doesNotExist();
        try (Stream<Path> left = Files.list(temp)) {
            assertThat(left).containsExactly(dest);
        }
        await().atMost(500, TimeUnit.MILLISECONDS).until(() -> RangeEngine.activeWorkers() <= workers);
        store().delete(container, "engine/256MiB.bin");
    }

    /** Discards what a digest stream reads. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }

    protected static Duration shortConnectTimeout() {
        return Duration.ofSeconds(2);
    }
}
