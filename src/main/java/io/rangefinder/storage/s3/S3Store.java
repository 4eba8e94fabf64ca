package io.rangefinder.storage.s3;

import io.rangefinder.storage.internal.LeanHttp;
import io.rangefinder.core.CancellationToken;
import io.rangefinder.storage.Checksum;
import io.rangefinder.storage.config.ConnectionProfile;
import io.rangefinder.storage.ContainerInfo;
import io.rangefinder.storage.ListPage;
import io.rangefinder.storage.ListRequest;
import io.rangefinder.storage.ObjectInfo;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.PutOptions;
import io.rangefinder.storage.config.Secret;
import io.rangefinder.storage.StorageException;
import io.rangefinder.storage.internal.NameChecks;
import io.rangefinder.storage.internal.ParallelParts;
import io.rangefinder.storage.internal.Redactor;
import io.rangefinder.storage.internal.UploadSource;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.GetObjectPresignRequest;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;
import io.rangefinder.storage.UrlSigner;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListBucketsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * {@link ObjectStore} over Amazon S3 and S3-compatible servers (MinIO, Ceph, R2, S3Proxy), on the
 * AWS SDK v2 synchronous client.
 *
 * <p>HTTP: the Apache client, with a pool of {@value #MAX_CONNECTIONS} connections so the range
 * engine's concurrency is never capped by the pool; an aborted range request really drops its
 * connection (see {@link AbortingInputStream}). Large uploads go as multipart uploads whose parts
 * are sent concurrently from a fixed set of buffers, so memory stays at part size × parts in flight.
 *
 * <p>Error messages name the endpoint or region and say what to check; they never contain the
 * secret key or session token.
 */
public final class S3Store implements ObjectStore, UrlSigner {

    static final int MAX_CONNECTIONS = 128;
    static final long DEFAULT_PART_SIZE = 8L << 20;
    static final int DEFAULT_PARTS_IN_FLIGHT = 4;
    /** S3's smallest part (except the last) and its most parts per upload. */
    static final long MIN_PART_SIZE = 5L << 20;
    static final int MAX_PARTS = 10_000;
    static final long MAX_PART_SIZE = 5L << 30;
    private static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";
    private static final NameChecks NAMES =
            new NameChecks("bucket", "the name of a bucket, e.g. s3://my-bucket/", "key", "the key of an object");

    /** Built on first use: building it costs ~0.3 s of class loading a plain read need not pay. */
    private final Supplier<S3Client> clientFactory;
    private volatile S3Client s3;
    private boolean closed; // guarded by this
    /** The lean read path (GET and HEAD of an object), or null where it does not apply. */
    private final LeanS3 lean;
    private final String endpoint;
    private final Region region;
    private final String accessKeyId;
    private final String awsProfile;
    /** Keeps the secret key and session token out of every message. */
    private final Redactor redactor;
    /** Listing, stat, delete and bucket calls end by this deadline, retries included: a silent server is an error, not a hang. */
    private final AwsRequestOverrideConfiguration callDeadline;
    private final S3Errors errors;

    private final AwsCredentialsProvider credentialsProvider;
    private final URI endpointUri;
    private final boolean pathStyle;
    // servers that take no flexible checksums get no x-amz-checksum-* header from the lean path either
    private final boolean checksumWhenRequired;

    private S3Store(Supplier<S3Client> clientFactory, LeanS3 lean, ConnectionProfile profile, Region region,
                    AwsCredentialsProvider credentialsProvider, URI endpointUri) {
        this.clientFactory = clientFactory;
        this.lean = lean;
        this.credentialsProvider = credentialsProvider;
        this.endpointUri = endpointUri;
        this.pathStyle = profile.isPathStyle();
        this.checksumWhenRequired = S3Clients.checksumWhenRequired(profile);
        this.endpoint = blankToNull(profile.endpoint());
        this.region = region;
        this.accessKeyId = blankToNull(profile.accessKeyId());
        this.awsProfile = blankToNull(profile.awsProfile());
        List<String> s = new ArrayList<>();
        for (Secret secret : new Secret[] {profile.secretAccessKey(), profile.sessionToken()}) {
            if (secret != null) {
                s.add(secret.reveal());
            }
        }
        this.redactor = new Redactor(s);
        this.callDeadline = AwsRequestOverrideConfiguration.builder().apiCallTimeout(profile.callTimeoutOrDefault()).build();
        this.errors = new S3Errors(endpoint, region, accessKeyId, awsProfile, profile.callTimeoutOrDefault(), redactor,
                this::bucketExists);
    }

    /**
     * Opens a store for {@code profile}: a custom endpoint (path-style if the profile says so) or AWS,
     * credentials from static keys, else the named AWS profile, else the SDK's default chain
     * (environment, AWS_PROFILE, SSO, instance roles); none at all if the profile is anonymous.
     * Nothing is sent until the first call.
     */
    public static S3Store open(ConnectionProfile profile) {
        return open(profile, S3Clients.httpClient(profile));
    }

    /** As {@link #open(ConnectionProfile)} with another HTTP client (for comparisons in benchmarks). */
    static S3Store open(ConnectionProfile profile, SdkHttpClient.Builder<?> http) {
        return open(profile, http, true);
    }

    /** As {@link #open(ConnectionProfile)}, with every read through the SDK if {@code leanReads} is false (for tests). */
    static S3Store open(ConnectionProfile profile, boolean leanReads) {
        return open(profile, S3Clients.httpClient(profile), leanReads);
    }

    private static S3Store open(ConnectionProfile profile, SdkHttpClient.Builder<?> http, boolean leanReads) {
        Objects.requireNonNull(profile, "profile");
        String endpoint = blankToNull(profile.endpoint());
        AwsCredentialsProvider credentials = S3Clients.credentials(profile);
        URI endpointUri = endpoint == null ? null : S3Clients.endpointUri(endpoint);
        Region region = blankToNull(profile.region()) != null ? Region.of(profile.region().trim()) : null;
        boolean regionKnown = true;
        boolean crossRegion = false;
        if (region == null) {
            region = S3Clients.regionFromChain(profile.awsProfile());
            if (region == null) {
                regionKnown = false;
                region = Region.US_EAST_1;
                // No region anywhere: let the SDK follow each bucket to its own region.
                crossRegion = endpoint == null;
            }
        }
        Supplier<S3Client> client = S3Clients.sdkClient(profile, http, credentials, region, crossRegion, endpointUri);
        LeanS3 lean = leanReads ? lean(profile, region, endpointUri, regionKnown, credentials) : null;
        return new S3Store(client, lean, profile, region, credentials, endpointUri);
    }

    private static LeanS3 lean(ConnectionProfile profile, Region region, URI endpointUri, boolean regionKnown,
                               AwsCredentialsProvider credentials) {
        return LeanS3.create(profile, region.id(), endpointUri, regionKnown, credentials, System.getenv());
    }

    /** The SDK client, built on first use (thread-safe). */
    private S3Client s3() {
        S3Client c = s3;
        if (c == null) {
            synchronized (this) {
                c = s3;
                if (c == null) {
                    if (closed) {
                        throw new IllegalStateException("the S3 store " + describe() + " is closed");
                    }
                    c = clientFactory.get();
                    s3 = c;
                }
            }
        }
        return c;
    }

    /** Connections the lean path has opened so far (for tests). */
    int leanConnectionsOpened() {
        return lean == null ? 0 : lean.connectionsOpened();
    }

    /** The clock the lean path dates its requests by (for tests: a machine whose clock is off). */
    void leanClock(java.time.Clock clock) {
        lean.clock(clock);
    }

    /** Whether reads of this object take the lean path (for tests). */
    boolean readsLean(String container, String key) {
        return lean != null && lean.handles(container, key);
    }

    /** A presigned GET (SigV4 query string); computed locally, nothing is sent to the store. */
    @Override
    public String signedGetUrl(String container, String key, Duration expiry) {
        S3Presigner.Builder b = S3Presigner.builder().region(region).credentialsProvider(credentialsProvider)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build());
        if (endpointUri != null) {
            b.endpointOverride(endpointUri);
        }
        try (S3Presigner presigner = b.build()) {
            PresignedGetObjectRequest signed = presigner.presignGetObject(GetObjectPresignRequest.builder()
                    .signatureDuration(expiry)
                    .getObjectRequest(software.amazon.awssdk.services.s3.model.GetObjectRequest.builder().bucket(container).key(key).build())
                    .build());
            return signed.url().toString();
        } catch (SdkClientException | IllegalArgumentException e) {
            throw new StorageException.AccessDenied("cannot presign s3://" + container + "/" + key + ": "
                    + redactor.redact(String.valueOf(e.getMessage())) + " (presigned URLs need access keys, an AWS profile or role credentials)", e);
        }
    }

    /** The SDK client, for tests that look behind the store (e.g. pending multipart uploads). */
    S3Client client() {
        return s3();
    }

    @Override
    public String describe() {
        return "s3 (" + (endpoint != null ? endpoint : region.id()) + ")";
    }

    @Override
    public String toString() {
        return describe();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (lean != null) {
            lean.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    // ------------------------------------------------------------------ containers

    @Override
    public List<ContainerInfo> listContainers() {
        List<ContainerInfo> out = new ArrayList<>();
        String token = null;
        try {
            do {
                String t = token;
                ListBucketsResponse r = s3().listBuckets(b -> b.continuationToken(t).overrideConfiguration(callDeadline));
                for (Bucket bucket : r.buckets()) {
                    out.add(new ContainerInfo(bucket.name(), bucket.creationDate()));
                }
                token = blankToNull(r.continuationToken());
            } while (token != null);
        } catch (SdkException e) {
            throw errors.map(e, null, null, "listing buckets");
        }
        out.sort(Comparator.comparing(ContainerInfo::name));
        return out;
    }

    @Override
    public void createContainer(String container) {
        NAMES.requireContainer(container);
        CreateBucketRequest.Builder req = CreateBucketRequest.builder().bucket(container);
        if (!Region.US_EAST_1.equals(region)) {
            req.createBucketConfiguration(c -> c.locationConstraint(region.id()));
        }
        try {
            s3().createBucket(req.overrideConfiguration(callDeadline).build());
        } catch (SdkException e) {
            throw errors.map(e, container, null, "creating bucket '" + container + "'");
        }
    }

    @Override
    public void deleteContainer(String container) {
        NAMES.requireContainer(container);
        try {
            s3().deleteBucket(b -> b.bucket(container).overrideConfiguration(callDeadline));
        } catch (SdkException e) {
            throw errors.map(e, container, null, "deleting bucket '" + container + "'");
        }
    }

    // ------------------------------------------------------------------ listing

    @Override
    public boolean canStartAfter() {
        return true;
    }

    @Override
    public ListPage list(ListRequest request) {
        NAMES.requireContainer(request.container());
        String token = blankToNull(request.continuationToken());
        ListObjectsV2Response r;
        try {
            r = s3().listObjectsV2(b -> b.overrideConfiguration(callDeadline).bucket(request.container())
                    .prefix(request.prefix().isEmpty() ? null : request.prefix())
                    .delimiter(request.delimiter())
                    .maxKeys(request.pageSize())
                    .continuationToken(token)
                    .startAfter(token == null ? request.startAfter() : null));
        } catch (SdkException e) {
            throw errors.map(e, request.container(), null, "listing bucket '" + request.container() + "'");
        }
        List<ObjectInfo> objects = new ArrayList<>(r.contents().size());
        for (S3Object o : r.contents()) {
            objects.add(new ObjectInfo(request.container(), o.key(), o.size() == null ? 0 : o.size(),
                    o.lastModified(), unquote(o.eTag()), null, storageClass(o.storageClassAsString()), Map.of()));
        }
        List<String> prefixes = new ArrayList<>(r.commonPrefixes().size());
        for (CommonPrefix p : r.commonPrefixes()) {
            prefixes.add(p.prefix());
        }
        String next = Boolean.TRUE.equals(r.isTruncated()) ? blankToNull(r.nextContinuationToken()) : null;
        return new ListPage(objects, prefixes, next);
    }

    // ------------------------------------------------------------------ objects

    @Override
    public ObjectInfo stat(String container, String key) {
        NAMES.requireKey(container, key);
        LeanHttp.Response r = null;
        if (readsLean(container, key)) {
            try {
                r = lean.head(container, key);
            } catch (LeanS3.Elsewhere e) {
                // the bucket answers from elsewhere: the SDK below follows it
            } catch (SdkException e) {
                throw errors.map(e, container, key, "reading the attributes of '" + key + "'");
            }
        }
        if (r != null) {
            Long length = LeanS3.contentLength(r);
            String etag = r.header("etag");
            return new ObjectInfo(container, key, length == null ? 0 : length, LeanS3.lastModified(r), unquote(etag),
                    r.header("content-type"), storageClass(r.header("x-amz-storage-class")), LeanS3.metadata(r),
                    etagMd5(r));
        }
        HeadObjectResponse h;
        try {
            h = s3().headObject(b -> b.bucket(container).key(key).overrideConfiguration(callDeadline));
        } catch (SdkException e) {
            throw errors.map(e, container, key, "reading the attributes of '" + key + "'");
        }
        return new ObjectInfo(container, key, h.contentLength() == null ? 0 : h.contentLength(), h.lastModified(),
                unquote(h.eTag()), h.contentType(), storageClass(h.storageClassAsString()), h.metadata(),
                etagMd5(h.eTag(), h.serverSideEncryptionAsString(), h.sseCustomerAlgorithm()));
    }

    /**
     * The MD5 a single-part ETag is, or null: multipart ETags ("…-N") and ETags of objects
     * encrypted with KMS or a customer key are not the content's MD5.
     */
    static Checksum etagMd5(String etag, String sse, String sseCustomerAlgorithm) {
        if (sseCustomerAlgorithm != null || (sse != null && sse.startsWith("aws:kms"))) {
            return null;
        }
        return Checksum.md5OfHex(unquote(etag));
    }

    private static Checksum etagMd5(GetObjectResponse r) {
        return etagMd5(r.eTag(), r.serverSideEncryptionAsString(), r.sseCustomerAlgorithm());
    }

    private static Checksum etagMd5(LeanHttp.Response r) {
        return etagMd5(r.header("etag"), r.header("x-amz-server-side-encryption"),
                r.header("x-amz-server-side-encryption-customer-algorithm"));
    }

    @Override
    public InputStream get(String container, String key) {
        NAMES.requireKey(container, key);
        try {
            if (readsLean(container, key)) {
                try {
                    return leanBody(lean.get(container, key, null));
                } catch (LeanS3.Elsewhere e) {
                    // the bucket answers from elsewhere: the SDK below follows it
                }
            }
            ResponseInputStream<GetObjectResponse> in = s3().getObject(b -> b.bucket(container).key(key));
            return new AbortingInputStream(in, in.response().contentLength(), etagMd5(in.response()));
        } catch (SdkException e) {
            throw errors.map(e, container, key, "reading '" + key + "'");
        }
    }

    @Override
    public InputStream getRange(String container, String key, long offset, long length) {
        NAMES.requireKey(container, key);
        if (offset < 0 || length < 0) {
            throw new StorageException.InvalidArgument("invalid range of '" + key + "': offset " + offset
                    + " and length " + length + " must not be negative");
        }
        if (length == 0) {
            // HTTP cannot ask for zero bytes: check the object and the offset, then hand back nothing.
            long size = stat(container, key).size();
            if (size > 0 && offset >= size) {
                throw pastTheEnd(key, offset, size, null);
            }
            return InputStream.nullInputStream();
        }
        long last = offset + length - 1;
        String range = last < offset ? "bytes=" + offset + "-" : "bytes=" + offset + "-" + last;
        try {
            if (readsLean(container, key)) {
                try {
                    return leanBody(lean.get(container, key, range));
                } catch (LeanS3.Elsewhere e) {
                    // the bucket answers from elsewhere: the SDK below follows it
                }
            }
            ResponseInputStream<GetObjectResponse> in = s3().getObject(b -> b.bucket(container).key(key).range(range));
            return new AbortingInputStream(in, in.response().contentLength(), etagMd5(in.response()));
        } catch (S3Exception e) {
            if (e.statusCode() == 416 || "InvalidRange".equals(S3Errors.errorCode(e))) {
                long size = stat(container, key).size();
                if (size == 0) {
                    return InputStream.nullInputStream();
                }
                if (offset >= size) {
                    throw pastTheEnd(key, offset, size, e);
                }
            }
            throw errors.map(e, container, key, "reading range " + offset + "+" + length + " of '" + key + "'");
        } catch (SdkException e) {
            throw errors.map(e, container, key, "reading range " + offset + "+" + length + " of '" + key + "'");
        }
    }

    private static InputStream leanBody(LeanHttp.Response r) {
        r.body.checksum = etagMd5(r);
        return r.body;
    }

    private static StorageException pastTheEnd(String key, long offset, long size, Throwable cause) {
        return new StorageException.InvalidArgument("range start " + offset + " is at or past the end of '" + key
                + "' (" + size + " bytes, last byte at offset " + (size - 1) + ")", cause);
    }

    @Override
    public void delete(String container, String key) {
        // S3 answers 204 for a key that is not there; the contract wants NotFound, so look first.
        stat(container, key);
        try {
            s3().deleteObject(b -> b.bucket(container).key(key).overrideConfiguration(callDeadline));
        } catch (SdkException e) {
            throw errors.map(e, container, key, "deleting '" + key + "'");
        }
    }

    // ------------------------------------------------------------------ uploads

    @Override
    public ObjectInfo put(String container, String key, InputStream data, long length, PutOptions options) {
        Objects.requireNonNull(data, "data");
        NAMES.requireKey(container, key);
        PutOptions opts = options == null ? PutOptions.DEFAULT : options;
        CancellationToken token = opts.tokenOrNone();
        token.throwIfCancelled();
        long partSize = partSize(opts.partSize(), length);
        int inFlight = opts.partsInFlight() > 0 ? opts.partsInFlight() : DEFAULT_PARTS_IN_FLIGHT;
        String contentType = opts.contentType() == null ? DEFAULT_CONTENT_TYPE : opts.contentType();
        UploadSource source = new UploadSource(data, length, key, "nothing was written");
        // one request for what fits in a part; the bytes are read before anything is sent
        byte[] first = new byte[(int) (length >= 0 ? Math.min(length, partSize) : partSize)];
        int n = source.next(first);
        if (source.ended(n, (int) partSize)) {
            source.checkEnd();
            token.throwIfCancelled();
            LeanHttp.Response r = null;
            if (putsLean(container, key, opts.metadata())) {
                try {
                    r = leanPut(container, key, null, 0, contentType, opts.metadata(), first, n, token);
                } catch (LeanS3.Elsewhere e) {
                    // the bucket answers from elsewhere: the SDK below follows it
                } catch (SdkException e) {
                    throw errors.map(e, container, key, "writing '" + key + "'");
                }
            }
            if (r != null) {
                // what the PUT answered is what was written: no HEAD afterwards; no storage class
                // was asked for, so S3 stores it as STANDARD, as a HEAD would say
                return new ObjectInfo(container, key, n, LeanS3.lastModifiedOrNow(r), unquote(r.header("etag")),
                        contentType, storageClass(null), opts.metadata(), etagMd5(r));
            }
            putSingle(container, key, first, n, contentType, opts.metadata());
            return stat(container, key);
        }
        multipart(container, key, source, first, n, inFlight, contentType, opts.metadata(), token);
        return stat(container, key);
    }

    /** The part size to use: the caller's or 8 MiB, at least S3's 5 MiB, and large enough for 10,000 parts. */
    static long partSize(long requested, long length) {
        long size = requested > 0 ? requested : DEFAULT_PART_SIZE;
        size = Math.max(size, MIN_PART_SIZE);
        if (length > 0) {
            long needed = (length + MAX_PARTS - 1) / MAX_PARTS;
            size = Math.max(size, needed);
        }
        if (size > MAX_PART_SIZE || size > Integer.MAX_VALUE - 16) {
            throw new StorageException.InvalidArgument("part size " + size + " bytes is too large: one part is held "
                    + "in memory and S3 allows at most 5 GiB; choose a smaller part size");
        }
        return size;
    }

    private void putSingle(String container, String key, byte[] body, int n, String contentType,
                           Map<String, String> metadata) {
        try {
            // Given with the request, the SDK sends our CRC32C as a header instead of streaming its own
            // CRC32 as an aws-chunked trailer (10 s of CPU per GiB here; the JDK's CRC32C is an intrinsic)
            String crc = checksumWhenRequired ? null : Checksum.crc32cOf(body, n).display();
            s3().putObject(b -> b.bucket(container).key(key).contentType(contentType).metadata(metadata)
                    .contentLength((long) n).checksumCRC32C(crc), RequestBody.fromContentProvider(
                    () -> new ByteArrayInputStream(body, 0, n), n, contentType));
        } catch (SdkException e) {
            throw errors.map(e, container, key, "writing '" + key + "'");
        }
    }

    private void multipart(String container, String key, UploadSource source, byte[] first, int firstLength,
                           int inFlight, String contentType, Map<String, String> metadata, CancellationToken token) {
        String uploadId;
        try {
            // S3 refuses parts that carry a checksum the upload was not created with ("Checksum Type
            // mismatch"), and then wants every part's checksum in the completion
            uploadId = s3().createMultipartUpload(b -> b.bucket(container).key(key).contentType(contentType)
                    .checksumAlgorithm(checksumWhenRequired ? null : ChecksumAlgorithm.CRC32_C)
                    .metadata(metadata)).uploadId();
        } catch (SdkException e) {
            throw errors.map(e, container, key, "starting a multipart upload of '" + key + "'");
        }
        boolean completed = false;
        try {
            ConcurrentLinkedQueue<CompletedPart> done = new ConcurrentLinkedQueue<>();
            ParallelParts.send(source, first, firstLength, inFlight, MAX_PARTS, "'" + key + "' needs more than "
                    + MAX_PARTS + " parts of " + first.length + " bytes: give its length or a larger part size",
                    token, null, (number, body, size) -> done.add(uploadPart(container, key, uploadId, number, body, size)));
            List<CompletedPart> parts = new ArrayList<>(done);
            parts.sort(Comparator.comparing(CompletedPart::partNumber));
            token.throwIfCancelled();
            try {
                s3().completeMultipartUpload(b -> b.bucket(container).key(key).uploadId(uploadId)
                        .multipartUpload(m -> m.parts(parts)));
            } catch (SdkException e) {
                throw errors.map(e, container, key, "completing the multipart upload of '" + key + "'");
            }
            completed = true;
        } finally {
            if (!completed) {
                abortQuietly(container, key, uploadId);
            }
        }
    }

    /**
     * Whether puts of {@code key} go through the lean HTTP path: when reads do, and the metadata is
     * plain printable ASCII (what the lean signer canonicalises exactly; the SDK takes the rest).
     */
    private boolean putsLean(String container, String key, Map<String, String> metadata) {
        if (!readsLean(container, key)) {
            return false;
        }
        for (Map.Entry<String, String> m : metadata.entrySet()) {
            if (!LeanS3.plainHeaderValue(m.getKey()) || !LeanS3.plainHeaderValue(m.getValue())) {
                return false;
            }
        }
        return true;
    }

    /**
     * One PUT (of an object, or a part when {@code uploadId} is given) on the lean path, with the
     * SDK's retry rule for it: up to {@value #LEAN_PUT_ATTEMPTS} attempts on throttling, 5xx and I/O
     * failures, jittered backoff between them. The body is in memory, so each attempt sends it whole.
     */
    private LeanHttp.Response leanPut(String container, String key, String uploadId, int part, String contentType,
                                      Map<String, String> metadata, byte[] body, int n, CancellationToken token) {
        java.util.TreeMap<String, String> headers = new java.util.TreeMap<>();
        if (uploadId == null) {
            headers.put("content-type", contentType);
            metadata.forEach((k, v) -> headers.put("x-amz-meta-" + k.toLowerCase(java.util.Locale.ROOT), v));
        }
        if (!checksumWhenRequired) {
            headers.put("x-amz-checksum-crc32c", Checksum.crc32cOf(body, n).display());
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return lean.put(container, key, uploadId, part, headers, body, n);
            } catch (SdkException e) {
                if (attempt >= LEAN_PUT_ATTEMPTS || !S3Errors.transientPutFailure(e) || token.isCancelled()) {
                    throw e;
                }
                io.rangefinder.core.Retry.backoff(Duration.ofMillis(100), attempt, token);
            }
        }
    }

    private static final int LEAN_PUT_ATTEMPTS = 3;

    private CompletedPart uploadPart(String container, String key, String uploadId, int number, byte[] body, int size) {
        if (putsLean(container, key, Map.of())) {
            try {
                LeanHttp.Response r = leanPut(container, key, uploadId, number, null, Map.of(), body, size,
                        CancellationToken.create());
                return CompletedPart.builder().partNumber(number).eTag(r.header("etag"))
                        .checksumCRC32C(checksumWhenRequired ? null : Checksum.crc32cOf(body, size).display()).build();
            } catch (LeanS3.Elsewhere e) {
                // the bucket answers from elsewhere: the SDK below follows it
            } catch (SdkException e) {
                throw errors.map(e, container, key, "uploading part " + number + " of '" + key + "'");
            }
        }
        try {
            String crc = checksumWhenRequired ? null : Checksum.crc32cOf(body, size).display();
            UploadPartResponse r = s3().uploadPart(b -> b.bucket(container).key(key).uploadId(uploadId)
                            .partNumber(number).contentLength((long) size).checksumCRC32C(crc),
                    RequestBody.fromContentProvider(() -> new ByteArrayInputStream(body, 0, size), size,
                            DEFAULT_CONTENT_TYPE));
            return CompletedPart.builder().partNumber(number).eTag(r.eTag())
                    .checksumCRC32(r.checksumCRC32()).checksumCRC32C(crc != null ? crc : r.checksumCRC32C())
                    .checksumCRC64NVME(r.checksumCRC64NVME()).checksumSHA1(r.checksumSHA1())
                    .checksumSHA256(r.checksumSHA256()).build();
        } catch (SdkException e) {
            throw errors.map(e, container, key, "uploading part " + number + " of '" + key + "'");
        }
    }

    private void abortQuietly(String container, String key, String uploadId) {
        // A cancel that also interrupted this thread (javafx Task.cancel) would make the SDK drop the
        // abort at once and leave the upload's parts stored and billed: send it, then re-interrupt.
        boolean interrupted = Thread.interrupted();
        try {
            s3().abortMultipartUpload(b -> b.bucket(container).key(key).uploadId(uploadId));
        } catch (SdkException ignored) {
            // Best effort: the failure that brought us here is the one to report.
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ------------------------------------------------------------------ checks and errors

    private boolean bucketExists(String container) {
        if (container == null) {
            return false;
        }
        try {
            s3().headBucket(b -> b.bucket(container).overrideConfiguration(callDeadline));
            return true;
        } catch (S3Exception e) {
            return e.statusCode() != 404;
        } catch (SdkException e) {
            return true;
        }
    }

    private static String storageClass(String s) {
        return blankToNull(s) == null ? "STANDARD" : s;
    }

    static String unquote(String etag) {
        if (etag == null) {
            return null;
        }
        String t = etag.trim();
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            return t.substring(1, t.length() - 1);
        }
        return t;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
