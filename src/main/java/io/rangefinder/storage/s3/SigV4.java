package io.rangefinder.storage.s3;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for S3 requests, as specified in "Signing AWS API requests" (header-based,
 * single-encoded path as S3 wants it; a body's hash, or UNSIGNED-PAYLOAD, comes from the caller).
 * The derived signing key is kept per day, so a request costs one SHA-256 of its canonical form and
 * one HMAC.
 *
 * <p>Used by {@link LeanS3} only; everything else goes through the AWS SDK's own signer. Backed by
 * AWS's published SigV4 test suite ({@code SigV4SuiteTest}) and checked against the SDK's signer on
 * S3 requests; bench/results/tuning.md says why it is kept (issue 17, part 3).
 */
final class SigV4 {

    /** SHA-256 of the empty payload. */
    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final HexFormat HEX = HexFormat.of();
    private static final boolean[] UNRESERVED = new boolean[128];

    static {
        for (char c = 'A'; c <= 'Z'; c++) {
            UNRESERVED[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            UNRESERVED[c] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            UNRESERVED[c] = true;
        }
        UNRESERVED['-'] = true;
        UNRESERVED['.'] = true;
        UNRESERVED['_'] = true;
        UNRESERVED['~'] = true;
    }

    private final String region;
    private final String service;
    /** The last derived key and the (day, secret) it is for; replaced as a whole, read without locks. */
    private volatile DerivedKey derived;

    private record DerivedKey(String day, String secret, byte[] key) {
    }

    SigV4(String region, String service) {
        this.region = region;
        this.service = service;
    }

    /** The current time as SigV4 wants it in {@code x-amz-date}. */
    static String amzDate(ZonedDateTime now) {
        return AMZ_DATE.format(now.withZoneSameInstant(ZoneOffset.UTC));
    }

    /**
     * The {@code Authorization} header value for a request with these headers, all of which are
     * signed. {@code headers} maps lower-case names to values and must include {@code host},
     * {@code x-amz-date} and {@code x-amz-content-sha256}.
     */
    String authorization(String accessKeyId, String secretKey, String method, String encodedPath,
                         String canonicalQuery, TreeMap<String, String> headers, String payloadHash) {
        String amzDate = headers.get("x-amz-date");
        String day = amzDate.substring(0, 8);
        StringBuilder canonical = new StringBuilder(256);
        canonical.append(method).append('\n').append(encodedPath).append('\n').append(canonicalQuery).append('\n');
        StringBuilder signed = new StringBuilder(96);
        for (Map.Entry<String, String> h : headers.entrySet()) {
            canonical.append(h.getKey()).append(':').append(canonicalValue(h.getValue())).append('\n');
            if (!signed.isEmpty()) {
                signed.append(';');
            }
            signed.append(h.getKey());
        }
        canonical.append('\n').append(signed).append('\n').append(payloadHash);
        String scope = day + "/" + region + "/" + service + "/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + HEX.formatHex(sha256(canonical));
        String signature = HEX.formatHex(hmac(signingKey(day, secretKey), toSign));
        return "AWS4-HMAC-SHA256 Credential=" + accessKeyId + "/" + scope + ", SignedHeaders=" + signed
                + ", Signature=" + signature;
    }

    /** A header value as signed: without leading and trailing spaces, each run of spaces inside as one. */
    static String canonicalValue(String v) {
        String t = v.strip();
        if (!t.contains("  ")) {
            return t;
        }
        StringBuilder sb = new StringBuilder(t.length());
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c != ' ' || t.charAt(i - 1) != ' ') {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * The canonical query string of these parameters (name to its values; an empty value for a
     * name alone): names and values encoded as {@link #encodeComponent}, pairs sorted by name, then
     * by value, joined by {@code &}.
     */
    static String canonicalQuery(Map<String, ? extends Collection<String>> params) {
        List<String[]> pairs = new ArrayList<>();
        params.forEach((name, values) -> {
            for (String v : values) {
                pairs.add(new String[] {encodeComponent(name), encodeComponent(v)});
            }
        });
        pairs.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
        StringBuilder sb = new StringBuilder();
        for (String[] p : pairs) {
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            sb.append(p[0]).append('=').append(p[1]);
        }
        return sb.toString();
    }

    /** A query name or value as signed and sent: as {@link #encodePath}, with {@code /} encoded too. */
    static String encodeComponent(String s) {
        return encodePath(s).replace("/", "%2F");
    }

    /** The hex SHA-256 of a payload, for {@code x-amz-content-sha256} when the body is signed. */
    static String sha256Hex(byte[] payload) {
        MessageDigest md = SHA256.get();
        md.reset();
        return HEX.formatHex(md.digest(payload));
    }

    private byte[] signingKey(String day, String secret) {
        DerivedKey d = derived;
        if (d != null && d.day.equals(day) && d.secret.equals(secret)) {
            return d.key;
        }
        byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), day);
        k = hmac(k, region);
        k = hmac(k, service);
        k = hmac(k, "aws4_request");
        derived = new DerivedKey(day, secret, k);
        return k;
    }

    /**
     * A key as S3 wants it in the canonical path: every byte of its UTF-8 form percent-encoded
     * except the unreserved characters and {@code /}. S3 signs the path encoded once, not twice.
     */
    static String encodePath(String s) {
        StringBuilder out = null;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 128 || !(UNRESERVED[c] || c == '/')) {
                out = new StringBuilder(n + 16).append(s, 0, i);
                byte[] rest = s.substring(i).getBytes(StandardCharsets.UTF_8);
                for (byte b : rest) {
                    int v = b & 0xff;
                    if (v < 128 && (UNRESERVED[v] || v == '/')) {
                        out.append((char) v);
                    } else {
                        out.append('%').append(Character.toUpperCase(Character.forDigit(v >> 4, 16)))
                                .append(Character.toUpperCase(Character.forDigit(v & 15, 16)));
                    }
                }
                break;
            }
        }
        return out == null ? s : out.toString();
    }

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    });

    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java has no HmacSHA256", e);
        }
    });

    private static byte[] sha256(CharSequence text) {
        MessageDigest md = SHA256.get();
        md.reset();
        return md.digest(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(byte[] key, String data) {
        Mac mac = HMAC.get();
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot key HmacSHA256", e);
        }
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }
}
