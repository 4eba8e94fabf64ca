package io.rangefinder.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rangefinder.storage.StorageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;

/**
 * Object keys are hostile file names: {@link LocalPaths#under} either refuses one with a clear
 * message, or gives a path strictly inside the chosen folder that names exactly the key's
 * segments; creating the file there never writes anything outside the folder.
 */
class LocalPathsProperties {

    /** A fresh tree per try: root/ holds only the download folder root/dl/ and a sentinel file. */
    private Path root;
    private Path folder;

    @BeforeTry
    void freshTree() throws IOException {
        root = Files.createTempDirectory("rf-localpaths-prop");
        folder = Files.createDirectory(root.resolve("dl"));
        Files.writeString(root.resolve("sentinel"), "untouched");
    }

    @AfterTry
    void removeTree() throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Property(tries = 300)
    void anyKeyIsRefusedClearlyOrLandsStrictlyInsideTheFolder(@ForAll("folders") String folderText,
                                                              @ForAll("hostileKeys") String key) {
        Path chosen = Path.of(folderText);
        Path base = chosen.toAbsolutePath().normalize();
        Path target;
        try {
            target = LocalPaths.under(chosen, key);
        } catch (StorageException.InvalidArgument e) {
            assertClear(e.getMessage());
            return;
        }
        assertThat(target.isAbsolute()).isTrue();
        assertThat(target.normalize()).isEqualTo(target);
        assertThat(target.startsWith(base)).as("%s inside %s", target, base).isTrue();
        assertThat(target).isNotEqualTo(base);
        Path relative = base.relativize(target);
        for (Path part : relative) {
            assertThat(part.toString()).isNotIn("..", ".", "");
        }
        // safe is not enough: it must be the file the key names
        List<String> segments = Arrays.stream(key.split("/")).filter(s -> !s.isEmpty()).toList();
        assertThat(relative.toString()).isEqualTo(String.join("/", segments));
    }

    @Property(tries = 200)
    void documentedRefusalsHold(@ForAll("hostileKeys") String key) {
        String[] segments = key.split("/", -1);
        boolean mustRefuse = key.isEmpty() || key.startsWith("/") || key.startsWith("\\")
                || Arrays.stream(segments).anyMatch(s -> s.equals("..") || s.equals("."))
                || key.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '\\' || c == ':')
                || Arrays.stream(segments).anyMatch(s -> s.getBytes(StandardCharsets.UTF_8).length > 255);
        if (mustRefuse) {
            assertThatThrownBy(() -> LocalPaths.under(folder, key))
                    .isInstanceOf(StorageException.InvalidArgument.class)
                    .hasMessageStartingWith("not downloading '");
        }
    }

    @Property(tries = 150)
    void creatingTheFileNeverWritesOutsideTheFolder(@ForAll("hostileKeys") String key) throws IOException {
        Path target;
        try {
            target = LocalPaths.under(folder, key);
        } catch (StorageException.InvalidArgument refused) {
            assertThat(listRoot()).containsExactlyInAnyOrder("dl", "sentinel");
            return;
        }
        assertThat(target.startsWith(folder)).as("%s inside %s before anything is written", target, folder).isTrue();
        try {
            Files.createDirectories(target.getParent());
            Files.writeString(target, "payload");
            assertThat(Files.readString(target)).isEqualTo("payload");
            assertThat(target.toRealPath().startsWith(folder.toRealPath())).isTrue();
        } catch (IOException tooLongForThisFileSystem) {
            // a path the file system cannot hold (PATH_MAX) is an error, never an escape
        }
        assertThat(listRoot()).containsExactlyInAnyOrder("dl", "sentinel");
        assertThat(Files.readString(root.resolve("sentinel"))).isEqualTo("untouched");
        try (Stream<Path> all = Files.walk(root)) {
            assertThat(all.filter(p -> !p.equals(root) && !p.equals(root.resolve("sentinel")))
                    .allMatch(p -> p.startsWith(folder))).as("everything written is under the folder").isTrue();
        }
    }

    @Property(tries = 60)
    void namesUpToTheLimitAreAcceptedAndCanBeCreated(@ForAll("longSegments") String segment) throws IOException {
        Path target = LocalPaths.under(folder, "d/" + segment);
        Files.createDirectories(target.getParent());
        Files.writeString(target, "x");
        assertThat(Files.exists(target)).isTrue();
    }

    @Example
    void hugeHostileKeysAreRefusedWithAShortMessage() {
        // found by anyKeyIsRefusedClearlyOrLandsStrictlyInsideTheFolder, shrunk to "../" + 120 x "é" + "/"
        // + 256 x "x": refusals other than the 255-byte one repeated the whole key (here ~480
        // characters of message), so a 20,000-character key made a 20,000-character message
        String key = "a/".repeat(10_000) + "../x";
        assertThatThrownBy(() -> LocalPaths.under(folder, key))
                .isInstanceOf(StorageException.InvalidArgument.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400).contains("'..'"));
    }

    // ------------------------------------------------------------------ generators

    @Provide
    Arbitrary<String> folders() {
        return Arbitraries.of("/tmp/rf-dl", "/tmp/rf-dl/", "/tmp/x/../rf-dl", "downloads", "./downloads/.", "/",
                "/tmp/with space/ünï", "/tmp/a..b");
    }

    @Provide
    Arbitrary<String> hostileKeys() {
        Arbitrary<String> segment = Arbitraries.oneOf(
                Arbitraries.of("..", ".", "", "...", "..x", "x..", "~", "C:", "C:\\x", "..\\x", "\\", "a\\..\\b",
                        "con", "nul", "etc", "passwd", " ", ".hidden", "%2e%2e", "\u2025", "\uFF0E\uFF0E", "😀"),
                Arbitraries.strings().withCharRange('a', 'z').withChars("./\\: -_%#?*").ofMinLength(1).ofMaxLength(8),
                Arbitraries.strings().withCharRange('\u0000', '\u001f').withChars('\u007f', '\u0085', '\u2028', 'a')
                        .ofMinLength(1).ofMaxLength(3),
                Arbitraries.strings().withCharRange('\u0080', '\uffff').ofMinLength(1).ofMaxLength(4),
                Arbitraries.strings().withChars("é").ofMinLength(120).ofMaxLength(140),
                Arbitraries.strings().withChars("x").ofMinLength(250).ofMaxLength(260));
        Arbitrary<String> joined = segment.list().ofMinSize(1).ofMaxSize(6).map(l -> String.join("/", l));
        Arbitrary<String> prefixed = Arbitraries.of("/", "//", "\\", "/etc/", "C:\\", "C:/", "\\\\server\\share\\")
                .flatMap(p -> joined.map(j -> p + j));
        return Arbitraries.frequencyOf(
                Tuple.of(6, joined),
                Tuple.of(2, prefixed),
                Tuple.of(1, Arbitraries.of("/etc/passwd", "../x", "..\\x", "C:\\x", "a//b", ".", "a/./b", "a/..",
                        "a/b/../../..", "\u0000", "a\u0000/b", "x/", "/", "")),
                Tuple.of(1, joined.map(j -> j.repeat(40))));
    }

    @Provide
    Arbitrary<String> longSegments() {
        // up to 255 bytes of UTF-8 in one name, mixing 1-, 2-, 3- and 4-byte characters
        return Arbitraries.of("a", "é", "€", "😀").list().ofMinSize(1).ofMaxSize(255)
                .map(l -> cutTo255Bytes(String.join("", l)));
    }

    // ------------------------------------------------------------------ helpers

    private static String cutTo255Bytes(String s) {
        StringBuilder sb = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + n > 255) {
                break;
            }
            sb.appendCodePoint(cp);
            bytes += n;
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    private static void assertClear(String message) {
        assertThat(message).startsWith("not downloading '").contains("download it to an explicit file name");
        assertThat(message.length()).as("message length").isLessThan(400);
        assertThat(message.chars().noneMatch(Character::isISOControl))
                .as("control characters in %s", message.replaceAll("\\p{Cc}", "?")).isTrue();
    }

    private List<String> listRoot() throws IOException {
        try (Stream<Path> files = Files.list(root)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
