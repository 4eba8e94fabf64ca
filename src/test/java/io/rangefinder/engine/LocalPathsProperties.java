package io.rangefinder.engine;

import static io.rangefinder.testing.Gen.forAll;
import static io.rangefinder.testing.Gen.weight;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rangefinder.storage.StorageException;
import io.rangefinder.testing.Gen;
import io.rangefinder.testing.Gen.Alphabet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Object keys are hostile file names: {@link LocalPaths#under} either refuses one with a clear
 * message, or gives a path strictly inside the chosen folder that names exactly the key's
 * segments; creating the file there never writes anything outside the folder.
 *
 * <p>Properties run over seeded generated cases ({@link Gen}), each in a fresh tree; a failure
 * names the seed and the input.
 */
class LocalPathsProperties {

    /** A fresh tree per test and per try: root/ holds only the download folder root/dl/ and a sentinel file. */
    private Path root;
    private Path folder;

    @BeforeEach
    void freshTree() throws IOException {
        root = Files.createTempDirectory("rf-localpaths-prop");
        folder = Files.createDirectory(root.resolve("dl"));
        Files.writeString(root.resolve("sentinel"), "untouched");
    }

    @AfterEach
    void removeTree() throws IOException {
        if (root == null) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
        root = null;
    }

    /** Runs one try in a tree of its own. */
    private <T> Gen.Property<T> eachInFreshTree(Gen.Property<T> property) {
        return value -> {
            removeTree();
            freshTree();
            property.check(value);
        };
    }

    record FolderAndKey(String folder, String key) {
    }

    @Test
    void anyKeyIsRefusedClearlyOrLandsStrictlyInsideTheFolder() {
        forAll(300, g -> new FolderAndKey(folders(g), hostileKeys(g)), c -> {
            String folderText = c.folder();
            String key = c.key();
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
        });
    }

    @Test
    void documentedRefusalsHold() {
        forAll(200, LocalPathsProperties::hostileKeys, key -> {
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
        });
    }

    @Test
    void creatingTheFileNeverWritesOutsideTheFolder() {
        forAll(150, LocalPathsProperties::hostileKeys, eachInFreshTree(key -> {
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
        }));
    }

    @Test
    void namesUpToTheLimitAreAcceptedAndCanBeCreated() {
        forAll(60, LocalPathsProperties::longSegments, eachInFreshTree(segment -> {
            Path target = LocalPaths.under(folder, "d/" + segment);
            Files.createDirectories(target.getParent());
            Files.writeString(target, "x");
            assertThat(Files.exists(target)).isTrue();
        }));
    }

    @Test
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

    private static String folders(Gen g) {
        return g.oneOf("/tmp/rf-dl", "/tmp/rf-dl/", "/tmp/x/../rf-dl", "downloads", "./downloads/.", "/",
                "/tmp/with space/ünï", "/tmp/a..b");
    }

    private static final Alphabet NAME_CHARS = Alphabet.range('a', 'z').and("./\\: -_%#?*");
    private static final Alphabet CONTROLS = Alphabet.range('\u0000', '\u001f').and('\u007f', '\u0085', '\u2028', 'a');
    private static final Alphabet NON_ASCII = Alphabet.range('\u0080', '\uffff');

    private static String segment(Gen g) {
        return g.anyOf(
                x -> x.oneOf("..", ".", "", "...", "..x", "x..", "~", "C:", "C:\\x", "..\\x", "\\", "a\\..\\b",
                        "con", "nul", "etc", "passwd", " ", ".hidden", "%2e%2e", "\u2025", "\uFF0E\uFF0E", "\uD83D\uDE00"),
                x -> x.string(NAME_CHARS, 1, 8),
                x -> x.string(CONTROLS, 1, 3),
                x -> x.string(NON_ASCII, 1, 4),
                x -> "é".repeat(x.between(120, 140)),
                x -> "x".repeat(x.between(250, 260)));
    }

    private static String joined(Gen g) {
        return String.join("/", g.list(1, 6, LocalPathsProperties::segment));
    }

    private static String hostileKeys(Gen g) {
        return g.frequency(
                weight(6, LocalPathsProperties::joined),
                weight(2, x -> x.oneOf("/", "//", "\\", "/etc/", "C:\\", "C:/", "\\\\server\\share\\") + joined(x)),
                weight(1, x -> x.oneOf("/etc/passwd", "../x", "..\\x", "C:\\x", "a//b", ".", "a/./b", "a/..",
                        "a/b/../../..", "\u0000", "a\u0000/b", "x/", "/", "")),
                weight(1, x -> joined(x).repeat(40)));
    }

    private static String longSegments(Gen g) {
        // up to 255 bytes of UTF-8 in one name, mixing 1-, 2-, 3- and 4-byte characters
        return cutTo255Bytes(String.join("", g.list(1, 255, x -> x.oneOf("a", "é", "€", "\uD83D\uDE00"))));
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
