package io.rangefinder.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rangefinder.storage.ObjectUri.Scheme;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Hostile and generated input for {@link ObjectUri#parse}: whatever a user types or pastes either
 * parses to a value that survives {@code parse(toString())}, or is refused with
 * {@link StorageException.InvalidArgument} and a readable message; valid locations keep their
 * bucket and key exactly; bucket and container name rules hold for every generated name.
 */
class ObjectUriProperties {

    // ------------------------------------------------------------------ arbitrary text

    @Property(tries = 600)
    void anyTextParsesAndRoundTripsOrIsRefusedWithAMessage(@ForAll("hostileText") String text) {
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
    }

    @Property(tries = 100)
    void hugeInputIsRefusedWithAShortMessage(@ForAll("schemes") String scheme,
                                             @ForAll("anyChars") String filler) {
        String text = scheme + filler.repeat(Math.max(1, 20_000 / Math.max(1, filler.length())));
        try {
            ObjectUri.parse(text);
        } catch (StorageException.InvalidArgument e) {
            assertReadable(e.getMessage());
        }
    }

    @Property(tries = 200)
    void sasTokenNeverReachesTheResultOrAMessage(@ForAll("azureHosts") String host,
                                                 @ForAll("urlPaths") String path,
                                                 @ForAll("secretQuery") String query) {
        String text = "https://" + host + "/" + path + query;
        try {
            ObjectUri u = ObjectUri.parse(text);
            assertThat(u.toString()).doesNotContain("SECRET");
            assertThat(u.key()).doesNotContain("SECRET");
        } catch (StorageException.InvalidArgument e) {
            assertThat(e.getMessage()).doesNotContain("SECRET");
        }
    }

    @Property(tries = 100)
    void percentEscapesAreAsciiHexOnly(@ForAll("nonAsciiHexDigits") String digits) {
        // Character.digit also reads Arabic-Indic, fullwidth and other digits as hex
        assertThatThrownBy(() -> ObjectUri.parse("file:///tmp/%" + digits))
                .isInstanceOf(StorageException.InvalidArgument.class)
                .hasMessageContaining("percent-escape");
    }

    // ------------------------------------------------------------------ valid locations round-trip

    @Property(tries = 300)
    void s3AndGcsLocationsKeepBucketAndKey(@ForAll("bucketSchemes") Scheme scheme,
                                           @ForAll("s3Buckets") String bucket,
                                           @ForAll("objectKeys") String key) {
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
    }

    @Property(tries = 300)
    void azureLocationsKeepAccountContainerAndBlob(@ForAll("azureAccounts") String account,
                                                   @ForAll("azureContainers") String container,
                                                   @ForAll("objectKeys") String key) {
        ObjectUri u = ObjectUri.parse("az://" + account + "/" + container + "/" + key);
        assertThat(u).isEqualTo(new ObjectUri(Scheme.AZURE, account, container, key));
        assertThat(ObjectUri.parse(u.toString())).isEqualTo(u);

        // the same blob as a pasted https URL with its path percent-encoded
        ObjectUri fromUrl = ObjectUri.parse("https://" + account + ".blob.core.windows.net/" + container + "/"
                + percentEncode(key) + "?sv=1&sig=x");
        assertThat(fromUrl).isEqualTo(u);
    }

    @Property(tries = 300)
    void localPathsAndFileUrisKeepEverySegment(@ForAll("fileSegments") List<String> segments,
                                               @ForAll boolean trailingSlash) {
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
    }

    // ------------------------------------------------------------------ name rules

    @Property(tries = 400)
    void s3BucketNamesFollowTheDocumentedRules(@ForAll("bucketLikeNames") String bucket) {
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
    }

    @Property(tries = 400)
    void azureContainerNamesFollowTheDocumentedRules(@ForAll("containerLikeNames") String container) {
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
    }

    @Property(tries = 200)
    void keysOverTheLimitOrWithControlCharactersAreRefused(@ForAll("s3Buckets") String bucket,
                                                           @ForAll("objectKeys") String key,
                                                           @ForAll("controlChars") char control) {
        String withControl = key + control + "x";
        assertThatThrownBy(() -> ObjectUri.parse("s3://" + bucket + "/" + withControl))
                .isInstanceOf(StorageException.InvalidArgument.class)
                .hasMessageContaining("control character");
        String tooLong = key + "é".repeat(513); // 1026 bytes of UTF-8 at least
        assertThatThrownBy(() -> ObjectUri.parse("s3://" + bucket + "/" + tooLong))
                .isInstanceOf(StorageException.InvalidArgument.class)
                .hasMessageContaining("1024 bytes");
    }

    // ------------------------------------------------------------------ counterexamples kept

    @Example
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

    @Example
    void fullwidthDigitsAreNotAPercentEscape() {
        // found by percentEscapesAreAsciiHexOnly: "%４１" (fullwidth 4 and 1) decoded to "A"
        assertThatThrownBy(() -> ObjectUri.parse("file:///tmp/%\uFF14\uFF11"))
                .isInstanceOf(StorageException.InvalidArgument.class);
        assertThat(ObjectUri.parse("file:///tmp/%41%c3%a9").key()).isEqualTo("Aé");
    }

    // ------------------------------------------------------------------ generators

    @Provide
    Arbitrary<String> anyChars() {
        return Arbitraries.strings().withCharRange('\u0000', '\uffff').ofMinLength(1).ofMaxLength(8);
    }

    @Provide
    Arbitrary<String> schemes() {
        return Arbitraries.of("s3://", "gs://", "az://", "file://", "file:", "https://", "http://",
                "az://acct/", "s3://bucket/", "file:///", "/", "~/", "", "ftp://", "S3:", "https://a.blob.core.windows.net/");
    }

    /** Text shaped like locations, with the characters that break parsers spliced in. */
    @Provide
    Arbitrary<String> hostileText() {
        Arbitrary<String> nasty = Arbitraries.strings()
                .withChars("/\\:%#?+@. -_~$")
                .withChars("aZ09é😀")
                .withChars('\u0000', '\n', '\u007f', '\u0085', '\u00a0', '\u2028', '\uD800', '\uDC00', '\uFEFF')
                .withChars("%2F%00%zz%C3%E9%41%FF")
                .ofMaxLength(60);
        Arbitrary<String> tail = Arbitraries.oneOf(nasty, anyText(), Arbitraries.of(
                "..", "../..", "./", "//", "%", "%4", "%%", "%2e%2e/", "localhost/", "server/share",
                "acct.blob.core.windows.net/c", "acct.blob.core.windows.net:99/", "a@acct.blob.core.windows.net/c",
                "192.168.0.1/k", "xn--bucket/k", "goog/k", "$root/x", "a--b/x"));
        Arbitrary<String> located = Combinators.combine(schemes(), tail, Arbitraries.oneOf(tail, Arbitraries.just("")))
                .as((s, t, u) -> s + t + u);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, located),
                net.jqwik.api.Tuple.of(2, anyText()),
                net.jqwik.api.Tuple.of(1, nasty));
    }

    private static Arbitrary<String> anyText() {
        return Arbitraries.strings().withCharRange('\u0000', '\uffff').ofMaxLength(80);
    }

    @Provide
    Arbitrary<String> azureHosts() {
        return Arbitraries.of("acct.blob.core.windows.net", "ACCT1.BLOB.core.windows.net:443", "a.blob.core.windows.net",
                "example.com", "acct.blob.core.windows.net.evil.com", "x@acct.blob.core.windows.net", "");
    }

    @Provide
    Arbitrary<String> urlPaths() {
        return Arbitraries.strings().withChars("abc-/%2e0$ #").ofMaxLength(30);
    }

    @Provide
    Arbitrary<String> secretQuery() {
        return Arbitraries.of("?sig=SECRET", "?sv=1&sig=SECRET%3D", "#SECRET", "?x=%zzSECRET", "?a=/SECRET/b",
                "?sig=SECRET#frag", "?\nSECRET");
    }

    @Provide
    Arbitrary<String> nonAsciiHexDigits() {
        Arbitrary<Character> odd = Arbitraries.of('\u0663', '\u06F4', '\u0966', '\uFF11', '\uFF21', '\uFF41', '\u1813');
        Arbitrary<Character> ascii = Arbitraries.of('0', '4', 'a', 'F');
        return Combinators.combine(Arbitraries.oneOf(odd, ascii), odd, Arbitraries.of(true, false))
                .as((a, b, swap) -> swap ? "" + b + a : "" + a + b);
    }

    @Provide
    Arbitrary<Scheme> bucketSchemes() {
        return Arbitraries.of(Scheme.S3, Scheme.GCS);
    }

    /** Valid S3 bucket names (also valid for GCS, except the 'goog' prefix). */
    @Provide
    Arbitrary<String> s3Buckets() {
        Arbitrary<Character> alnum = Arbitraries.chars().range('a', 'z').range('0', '9');
        Arbitrary<String> middle = Arbitraries.strings().withCharRange('a', 'z').numeric().withChars("-_.")
                .ofMinLength(1).ofMaxLength(61);
        return Combinators.combine(alnum, middle, alnum).as((a, m, b) -> a + m + b)
                .filter(b -> !b.contains("..") && !b.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}"));
    }

    /** Object keys: anything printable, including spaces, unicode, '%', '#', '?', '+' and trailing '/'. */
    @Provide
    Arbitrary<String> objectKeys() {
        Arbitrary<String> segment = Arbitraries.oneOf(
                Arbitraries.strings().withChars(" %#?+&=~!*'()[]@$,;:.-_\\").withCharRange('a', 'z').ofMaxLength(12),
                Arbitraries.strings().withCharRange('\u00a0', '\ud7ff').ofMaxLength(6),
                Arbitraries.of("😀", "é", "%20", "%zz", "..", ".", "", "a b", "C:", "~"));
        return segment.list().ofMinSize(1).ofMaxSize(6).map(l -> String.join("/", l))
                .filter(k -> k.getBytes(StandardCharsets.UTF_8).length <= 1024);
    }

    @Provide
    Arbitrary<String> azureAccounts() {
        return Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(3).ofMaxLength(24);
    }

    @Provide
    Arbitrary<String> azureContainers() {
        Arbitrary<String> alnum = Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(10);
        Arbitrary<String> plain = alnum.list().ofMinSize(1).ofMaxSize(5).map(l -> String.join("-", l))
                .filter(c -> c.length() >= 3 && c.length() <= 63);
        return Arbitraries.oneOf(plain, Arbitraries.of("$root", "$web", "$logs"));
    }

    /** Path segments a local file may have: no '/', no control characters, not '.' or '..'. */
    @Provide
    Arbitrary<List<String>> fileSegments() {
        Arbitrary<String> segment = Arbitraries.oneOf(
                Arbitraries.strings().withChars(" %#?+&=~!*'()[]@$,;:.-_\\").withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12),
                Arbitraries.strings().withCharRange('\u00a0', '\ud7ff').ofMinLength(1).ofMaxLength(6),
                Arbitraries.of("😀", "é", "%20", "%", "...", ".x", "a b", "C:", "~", "\u3000", "\u2028"))
                .filter(s -> !s.equals(".") && !s.equals(".."));
        return segment.list().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<String> bucketLikeNames() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'z').numeric().withChars(".-_").ofMinLength(1).ofMaxLength(70),
                Arbitraries.strings().withCharRange('a', 'c').withChars("A.-_$ 9é").ofMinLength(1).ofMaxLength(8),
                Arbitraries.of("10.0.0.1", "1.2.3", "a..b", "abc.", "x".repeat(64), "x".repeat(63), "ab"));
    }

    @Provide
    Arbitrary<String> containerLikeNames() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'z').numeric().withChars("-").ofMinLength(1).ofMaxLength(70),
                Arbitraries.strings().withCharRange('a', 'c').withChars("A-_$.").ofMinLength(1).ofMaxLength(8),
                Arbitraries.of("$root", "$web", "$logs", "$other", "a--b", "x".repeat(64)));
    }

    @Provide
    Arbitrary<Character> controlChars() {
        return Arbitraries.chars().range('\u0000', '\u001f').range('\u007f', '\u009f');
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
