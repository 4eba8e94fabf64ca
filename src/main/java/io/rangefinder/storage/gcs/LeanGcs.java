package io.rangefinder.storage.gcs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.auth.Credentials;
import com.google.cloud.NoCredentials;
import io.rangefinder.storage.StorageException;
import io.rangefinder.storage.config.ConnectionProfile;
import io.rangefinder.storage.internal.LeanEndpoint;
import io.rangefinder.storage.internal.LeanHttp;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The read path of {@link GcsStore} for media GETs of an object (whole or a byte range): the JSON
 * API's {@code /storage/v1/b/BUCKET/o/OBJECT?alt=media} over {@link LeanHttp}, beside the client
 * library that does everything else; the pages of a listing and an object's metadata; and the
 * chunks of a resumable upload whose session the library started (the library's channel writes a
 * chunk in 8 KiB pieces: 0.47x rclone's rate on a 256 MiB upload to the test server). Reading many small objects through the library's request
 * stack (URL templates, reflection-built headers, {@code HttpURLConnection}) cost the client more
 * CPU than the bytes did: 5,000 × 64 KiB read at 0.45× rclone's rate (bench/results/tuning.md §17).
 *
 * <p>Credentials stay with the library: the {@code Authorization} (and quota-project) headers come
 * from {@link Credentials#getRequestMetadata(URI)} of the credentials the library itself uses (as it
 * scoped them), which cache the access token and refresh it before it expires. Bytes come as stored ({@code Accept-Encoding: gzip}: a gzip-encoded object is
 * not transcoded, as the library's raw media read does not). Failures come out as the library's
 * {@link com.google.cloud.storage.StorageException} (status, reason and the server's message), so
 * {@link GcsErrors} maps both paths to the same messages. Not covered, and left to the library: a
 * proxy, IPv6 literal endpoints, endpoints with a query or user info.
 */
final class LeanGcs implements AutoCloseable {

    /** Set to {@code false} (system property) or {@code 0} (environment) to read through the library only. */
    static final String SWITCH_PROPERTY = "rangefinder.gcs.lean";
    static final String SWITCH_ENV = "RANGEFINDER_GCS_LEAN";
    private static final int MAX_ERROR_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LeanHttp http;
    private final String host;
    private final String basePath;
    /** Null for no credentials (anonymous access, emulators). */
    private final Credentials credentials;
    /** What {@link Credentials#getRequestMetadata(URI)} is asked for: the service, not an object. */
    private final URI audience;

    private LeanGcs(LeanHttp http, String host, String basePath, Credentials credentials, URI audience) {
        this.http = http;
        this.host = host;
        this.basePath = basePath;
        this.credentials = credentials;
        this.audience = audience;
    }

    /**
     * The lean path for a store on {@code endpoint} (the library's host; null: storage.googleapis.com),
     * or null where it does not apply (see the class comment) or is switched off.
     */
    static LeanGcs create(ConnectionProfile profile, String endpoint, Credentials credentials, Map<String, String> env) {
        if (LeanEndpoint.off(SWITCH_PROPERTY, SWITCH_ENV, env)) {
            return null;
        }
        Credentials creds = credentials == null || credentials instanceof NoCredentials ? null : credentials;
        LeanEndpoint e = endpoint == null ? LeanEndpoint.https("storage.googleapis.com") : LeanEndpoint.of(endpoint);
        if (e == null) {
            return null; // not one the lean client goes to; the library reports a bad endpoint its own way
        }
        return new LeanGcs(e.client(profile), e.host(), e.path(), creds, URI.create(e.origin() + "/"));
    }

    /**
     * A media GET of the object, or of {@code length} bytes from {@code offset} ({@code length} -1:
     * to the end). A 2xx answer is returned with its body unread; any other raises the library's
     * exception with the server's status, reason and message.
     */
    LeanHttp.Response get(String bucket, String key, long offset, long length) throws IOException {
        String target = basePath + "/storage/v1/b/" + encode(bucket) + "/o/" + encode(key) + "?alt=media";
        List<String[]> headers = new ArrayList<>(6);
        if (offset > 0 || length > 0) {
            headers.add(new String[] {"Range", "bytes=" + offset + "-" + (length > 0 ? Long.toString(offset + length - 1) : "")});
        }
        headers.add(new String[] {"Accept-Encoding", "gzip"});
        LeanHttp.Response r = http.send(host, "GET", target, withAuth(headers));
        if (r.status / 100 != 2) {
            throw serviceError(r);
        }
        return r;
    }

    /** What a listing asks for: the fields an {@link io.rangefinder.storage.ObjectInfo} is made of (a third of the JSON). */
    static final String LIST_FIELDS = "nextPageToken,prefixes,items(" + LeanGcs.OBJECT_FIELDS + ")";
    /** The largest JSON read: a listing page of 1,000 entries (the API's cap) with the most metadata GCS allows each. */
    private static final int MAX_LIST_BYTES = 64 << 20;
    private static final int LIST_TRIES = 3;

    /**
     * One page of objects.list as JSON, {@link #LIST_FIELDS} only: one GET over {@link LeanHttp},
     * parsed by Jackson. Through the library a page of 1,000 objects cost a cold CLI 100-330 ms
     * (its JSON model, then a Blob per object) where the server took 8 ms. Retried as the library
     * retries an idempotent call, on a dropped connection, 408, 429 or 5xx ({@value #LIST_TRIES}
     * tries), but not after a timeout: a listing's timeout is its deadline.
     */
    JsonNode list(String bucket, String prefix, String delimiter, int pageSize, String pageToken, String startOffset)
            throws IOException {
        StringBuilder t = new StringBuilder(basePath).append("/storage/v1/b/").append(encode(bucket))
                .append("/o?maxResults=").append(pageSize);
        if (!prefix.isEmpty()) {
            t.append("&prefix=").append(encode(prefix));
        }
        if (delimiter != null) {
            t.append("&delimiter=").append(encode(delimiter));
        }
        if (pageToken != null) {
            t.append("&pageToken=").append(encode(pageToken));
        }
        if (startOffset != null) {
            t.append("&startOffset=").append(encode(startOffset));
        }
        return getJson(t.append("&fields=").append(encode(LIST_FIELDS)).toString(),
                "a listing page of bucket '" + bucket + "'");
    }

    /** What a stat asks for: the fields of one object a listing asks for too. */
    static final String OBJECT_FIELDS = "name,bucket,size,updated,timeCreated,generation,etag,contentType,storageClass,"
            + "metadata,crc32c";

    /**
     * The object's resource (objects.get), {@link #OBJECT_FIELDS} only, read and retried as
     * {@link #list} is; a missing object raises the library's exception with code 404.
     */
    JsonNode object(String bucket, String key) throws IOException {
        return getJson(basePath + "/storage/v1/b/" + encode(bucket) + "/o/" + encode(key) + "?fields="
                + encode(OBJECT_FIELDS), "the metadata of '" + key + "'");
    }

    private JsonNode getJson(String target, String what) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                LeanHttp.Response r = http.send(host, "GET", target, withAuth(new ArrayList<>(2)));
                if (r.status / 100 != 2) {
                    throw serviceError(r);
                }
                byte[] body = r.body.readSmall(MAX_LIST_BYTES);
                if (!r.body.finished()) {
                    throw new IOException(what + " is larger than " + (MAX_LIST_BYTES >> 20) + " MiB");
                }
                return JSON.readTree(body);
            } catch (com.google.cloud.storage.StorageException e) {
                int code = e.getCode();
                if (attempt >= LIST_TRIES || !(code == 408 || code == 429 || code >= 500)) {
                    throw e;
                }
                sleepBeforeRetry(attempt);
            } catch (java.net.SocketTimeoutException e) {
                throw e;
            } catch (IOException e) {
                if (attempt >= LIST_TRIES) {
                    throw e;
                }
                sleepBeforeRetry(attempt);
            }
        }
    }

    /** An object of a lean listing's JSON, read as {@link GcsStore}'s listing reads the library's Blob. */
    static io.rangefinder.storage.ObjectInfo info(String bucket, JsonNode item) {
        String updated = text(item, "updated");
        if (updated == null) {
            updated = text(item, "timeCreated");
        }
        java.time.Instant at = null;
        if (updated != null) {
            try {
                // to the millisecond, as the library reads it (its stat must agree with a listing)
                at = java.time.OffsetDateTime.parse(updated).toInstant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            } catch (java.time.format.DateTimeParseException e) {
                // left unknown
            }
        }
        String generation = text(item, "generation");
        Map<String, String> metadata = new java.util.HashMap<>();
        item.path("metadata").properties().forEach(e -> {
            if (e.getValue().isTextual()) {
                metadata.put(e.getKey(), e.getValue().asText());
            }
        });
        long size = 0;
        String sizeText = text(item, "size");
        if (sizeText != null) {
            try {
                size = Long.parseLong(sizeText);
            } catch (NumberFormatException e) {
                // left at 0, as the library leaves a missing size
            }
        }
        String itemBucket = text(item, "bucket");
        return new io.rangefinder.storage.ObjectInfo(itemBucket != null ? itemBucket : bucket, text(item, "name"), size, at,
                generation != null ? generation : text(item, "etag"), text(item, "contentType"),
                text(item, "storageClass"), metadata,
                io.rangefinder.storage.Checksum.ofBase64(io.rangefinder.storage.Checksum.Algorithm.CRC32C, text(item, "crc32c")));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /**
     * Sends the data of a resumable upload the library started ({@code session}) in chunks of
     * {@code chunk} bytes, each PUT whole (the library's channel writes a chunk 8 KiB at a time).
     * The last chunk goes only once the data has ended: until then a failure or a cancel leaves no
     * object, and the caller cancels the session.
     */
    void upload(String session, io.rangefinder.storage.internal.UploadSource source, int chunk,
                io.rangefinder.core.CancellationToken token, String key) throws IOException {
        byte[] buf = new byte[chunk];
        long offset = 0;
        while (true) {
            token.throwIfCancelled();
            int n = source.next(buf);
            boolean last = source.ended(n, buf.length);
            if (last) {
                source.checkEnd();
                token.throwIfCancelled();
            }
            long held = putChunk(session, buf, n, offset, last ? offset + n : -1);
            if (held != offset + n) {
                throw new StorageException.TransientIo("uploading '" + key + "': the server holds " + held
                        + " bytes where " + (offset + n) + " were sent; the upload was abandoned and no object "
                        + "was created");
            }
            offset += n;
            if (last) {
                return;
            }
        }
    }

    /** Whether {@code uri} (a resumable upload session) is on this path's host, so its chunks can go here. */
    boolean serves(String uri) {
        try {
            URI u = URI.create(uri);
            return audience.getScheme().equalsIgnoreCase(u.getScheme()) && host.equalsIgnoreCase(u.getHost())
                    && audience.getPort() == u.getPort() && u.getRawPath() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Sends {@code length} bytes of {@code buf} as the chunk at {@code offset} of the resumable
     * session {@code uri}; {@code total} is the object's size when this is the last chunk, else -1.
     * Returns the bytes the server holds after it (for the last chunk: {@code total}). A chunk the
     * server takes only in part goes on from where it stopped; one whose connection fails is sent
     * again from what the server says it holds, as the library does (up to {@value #CHUNK_ATTEMPTS}
     * failures in all).
     */
    long putChunk(String uri, byte[] buf, int length, long offset, long total) throws IOException {
        URI u = URI.create(uri);
        String target = u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        long end = offset + length;
        long from = offset;
        IOException failure = null;
        int failures = 0;
        while (true) {
            try {
                if (failure != null) {
                    sleepBeforeRetry(failures);
                    from = committed(target, total); // what arrived before the connection failed
                    if (from == end || from == total) {
                        return from; // all of it: only the answer was lost
                    }
                    if (from < offset || from > end) {
                        throw failure; // the session holds what this chunk cannot continue from: give up
                    }
                }
                int skip = (int) (from - offset);
                byte[] body = skip == 0 ? buf : java.util.Arrays.copyOfRange(buf, skip, length);
                int n = length - skip;
                String range = n == 0 ? "bytes */" + total
                        : "bytes " + from + "-" + (from + n - 1) + "/" + (total >= 0 ? Long.toString(total) : "*");
                LeanHttp.Response r = http.send(host, "PUT", target, withAuth(LeanHttp.headers("Content-Range", range)),
                        body, n);
                long held = afterChunk(r, total);
                if (held == end || held == total || held <= from || held > end) {
                    return held; // all of it, or nothing more (the caller says what the session holds)
                }
                from = held; // the server took part of the chunk, as GCS may: the rest goes next
                failure = null;
            } catch (IOException e) {
                if (e == failure || ++failures >= CHUNK_ATTEMPTS) {
                    throw e;
                }
                failure = e;
            }
        }
    }

    private static final int CHUNK_ATTEMPTS = 4;

    private static void sleepBeforeRetry(int attempt) throws java.io.InterruptedIOException {
        try {
            Thread.sleep(100L << (attempt - 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting to try again");
        }
    }

    /** Asks the session how many bytes it holds ({@code bytes *}{@code /*}). */
    private long committed(String target, long total) throws IOException {
        LeanHttp.Response r = http.send(host, "PUT", target,
                withAuth(LeanHttp.headers("Content-Range", "bytes */" + (total >= 0 ? Long.toString(total) : "*"))),
                new byte[0], 0);
        return afterChunk(r, total);
    }

    private long afterChunk(LeanHttp.Response r, long total) throws IOException {
        if (r.status == 308) {
            String range = r.header("range"); // "bytes=0-N": N + 1 bytes held; none without the header
            r.body.readSmall(MAX_ERROR_BYTES);
            int dash = range == null ? -1 : range.lastIndexOf('-');
            return dash < 0 ? 0 : Long.parseLong(range.substring(dash + 1).trim()) + 1;
        }
        if (r.status / 100 != 2) {
            throw serviceError(r);
        }
        r.body.readSmall(MAX_ERROR_BYTES); // the object's JSON: the caller stats the object
        return total;
    }

    private List<String[]> withAuth(List<String[]> headers) {
        if (credentials == null) {
            return headers;
        }
        List<String[]> out = new ArrayList<>(headers);
        Map<String, List<String>> auth;
        try {
            auth = credentials.getRequestMetadata(audience);
        } catch (IOException e) {
            throw new StorageException.AccessDenied("could not get a Google access token ("
                    + GcsErrors.safeMessage(e) + "): check the connection's credentials", e);
        }
        auth.forEach((k, vs) -> vs.forEach(v -> out.add(new String[] {k, v})));
        return out;
    }

    /** The JSON API's error ({@code {"error": {"code", "message", "errors": [{"reason"}]}}}) as the library raises it. */
    private static com.google.cloud.storage.StorageException serviceError(LeanHttp.Response r) {
        String message = null;
        String reason = null;
        try {
            byte[] body = r.body.readSmall(MAX_ERROR_BYTES);
            JsonNode error = JSON.readTree(body).path("error");
            message = error.path("message").isTextual() ? error.path("message").asText() : null;
            JsonNode first = error.path("errors").path(0);
            reason = first.path("reason").isTextual() ? first.path("reason").asText() : null;
        } catch (IOException | RuntimeException e) {
            // not JSON, or cut short: the status alone has to do
        } finally {
            r.body.close();
        }
        String text = message != null ? message : "HTTP " + r.status;
        return new com.google.cloud.storage.StorageException(r.status, text, reason, null);
    }

    /** An object or bucket name as one path segment: everything but RFC 3986's unreserved characters escaped. */
    static String encode(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(b.length + 16);
        for (byte x : b) {
            int c = x & 0xFF;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }

    /** Connections opened so far (for tests that check reuse). */
    int connectionsOpened() {
        return http.opened();
    }

    @Override
    public void close() {
        http.close();
    }
}
