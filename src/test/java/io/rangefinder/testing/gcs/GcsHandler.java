package io.rangefinder.testing.gcs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.rangefinder.testing.gcs.GcsBackend.Bucket;
import io.rangefinder.testing.gcs.GcsBackend.Session;
import io.rangefinder.testing.gcs.GcsBackend.StoredObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * The JSON API as the official Java client speaks it over HTTP: buckets, objects, multipart and
 * resumable uploads, media downloads with ranges, listing with prefix/delimiter/pages, and the
 * error bodies the client maps. Paths: {@code /storage/v1/...}, {@code /upload/storage/v1/...},
 * {@code /download/storage/v1/...}.
 */
public final class GcsHandler implements HttpHandler {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\*|(\\d+)-(\\d+))/(\\*|\\d+)");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private final GcsBackend backend;
    private final RequestLog log;
    private volatile String requiredToken;
    private volatile long downloadBytesPerSecond;
    private volatile long chunkTake;

    public GcsHandler(GcsBackend backend, RequestLog log) {
        this.backend = backend;
        this.log = log;
    }

    /**
     * Takes at most {@code bytes} of each resumable chunk that does not end the upload (0: all of
     * it) and answers 308 with what it holds, as GCS may; the client must send the rest.
     */
    public void takeChunksInPart(long bytes) {
        this.chunkTake = bytes;
    }

    public void requireToken(String token) {
        this.requiredToken = token;
    }

    /** Paces every media download to this many bytes per second (per request); 0 for full speed. */
    public void throttleDownloads(long bytesPerSecond) {
        this.downloadBytesPerSecond = bytesPerSecond;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        long t0 = System.nanoTime();
        int[] status = {0};
        try (ex) {
            try {
                Request r = new Request(ex);
                log.request(r);
                String token = requiredToken;
                if (token != null && !r.rawPath.equals("/token") && !("Bearer " + token).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                    ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\"");
                    throw new GcsError(401, "required", "Anonymous caller does not have storage access, or the "
                            + "bearer token is invalid.");
                }
                status[0] = route(r);
            } catch (GcsError e) {
                status[0] = e.code;
                error(ex, e);
            } catch (IOException e) {
                status[0] = -1;
                log.line("client went away: " + e);
            } catch (RuntimeException e) {
                status[0] = 500;
                log.line("server fault: " + e);
                error(ex, new GcsError(500, "backendError", "internal error: " + e));
            }
        } finally {
            log.line("  -> " + status[0] + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        }
    }

    // ------------------------------------------------------------------ routing

    private int route(Request r) throws IOException {
        List<String> p = r.segments;
        if (p.size() == 1 && p.get(0).equals("token") && r.method.equals("POST")) {
            return issueToken(r);
        }
        String m = r.method;
        // /storage/v1/b..., /upload/storage/v1/b..., /download/storage/v1/b...
        int base;
        String mode;
        if (p.size() >= 3 && p.get(0).equals("storage") && p.get(1).equals("v1")) {
            base = 2;
            mode = "json";
        } else if (p.size() >= 4 && p.get(1).equals("storage") && p.get(2).equals("v1")
                && (p.get(0).equals("upload") || p.get(0).equals("download"))) {
            base = 3;
            mode = p.get(0);
        } else {
            throw new GcsError(404, "notFound", "Not Found: " + r.rawPath);
        }
        List<String> rest = p.subList(base, p.size());
        if (rest.isEmpty() || !rest.get(0).equals("b")) {
            throw new GcsError(404, "notFound", "Not Found: " + r.rawPath);
        }
        if (mode.equals("upload")) {
            if (rest.size() == 3 && rest.get(2).equals("o")) {
                return upload(r, rest.get(1));
            }
            throw new GcsError(404, "notFound", "Not Found: " + r.rawPath);
        }
        if (rest.size() == 1) {
            return switch (m) {
                case "GET" -> listBuckets(r);
                case "POST" -> createBucket(r);
                default -> notAllowed(m);
            };
        }
        String bucket = rest.get(1);
        if (rest.size() == 2) {
            return switch (m) {
                case "GET" -> send(r, 200, bucketJson(backend.bucket(bucket)));
                case "DELETE" -> {
                    backend.deleteBucket(bucket);
                    yield empty(r, 204);
                }
                default -> notAllowed(m);
            };
        }
        if (!rest.get(2).equals("o")) {
            throw new GcsError(404, "notFound", "Not Found: " + r.rawPath);
        }
        if (rest.size() == 3) {
            return switch (m) {
                case "GET" -> listObjects(r, bucket);
                default -> notAllowed(m);
            };
        }
        if (rest.size() != 4) {
            throw new GcsError(404, "notFound", "Not Found: " + r.rawPath);
        }
        String name = rest.get(3);
        return switch (m) {
            case "GET" -> {
                StoredObject o = backend.object(bucket, name);
                checkGeneration(r, o);
                yield "media".equals(r.query("alt")) || mode.equals("download") ? media(r, o) : send(r, 200, objectJson(r, o));
            }
            case "DELETE" -> {
                backend.delete(bucket, name, r.longQuery("ifGenerationMatch"));
                yield empty(r, 204);
            }
            default -> notAllowed(m);
        };
    }

    /**
     * A stand-in OAuth token endpoint ({@code token_uri} of a test service-account key): answers a
     * JWT-bearer grant with the token this server requires, so the credentials-file path of a client
     * can be exercised end to end. The assertion's signature is not checked.
     */
    private int issueToken(Request r) throws IOException {
        String form = new String(r.bytes(), StandardCharsets.UTF_8);
        if (!form.contains("grant_type=") || !form.contains("assertion=")) {
            throw GcsError.bad("expected a JWT-bearer grant");
        }
        String token = requiredToken == null ? "test-token" : requiredToken;
        return send(r, 200, JSON.createObjectNode().put("access_token", token).put("expires_in", 3600)
                .put("token_type", "Bearer"));
    }

    private static int notAllowed(String method) {
        throw new GcsError(405, "methodNotAllowed", "Method " + method + " is not supported here");
    }

    private static void checkGeneration(Request r, StoredObject o) {
        Long gen = r.longQuery("ifGenerationMatch");
        if (gen != null && gen != o.generation()) {
            throw GcsError.precondition("At least one of the pre-conditions you specified did not hold.");
        }
        Long want = r.longQuery("generation");
        if (want != null && want != o.generation()) {
            throw GcsError.noObject(o.bucket(), o.name());
        }
    }

    // ------------------------------------------------------------------ buckets

    private int listBuckets(Request r) throws IOException {
        ObjectNode out = JSON.createObjectNode().put("kind", "storage#buckets");
        ArrayNode items = out.putArray("items");
        String prefix = r.query("prefix");
        for (Bucket b : backend.buckets()) {
            if (prefix == null || b.name().startsWith(prefix)) {
                items.add(bucketJson(b));
            }
        }
        return send(r, 200, out);
    }

    private int createBucket(Request r) throws IOException {
        JsonNode body = r.json();
        log.line("  body: " + body);
        Bucket b = backend.createBucket(body.path("name").asText(null));
        return send(r, 200, bucketJson(b));
    }

    private ObjectNode bucketJson(Bucket b) {
        return JSON.createObjectNode()
                .put("kind", "storage#bucket")
                .put("id", b.name())
                .put("selfLink", "/storage/v1/b/" + b.name())
                .put("name", b.name())
                .put("projectNumber", "0")
                .put("metageneration", "1")
                .put("location", "US")
                .put("storageClass", "STANDARD")
                .put("etag", "CAE=")
                .put("timeCreated", b.created().toString())
                .put("updated", b.created().toString());
    }

    // ------------------------------------------------------------------ listing

    private int listObjects(Request r, String bucketName) throws IOException {
        Bucket b = backend.bucket(bucketName);
        String prefix = r.query("prefix") == null ? "" : r.query("prefix");
        String delimiter = r.query("delimiter");
        if (delimiter != null && delimiter.isEmpty()) {
            delimiter = null;
        }
        int max = 1000;
        String maxText = r.query("maxResults");
        if (maxText != null) {
            max = Math.max(1, Math.min(1000, Integer.parseInt(maxText)));
        }
        String after = null;
        String token = r.query("pageToken");
        if (token != null && !token.isEmpty()) {
            try {
                after = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw GcsError.bad("Invalid page token");
            }
        }
        String startOffset = r.query("startOffset"); // inclusive, as GCS has it
        if (after == null && startOffset != null && io.rangefinder.storage.KeyOrder.compare(startOffset, prefix) > 0) {
            after = startOffset;
        }
        var view = after == null ? b.objects().tailMap(prefix, true)
                : b.objects().tailMap(after, after.equals(startOffset));
        List<StoredObject> items = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String last = null;
        boolean more = false;
        for (StoredObject o : view.values()) {
            String n = o.name();
            if (!n.startsWith(prefix)) {
                if (io.rangefinder.storage.KeyOrder.compare(n, prefix) > 0) {
                    break; // past every name with the prefix
                }
                continue;
            }
            String rollup = null;
            if (delimiter != null) {
                int d = n.indexOf(delimiter, prefix.length());
                rollup = d < 0 ? null : n.substring(0, d + delimiter.length());
            }
            if (rollup != null && (rollup.equals(last) || rollup.equals(after))) {
                continue; // already reported on this page or the one before
            }
            if (items.size() + prefixes.size() >= max) {
                more = true;
                break;
            }
            if (rollup != null) {
                prefixes.add(rollup);
                last = rollup;
            } else {
                items.add(o);
                last = n;
            }
        }
        ObjectNode out = JSON.createObjectNode().put("kind", "storage#objects");
        ArrayNode arr = out.putArray("items");
        for (StoredObject o : items) {
            arr.add(objectJson(r, o));
        }
        if (!prefixes.isEmpty()) {
            ArrayNode pa = out.putArray("prefixes");
            prefixes.forEach(pa::add);
        }
        if (more) {
            out.put("nextPageToken", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(last.getBytes(StandardCharsets.UTF_8)));
        }
        return send(r, 200, out);
    }

    // ------------------------------------------------------------------ objects

    private ObjectNode objectJson(Request r, StoredObject o) {
        String enc = encodePathSegment(o.name());
        String host = "http://" + r.host;
        ObjectNode n = JSON.createObjectNode()
                .put("kind", "storage#object")
                .put("id", o.bucket() + "/" + o.name() + "/" + o.generation())
                .put("selfLink", host + "/storage/v1/b/" + o.bucket() + "/o/" + enc)
                .put("mediaLink", host + "/download/storage/v1/b/" + o.bucket() + "/o/" + enc + "?generation="
                        + o.generation() + "&alt=media")
                .put("name", o.name())
                .put("bucket", o.bucket())
                .put("generation", Long.toString(o.generation()))
                .put("metageneration", Long.toString(o.metageneration()))
                .put("contentType", o.contentType())
                .put("storageClass", "STANDARD")
                .put("size", Long.toString(o.content().size()))
                .put("md5Hash", o.content().md5())
                .put("crc32c", o.content().crc32c())
                .put("etag", etag(o))
                .put("timeCreated", o.created().toString())
                .put("updated", o.created().toString())
                .put("timeStorageClassUpdated", o.created().toString());
        if (!o.metadata().isEmpty()) {
            ObjectNode md = n.putObject("metadata");
            o.metadata().forEach(md::put);
        }
        return n;
    }

    private static String etag(StoredObject o) {
        return Base64.getEncoder().encodeToString(
                (o.generation() + "/" + o.metageneration()).getBytes(StandardCharsets.US_ASCII));
    }

    private int media(Request r, StoredObject o) throws IOException {
        long size = o.content().size();
        var h = r.ex.getResponseHeaders();
        h.set("Content-Type", o.contentType());
        h.set("ETag", etag(o));
        h.set("x-goog-generation", Long.toString(o.generation()));
        h.set("x-goog-metageneration", Long.toString(o.metageneration()));
        h.set("x-goog-stored-content-length", Long.toString(size));
        h.set("x-goog-stored-content-encoding", "identity");
        h.set("x-goog-storage-class", "STANDARD");
        h.set("Accept-Ranges", "bytes");
        String range = r.header("Range");
        long start = 0;
        long end = size - 1;
        int code = 200;
        if (range != null) {
            Matcher m = RANGE.matcher(range.trim());
            if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
                throw GcsError.bad("Invalid Range header: " + range);
            }
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                start = Math.max(0, size - suffix);
            } else {
                start = Long.parseLong(m.group(1));
                if (!m.group(2).isEmpty()) {
                    end = Math.min(end, Long.parseLong(m.group(2)));
                }
            }
            if (start >= size) {
                if (size == 0 && start == 0) {
                    start = 0;
                    end = -1; // an empty object read "from 0" is simply empty
                } else {
                    h.set("Content-Range", "bytes */" + size);
                    throw new GcsError(416, "requestedRangeNotSatisfiable",
                            "The requested range cannot be satisfied.");
                }
            } else {
                code = 206;
                h.set("Content-Range", "bytes " + start + "-" + end + "/" + size);
            }
        } else {
            h.set("x-goog-hash", "crc32c=" + o.content().crc32c() + ",md5=" + o.content().md5());
        }
        long length = end - start + 1;
        if (length <= 0) {
            r.ex.sendResponseHeaders(code, -1);
            return code;
        }
        r.ex.sendResponseHeaders(code, length);
        long rate = downloadBytesPerSecond;
        try (OutputStream out = rate > 0 ? new PacedOutputStream(r.ex.getResponseBody(), rate)
                : r.ex.getResponseBody()) {
            o.content().writeTo(out, start, length);
        }
        return code;
    }

    /** Writes in slices of 64 KiB and sleeps so the average stays at the rate. */
    private static final class PacedOutputStream extends java.io.FilterOutputStream {
        private final long rate;
        private final long t0 = System.nanoTime();
        private long sent;

        PacedOutputStream(OutputStream out, long rate) {
            super(out);
            this.rate = rate;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (int i = 0; i < len; i += 64 * 1024) {
                int n = Math.min(64 * 1024, len - i);
                out.write(b, off + i, n);
                sent += n;
                long due = t0 + sent * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    try {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException("server stopping");
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ uploads

    private int upload(Request r, String bucket) throws IOException {
        String type = r.query("uploadType");
        if ("resumable".equals(type) && r.query("upload_id") != null
                && (r.method.equals("PUT") || r.method.equals("POST"))) {
            return resumableChunk(r); // Go's client (rclone) sends the chunks of a session as POSTs
        }
        if (r.method.equals("POST")) {
            return switch (type == null ? "" : type) {
                case "multipart" -> multipart(r, bucket);
                case "media" -> mediaUpload(r, bucket);
                case "resumable" -> startResumable(r, bucket);
                default -> throw GcsError.bad("Invalid uploadType: " + type);
            };
        }
        if ("resumable".equals(type) && r.method.equals("DELETE")) {
            backend.cancelSession(r.query("upload_id"));
            r.ex.sendResponseHeaders(499, -1);
            return 499;
        }
        return notAllowed(r.method);
    }

    private int multipart(Request r, String bucket) throws IOException {
        String ct = r.header("Content-Type");
        String boundary = Multipart.boundary(ct);
        if (boundary == null) {
            throw GcsError.bad("multipart upload without a boundary: " + ct);
        }
        byte[] body = r.bytes();
        List<Multipart.Part> parts = Multipart.parse(body, boundary);
        if (parts.size() != 2) {
            throw GcsError.bad("multipart upload needs 2 parts (metadata, media), got " + parts.size());
        }
        JsonNode meta = JSON.readTree(parts.get(0).body());
        log.line("  metadata: " + meta);
        Multipart.Part media = parts.get(1);
        String contentType = meta.hasNonNull("contentType") ? meta.get("contentType").asText()
                : media.headers().get("content-type");
        String name = meta.hasNonNull("name") ? meta.get("name").asText() : r.query("name");
        Content content = Content.of(media.body());
        checkHashes(meta, content);
        StoredObject o = backend.put(bucket, name, contentType, metadata(meta), content, r.longQuery("ifGenerationMatch"));
        return send(r, 200, objectJson(r, o));
    }

    private int mediaUpload(Request r, String bucket) throws IOException {
        Content.Builder b = new Content.Builder();
        try (InputStream in = r.body()) {
            b.appendAll(in);
        }
        StoredObject o = backend.put(bucket, r.query("name"), r.header("Content-Type"), Map.of(), b.build(),
                r.longQuery("ifGenerationMatch"));
        return send(r, 200, objectJson(r, o));
    }

    private int startResumable(Request r, String bucket) throws IOException {
        byte[] body = r.bytes();
        JsonNode meta = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        log.line("  metadata: " + meta);
        String name = meta.hasNonNull("name") ? meta.get("name").asText() : r.query("name");
        String contentType = meta.hasNonNull("contentType") ? meta.get("contentType").asText()
                : r.header("X-Upload-Content-Type");
        Session s = backend.startSession(bucket, name, contentType, metadata(meta), r.longQuery("ifGenerationMatch"));
        String location = "http://" + r.host + "/upload/storage/v1/b/" + encodePathSegment(bucket)
                + "/o?uploadType=resumable&upload_id=" + s.id;
        r.ex.getResponseHeaders().set("Location", location);
        r.ex.getResponseHeaders().set("X-GUploader-UploadID", s.id);
        r.ex.sendResponseHeaders(200, -1);
        return 200;
    }

    private int resumableChunk(Request r) throws IOException {
        Session s = backend.session(r.query("upload_id"));
        String cr = r.header("Content-Range");
        Matcher m = cr == null ? null : CONTENT_RANGE.matcher(cr.trim());
        if (m == null || !m.matches()) {
            throw GcsError.bad("Invalid Content-Range: " + cr);
        }
        long total = m.group(4).equals("*") ? -1 : Long.parseLong(m.group(4));
        synchronized (s) {
            if (s.result != null) {
                drain(r);
                return send(r, 200, objectJson(r, s.result));
            }
            long committed = s.data.size();
            if (m.group(2) != null) {
                long first = Long.parseLong(m.group(2));
                long last = Long.parseLong(m.group(3));
                if (first > committed) {
                    throw GcsError.bad("Content-Range starts at " + first + " but only " + committed
                            + " bytes were received");
                }
                long skip = committed - first;
                long expected = last - first + 1;
                long got = 0;
                long take = chunkTake;
                // what this chunk may add: all of it when it ends the upload or nothing is held back
                long room = take > 0 && (total < 0 || last + 1 < total) ? take : Long.MAX_VALUE;
                byte[] buf = new byte[256 * 1024];
                try (InputStream in = r.body()) {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        int off = 0;
                        if (skip > 0) {
                            int k = (int) Math.min(skip, n);
                            skip -= k;
                            off = k;
                        }
                        int keep = (int) Math.min(n - off, room);
                        if (keep > 0) {
                            s.data.append(buf, off, keep);
                            room -= keep;
                        }
                        got += n;
                    }
                }
                if (got != expected) {
                    throw GcsError.bad("Content-Range says " + expected + " bytes, body had " + got);
                }
            } else {
                drain(r);
            }
            committed = s.data.size();
            if (total >= 0 && committed > total) {
                throw GcsError.bad("received " + committed + " bytes, more than the declared total " + total);
            }
            if (total >= 0 && committed == total) {
                StoredObject o = backend.finish(s);
                return send(r, 200, objectJson(r, o));
            }
            if (committed > 0) {
                r.ex.getResponseHeaders().set("Range", "bytes=0-" + (committed - 1));
            }
            r.ex.getResponseHeaders().set("X-GUploader-UploadID", s.id);
            if ("yes".equalsIgnoreCase(r.header("X-GUploader-No-308"))) {
                // Go's client (rclone) asks for "incomplete" as a 200 with the status in a header, as GCS does
                r.ex.getResponseHeaders().set("X-Http-Status-Code-Override", "308");
                r.ex.sendResponseHeaders(200, -1);
                return 200;
            }
            r.ex.sendResponseHeaders(308, -1);
            return 308;
        }
    }

    private static void checkHashes(JsonNode meta, Content content) {
        if (meta.hasNonNull("crc32c") && !meta.get("crc32c").asText().equals(content.crc32c())) {
            throw GcsError.bad("Provided CRC32C \"" + meta.get("crc32c").asText() + "\" doesn't match calculated CRC32C \""
                    + content.crc32c() + "\".");
        }
        if (meta.hasNonNull("md5Hash") && !meta.get("md5Hash").asText().equals(content.md5())) {
            throw GcsError.bad("Provided MD5 hash \"" + meta.get("md5Hash").asText()
                    + "\" doesn't match calculated MD5 hash \"" + content.md5() + "\".");
        }
    }

    private static Map<String, String> metadata(JsonNode meta) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode md = meta.get("metadata");
        if (md != null && md.isObject()) {
            md.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    // ------------------------------------------------------------------ responses

    private int send(Request r, int code, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        r.ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        r.ex.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = r.ex.getResponseBody()) {
            out.write(bytes);
        }
        return code;
    }

    private static int empty(Request r, int code) throws IOException {
        r.ex.sendResponseHeaders(code, -1);
        return code;
    }

    private void error(HttpExchange ex, GcsError e) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode err = root.putObject("error").put("code", e.code).put("message", e.getMessage());
        err.putArray("errors").addObject().put("message", e.getMessage()).put("domain", "global").put("reason", e.reason);
        log.line("  error " + e.code + " " + e.reason + ": " + e.getMessage());
        try {
            drainQuietly(ex);
            byte[] bytes = JSON.writeValueAsBytes(root);
            ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
            ex.sendResponseHeaders(e.code, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException | RuntimeException ignored) {
            // headers were already sent or the client is gone
        }
    }

    private static void drain(Request r) throws IOException {
        try (InputStream in = r.body()) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    private static void drainQuietly(HttpExchange ex) {
        try (InputStream in = ex.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    /** Percent-encodes one path segment (every byte outside the unreserved set). */
    static String encodePathSegment(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format("%02X", c));
            }
        }
        return sb.toString();
    }

    /** Decodes %XX as UTF-8; '+' stays '+' (path rules). */
    static String decodePath(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** One parsed request: method, decoded path segments, query, body (gunzipped when sent gzipped). */
    public static final class Request {
        final HttpExchange ex;
        final String method;
        final String rawPath;
        final String rawQuery;
        final List<String> segments = new ArrayList<>();
        final Map<String, String> query = new HashMap<>();
        final String host;
        private byte[] cached;

        Request(HttpExchange ex) {
            this.ex = ex;
            this.method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
            this.rawPath = ex.getRequestURI().getRawPath();
            this.rawQuery = ex.getRequestURI().getRawQuery();
            for (String seg : rawPath.split("/")) {
                if (!seg.isEmpty()) {
                    segments.add(decodePath(seg));
                }
            }
            if (rawQuery != null) {
                for (String kv : rawQuery.split("&")) {
                    int eq = kv.indexOf('=');
                    String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
                    String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
                    query.put(k, v);
                }
            }
            String h = ex.getRequestHeaders().getFirst("Host");
            this.host = h != null ? h : "127.0.0.1:" + ex.getLocalAddress().getPort();
        }

        String query(String k) {
            return query.get(k);
        }

        Long longQuery(String k) {
            String v = query.get(k);
            if (v == null || v.isEmpty()) {
                return null;
            }
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw GcsError.bad("Invalid value for " + k + ": " + v);
            }
        }

        String header(String name) {
            return ex.getRequestHeaders().getFirst(name);
        }

        InputStream body() throws IOException {
            InputStream in = ex.getRequestBody();
            String enc = header("Content-Encoding");
            return enc != null && enc.toLowerCase(Locale.ROOT).contains("gzip") ? new GZIPInputStream(in, 64 * 1024) : in;
        }

        byte[] bytes() throws IOException {
            if (cached == null) {
                try (InputStream in = body()) {
                    cached = in.readAllBytes();
                }
            }
            return cached;
        }

        JsonNode json() throws IOException {
            byte[] b = bytes();
            return b.length == 0 ? JSON.createObjectNode() : JSON.readTree(b);
        }

        public String describe() {
            StringBuilder sb = new StringBuilder();
            sb.append(method).append(' ').append(rawPath);
            if (rawQuery != null) {
                sb.append('?').append(rawQuery);
            }
            ex.getRequestHeaders().forEach((k, v) -> {
                if (!k.equalsIgnoreCase("Authorization")) {
                    sb.append("\n    ").append(k).append(": ").append(String.join(", ", v));
                } else {
                    sb.append("\n    ").append(k).append(": (present)");
                }
            });
            return sb.toString();
        }
    }
}
