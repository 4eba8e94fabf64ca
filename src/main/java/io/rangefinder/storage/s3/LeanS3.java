package io.rangefinder.storage.s3;

import io.rangefinder.storage.internal.LeanEndpoint;
import io.rangefinder.storage.internal.LeanHttp;
import io.rangefinder.storage.config.ConnectionProfile;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The read path of {@link S3Store} for plain GET and HEAD of an object: SigV4-signed requests over
 * {@link LeanHttp}, beside the AWS SDK client that does everything else (listing, uploads, deletes,
 * presigning, and reads this path does not cover). Failures come out as the SDK's own exception
 * types ({@link S3Exception} with the error code and message the server sent, {@link SdkClientException}
 * around an I/O failure), so {@link S3Store} maps them to messages in one place either way.
 *
 * <p>Covered: a custom endpoint (path-style or virtual-hosted), or AWS itself when the region is
 * known, for ordinary bucket names; static keys, session credentials, AWS profiles and the default
 * chain (the SDK's provider resolves them), or no signing for anonymous access. Not covered, and
 * left to the SDK: a proxy, FIPS or dual-stack endpoints, access-point ARNs, S3 Express directory
 * buckets, buckets with dots on AWS, keys with "." or ".." path segments, following a bucket to
 * another region (a bucket that answers with a redirect is left to the SDK from then on). A clock
 * that is off is handled here as the SDK handles it: learnt from the server's Date when it refuses
 * a request.
 */
final class LeanS3 implements AutoCloseable {

    /** Set to {@code false} (system property) or {@code 0} (environment) to read through the SDK only. */
    static final String SWITCH_PROPERTY = "rangefinder.s3.lean";
    static final String SWITCH_ENV = "RANGEFINDER_S3_LEAN";
    private static final Pattern DNS_BUCKET = Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");
    private static final Pattern AWS_REGION = Pattern.compile("[a-z]{2}-[a-z]+-[0-9]");
    private static final int MAX_ERROR_BYTES = 64 * 1024;

    private final LeanHttp http;
    private final SigV4 signer;
    /** The endpoint's host; with virtual-hosted addressing the bucket is put in front of it. */
    private final String host;
    /** A path the endpoint itself has (e.g. http://host:9000/s3), without the trailing slash; usually "". */
    private final String basePath;
    private final boolean pathStyle;
    private final AwsCredentialsProvider credentials;
    private final boolean anonymous;
    private final boolean aws;
    private volatile Clock clock = Clock.systemUTC();
    /** The server's clock minus ours, learnt from a request refused for its time (0 until then). */
    private volatile long skewMillis;

    private LeanS3(LeanHttp http, String region, String host, String basePath, boolean pathStyle,
                   AwsCredentialsProvider credentials, boolean anonymous, boolean aws) {
        this.http = http;
        this.signer = new SigV4(region, "s3");
        this.host = host;
        this.basePath = basePath;
        this.pathStyle = pathStyle;
        this.credentials = credentials;
        this.anonymous = anonymous;
        this.aws = aws;
    }

    /**
     * The lean path for this store, or null where it does not apply (see the class comment) or is
     * switched off.
     */
    static LeanS3 create(ConnectionProfile profile, String region, URI endpoint, boolean regionKnown,
                         AwsCredentialsProvider credentials, Map<String, String> env) {
        if (LeanEndpoint.off(SWITCH_PROPERTY, SWITCH_ENV, env) || truthy(env.get("AWS_USE_FIPS_ENDPOINT"))
                || truthy(env.get("AWS_USE_DUALSTACK_ENDPOINT"))) {
            return null;
        }
        if (endpoint != null) {
            LeanEndpoint e = LeanEndpoint.of(endpoint);
            if (e == null) {
                return null;
            }
            return new LeanS3(e.client(profile), region, e.host(), e.path(), profile.isPathStyle(), credentials,
                    profile.isAnonymous(), false);
        }
        if (!regionKnown || !AWS_REGION.matcher(region).matches() || region.startsWith("cn-")
                || region.contains("iso")) {
            return null;
        }
        String host = "s3." + region + ".amazonaws.com";
        return new LeanS3(LeanEndpoint.https(host).client(profile), region, host, "", profile.isPathStyle(), credentials,
                profile.isAnonymous(), true);
    }

    private static boolean truthy(String v) {
        return v != null && v.trim().equalsIgnoreCase("true");
    }

    /** Whether this path can read {@code key} of {@code bucket}; otherwise the SDK does. */
    boolean handles(String bucket, String key) {
        if (elsewhere.contains(bucket)) {
            return false;
        }
        if (bucket.contains(":") || bucket.endsWith("--x-s3") || bucket.contains("/")) {
            return false; // access points, S3 Express directory buckets
        }
        if ((aws || !pathStyle) && !DNS_BUCKET.matcher(bucket).matches()) {
            return false; // virtual-hosted addressing needs a DNS-safe name (and no dots under TLS)
        }
        return !hasDotSegment(key);
    }

    private static boolean hasDotSegment(String key) {
        int start = 0;
        while (start <= key.length()) {
            int slash = key.indexOf('/', start);
            int end = slash < 0 ? key.length() : slash;
            String seg = key.substring(start, end);
            if (seg.equals(".") || seg.equals("..")) {
                return true;
            }
            if (slash < 0) {
                return false;
            }
            start = slash + 1;
        }
        return false;
    }

    /**
     * A bucket that answered with a redirect (S3 sends a bucket's requests to its own region with
     * 301 or 307): this path leaves it to the SDK from then on, which follows such answers.
     */
    static final class Elsewhere extends RuntimeException {
        Elsewhere(String bucket, int status) {
            super("bucket " + bucket + " answered HTTP " + status + ": read through the SDK", null, false, false);
        }
    }

    private final java.util.Set<String> elsewhere = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Throws {@link Elsewhere} for a redirect, after noting its bucket. */
    private void redirected(LeanHttp.Response r, String bucket) {
        if (r.status == 301 || r.status == 302 || r.status == 307 || r.status == 308) {
            elsewhere.add(bucket);
            r.body.close();
            throw new Elsewhere(bucket, r.status);
        }
    }

    /** A GET of the object, or of a byte range of it ({@code range} like "bytes=0-99", or null). */
    LeanHttp.Response get(String bucket, String key, String range) {
        LeanHttp.Response r = send("GET", bucket, key, range);
        redirected(r, bucket);
        if (r.status / 100 != 2) {
            throw serviceError(r, false);
        }
        return r;
    }

    /** A HEAD of the object: its headers, no body. */
    LeanHttp.Response head(String bucket, String key) {
        LeanHttp.Response r = send("HEAD", bucket, key, null);
        redirected(r, bucket);
        if (r.status / 100 != 2) {
            throw serviceError(r, true);
        }
        return r;
    }

    /**
     * A PUT of {@code body} (its first {@code length} bytes) to the object, or to one part of a
     * multipart upload ({@code uploadId} and {@code partNumber}; else null and 0). {@code headers}
     * (lower-case names: content-type, x-amz-meta-*, x-amz-checksum-crc32c) are sent and signed. The
     * payload goes as UNSIGNED-PAYLOAD, as the SDK sends it over HTTPS: a SHA-256 of every body
     * would cost the client and the server a pass over the bytes each.
     */
    LeanHttp.Response put(String bucket, String key, String uploadId, int partNumber, Map<String, String> headers,
                          byte[] body, int length) {
        String query = uploadId == null ? "" : SigV4.canonicalQuery(Map.of("partNumber", List.of(Integer.toString(partNumber)),
                "uploadId", List.of(uploadId)));
        LeanHttp.Response r = send("PUT", bucket, key, null, query, headers, body, length);
        redirected(r, bucket);
        if (r.status / 100 != 2) {
            throw serviceError(r, false);
        }
        try {
            r.body.readSmall(MAX_ERROR_BYTES); // an empty body, read to its end: the connection goes back
        } catch (IOException e) {
            r.body.close();
        }
        return r;
    }

    private LeanHttp.Response send(String method, String bucket, String key, String range) {
        return send(method, bucket, key, range, "", Map.of(), null, 0);
    }

    /**
     * Sends the request; when the server refuses it (403) and its Date is more than
     * {@link #SKEW_LIMIT} away from our clock, learns the difference and sends it once more with
     * the server's time, as the SDK's clock-skew adjustment does (a machine whose clock is off would
     * otherwise read nothing: S3 refuses a request dated more than 15 minutes away).
     */
    private LeanHttp.Response send(String method, String bucket, String key, String range, String query,
                                   Map<String, String> extra, byte[] body, int length) {
        LeanHttp.Response r = sendOnce(method, bucket, key, range, query, extra, body, length);
        if (r.status == 403 && !anonymous && learnSkew(r.header("date"))) {
            r.body.close(); // the refusal is not read: the connection is dropped, not reused
            r = sendOnce(method, bucket, key, range, query, extra, body, length);
        }
        return r;
    }

    /** How far the server's clock differs from ours before a refused request is sent again with its time. */
    static final Duration SKEW_LIMIT = Duration.ofMinutes(4);

    /** Whether {@code serverDate} (an HTTP Date) tells a new clock difference; if so, it is used from now on. */
    boolean learnSkew(String serverDate) {
        if (serverDate == null) {
            return false;
        }
        Instant server;
        try {
            server = DateTimeFormatter.RFC_1123_DATE_TIME.parse(serverDate, Instant::from);
        } catch (DateTimeParseException e) {
            return false;
        }
        long offset = server.toEpochMilli() - clock.millis();
        if (Math.abs(offset - skewMillis) <= SKEW_LIMIT.toMillis()) {
            return false; // our time was near enough: the refusal is about something else
        }
        skewMillis = offset;
        return true;
    }

    /** Our clock as requests are dated: the local one, or another for tests. */
    void clock(Clock c) {
        clock = c;
    }

    private LeanHttp.Response sendOnce(String method, String bucket, String key, String range, String query,
                                       Map<String, String> extra, byte[] body, int length) {
        String h = pathStyle ? host : bucket + "." + host;
        String path = pathStyle ? basePath + "/" + SigV4.encodePath(bucket) + "/" + SigV4.encodePath(key)
                : basePath + "/" + SigV4.encodePath(key);
        String payloadHash = body == null ? SigV4.EMPTY_SHA256 : UNSIGNED_PAYLOAD;
        List<String[]> headers = new ArrayList<>(8 + extra.size());
        if (range != null) {
            headers.add(new String[] {"Range", range});
        }
        extra.forEach((k, v) -> headers.add(new String[] {k, v}));
        if (!anonymous) {
            AwsCredentials c = credentials.resolveCredentials();
            String amzDate = SigV4.amzDate(ZonedDateTime.ofInstant(clock.instant().plusMillis(skewMillis), ZoneOffset.UTC));
            TreeMap<String, String> signed = new TreeMap<>(extra);
            signed.put("host", http.hostHeader(h));
            signed.put("x-amz-content-sha256", payloadHash);
            signed.put("x-amz-date", amzDate);
            if (range != null) {
                signed.put("range", range);
            }
            headers.add(new String[] {"x-amz-content-sha256", payloadHash});
            headers.add(new String[] {"x-amz-date", amzDate});
            if (c instanceof AwsSessionCredentials s) {
                signed.put("x-amz-security-token", s.sessionToken());
                headers.add(new String[] {"x-amz-security-token", s.sessionToken()});
            }
            headers.add(new String[] {"Authorization", signer.authorization(c.accessKeyId(), c.secretAccessKey(),
                    method, path, query, signed, payloadHash)});
        }
        String target = query.isEmpty() ? path : path + "?" + query;
        try {
            return http.send(h, method, target, headers, body, length);
        } catch (IOException e) {
            throw SdkClientException.builder().message("Unable to execute HTTP request: " + e).cause(e).build();
        }
    }

    static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

    /** Printable ASCII, no leading, trailing or doubled spaces: signed exactly as S3 canonicalises it. */
    static boolean plainHeaderValue(String v) {
        if (v.isEmpty() || v.charAt(0) == ' ' || v.charAt(v.length() - 1) == ' ' || v.contains("  ")) {
            return v.isEmpty();
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** The response's Date (the server's clock when it stored the object), or now when it has none. */
    static Instant lastModifiedOrNow(LeanHttp.Response r) {
        String d = r.header("date");
        if (d != null) {
            try {
                return DateTimeFormatter.RFC_1123_DATE_TIME.parse(d, Instant::from);
            } catch (DateTimeParseException e) {
                // fall through
            }
        }
        return Instant.now();
    }

    /** The server's error as the SDK would have raised it: status, S3 error code and message. */
    private static S3Exception serviceError(LeanHttp.Response r, boolean head) {
        String code = null;
        String message = null;
        if (!head) {
            try {
                String xml = new String(r.body.readSmall(MAX_ERROR_BYTES), StandardCharsets.UTF_8);
                code = element(xml, "Code");
                message = element(xml, "Message");
            } catch (IOException e) {
                // the status alone has to do
            }
        }
        r.body.close();
        AwsErrorDetails.Builder details = AwsErrorDetails.builder().serviceName("S3");
        if (code != null) {
            details.errorCode(code);
        }
        if (message != null) {
            details.errorMessage(message);
        }
        String region = r.header("x-amz-bucket-region");
        String text = (message != null ? message : "HTTP " + r.status)
                + (region != null ? " (the bucket is in " + region + ")" : "");
        return (S3Exception) S3Exception.builder().statusCode(r.status).awsErrorDetails(details.build())
                .requestId(r.header("x-amz-request-id")).message(text).build();
    }

    private static String element(String xml, String name) {
        int a = xml.indexOf("<" + name + ">");
        int b = a < 0 ? -1 : xml.indexOf("</" + name + ">", a);
        if (a < 0 || b < 0) {
            return null;
        }
        return unescape(xml.substring(a + name.length() + 2, b).trim());
    }

    private static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'")
                .replace("&amp;", "&");
    }

    /** User metadata from the {@code x-amz-meta-*} headers. */
    static Map<String, String> metadata(LeanHttp.Response r) {
        Map<String, String> out = new HashMap<>();
        for (Map.Entry<String, String> h : r.headers.entrySet()) {
            if (h.getKey().startsWith("x-amz-meta-")) {
                out.put(h.getKey().substring("x-amz-meta-".length()), h.getValue());
            }
        }
        return out;
    }

    static Instant lastModified(LeanHttp.Response r) {
        String v = r.header("last-modified");
        if (v == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static Long contentLength(LeanHttp.Response r) {
        String v = r.header("content-length");
        try {
            return v == null ? null : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Connections opened so far. */
    int connectionsOpened() {
        return http.opened();
    }

    @Override
    public void close() {
        http.close();
    }
}
