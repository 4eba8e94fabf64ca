package io.rangefinder.storage.file;

import io.rangefinder.storage.PutOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rangefinder.storage.ContainerInfo;
import io.rangefinder.storage.ListPage;
import io.rangefinder.storage.ListRequest;
import io.rangefinder.storage.ObjectInfo;
import io.rangefinder.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStoreTest {

    @TempDir
    Path root;
    FileStore store;
    Path c;

    @BeforeEach
    void setUp() throws IOException {
        store = new FileStore(root);
        c = Files.createDirectory(root.resolve("c"));
    }

    private Path file(String key, String content) throws IOException {
        Path p = c.resolve(key);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content);
    }

    private static List<String> keys(ListPage page) {
        return page.objects().stream().map(ObjectInfo::key).toList();
    }

    /** Every entry (objects and prefixes) of a listing, in the order the pages hand them out, via 1-entry pages. */
    private List<String> entriesOneByOne(ListRequest first) {
        List<String> out = new ArrayList<>();
        Iterator<ListPage> pages = store.pages(first.withPageSize(1));
        while (pages.hasNext()) {
            ListPage p = pages.next();
            assertThat(p.objects().size() + p.commonPrefixes().size()).isLessThanOrEqualTo(1);
            p.objects().forEach(o -> out.add(o.key()));
            out.addAll(p.commonPrefixes());
        }
        return out;
    }

    private static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private List<String> filesUnder(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    // ------------------------------------------------------------------ listing

    @Test
    void listsOneFolderWithDelimiterAndEverythingWithout() throws IOException {
        file("data/train/a.bin", "a");
        file("data/train/b.bin", "bb");
        file("data/val/x.bin", "x");
        file("data/readme.txt", "r");
        file("top.txt", "t");

        ListPage top = store.list(ListRequest.folders("c", ""));
        assertThat(keys(top)).containsExactly("top.txt");
        assertThat(top.commonPrefixes()).containsExactly("data/");
        assertThat(top.hasMore()).isFalse();

        ListPage data = store.list(ListRequest.folders("c", "data/"));
        assertThat(keys(data)).containsExactly("data/readme.txt");
        assertThat(data.commonPrefixes()).containsExactly("data/train/", "data/val/");
        assertThat(data.objects().getFirst().size()).isEqualTo(1);
        assertThat(data.objects().getFirst().container()).isEqualTo("c");

        ListPage all = store.list(ListRequest.recursive("c", ""));
        assertThat(keys(all)).containsExactly("data/readme.txt", "data/train/a.bin", "data/train/b.bin",
                "data/val/x.bin", "top.txt");
        assertThat(all.commonPrefixes()).isEmpty();
        assertThat(all.objects().get(2).size()).isEqualTo(2);

        assertThat(keys(store.list(ListRequest.recursive("c", "data/train/")))).containsExactly(
                "data/train/a.bin", "data/train/b.bin");
        assertThat(keys(store.list(ListRequest.folders("c", "nope/")))).isEmpty();
        assertThat(keys(store.list(ListRequest.recursive("c", "top.txt/")))).isEmpty();
    }

    @Test
    void ordersKeysByUtf8BytesLikeS3() throws IOException {
        List<String> names = List.of("😀", "\uE000x", "é", "z", "b", "B", "a0", "a.b", "a-b", "a+b", "a%b", "a#b", "a b");
        for (String n : names) {
            file(n, n);
        }
        file("a/x", "inside a folder named a");

        assertThat(entriesOneByOne(ListRequest.folders("c", ""))).containsExactly(
                "B", "a b", "a#b", "a%b", "a+b", "a-b", "a.b", "a/", "a0", "b", "z", "é", "\uE000x", "😀");
        assertThat(entriesOneByOne(ListRequest.recursive("c", ""))).containsExactly(
                "B", "a b", "a#b", "a%b", "a+b", "a-b", "a.b", "a/x", "a0", "b", "z", "é", "\uE000x", "😀");
        // a single big page agrees with the one-by-one pages
        ListPage one = store.list(ListRequest.recursive("c", ""));
        assertThat(keys(one)).containsExactly(
                "B", "a b", "a#b", "a%b", "a+b", "a-b", "a.b", "a/x", "a0", "b", "z", "é", "\uE000x", "😀");
    }

    @Test
    void folderSortsAsNameSlashAmongSiblings() throws IOException {
        // folder "ab" lists as "ab/", after "ab-c" and "ab.c" but before "ab0" and "abc"
        file("ab/inner", "i");
        file("ab-c", "1");
        file("ab.c", "2");
        file("ab0", "3");
        file("abc", "4");
        assertThat(entriesOneByOne(ListRequest.folders("c", "ab"))).containsExactly("ab-c", "ab.c", "ab/", "ab0", "abc");
        assertThat(entriesOneByOne(ListRequest.recursive("c", "ab"))).containsExactly(
                "ab-c", "ab.c", "ab/inner", "ab0", "abc");
    }

    @Test
    void pages2500FilesInThreePagesWithoutDuplicatesOrGaps() throws IOException {
        Set<String> expected = new HashSet<>();
        Path dir = Files.createDirectories(c.resolve("many"));
        for (int i = 0; i < 2500; i++) {
            String name = "f" + Integer.toString(i * 7919 % 2500, 36);
            Files.writeString(dir.resolve(name), "");
            expected.add("many/" + name);
        }
        for (ListRequest first : List.of(ListRequest.folders("c", "many/"), ListRequest.recursive("c", ""))) {
            List<Integer> sizes = new ArrayList<>();
            List<String> seen = new ArrayList<>();
            Iterator<ListPage> pages = store.pages(first.withPageSize(1000));
            while (pages.hasNext()) {
                ListPage p = pages.next();
                sizes.add(p.objects().size());
                seen.addAll(keys(p));
                if (p.hasMore()) {
                    assertThat(p.nextToken()).isEqualTo(p.objects().getLast().key());
                }
            }
            assertThat(sizes).containsExactly(1000, 1000, 500);
            assertThat(seen).doesNotHaveDuplicates().hasSize(2500);
            assertThat(new HashSet<>(seen)).isEqualTo(expected);
            assertThat(seen).isSortedAccordingTo(io.rangefinder.storage.KeyOrder.UTF8);
        }
    }

    @Test
    void pageStartsStrictlyAfterTheToken() throws IOException {
        for (String n : List.of("a", "b", "c", "d")) {
            file(n, n);
        }
        ListRequest r = new ListRequest("c", "", "/", 2, "b");
        ListPage p = store.list(r);
        assertThat(keys(p)).containsExactly("c", "d");
        assertThat(p.nextToken()).isNull();
        // a token that is not itself a key works as well (start-after semantics)
        assertThat(keys(store.list(new ListRequest("c", "", null, 10, "bb")))).containsExactly("c", "d");
    }

    @Test
    void prefixMayEndMidName() throws IOException {
        file("data/train/1.bin", "1");
        file("data/train/2.bin", "2");
        file("data/trx.txt", "t");
        file("data/val/3.bin", "3");
        file("data/a.txt", "a");

        ListPage p = store.list(ListRequest.folders("c", "data/tr"));
        assertThat(p.commonPrefixes()).containsExactly("data/train/");
        assertThat(keys(p)).containsExactly("data/trx.txt");
        assertThat(keys(store.list(ListRequest.recursive("c", "data/tr")))).containsExactly(
                "data/train/1.bin", "data/train/2.bin", "data/trx.txt");
    }

    @Test
    void emptyFolderIsACommonPrefixAndHoldsNothing() throws IOException {
        Files.createDirectories(c.resolve("empty"));
        file("f", "x");
        ListPage p = store.list(ListRequest.folders("c", ""));
        assertThat(p.commonPrefixes()).containsExactly("empty/");
        assertThat(store.list(ListRequest.folders("c", "empty/")).objects()).isEmpty();
        assertThat(store.list(ListRequest.folders("c", "empty/")).commonPrefixes()).isEmpty();
        assertThat(keys(store.list(ListRequest.recursive("c", "")))).containsExactly("f");
    }

    @Test
    void temporaryPartFilesAreHiddenButOtherDotFilesAreNot() throws IOException {
        file(".rangefinder-1234abcd.part", "partial");
        file("sub/.rangefinder-99.part", "partial");
        file(".hidden", "h");
        file("sub/real", "r");
        assertThat(keys(store.list(ListRequest.recursive("c", "")))).containsExactly(".hidden", "sub/real");
        assertThat(keys(store.list(ListRequest.folders("c", "")))).containsExactly(".hidden");
    }

    @Test
    void otherDelimitersRollUpKeys() throws IOException {
        file("a-1", "x");
        file("a-2", "x");
        file("b", "x");
        file("c-1/d", "x");
        ListPage p = store.list(new ListRequest("c", "", "-", 1000, null));
        assertThat(p.commonPrefixes()).containsExactly("a-", "c-");
        assertThat(keys(p)).containsExactly("b");
        assertThat(entriesOneByOne(new ListRequest("c", "", "-", 1, null))).containsExactly("a-", "b", "c-");
    }

    @Test
    void followsFileLinksAndDoesNotLoopOnFolderCycles() throws IOException {
        Path outside = Files.writeString(root.resolve("outside.bin"), "12345");
        file("loop/f", "x");
        Files.createSymbolicLink(c.resolve("loop/self"), c.resolve("loop"));
        Files.createSymbolicLink(c.resolve("link.bin"), outside);
        Files.createSymbolicLink(c.resolve("broken"), root.resolve("nothing-here"));

        assertThat(keys(store.list(ListRequest.recursive("c", "")))).containsExactly("link.bin", "loop/f");
        assertThat(store.stat("c", "link.bin").size()).isEqualTo(5);
        assertThat(store.list(ListRequest.folders("c", "loop/")).commonPrefixes()).containsExactly("loop/self/");
    }

    @Test
    void listingAMissingContainerIsNotFound() {
        assertThatThrownBy(() -> store.list(ListRequest.folders("nope", "")))
                .isInstanceOf(StorageException.NotFound.class)
                .hasMessageContaining("container 'nope' not found");
    }

    // ------------------------------------------------------------------ stat / get

    @Test
    void statReportsSizeTimeTagAndType() throws IOException {
        Path p = file("docs/readme.txt", "hello");
        Files.setLastModifiedTime(p, FileTime.from(Instant.parse("2024-05-06T07:08:09.123Z")));
        ObjectInfo info = store.stat("c", "docs/readme.txt");
        assertThat(info.container()).isEqualTo("c");
        assertThat(info.key()).isEqualTo("docs/readme.txt");
        assertThat(info.size()).isEqualTo(5);
        assertThat(info.lastModified()).isEqualTo(Instant.parse("2024-05-06T07:08:09.123Z"));
        assertThat(info.contentType()).isEqualTo("text/plain");
        assertThat(info.metadata()).isEmpty();
        assertThat(info.etag()).isNotBlank();

        store.put("c", "docs/readme.txt", new ByteArrayInputStream("hello".getBytes()), 5, PutOptions.DEFAULT);
        assertThat(store.stat("c", "docs/readme.txt").etag()).isNotEqualTo(info.etag());

        file("noext", "x");
        assertThat(store.stat("c", "noext").contentType()).isEqualTo("application/octet-stream");
    }

    @Test
    void statOfFolderOrMissingKeyIsNotFound() throws IOException {
        file("dir/f", "x");
        assertThatThrownBy(() -> store.stat("c", "dir")).isInstanceOf(StorageException.NotFound.class)
                .hasMessageContaining("is a folder, not an object");
        assertThatThrownBy(() -> store.stat("c", "dir/")).isInstanceOf(StorageException.NotFound.class)
                .hasMessageContaining("is a folder");
        assertThatThrownBy(() -> store.stat("c", "missing")).isInstanceOf(StorageException.NotFound.class)
                .hasMessageContaining("missing");
        assertThatThrownBy(() -> store.stat("c", "dir/f/below")).isInstanceOf(StorageException.NotFound.class);
    }

    @Test
    void rangesCoverFirstAndLastByteAndCutAtTheEnd() throws IOException {
        byte[] data = new byte[1000];
        new Random(1).nextBytes(data);
        Files.write(c.resolve("r.bin"), data);

        assertThat(read(store.get("c", "r.bin"))).isEqualTo(data);
        assertThat(read(store.getRange("c", "r.bin", 0, 1))).containsExactly(data[0]);
        assertThat(read(store.getRange("c", "r.bin", 999, 1))).containsExactly(data[999]);
        assertThat(read(store.getRange("c", "r.bin", 990, 100))).isEqualTo(java.util.Arrays.copyOfRange(data, 990, 1000));
        assertThat(read(store.getRange("c", "r.bin", 10, Long.MAX_VALUE))).hasSize(990);
        assertThat(read(store.getRange("c", "r.bin", 5, 0))).isEmpty();
        assertThatThrownBy(() -> store.getRange("c", "r.bin", 1000, 1))
                .isInstanceOf(StorageException.InvalidArgument.class)
                .hasMessageContaining("1000 bytes");
        assertThatThrownBy(() -> store.getRange("c", "r.bin", -1, 1)).isInstanceOf(StorageException.InvalidArgument.class);
        assertThatThrownBy(() -> store.getRange("c", "r.bin", 0, -5)).isInstanceOf(StorageException.InvalidArgument.class);

        Files.write(c.resolve("empty"), new byte[0]);
        assertThat(read(store.get("c", "empty"))).isEmpty();
        assertThat(read(store.getRange("c", "empty", 0, 10))).isEmpty();
        assertThatThrownBy(() -> store.get("c", "nope")).isInstanceOf(StorageException.NotFound.class);
    }

    @Test
    void streamsReadSingleBytesSkipAndPassLargeReadsThrough() throws IOException {
        byte[] data = new byte[5 << 20];
        new Random(2).nextBytes(data);
        Files.write(c.resolve("big"), data);
        try (InputStream in = store.getRange("c", "big", 100, 3 << 20)) {
            assertThat(in.read()).isEqualTo(data[100] & 0xFF);
            assertThat(in.skip(99)).isEqualTo(99);
            byte[] buf = new byte[1 << 20];
            assertThat(in.read(buf, 0, buf.length)).isEqualTo(1 << 20); // one call, not 8 KiB at a time
            assertThat(java.util.Arrays.copyOf(buf, 16)).isEqualTo(java.util.Arrays.copyOfRange(data, 200, 216));
            assertThat(in.available()).isEqualTo((3 << 20) - 100 - (1 << 20));
        }
        var out = new java.io.ByteArrayOutputStream();
        try (InputStream in = store.get("c", "big")) {
            assertThat(in.transferTo(out)).isEqualTo(data.length);
        }
        assertThat(out.toByteArray()).isEqualTo(data);
    }

    // ------------------------------------------------------------------ put / delete

    @Test
    void putStoresExactBytesOfAnySize() throws IOException {
        for (int size : new int[] {0, 1, 5 << 20}) {
            byte[] data = new byte[size];
            new Random(size).nextBytes(data);
            String key = "up/n" + size + ".bin";
            ObjectInfo info = store.put("c", key, new ByteArrayInputStream(data), size, "application/x-test");
            assertThat(info.size()).isEqualTo(size);
            assertThat(info.key()).isEqualTo(key);
            assertThat(Files.readAllBytes(c.resolve(key))).isEqualTo(data);
            // unknown length
            store.put("c", key + ".u", new ByteArrayInputStream(data), -1, PutOptions.DEFAULT);
            assertThat(read(store.get("c", key + ".u"))).isEqualTo(data);
        }
        assertThat(filesUnder(c)).noneMatch(n -> n.contains(".part"));
    }

    @Test
    void putReplacesAnExistingObject() throws IOException {
        file("k", "old content");
        store.put("c", "k", new ByteArrayInputStream("new".getBytes()), 3, PutOptions.DEFAULT);
        assertThat(Files.readString(c.resolve("k"))).isEqualTo("new");
    }

    /** Gives some bytes, then fails: like a network upload source that breaks midway. */
    private static InputStream failingAfter(int bytes, RuntimeException runtime) {
        return new InputStream() {
            int left = bytes;

            @Override
            public int read() throws IOException {
                byte[] b = new byte[1];
                return read(b, 0, 1) < 0 ? -1 : b[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    if (runtime != null) {
                        throw runtime;
                    }
                    throw new IOException("connection reset");
                }
                int n = Math.min(len, left);
                left -= n;
                return n;
            }
        };
    }

    @Test
    void failedPutLeavesNeitherFileNorTempAndKeepsTheOldObject() throws IOException {
        assertThatThrownBy(() -> store.put("c", "new/obj", failingAfter(700_000, null), 1_000_000, PutOptions.DEFAULT))
                .isInstanceOf(StorageException.TransientIo.class)
                .hasMessageContaining("connection reset");
        assertThat(c.resolve("new/obj")).doesNotExist();
        assertThat(filesUnder(c)).isEmpty();

        file("kept", "original");
        assertThatThrownBy(() -> store.put("c", "kept", failingAfter(300_000, new IllegalStateException("boom")), -1, PutOptions.DEFAULT))
                .isInstanceOf(IllegalStateException.class);
        assertThat(Files.readString(c.resolve("kept"))).isEqualTo("original");
        assertThat(filesUnder(c)).containsExactly("kept");
    }

    @Test
    void putWithWrongDeclaredLengthWritesNothing() throws IOException {
        assertThatThrownBy(() -> store.put("c", "short", new ByteArrayInputStream(new byte[10]), 20, PutOptions.DEFAULT))
                .isInstanceOf(StorageException.InvalidArgument.class)
                .hasMessageContaining("ended after 10 of the declared 20 bytes");
        assertThatThrownBy(() -> store.put("c", "long", new ByteArrayInputStream(new byte[30]), 20, PutOptions.DEFAULT))
                .isInstanceOf(StorageException.InvalidArgument.class)
                .hasMessageContaining("longer than the declared 20 bytes");
        assertThat(filesUnder(c)).isEmpty();
    }

    @Test
    void putRejectsFolderKeysAndMissingContainers() throws IOException {
        file("dir/f", "x");
        assertThatThrownBy(() -> store.put("c", "dir", new ByteArrayInputStream(new byte[1]), 1, PutOptions.DEFAULT))
                .isInstanceOf(StorageException.InvalidArgument.class).hasMessageContaining("is a folder");
        assertThatThrownBy(() -> store.put("c", "dir/", new ByteArrayInputStream(new byte[1]), 1, PutOptions.DEFAULT))
                .isInstanceOf(StorageException.InvalidArgument.class).hasMessageContaining("names a folder");
        assertThatThrownBy(() -> store.put("c", "dir/f/under", new ByteArrayInputStream(new byte[1]), 1, PutOptions.DEFAULT))
                .isInstanceOf(StorageException.InvalidArgument.class).hasMessageContaining("is a file");
        assertThatThrownBy(() -> store.put("nope", "k", new ByteArrayInputStream(new byte[1]), 1, PutOptions.DEFAULT))
                .isInstanceOf(StorageException.NotFound.class).hasMessageContaining("container 'nope'");
        assertThatThrownBy(() -> store.put("c", "x/.rangefinder-1.part", new ByteArrayInputStream(new byte[1]), 1, PutOptions.DEFAULT))
                .isInstanceOf(StorageException.InvalidArgument.class);
    }

    @Test
    void deleteRemovesTheFileButKeepsItsFolder() throws IOException {
        file("d/e/f.txt", "x");
        store.delete("c", "d/e/f.txt");
        assertThatThrownBy(() -> store.stat("c", "d/e/f.txt")).isInstanceOf(StorageException.NotFound.class);
        assertThat(c.resolve("d/e")).isDirectory();
        assertThatThrownBy(() -> store.delete("c", "d/e/f.txt")).isInstanceOf(StorageException.NotFound.class);
        assertThatThrownBy(() -> store.delete("c", "d")).isInstanceOf(StorageException.InvalidArgument.class)
                .hasMessageContaining("is a folder");
    }

    @Test
    void deletingAFolderMarkerRemovesTheFolderOnlyWhenEmpty() throws IOException {
        file("m/n/o.txt", "x");
        assertThatThrownBy(() -> store.delete("c", "m/n/")).isInstanceOf(StorageException.InvalidArgument.class)
                .hasMessageContaining("not empty");
        store.delete("c", "m/n/o.txt");
        store.delete("c", "m/n/");
        assertThat(c.resolve("m/n")).doesNotExist();
        assertThat(c.resolve("m")).isDirectory();
        assertThatThrownBy(() -> store.delete("c", "m/n/")).isInstanceOf(StorageException.NotFound.class);
    }

    // ------------------------------------------------------------------ containers

    @Test
    void containersCanBeCreatedListedAndDeletedWhenEmpty() throws IOException {
        store.createContainer("b-new");
        store.createContainer("A");
        Files.writeString(root.resolve("plain-file"), "not a container");
        assertThat(store.listContainers()).extracting(ContainerInfo::name).containsExactly("A", "b-new", "c");
        assertThat(store.listContainers().getFirst().created()).isNotNull();

        assertThatThrownBy(() -> store.createContainer("c")).isInstanceOf(StorageException.AlreadyExists.class)
                .hasMessageContaining("'c' already exists");
        file("x", "y");
        assertThatThrownBy(() -> store.deleteContainer("c")).isInstanceOf(StorageException.InvalidArgument.class)
                .hasMessageContaining("container 'c' is not empty");
        assertThatThrownBy(() -> store.deleteContainer("missing")).isInstanceOf(StorageException.NotFound.class);
        store.deleteContainer("b-new");
        assertThat(root.resolve("b-new")).doesNotExist();
    }

    // ------------------------------------------------------------------ safety and errors

    @Test
    void keysAndContainersCannotEscapeTheRoot() throws IOException {
        Files.writeString(root.resolve("secret"), "s");
        for (String key : List.of("../secret", "a/../../secret", "/etc/passwd", "a/./b", "a//b", "a\0b", ".", "..", "")) {
            assertThatThrownBy(() -> store.stat("c", key)).as(key).isInstanceOf(StorageException.InvalidArgument.class);
            assertThatThrownBy(() -> store.get("c", key)).as(key).isInstanceOf(StorageException.InvalidArgument.class);
            assertThatThrownBy(() -> store.delete("c", key)).as(key).isInstanceOf(StorageException.InvalidArgument.class);
            assertThatThrownBy(() -> store.put("c", key, new ByteArrayInputStream(new byte[1]), 1, PutOptions.DEFAULT))
                    .as(key).isInstanceOf(StorageException.InvalidArgument.class);
        }
        for (String container : List.of("..", ".", "a/b", "", "x\0")) {
            assertThatThrownBy(() -> store.stat(container, "secret")).as(container)
                    .isInstanceOf(StorageException.InvalidArgument.class);
            assertThatThrownBy(() -> store.createContainer(container)).as(container)
                    .isInstanceOf(StorageException.InvalidArgument.class);
        }
        for (String prefix : List.of("../", "a/../../", "/etc/")) {
            assertThatThrownBy(() -> store.list(ListRequest.folders("c", prefix))).as(prefix)
                    .isInstanceOf(StorageException.InvalidArgument.class);
        }
        assertThat(Files.readString(root.resolve("secret"))).isEqualTo("s");
    }

    @Test
    void ioErrorsBecomeTypedExceptionsNamingThePath() {
        Path p = Path.of("/data/x");
        assertThat(FileStore.map(new java.nio.file.NoSuchFileException("/data/x"), p, "reading"))
                .isInstanceOf(StorageException.NotFound.class).hasMessageContaining("/data/x");
        assertThat(FileStore.map(new java.nio.file.AccessDeniedException("/data/x"), p, "reading"))
                .isInstanceOf(StorageException.AccessDenied.class).hasMessageContaining("permission");
        assertThat(FileStore.map(new java.nio.file.FileAlreadyExistsException("/data/x"), p, "creating"))
                .isInstanceOf(StorageException.AlreadyExists.class);
        StorageException full = FileStore.map(new FileSystemException("/data/x", null, "No space left on device"), p, "writing");
        assertThat(full.getClass()).isEqualTo(StorageException.class);
        assertThat(full).hasMessageContaining("disk full").hasMessageContaining("/data/x");
        assertThat(FileStore.map(new IOException("Input/output error"), p, "reading"))
                .isInstanceOf(StorageException.TransientIo.class).hasMessageContaining("/data/x");
    }

    @Test
    void unreadableFileIsAccessDenied() throws IOException {
        assumeTrue(!"root".equals(System.getProperty("user.name")), "root can read anything");
        Path p = file("locked", "x");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("---------"));
        assertThatThrownBy(() -> store.get("c", "locked")).isInstanceOf(StorageException.AccessDenied.class);
    }

    @Test
    void describeNamesTheRoot() {
        assertThat(store.describe()).contains(root.toString());
        assertThat(FileStore.local().root()).isEqualTo(Path.of("/"));
    }
}
