package io.rangefinder.storage;

import static io.rangefinder.testing.Gen.forAll;
import static io.rangefinder.testing.Gen.weight;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rangefinder.storage.ObjectUri.Scheme;
import io.rangefinder.testing.Gen;
import io.rangefinder.testing.Gen.Alphabet;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Hostile and generated input for {@link ObjectUri#parse}: whatever a user types or pastes either
 * parses to a value that survives {@code parse(toString())}, or is refused with
 * {@link StorageException.InvalidArgument} and a readable message; valid locations keep their
 * bucket and key exactly; bucket and container name rules hold for every generated name.
 *
 * <p>Properties run over seeded generated cases ({@link Gen}); a failure names the seed and the input.
 */
class ObjectUriProperties {

    // ------------------------------------------------------------------ arbitrary text

    @Test
    void anyTextParsesAndRoundTripsOrIsRefusedWithAMessage() {
        forAll(600, ObjectUriProperties::hostileText, text -> {
            ObjectUri u;
            try {
                u = ObjectUri.parse(text);
            } catch (StorageException.InvalidArgument e) {
                assertReadable(e.getMessage());
                return;
            }
            // anything accepted must have a canonical form that reads back to the same value
            ObjectUri again = ObjectUri.parse(u.toString());
            assertThat(again).isEqualTo(u);
            assertThat(again.toString()).isEqualTo(u.toString());
        });
    }

    record Huge(String scheme, String filler) {
    }

    @Test
    void hugeInputIsRefusedWithAShortMessage() {
        forAll(100, g -> new Huge(schemes(g), g.string(Gen.ANY_CHAR, 1, 8)), c -> {
            String text = c.scheme() + c.filler().repeat(Math.max(1, 20_000 / Math.max(1, c.filler().length())));
            try {
                ObjectUri.parse(text);
            } catch (StorageException.InvalidArgument e) {
                assertReadable(e.getMessage());
            }
        });
    }

    record Pasted(String host, String path, String query) {
    }

    @Test
    void sasTokenNeverReachesTheResultOrAMessage() {
        forAll(200, g -> new Pasted(azureHosts(g), g.string(Alphabet.chars("abc-/%2e0$ #"), 0, 30), secretQuery(g)), c -> {
            String text = "https://" + c.host() + "/" + c.path() + c.query();
            try {
                ObjectUri u = ObjectUri.parse(text);
                assertThat(u.toString()).doesNotContain("SECRET");
                assertThat(u.key()).doesNotContain("SECRET");
            } catch (StorageException.InvalidArgument e) {
                assertThat(e.getMessage()).doesNotContain("SECRET");
            }
        });
    }

    @Test
    void percentEscapesAreAsciiHexOnly() {
        forAll(100, ObjectUriProperties::nonAsciiHexDigits, digits -> {
            // Character.digit also reads Arabic-Indic, fullwidth and other digits as hex
            assertThatThrownBy(() -> ObjectUri.parse("file:///tmp/%" + digits))
                    .isInstanceOf(StorageException.InvalidArgument.class)
                    .hasMessageContaining("percent-escape");
        });
    }

    // ------------------------------------------------------------------ valid locations round-trip

    record BucketKey(Scheme scheme, String bucket, String key) {
    }

    @Test
    void s3AndGcsLocationsKeepBucketAndKey() {
        forAll(300, g -> new BucketKey(g.oneOf(Scheme.S3, Scheme.GCS), s3Buckets(g), objectKeys(g)), c -> {
            Scheme scheme = c.scheme();
            String bucket = c.bucket();
            String key = c.key();
            if (scheme == Scheme.GCS && bucket.startsWith("goog")) {
                bucket = "x" + bucket.substring(1);
            }
            ObjectUri u = ObjectUri.parse(scheme.prefix() + "://" + bucket + "/" + key);
            assertThat(u.scheme()).isEqualTo(scheme);
            assertThat(u.account()).isNull();
            assertThat(u.container()).isEqualTo(bucket);
            assertThat(u.key()).isEqualTo(key);
            assertThat(u.isPrefix()).isEqualTo(key.isEmpty() || key.endsWith("/"));
            assertThat(ObjectUri.parse(u.toString())).isEqualTo(u);
            assertThat(new ObjectUri(scheme, null, bucket, key)).isEqualTo(u);
        });
    }

    record AzureBlob(String account, String container, String key) {
    }

    @Test
    void azureLocationsKeepAccountContainerAndBlob() {
        forAll(300, g -> new AzureBlob(g.string(Gen.LOWER_ALNUM, 3, 24), azureContainers(g), objectKeys(g)), c -> {
            String account = c.account();
            String container = c.container();
            String key = c.key();
            ObjectUri u = ObjectUri.parse("az://" + account + "/" + container + "/" + key);
            assertThat(u).isEqualTo(new ObjectUri(Scheme.AZURE, account, container, key));
            assertThat(ObjectUri.parse(u.toString())).isEqualTo(u);

            // the same blob as a pasted https URL with its path percent-encoded
            ObjectUri fromUrl = ObjectUri.parse("https://" + account + ".blob.core.windows.net/" + container + "/"
                    + percentEncode(key) + "?sv=1&sig=x");
            assertThat(fromUrl).isEqualTo(u);
        });
    }

    record LocalPath(List<String> segments, boolean trailingSlash) {
    }

    @Test
    void localPathsAndFileUrisKeepEverySegment() {
        forAll(300, g -> new LocalPath(fileSegments(g), g.bool()), c -> {
            List<String> segments = c.segments();
            boolean trailingSlash = c.trailingSlash();
            String path = "/" + String.join("/", segments) + (trailingSlash ? "/" : "");
            ObjectUri u = ObjectUri.parse(path);
            String rest = String.join("/", segments.subList(1, segments.size()));
            assertThat(u.scheme()).isEqualTo(Scheme.FILE);
            assertThat(u.container()).isEqualTo(segments.getFirst());
            assertThat(u.key()).isEqualTo(rest.isEmpty() || !trailingSlash ? rest : rest + "/");
            assertThat(u.toString()).startsWith("file:///");
            assertThat(ObjectUri.parse(u.toString())).isEqualTo(u);
            assertThat(ObjectUri.parse("file://" + percentEncode(path))).isEqualTo(u);
            assertThat(u.toLocalPath().toString()).isEqualTo(trailingSlash ? path.substring(0, path.length() - 1) : path);
        });
    }

    // ------------------------------------------------------------------ name rules

    @Test
    void s3BucketNamesFollowTheDocumentedRules() {
        forAll(400, ObjectUriProperties::bucketLikeNames, bucket -> {
            boolean valid = bucket.length() >= 3 && bucket.length() <= 63
                    && bucket.chars().allMatch(c -> isLowerAlnum(c) || "._-".indexOf(c) >= 0)
                    && isLowerAlnum(bucket.charAt(0)) && isLowerAlnum(bucket.charAt(bucket.length() - 1))
                    && !bucket.contains("..")
                    && !Pattern.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}", bucket);
            String text = "s3://" + bucket + "/k";
            if (valid) {
                assertThat(ObjectUri.parse(text).container()).isEqualTo(bucket);
            } else {
                assertThatThrownBy(() -> ObjectUri.parse(text))
                        .isInstanceOf(StorageException.InvalidArgument.class)
                        .hasMessageContaining("invalid S3 bucket name")
                        .hasMessageContaining("3-63");
            }
        });
    }

    @Test
    void azureContainerNamesFollowTheDocumentedRules() {
        forAll(400, ObjectUriProperties::containerLikeNames, container -> {
            boolean special = List.of("$root", "$web", "$logs").contains(container);
            boolean valid = special || (container.length() >= 3 && container.length() <= 63
                    && container.chars().allMatch(c -> isLowerAlnum(c) || c == '-')
                    && isLowerAlnum(container.charAt(0)) && isLowerAlnum(container.charAt(container.length() - 1))
                    && !container.contains("--"));
            String text = "az://acct1/" + container + "/blob";
            if (valid) {
                assertThat(ObjectUri.parse(text).container()).isEqualTo(container);
            } else {
                assertThatThrownBy(() -> ObjectUri.parse(text))
                        .isInstanceOf(StorageException.InvalidArgument.class)
                        .hasMessageContaining("invalid Azure container name");
            }
        });
    }

    record KeyWithControl(String bucket, String key, char control) {
    }

    @Test
    void keysOverTheLimitOrWithControlCharactersAreRefused() {
        forAll(200, g -> new KeyWithControl(s3Buckets(g), objectKeys(g), g.character(Gen.CONTROL)), c -> {
            String withControl = c.key() + c.control() + "x";
            assertThatThrownBy(() -> ObjectUri.parse("s3://" + c.bucket() + "/" + withControl))
                    .isInstanceOf(StorageException.InvalidArgument.class)
                    .hasMessageContaining("control character");
            String tooLong = c.key() + "é".repeat(513); // 1026 bytes of UTF-8 at least
            assertThatThrownBy(() -> ObjectUri.parse("s3://" + c.bucket() + "/" + tooLong))
                    .isInstanceOf(StorageException.InvalidArgument.class)
                    .hasMessageContaining("1024 bytes");
        });
    }

    // ------------------------------------------------------------------ counterexamples kept

    @Test
    void loneSurrogateInAPathIsRefusedNotSilentlyTurnedIntoQuestionMark() {
        // found by anyTextParsesAndRoundTripsOrIsRefusedWithAMessage, shrunk to "file:///.." plus a lone
        // surrogate: it parsed, but its canonical form encoded the surrogate as %3F ("?"), so
        // parse(toString()) named another file
        assertThatThrownBy(() -> ObjectUri.parse("file:///..\uD800"))
                .isInstanceOf(StorageException.InvalidArgument.class);
        assertThatThrownBy(() -> ObjectUri.parse("/a\uD800"))
                .isInstanceOf(StorageException.InvalidArgument.class)
                .hasMessageContaining("U+D800");
        assertThatThrownBy(() -> ObjectUri.parse("s3://bucket/k\uDC00"))
                .isInstanceOf(StorageException.InvalidArgument.class);
        assertThat(ObjectUri.parse("/a/\uD83D\uDE00").key()).isEqualTo("\uD83D\uDE00");
    }

    @Test
    void fullwidthDigitsAreNotAPercentEscape() {
        // found by percentEscapesAreAsciiHexOnly: "%４１" (fullwidth 4 and 1) decoded to "A"
        assertThatThrownBy(() -> ObjectUri.parse("file:///tmp/%\uFF14\uFF11"))
                .isInstanceOf(StorageException.InvalidArgument.class);
        assertThat(ObjectUri.parse("file:///tmp/%41%c3%a9").key()).isEqualTo("Aé");
    }

    // ------------------------------------------------------------------ generators

    private static String schemes(Gen g) {
        return g.oneOf("s3://", "gs://", "az://", "file://", "file:", "https://", "http://",
                "az://acct/", "s3://bucket/", "file:///", "/", "~/", "", "ftp://", "S3:", "https://a.blob.core.windows.net/");
    }

    private static final Alphabet NASTY = Alphabet.chars("/\\:%#?+@. -_~$")
            .and("aZ09é\uD83D\uDE00")
            .and('\u0000', '\n', '\u007f', '\u0085', '\u00a0', '\u2028', '\uD800', '\uDC00', '\uFEFF')
            .and("%2F%00%zz%C3%E9%41%FF");

    private static String nasty(Gen g) {
        return g.string(NASTY, 0, 60);
    }

    private static String tail(Gen g) {
        return g.anyOf(ObjectUriProperties::nasty, ObjectUriProperties::anyText, x -> x.oneOf(
                "..", "../..", "./", "//", "%", "%4", "%%", "%2e%2e/", "localhost/", "server/share",
                "acct.blob.core.windows.net/c", "acct.blob.core.windows.net:99/", "a@acct.blob.core.windows.net/c",
                "192.168.0.1/k", "xn--bucket/k", "goog/k", "$root/x", "a--b/x"));
    }

    /** Text shaped like locations, with the characters that break parsers spliced in. */
    private static String hostileText(Gen g) {
        return g.frequency(
                weight(5, x -> schemes(x) + tail(x) + (x.bool() ? tail(x) : "")),
                weight(2, ObjectUriProperties::anyText),
                weight(1, ObjectUriProperties::nasty));
    }

    private static String anyText(Gen g) {
        return g.string(Gen.ANY_CHAR, 0, 80);
    }

    private static String azureHosts(Gen g) {
        return g.oneOf("acct.blob.core.windows.net", "ACCT1.BLOB.core.windows.net:443", "a.blob.core.windows.net",
                "example.com", "acct.blob.core.windows.net.evil.com", "x@acct.blob.core.windows.net", "");
    }

    private static String secretQuery(Gen g) {
        return g.oneOf("?sig=SECRET", "?sv=1&sig=SECRET%3D", "#SECRET", "?x=%zzSECRET", "?a=/SECRET/b",
                "?sig=SECRET#frag", "?\nSECRET");
    }

    private static String nonAsciiHexDigits(Gen g) {
        Character[] odd = {'\u0663', '\u06F4', '\u0966', '\uFF11', '\uFF21', '\uFF41', '\u1813'};
        char a = g.bool() ? g.oneOf(odd) : g.oneOf('0', '4', 'a', 'F');
        char b = g.oneOf(odd);
        return g.bool() ? "" + b + a : "" + a + b;
    }

    /** Valid S3 bucket names (also valid for GCS, except the 'goog' prefix). */
    private static String s3Buckets(Gen g) {
        Alphabet middle = Alphabet.range('a', 'z').andRange('0', '9').and("-_.");
        return g.filter(x -> x.character(Gen.LOWER_ALNUM) + x.string(middle, 1, 61) + x.character(Gen.LOWER_ALNUM),
                b -> !b.contains("..") && !b.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}"));
    }

    private static final Alphabet KEY_CHARS = Alphabet.chars(" %#?+&=~!*'()[]@$,;:.-_\\").andRange('a', 'z');
    private static final Alphabet BMP_PRINTABLE = Alphabet.range('\u00a0', '\ud7ff');

    /** Object keys: anything printable, including spaces, unicode, '%', '#', '?', '+' and trailing '/'. */
    private static String objectKeys(Gen g) {
        return g.filter(x -> String.join("/", x.list(1, 6, y -> y.anyOf(
                        z -> z.string(KEY_CHARS, 0, 12),
                        z -> z.string(BMP_PRINTABLE, 0, 6),
                        z -> z.oneOf("\uD83D\uDE00", "é", "%20", "%zz", "..", ".", "", "a b", "C:", "~")))),
                k -> k.getBytes(StandardCharsets.UTF_8).length <= 1024);
    }

    private static String azureContainers(Gen g) {
        return g.anyOf(
                x -> x.filter(y -> String.join("-", y.list(1, 5, z -> z.string(Gen.LOWER_ALNUM, 1, 10))),
                        c -> c.length() >= 3 && c.length() <= 63),
                x -> x.oneOf("$root", "$web", "$logs"));
    }

    /** Path segments a local file may have: no '/', no control characters, not '.' or '..'. */
    private static List<String> fileSegments(Gen g) {
        return g.list(1, 6, x -> x.filter(y -> y.anyOf(
                        z -> z.string(KEY_CHARS, 1, 12),
                        z -> z.string(BMP_PRINTABLE, 1, 6),
                        z -> z.oneOf("\uD83D\uDE00", "é", "%20", "%", "...", ".x", "a b", "C:", "~", "\u3000", "\u2028")),
                s -> !s.equals(".") && !s.equals("..")));
    }

    private static String bucketLikeNames(Gen g) {
        return g.anyOf(
                x -> x.string(Alphabet.range('a', 'z').andRange('0', '9').and(".-_"), 1, 70),
                x -> x.string(Alphabet.range('a', 'c').and("A.-_$ 9é"), 1, 8),
                x -> x.oneOf("10.0.0.1", "1.2.3", "a..b", "abc.", "x".repeat(64), "x".repeat(63), "ab"));
    }

    private static String containerLikeNames(Gen g) {
        return g.anyOf(
                x -> x.string(Alphabet.range('a', 'z').andRange('0', '9').and("-"), 1, 70),
                x -> x.string(Alphabet.range('a', 'c').and("A-_$."), 1, 8),
                x -> x.oneOf("$root", "$web", "$logs", "$other", "a--b", "x".repeat(64)));
    }

    // ------------------------------------------------------------------ helpers

    private static void assertReadable(String message) {
        assertThat(message).isNotBlank();
        assertThat(message.length()).as("message length").isLessThan(2_000);
        assertThat(message.chars().noneMatch(Character::isISOControl))
                .as("control characters in message %s", message.replaceAll("\\p{Cntrl}", "?")).isTrue();
    }

    private static boolean isLowerAlnum(int c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    /** Percent-encodes everything but unreserved ASCII and '/'. */
    private static String percentEncode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (isLowerAlnum(c) || (c >= 'A' && c <= 'Z') || "-._~/".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format("%02X", c));
            }
        }
        return sb.toString();
    }
}
