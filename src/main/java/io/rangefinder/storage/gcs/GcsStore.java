package io.rangefinder.storage.gcs;

import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.HttpRequest;
import com.google.api.gax.paging.Page;
import com.google.api.gax.retrying.RetrySettings;
import com.google.auth.Credentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.WriteChannel;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Bucket;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobListOption;
import com.google.cloud.storage.StorageOptions;
import io.rangefinder.core.CancellationToken;
import io.rangefinder.core.CancelledException;
import io.rangefinder.storage.Checksum;
import io.rangefinder.storage.config.ConnectionProfile;
import io.rangefinder.storage.ContainerInfo;
import io.rangefinder.storage.KeyOrder;
import io.rangefinder.storage.ListPage;
import io.rangefinder.storage.ListRequest;
import io.rangefinder.storage.ObjectInfo;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.PutOptions;
import io.rangefinder.storage.StorageException;
import io.rangefinder.storage.internal.NameChecks;
import io.rangefinder.storage.internal.UploadSource;
import io.rangefinder.storage.UrlSigner;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Google Cloud Storage through the official client over its JSON/HTTP transport. With
 * {@link ConnectionProfile#endpoint()} set, it talks to that host (an emulator or the project's
 * test server) instead of storage.googleapis.com.
 *
 * <p>Uploads: an object whose length is known and at most one part ({@link PutOptions#partSize()},
 * 8 MiB by default) goes in one multipart request; anything larger or of unknown length goes as a
 * resumable upload in part-sized chunks, read from the stream as it goes. The object appears only
 * when the last chunk is sent, which happens only once the stream has ended cleanly: when the
 * input fails or the token is cancelled the channel is dropped without that last chunk, so no
 * object is created, and the unfinished session is cancelled (a DELETE to its URI).
 */
public final class GcsStore implements ObjectStore, UrlSigner {

    /** Project used against emulators and test servers when the profile names none. */
    public static final String LOCAL_PROJECT = "rangefinder-local";
    static final long DEFAULT_PART = 8L << 20;
    private static final int CHUNK_GRANULE = 256 * 1024;
    private static final int FIRST_READ = 64 * 1024;

    private final Storage storage;
    private static final NameChecks NAMES =
            new NameChecks("bucket", "the name of a GCS bucket", "object name", "the name of an object");

    private final String host;
    private final GcsErrors errors;
    /** The lean read path (media GETs), or null where it does not apply. */
    private final LeanGcs lean;

    private GcsStore(Storage storage, String host, Duration callTimeout, LeanGcs lean) {
        this.storage = storage;
        this.host = host;
        this.errors = new GcsErrors(host, callTimeout);
        this.lean = lean;
    }

    /** Opens a store for the profile: credentials, host and timeouts from it (see the class comment). */
    public static GcsStore open(ConnectionProfile profile) {
        return open(profile, credentials(profile));
    }

    /** As {@link #open(ConnectionProfile)}, with credentials the caller already holds. */
    public static GcsStore open(ConnectionProfile profile, Credentials credentials) {
        return open(profile, credentials, true);
    }

    /** As above, with every read through the client library if {@code leanReads} is false (for tests). */
    static GcsStore open(ConnectionProfile profile, Credentials credentials, boolean leanReads) {
        Objects.requireNonNull(profile, "profile");
        Duration connect = profile.connectTimeoutOrDefault();
        // a read that waits this long for a byte has failed: a silent server ends a call in seconds
        Duration request = profile.callTimeoutOrDefault();
        String endpoint = blankToNull(profile.endpoint());
        if (endpoint != null) {
            endpoint = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
            if (!endpoint.contains("://")) {
                endpoint = "http://" + endpoint; // STORAGE_EMULATOR_HOST is often given as host:port
            }
        }
        StorageOptions.Builder b = StorageOptions.http()
                .setCredentials(credentials)
                .setTransportOptions(HttpTransportOptions.newBuilder()
                        .setConnectTimeout(millis(connect))
                        .setReadTimeout(millis(request))
                        .build())
                .setRetrySettings(RetrySettings.newBuilder()
                        .setMaxAttempts(3)
                        .setInitialRetryDelayDuration(Duration.ofMillis(100))
                        .setRetryDelayMultiplier(2.0)
                        .setMaxRetryDelayDuration(Duration.ofSeconds(1))
                        // Bounds retrying, so an unreachable endpoint fails in seconds, not minutes.
                        .setTotalTimeoutDuration(connect.multipliedBy(2))
                        .setInitialRpcTimeoutDuration(request)
                        .setMaxRpcTimeoutDuration(request)
                        .setRpcTimeoutMultiplier(1.0)
                        .build());
        String project = blankToNull(profile.projectId());
        if (project == null && endpoint != null) {
            project = LOCAL_PROJECT;
        }
        if (project != null) {
            b.setProjectId(project);
        }
        if (endpoint != null) {
            b.setHost(endpoint);
        }
        StorageOptions options = b.build();
        // the lean path goes where the library goes (its host: the profile's endpoint, else
        // STORAGE_EMULATOR_HOST, else storage.googleapis.com) and signs with the credentials as the
        // library scoped them (a service-account key unscoped would sign self-made JWTs instead of
        // fetching the access token the library uses)
        return new GcsStore(options.getService(), endpoint, request,
                leanReads ? LeanGcs.create(profile, options.getHost(), options.getScopedCredentials(), System.getenv())
                        : null);
    }

    private static Credentials credentials(ConnectionProfile profile) {
        if (profile.isAnonymous()) {
            return NoCredentials.getInstance();
        }
        String file = blankToNull(profile.credentialsFile());
        if (file != null) {
            Path p = Path.of(file);
            try (InputStream in = Files.newInputStream(p)) {
                return GoogleCredentials.fromStream(in);
            } catch (NoSuchFileException | FileNotFoundException e) {
                throw new StorageException.InvalidArgument("GCS credentials file " + p.toAbsolutePath()
                        + " does not exist: point the connection at a service-account JSON key file", e);
            } catch (IOException e) {
                throw new StorageException.InvalidArgument("cannot use GCS credentials file " + p.toAbsolutePath()
                        + " (" + GcsErrors.safeMessage(e) + "): it must be a service-account or authorized-user JSON file", e);
            }
        }
        try {
            return GoogleCredentials.getApplicationDefault();
        } catch (IOException e) {
            throw new StorageException.AccessDenied("no Google credentials found: set GOOGLE_APPLICATION_CREDENTIALS "
                    + "to a service-account key file, run 'gcloud auth application-default login', choose a "
                    + "credentials file for this connection, or mark it anonymous for public buckets and emulators", e);
        }
    }

    /** A V4 signed GET URL; needs service-account credentials (they hold the signing key). */
    @Override
    public String signedGetUrl(String container, String key, Duration expiry) {
        try {
            return storage.signUrl(BlobInfo.newBuilder(BlobId.of(container, key)).build(), expiry.toSeconds(),
                    java.util.concurrent.TimeUnit.SECONDS, Storage.SignUrlOption.withV4Signature()).toString();
        } catch (IllegalStateException | IllegalArgumentException | UnsupportedOperationException e) {
            throw new StorageException.AccessDenied("a signed URL needs service-account credentials: choose a "
                    + "service-account JSON key file for this connection (user logins, ADC from gcloud and "
                    + "emulators cannot sign)", e);
        } catch (com.google.cloud.storage.StorageException | com.google.auth.ServiceAccountSigner.SigningException e) {
            throw new StorageException.AccessDenied("could not sign a URL for gs://" + container + "/" + key + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "gcs (" + (host == null ? "default" : host) + ")";
    }

    @Override
    public void close() {
        if (lean != null) {
            lean.close();
        }
        try {
            storage.close();
        } catch (Exception ignored) {
            // the HTTP client holds nothing that outlives the JVM's connection pool
        }
    }

    // ------------------------------------------------------------------ buckets

    @Override
    public List<ContainerInfo> listContainers() {
        try {
            List<ContainerInfo> out = new ArrayList<>();
            for (Bucket bucket : storage.list().iterateAll()) {
                out.add(new ContainerInfo(bucket.getName(), instant(bucket.getCreateTimeOffsetDateTime())));
            }
            out.sort((x, y) -> KeyOrder.compare(x.name(), y.name()));
            return out;
        } catch (RuntimeException e) {
            throw errors.map(e, "listing buckets", null, null);
        }
    }

    @Override
    public void createContainer(String container) {
        NAMES.requireContainer(container);
        try {
            storage.create(BucketInfo.of(container));
        } catch (RuntimeException e) {
            throw errors.map(e, "creating bucket '" + container + "'", container, null);
        }
    }

    @Override
    public void deleteContainer(String container) {
        NAMES.requireContainer(container);
        boolean deleted;
        try {
            deleted = storage.delete(container);
        } catch (RuntimeException e) {
            throw errors.map(e, "deleting bucket '" + container + "'", container, null);
        }
        if (!deleted) {
            throw GcsErrors.noBucket(container, null);
        }
    }

    // ------------------------------------------------------------------ listing

    @Override
    public boolean canStartAfter() {
        return true;
    }

    @Override
    public ListPage list(ListRequest request) {
        String bucket = request.container();
        NAMES.requireContainer(bucket);
        List<BlobListOption> opts = new ArrayList<>();
        opts.add(BlobListOption.pageSize(request.pageSize()));
        if (!request.prefix().isEmpty()) {
            opts.add(BlobListOption.prefix(request.prefix()));
        }
        if (request.delimiter() != null) {
            opts.add(BlobListOption.delimiter(request.delimiter()));
        }
        String after = null;
        if (request.continuationToken() != null && !request.continuationToken().isEmpty()) {
            opts.add(BlobListOption.pageToken(request.continuationToken()));
        } else if (request.startAfter() != null) {
            after = request.startAfter();
            opts.add(BlobListOption.startOffset(after)); // inclusive: the key itself is dropped below
        }
        try {
            List<ObjectInfo> objects = new ArrayList<>();
            List<String> prefixes = new ArrayList<>();
            String next;
            if (lean != null) {
                com.fasterxml.jackson.databind.JsonNode page = lean.list(bucket, request.prefix(), request.delimiter(),
                        request.pageSize(), blankToNull(request.continuationToken()), after);
                for (com.fasterxml.jackson.databind.JsonNode p : page.path("prefixes")) {
                    if (listed(p.asText(), true, after)) {
                        prefixes.add(p.asText());
                    }
                }
                for (com.fasterxml.jackson.databind.JsonNode item : page.path("items")) {
                    if (listed(item.path("name").asText(), false, after)) {
                        objects.add(LeanGcs.info(bucket, item));
                    }
                }
                next = page.path("nextPageToken").isTextual() ? page.path("nextPageToken").asText() : null;
            } else {
                // Exactly one page: getValues() is this page only; iterateAll() would fetch the rest.
                Page<Blob> page = storage.list(bucket, opts.toArray(BlobListOption[]::new));
                for (Blob blob : page.getValues()) {
                    if (!listed(blob.getName(), blob.isDirectory(), after)) {
                        continue;
                    }
                    if (blob.isDirectory()) {
                        prefixes.add(blob.getName());
                    } else {
                        objects.add(info(blob));
                    }
                }
                next = page.getNextPageToken();
            }
            objects.sort((x, y) -> KeyOrder.compare(x.key(), y.key()));
            prefixes.sort(KeyOrder.UTF8);
            return new ListPage(objects, prefixes, next == null || next.isEmpty() ? null : next);
        } catch (IOException | RuntimeException e) {
            throw errors.map(e, "listing bucket '" + bucket + "'", bucket, null);
        }
    }

    /**
     * Whether an entry of a page started at {@code after} (inclusive on the server) belongs in it:
     * not {@code after} itself nor what sorts before it, but a folder that holds {@code after}.
     */
    private static boolean listed(String name, boolean directory, String after) {
        return after == null || KeyOrder.compare(name, after) > 0
                || directory && after.startsWith(name) && !after.equals(name);
    }

    // ------------------------------------------------------------------ objects

    @Override
    public ObjectInfo stat(String container, String key) {
        NAMES.requireKey(container, key);
        if (lean != null) {
            // one GET of the object's resource: the library's request stack and Blob cost a cold
            // command ~90 ms where the server answers in a few
            try {
                return LeanGcs.info(container, lean.object(container, key));
            } catch (com.google.cloud.storage.StorageException e) {
                if (e.getCode() == 404) {
                    throw missing(container, key);
                }
                throw errors.map(e, "reading the metadata of '" + key + "'", container, key);
            } catch (IOException | RuntimeException e) {
                throw errors.map(e, "reading the metadata of '" + key + "'", container, key);
            }
        }
        Blob blob;
        try {
            blob = storage.get(BlobId.of(container, key));
        } catch (RuntimeException e) {
            throw errors.map(e, "reading the metadata of '" + key + "'", container, key);
        }
        if (blob == null) {
            throw missing(container, key);
        }
        return info(blob);
    }

    @Override
    public InputStream get(String container, String key) {
        return open(container, key, 0, -1);
    }

    @Override
    public InputStream getRange(String container, String key, long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new StorageException.InvalidArgument("invalid range of '" + key + "': offset " + offset
                    + " and length " + length + " must not be negative");
        }
        return open(container, key, offset, length);
    }

    /**
     * Opens a reader and reads its first bytes at once, so a missing object, a bad range or an
     * unreachable server fails here rather than at the caller's first read.
     */
    private InputStream open(String container, String key, long offset, long length) {
        NAMES.requireKey(container, key);
        if (length == 0) {
            stat(container, key); // the object must exist; the answer is empty
            return InputStream.nullInputStream();
        }
        if (lean != null) {
            return leanOpen(container, key, offset, length);
        }
        java.nio.channels.ReadableByteChannel channel = null;
        try {
            channel = LibraryMedia.body(storage, container, key, offset, length);
            ByteBuffer first = ByteBuffer.allocate((int) (length > 0 ? Math.min(FIRST_READ, length) : FIRST_READ));
            int n = 0;
            while (first.hasRemaining() && n >= 0 && first.position() == 0) {
                n = channel.read(first);
            }
            first.flip();
            if (n < 0 && first.remaining() == 0 && offset > 0) {
                // Nothing at all from a non-zero offset: either past the end or an empty object.
                closeQuietly(channel);
                checkRangeStart(container, key, offset);
                return InputStream.nullInputStream();
            }
            return new GcsReadStream(first, channel, errors);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                closeQuietly(channel);
            }
            if (e instanceof StorageException se) {
                throw se;
            }
            Throwable cause = e instanceof com.google.api.client.http.HttpResponseException h
                    ? com.google.cloud.storage.StorageException.translate(h) : e;
            StorageException mapped = errors.map(cause, "reading '" + key + "'", container, key);
            if (mapped instanceof StorageException.InvalidArgument && offset > 0) {
                checkRangeStart(container, key, offset); // a 416: say where the object ends
            }
            throw mapped;
        }
    }

    /**
     * A media GET through {@link LeanGcs}: its body reads straight from the socket and a close from
     * another thread (a range timeout, a cancel) ends a blocked read at once, so it needs no pump.
     */
    private InputStream leanOpen(String container, String key, long offset, long length) {
        try {
            return lean.get(container, key, offset, length).body;
        } catch (IOException | RuntimeException e) {
            if (e instanceof StorageException se) {
                throw se;
            }
            StorageException mapped = errors.map(e, "reading '" + key + "'", container, key);
            if (mapped instanceof StorageException.InvalidArgument && offset > 0) {
                checkRangeStart(container, key, offset); // a 416: past the end, or an empty object
                return InputStream.nullInputStream();
            }
            throw mapped;
        }
    }

    /** Whether reads take the lean path (for tests). */
    boolean readsLean() {
        return lean != null;
    }

    /** Connections the lean path has opened so far (for tests). */
    int leanConnectionsOpened() {
        return lean == null ? 0 : lean.connectionsOpened();
    }

    private void checkRangeStart(String container, String key, long offset) {
        long size = stat(container, key).size();
        if (size > 0 && offset >= size) {
            throw new StorageException.InvalidArgument("range start " + offset + " is at or past the end of '" + key
                    + "' (" + size + " bytes, last byte at offset " + (size - 1) + ")");
        }
    }

    @Override
    public ObjectInfo put(String container, String key, InputStream data, long length, PutOptions options) {
        Objects.requireNonNull(data, "data");
        NAMES.requireKey(container, key);
        PutOptions opts = options == null ? PutOptions.DEFAULT : options;
        CancellationToken token = opts.tokenOrNone();
        long part = opts.partSize() > 0 ? opts.partSize() : DEFAULT_PART;
        BlobInfo.Builder ib = BlobInfo.newBuilder(BlobId.of(container, key));
        if (opts.contentType() != null) {
            ib.setContentType(opts.contentType());
        }
        if (!opts.metadata().isEmpty()) {
            ib.setMetadata(opts.metadata());
        }
        BlobInfo blobInfo = ib.build();
        token.throwIfCancelled();
        if (length >= 0 && length <= part) {
            byte[] bytes = readExactly(data, length, key);
            token.throwIfCancelled();
            try {
                // Object bytes are sent as they are: gzipping them (the client's default) costs CPU for
                // data that is usually already compressed or random.
                return info(storage.create(blobInfo, bytes, Storage.BlobTargetOption.disableGzipContent()));
            } catch (RuntimeException e) {
                throw errors.map(e, "uploading '" + key + "'", container, key);
            }
        }
        return putResumable(blobInfo, data, length, part, token);
    }

    private ObjectInfo putResumable(BlobInfo blobInfo, InputStream data, long length, long part,
                                    CancellationToken token) {
        String container = blobInfo.getBucket();
        String key = blobInfo.getName();
        int chunk = (int) Math.min(Integer.MAX_VALUE - CHUNK_GRANULE,
                Math.max(CHUNK_GRANULE, (part + CHUNK_GRANULE - 1) / CHUNK_GRANULE * CHUNK_GRANULE));
        WriteChannel writer;
        try {
            writer = storage.writer(blobInfo, Storage.BlobWriteOption.disableGzipContent());
        } catch (RuntimeException e) {
            throw errors.map(e, "starting the upload of '" + key + "'", container, key);
        }
        writer.setChunkSize(chunk);
        String session = sessionUri(writer);
        UploadSource source = new UploadSource(data, length, key, "the upload was abandoned and no object was created");
        byte[] buf = new byte[CHUNK_GRANULE];
        try {
            if (lean != null && session != null && lean.serves(session)) {
                lean.upload(session, source, chunk, token, key); // whole chunks over LeanHttp
                return stat(container, key);
            }
            while (true) {
                token.throwIfCancelled();
                int n = source.next(buf);
                ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                while (bb.hasRemaining()) {
                    writer.write(bb);
                }
                if (source.ended(n, buf.length)) {
                    break;
                }
            }
            source.checkEnd();
            token.throwIfCancelled();
            // Only now is the final chunk sent ("bytes a-b/total"): the object appears with it.
            writer.close();
        } catch (IOException | RuntimeException e) {
            // The writer is dropped unclosed on purpose: closing would finish the upload and create the object.
            // The session is cancelled instead of being left open on the server for a week (the lean
            // path's last chunk likewise goes only once the data has ended).
            cancelSession(session);
            if (e instanceof StorageException || e instanceof CancelledException) {
                throw (RuntimeException) e;
            }
            if (token.isCancelled()) {
                // A cancel that also interrupted this thread makes the client fail the chunk it was sending.
                throw new CancelledException(token.reason());
            }
            throw errors.map(e, "uploading '" + key + "'", container, key);
        }
        return stat(container, key);
    }

    /**
     * The URI of the resumable session the client opened for {@code writer}, or null. The client
     * opens the session as the writer is made but keeps its URI to itself; the writer's captured
     * state holds it (a {@code JsonResumableWrite} with {@code getUploadId()}), read here by
     * reflection. A client version that hides it differently gives null: the session is then left
     * to expire on the server, as before.
     */
    static String sessionUri(WriteChannel writer) {
        try {
            Object state = writer.capture();
            for (Class<?> k = state.getClass(); k != null && k != Object.class; k = k.getSuperclass()) {
                for (java.lang.reflect.Field f : k.getDeclaredFields()) {
                    if (java.lang.reflect.Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                        continue;
                    }
                    f.setAccessible(true);
                    Object value = f.get(state);
                    if (value == null) {
                        continue;
                    }
                    java.lang.reflect.Method getter;
                    try {
                        getter = value.getClass().getDeclaredMethod("getUploadId");
                    } catch (NoSuchMethodException notThis) {
                        continue;
                    }
                    getter.setAccessible(true);
                    Object id = getter.invoke(value);
                    if (id instanceof String uri && uri.startsWith("http")) {
                        return uri;
                    }
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // not reachable in this client version: no cancel, the session expires by itself
        }
        return null;
    }

    /**
     * Cancels a resumable session with a DELETE to its URI (GCS answers 499), through the client's
     * own HTTP transport and credentials. Best effort. Runs even on an interrupted thread (a JavaFX
     * Task.cancel): the flag is cleared for the request and set again afterwards.
     */
    private void cancelSession(String sessionUri) {
        if (sessionUri == null) {
            return;
        }
        boolean interrupted = Thread.interrupted();
        try {
            StorageOptions options = storage.getOptions();
            if (options.getTransportOptions() instanceof HttpTransportOptions transport) {
                HttpRequest request = transport.getHttpTransportFactory().create()
                        .createRequestFactory(transport.getHttpRequestInitializer(options))
                        .buildDeleteRequest(new GenericUrl(sessionUri));
                request.setThrowExceptionOnExecuteError(false);
                request.execute().disconnect();
            }
        } catch (IOException | RuntimeException ignored) {
            // Best effort: the failure that brought us here is the one to report.
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static byte[] readExactly(InputStream data, long length, String key) {
        try {
            byte[] bytes = data.readNBytes((int) length);
            if (bytes.length < length) {
                throw new StorageException.InvalidArgument("the data for '" + key + "' ended after " + bytes.length
                        + " of the declared " + length + " bytes; nothing was uploaded");
            }
            if (data.read() >= 0) {
                throw new StorageException.InvalidArgument("the data for '" + key + "' is longer than the declared "
                        + length + " bytes; nothing was uploaded");
            }
            return bytes;
        } catch (IOException e) {
            throw new StorageException.TransientIo("reading the data for '" + key + "' failed (" + GcsErrors.safeMessage(e)
                    + "); nothing was uploaded", e);
        }
    }

    @Override
    public void delete(String container, String key) {
        NAMES.requireKey(container, key);
        boolean deleted;
        try {
            deleted = storage.delete(BlobId.of(container, key));
        } catch (RuntimeException e) {
            throw errors.map(e, "deleting '" + key + "'", container, key);
        }
        if (!deleted) {
            throw missing(container, key);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static ObjectInfo info(Blob blob) {
        OffsetDateTime updated = blob.getUpdateTimeOffsetDateTime();
        if (updated == null) {
            updated = blob.getCreateTimeOffsetDateTime();
        }
        Long generation = blob.getGeneration();
        String tag = generation != null ? generation.toString() : blob.getEtag();
        Map<String, String> md = blob.getMetadata();
        Map<String, String> metadata = new java.util.HashMap<>();
        if (md != null) {
            md.forEach((k, v) -> {
                if (k != null && v != null) {
                    metadata.put(k, v);
                }
            });
        }
        return new ObjectInfo(blob.getBucket(), blob.getName(), blob.getSize() == null ? 0 : blob.getSize(),
                instant(updated), tag, blob.getContentType(),
                blob.getStorageClass() == null ? null : blob.getStorageClass().name(), metadata,
                Checksum.ofBase64(Checksum.Algorithm.CRC32C, blob.getCrc32c()));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    /** Not found: says whether the bucket or the object is missing (one extra request, on this path only). */
    private StorageException missing(String container, String key) {
        boolean bucketExists;
        try {
            bucketExists = storage.get(container) != null;
        } catch (RuntimeException e) {
            bucketExists = true;
        }
        return bucketExists ? GcsErrors.noObject(container, key, null) : GcsErrors.noBucket(container, null);
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    static void closeQuietly(java.nio.channels.Channel c) {
        try {
            c.close();
        } catch (IOException | RuntimeException ignored) {
            // closing is how a read is aborted
        }
    }
}
