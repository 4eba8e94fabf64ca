package io.rangefinder.storage.azure;

import com.azure.core.http.HttpPipeline;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.Utility;
import io.rangefinder.storage.config.ConnectionProfile;
import io.rangefinder.storage.internal.LeanEndpoint;
import io.rangefinder.storage.internal.LeanHttp;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The lean path of {@link AzureBlobStore} over {@link LeanHttp}: GETs and HEADs of a blob (whole or
 * a byte range; its properties) and the writes of an upload (Put Blob, Put Block, Put Block List),
 * beside the SDK client that does everything else (listing, deletes, a failed upload's clean-up). Many small
 * blobs read through the SDK's reactive pipeline (Reactor, Netty, a policy chain per request) cost
 * the client more CPU than the bytes did (bench/results/tuning.md §17); a cold JVM staged 128 MiB of
 * blocks at 35 MB/s this way against 29-31 through the SDK (§18).
 *
 * <p>Signing stays with the SDK: a Shared Key request is signed by the SDK's own
 * {@link StorageSharedKeyCredential#generateAuthorizationHeader} (the credential taken from the
 * client's pipeline, so a connection string's key and a profile's key are the same object), the
 * name is encoded by the SDK's {@link Utility#urlEncode}, and the service version is the
 * client's. Covered: an account key (profile or connection string), a profile's SAS token, and
 * anonymous access. Not covered, and left to the SDK: Microsoft Entra ID tokens
 * (DefaultAzureCredential), a SAS inside a connection string, a proxy, IPv6 literal endpoints.
 * Errors come out through {@link AzureErrors#service}, the same messages as the SDK path.
 */
final class LeanAzure implements AutoCloseable {

    /** Set to {@code false} (system property) or {@code 0} (environment) to read through the SDK only. */
    static final String SWITCH_PROPERTY = "rangefinder.azure.lean";
    static final String SWITCH_ENV = "RANGEFINDER_AZURE_LEAN";
    private static final int MAX_ERROR_BYTES = 64 * 1024;
    /** An HTTP date with a two-digit day (RFC 1123's formatter writes "4 Dec"). */
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    private final LeanHttp http;
    private final String host;
    /** The account URL's origin, e.g. http://127.0.0.1:10000 (the URL the key signs starts with it). */
    private final String origin;
    /** The account URL's path without the trailing slash: "" on Azure, "/ACCOUNT" on Azurite. */
    private final String basePath;
    private final String version;
    /** One of these signs the request, or neither (anonymous). */
    private final StorageSharedKeyCredential key;
    private final String sas;

    private LeanAzure(LeanHttp http, String host, String origin, String basePath, String version,
                      StorageSharedKeyCredential key, String sas) {
        this.http = http;
        this.host = host;
        this.origin = origin;
        this.basePath = basePath;
        this.version = version;
        this.key = key;
        this.sas = sas;
    }

    /**
     * The lean path for the client's account ({@code accountUrl}, {@code pipeline} and service
     * {@code version} of the built client), or null where it does not apply or is switched off.
     */
    static LeanAzure create(ConnectionProfile profile, String accountUrl, HttpPipeline pipeline, String version,
                            Map<String, String> env) {
        if (LeanEndpoint.off(SWITCH_PROPERTY, SWITCH_ENV, env)) {
            return null;
        }
        StorageSharedKeyCredential key = StorageSharedKeyCredential.getSharedKeyCredentialFromPipeline(pipeline);
        String sas = null;
        if (key == null) {
            if (profile.connectionString() == null && profile.sasToken() != null) {
                String s = profile.sasToken().reveal();
                sas = s.startsWith("?") ? s.substring(1) : s;
            } else if (profile.connectionString() != null || !profile.isAnonymous()) {
                return null; // a SAS in a connection string, or Entra ID tokens: the SDK's
            }
        }
        LeanEndpoint e = LeanEndpoint.of(accountUrl);
        if (e == null) {
            return null;
        }
        return new LeanAzure(e.client(profile), e.host(), e.origin(), e.path(), version, key, sas);
    }

    /** A failure the service answered with: status, x-ms-error-code and its message. */
    static final class ServiceError extends IOException {
        final int status;
        final BlobErrorCode code;
        final String serviceMessage;

        ServiceError(int status, String code, String serviceMessage) {
            super("HTTP " + status + (code == null ? "" : " " + code), null);
            this.status = status;
            this.code = code == null ? null : BlobErrorCode.fromString(code);
            this.serviceMessage = serviceMessage;
        }
    }

    /**
     * A GET of the blob, or of {@code length} bytes from {@code offset} ({@code length} -1: to the
     * end). A 2xx answer is returned with its body unread; any other raises {@link ServiceError}.
     */
    LeanHttp.Response get(String container, String blob, long offset, long length) throws IOException {
        return read("GET", container, blob, offset, length);
    }

    /**
     * A HEAD of the blob (Get Blob Properties): its headers, no body, retried as {@link #retried}
     * says but not after a timeout; a non-2xx answer raises {@link ServiceError}.
     */
    LeanHttp.Response head(String container, String blob) throws IOException {
        return retried(() -> read("HEAD", container, blob, 0, -1), false);
    }

    private LeanHttp.Response read(String method, String container, String blob, long offset, long length)
            throws IOException {
        String path = basePath + "/" + container + "/" + encodeBlobName(blob);
        String target = sas == null ? path : path + "?" + sas;
        Map<String, String> signed = new LinkedHashMap<>();
        // sent as the SDK sends a GET: the SDK's signer reads an absent Content-Length as "null", not ""
        signed.put("Content-Length", "0");
        signed.put("x-ms-date", HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
        signed.put("x-ms-version", version);
        if (offset > 0 || length > 0) {
            signed.put("x-ms-range", "bytes=" + offset + "-" + (length > 0 ? Long.toString(offset + length - 1) : ""));
        }
        LeanHttp.Response r = http.send(host, method, target, signedHeaders(method, target, signed, blob));
        if (r.status / 100 != 2) {
            throw serviceError(r);
        }
        return r;
    }

    /**
     * The blob's properties from a HEAD's headers, as the SDK's {@code getProperties} reads them:
     * size, last-modified, ETag (unquoted), content type, access tier, user metadata (names as the
     * service spelled them, decoded) and the Content-MD5.
     */
    static io.rangefinder.storage.ObjectInfo info(String container, String blob, LeanHttp.Response r) {
        long size = 0;
        String length = r.header("content-length");
        if (length != null) {
            try {
                size = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                // left at 0, as a missing length
            }
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : r.metadataNames.entrySet()) {
            metadata.put(e.getValue().substring("x-ms-meta-".length()), r.header(e.getKey()));
        }
        io.rangefinder.storage.Checksum md5 = null;
        String md5Header = r.header("content-md5");
        if (md5Header != null) {
            try {
                md5 = AzureBlobStore.md5(java.util.Base64.getDecoder().decode(md5Header.trim()));
            } catch (IllegalArgumentException e) {
                // not Base64: no checksum
            }
        }
        return new io.rangefinder.storage.ObjectInfo(container, blob, size, httpDate(r.header("last-modified")),
                AzureBlobStore.unquote(r.header("etag")),
                r.header("content-type"), r.header("x-ms-access-tier"), AzureMetadata.decodeMetadata(metadata), md5);
    }

    /** An RFC 1123 date, or null if absent or unreadable (the SDK leaves such a date unknown too). */
    private static java.time.Instant httpDate(String value) {
        if (value == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(value.trim(), java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The request's headers: {@code signed} as they are, and with an account key the Authorization
     * the SDK's own signer makes of them (a SAS rides in the target's query instead).
     */
    private List<String[]> signedHeaders(String method, String target, Map<String, String> signed, String blob)
            throws IOException {
        List<String[]> headers = new ArrayList<>(signed.size() + 1);
        signed.forEach((k, v) -> headers.add(new String[] {k, v}));
        if (key != null) {
            URL url;
            try {
                url = URI.create(origin + target).toURL();
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw new IOException("cannot form the URL of '" + blob + "'", e);
            }
            headers.add(new String[] {"Authorization", key.generateAuthorizationHeader(url, method, signed)});
        }
        return headers;
    }

    /** What the service says of a blob it wrote: its ETag (quoted, as sent) and last-modified time. */
    record Written(String etag, java.time.Instant lastModified) {
    }

    /**
     * Stages {@code length} bytes of {@code buf} as block {@code blockId} (Base64) of the blob: one
     * Put Block, the body sent from the array as it is (the SDK's sync call goes through its reactive
     * pipeline). A non-2xx answer raises {@link ServiceError}.
     */
    void stageBlock(String container, String blob, String blockId, byte[] buf, int length) throws IOException {
        write(container, blob, "comp=block&blockid=" + Utility.urlEncode(blockId), Map.of(), buf, length);
    }

    /** A blob in one Put Blob ({@code contentType} null: the service's default); the service keeps its MD5. */
    Written putBlob(String container, String blob, byte[] buf, int length, String contentType,
                    Map<String, String> metadata) throws IOException {
        Map<String, String> h = blobHeaders(contentType, null, metadata);
        h.put("x-ms-blob-type", "BlockBlob");
        return write(container, blob, null, h, buf, length);
    }

    /** Commits {@code ids} (in order) as the blob, with its content type, MD5 and metadata: one Put Block List. */
    Written commitBlocks(String container, String blob, List<String> ids, String contentType, byte[] md5,
                         Map<String, String> metadata) throws IOException {
        StringBuilder xml = new StringBuilder(64 + ids.size() * 48).append("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
        for (String id : ids) {
            xml.append("<Latest>").append(id).append("</Latest>"); // Base64: nothing to escape
        }
        byte[] body = xml.append("</BlockList>").toString().getBytes(StandardCharsets.UTF_8);
        return write(container, blob, "comp=blocklist", blobHeaders(contentType, md5, metadata), body, body.length);
    }

    /**
     * Whether these can go as headers of a lean write: printable ASCII only. Anything else (a
     * metadata value in another script, say) is left to the SDK, so it fails or passes as it always did.
     */
    static boolean plainHeaders(String contentType, Map<String, String> metadata) {
        if (contentType != null && !plain(contentType)) {
            return false;
        }
        if (metadata != null) {
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                if (!plain(e.getKey()) || !plain(e.getValue())) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, String> blobHeaders(String contentType, byte[] md5, Map<String, String> metadata) {
        Map<String, String> h = new LinkedHashMap<>();
        if (contentType != null) {
            h.put("x-ms-blob-content-type", contentType);
        }
        if (md5 != null) {
            h.put("x-ms-blob-content-md5", java.util.Base64.getEncoder().encodeToString(md5));
        }
        if (metadata != null) {
            metadata.forEach((k, v) -> h.put("x-ms-meta-" + k, v));
        }
        return h;
    }

    /**
     * One PUT of {@code length} bytes of {@code body} to the blob ({@code query}: e.g. comp=block,
     * null for none) with {@code extra} headers, signed with them. Each of these writes is idempotent
     * (the same block, blob or list again): a dropped connection or a busy server is retried as the
     * SDK's retry policy would, up to its number of tries.
     */
    private Written write(String container, String blob, String query, Map<String, String> extra, byte[] body,
                          int length) throws IOException {
        return retried(() -> writeOnce(container, blob, query, extra, body, length), true);
    }

    private interface Attempt<T> {
        T run() throws IOException;
    }

    /**
     * An idempotent request tried as the SDK's retry policy would: up to {@link AzureBlobStore#MAX_TRIES}
     * times on a dropped connection, 408, 429 or 5xx, with its back-off between tries; after a
     * timeout only if {@code afterTimeout} (a metadata call's timeout is its whole deadline).
     */
    private static <T> T retried(Attempt<T> attempt, boolean afterTimeout) throws IOException {
        for (int n = 1; ; n++) {
            try {
                return attempt.run();
            } catch (ServiceError e) {
                if (n >= AzureBlobStore.MAX_TRIES || e.status != 408 && e.status != 429 && e.status / 100 != 5) {
                    throw e;
                }
                pause(n);
            } catch (IOException e) {
                if (n >= AzureBlobStore.MAX_TRIES || !afterTimeout && e instanceof java.net.SocketTimeoutException) {
                    throw e;
                }
                pause(n);
            }
        }
    }

    private static void pause(int attempt) throws java.io.InterruptedIOException {
        try {
            Thread.sleep(Math.min(2000, 200L << (attempt - 1)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting to try again");
        }
    }

    private Written writeOnce(String container, String blob, String query, Map<String, String> extra, byte[] body,
                              int length) throws IOException {
        String path = basePath + "/" + container + "/" + encodeBlobName(blob);
        String q = query == null ? sas : sas == null ? query : query + "&" + sas;
        String target = q == null ? path : path + "?" + q;
        Map<String, String> signed = new LinkedHashMap<>();
        signed.put("Content-Length", Integer.toString(length));
        signed.put("x-ms-date", HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
        signed.put("x-ms-version", version);
        signed.putAll(extra);
        List<String[]> headers = signedHeaders("PUT", target, signed, blob);
        headers.removeIf(h -> h[0].equals("Content-Length")); // LeanHttp writes it with the body
        LeanHttp.Response r = http.send(host, "PUT", target, headers, body, length);
        if (r.status / 100 != 2) {
            throw serviceError(r);
        }
        r.body.readSmall(MAX_ERROR_BYTES);
        return new Written(r.header("etag"), httpDate(r.header("last-modified")));
    }

    /**
     * A GET as {@link AzureBlobStore} hands it out: the body reads straight from the socket, and a
     * close from another thread (a range timeout, a cancel) ends a blocked read at once. The whole
     * blob's MD5 rides along as the body's checksum; a start at or past the end is refused, as the
     * SDK path refuses it (Azure answers 416, Azurite an empty 206).
     */
    java.io.InputStream open(String container, String key, long offset, long count, boolean ranged, AzureErrors errors) {
        LeanHttp.Response r;
        try {
            r = get(container, key, offset, count);
        } catch (ServiceError e) {
            if (ranged && e.status == 416) {
                throw new io.rangefinder.storage.StorageException.InvalidArgument("range start " + offset
                        + " is at or past the end of '" + key + "'", e);
            }
            throw errors.service(e.status, e.code, errors.serviceMessage(e.serviceMessage), e, container, key, "reading");
        } catch (IOException | RuntimeException e) {
            throw errors.map(e, container, key, "reading");
        }
        if (ranged) {
            long total = AzureBlobStore.totalFromContentRange(r.header("content-range"));
            if (total > 0 && offset >= total) {
                r.body.close();
                throw new io.rangefinder.storage.StorageException.InvalidArgument("range start " + offset
                        + " is at or past the end of '" + key + "' (" + total + " bytes, last byte at offset "
                        + (total - 1) + ")");
            }
        }
        String md5 = r.header(ranged ? "x-ms-blob-content-md5" : "content-md5");
        if (md5 != null) {
            try {
                r.body.checksum = AzureBlobStore.md5(java.util.Base64.getDecoder().decode(md5.trim()));
            } catch (IllegalArgumentException e) {
                // not Base64: no checksum to check against
            }
        }
        return r.body;
    }

    /** A blob name as a URL path: each '/'-separated segment encoded by the SDK's {@link Utility#urlEncode}. */
    static String encodeBlobName(String blob) {
        StringBuilder out = new StringBuilder(blob.length() + 16);
        int start = 0;
        while (true) {
            int slash = blob.indexOf('/', start);
            out.append(Utility.urlEncode(blob.substring(start, slash < 0 ? blob.length() : slash)));
            if (slash < 0) {
                return out.toString();
            }
            out.append('/');
            start = slash + 1;
        }
    }

    private static ServiceError serviceError(LeanHttp.Response r) {
        String message = null;
        try {
            String xml = new String(r.body.readSmall(MAX_ERROR_BYTES), StandardCharsets.UTF_8);
            int a = xml.indexOf("<Message>");
            int b = a < 0 ? -1 : xml.indexOf("</Message>", a);
            if (a >= 0 && b > a) {
                message = xml.substring(a + "<Message>".length(), b).replace("&lt;", "<").replace("&gt;", ">")
                        .replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&");
            }
        } catch (IOException e) {
            // the status and code have to do
        } finally {
            r.body.close();
        }
        return new ServiceError(r.status, r.header("x-ms-error-code"), message);
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
