package io.rangefinder.storage.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.rest.PagedResponse;
import com.azure.core.http.rest.Response;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.core.util.HttpClientOptions;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceAsyncClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobContainerItem;
import com.azure.storage.blob.models.BlobDownloadAsyncResponse;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobItemProperties;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.BlockBlobItem;
import com.azure.storage.blob.models.DeleteSnapshotsOptionType;
import com.azure.storage.blob.models.DownloadRetryOptions;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import com.azure.storage.blob.options.BlockBlobStageBlockOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import io.rangefinder.storage.UrlSigner;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
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
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Azure Blob Storage (and Azurite) through the official SDK. Containers are Azure containers,
 * keys are blob names; listings come in the service's order. Block blobs only: a small upload is
 * one request, a large one is staged in blocks on virtual threads and committed at the end, so a
 * failed or cancelled upload commits nothing, and its staged blocks are discarded (see
 * {@link #discardStagedBlocks}) rather than left for Azure to drop after a week.
 *
 * <p>Downloads stream the response body with backpressure: memory stays at a few network buffers
 * per open stream, and closing a stream early drops the connection instead of reading the rest.
 */
public final class AzureBlobStore implements ObjectStore, UrlSigner {

    static final long DEFAULT_BLOCK_SIZE = 8L << 20;
    static final int DEFAULT_BLOCKS_IN_FLIGHT = 4;
    /** Azure's limits: blocks per blob, and the largest staged block. */
    static final int MAX_BLOCKS = 50_000;
    static final long MAX_BLOCK_SIZE = 4000L << 20;
    /** Tries per request (first try included): enough to ride out a blip, few enough to fail fast. */
    static final int MAX_TRIES = 3;
    /**
     * Times the SDK resumes a response body that broke off, before the reader sees the error. The
     * SDK waits 0.8 s, 1.6 s, 3.2 s... (not configurable) before each: three resumes hid a dead
     * link for 11 s, longer than a range timeout, so callers saw "timed out" instead of the cause.
     * One resume rides out a blip; the range engine does its own resuming on top.
     */
    static final int BODY_RESUMES = 1;

    private final BlobServiceClient service;
    private final BlobServiceAsyncClient asyncService;
    private final String account;
    private final String endpoint;
    private final AzureErrors errors;
    private final NameChecks names;
    /** Listing, stat, delete and container calls end by this deadline, retries included: a silent server is an error. */
    private final Duration callTimeout;
    /** The lean path (GETs and HEADs of a blob, the writes of an upload), or null where it does not apply. */
    private final LeanAzure lean;

    private AzureBlobStore(BlobServiceClient service, BlobServiceAsyncClient asyncService, String account,
                           String endpoint, Redactor redactor, Duration callTimeout, LeanAzure lean) {
        this.callTimeout = callTimeout;
        this.lean = lean;
        this.service = service;
        this.asyncService = asyncService;
        this.account = account;
        this.endpoint = endpoint;
        this.errors = new AzureErrors(account, endpoint, redactor, callTimeout);
        this.names = new NameChecks("container", "a container of account '" + account + "'", "blob name",
                "the name of a blob");
    }

    /**
     * Opens a store for one storage account. Credentials, first that applies: the profile's
     * connection string (an Azurite one with {@code BlobEndpoint=http://127.0.0.1:PORT/devstoreaccount1}
     * works as is); account name + account key; a SAS token; anonymous if the profile says so;
     * else {@code DefaultAzureCredential} (environment, managed identity, Azure CLI login...).
     * The endpoint is {@code profile.endpoint()} if set, else {@code https://ACCOUNT.blob.core.windows.net}.
     *
     * @param accountFromUri the account of an {@code az://ACCOUNT/...} URI, or null to take it from the profile
     */
    public static AzureBlobStore open(ConnectionProfile profile, String accountFromUri) {
        return open(profile, accountFromUri, true);
    }

    /** As above, with every read through the SDK if {@code leanReads} is false (for tests). */
    static AzureBlobStore open(ConnectionProfile profile, String accountFromUri, boolean leanReads) {
        Objects.requireNonNull(profile, "profile");
        Duration connectTimeout = profile.connectTimeoutOrDefault();
        Duration requestTimeout = profile.requestTimeoutOrDefault();
        HttpClient http = HttpClient.createDefault(new HttpClientOptions()
                .setConnectTimeout(connectTimeout)
                .setResponseTimeout(requestTimeout)
                .setReadTimeout(requestTimeout)
                .setWriteTimeout(requestTimeout));
        RequestRetryOptions retry = new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, MAX_TRIES,
                requestTimeout.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : requestTimeout,
                Duration.ofMillis(200), Duration.ofSeconds(2), null);
        BlobServiceClientBuilder builder = new BlobServiceClientBuilder().httpClient(http).retryOptions(retry);

        String uriAccount = blankToNull(accountFromUri);
        String account = uriAccount != null ? uriAccount : blankToNull(profile.accountName());
        String endpoint = blankToNull(profile.endpoint());
        List<String> secrets = new ArrayList<>();
        for (Secret s : new Secret[] {profile.connectionString(), profile.accountKey(), profile.sasToken()}) {
            if (s != null) {
                secrets.add(s.reveal());
            }
        }
        try {
            if (profile.connectionString() != null) {
                builder.connectionString(profile.connectionString().reveal());
                if (endpoint != null) {
                    builder.endpoint(endpoint);
                }
            } else {
                if (endpoint == null) {
                    if (account == null) {
                        throw new StorageException.InvalidArgument("no Azure storage account given: use "
                                + "az://ACCOUNT/container/blob, set the account name, an endpoint or a connection string "
                                + "(e.g. AZURE_STORAGE_CONNECTION_STRING)");
                    }
                    endpoint = "https://" + account + ".blob.core.windows.net";
                }
                builder.endpoint(endpoint);
                if (profile.accountKey() != null) {
                    String keyAccount = account != null ? account : ConnectionProfile.azureAccountOf(endpoint);
                    if (keyAccount == null) {
                        throw new StorageException.InvalidArgument("an account key was given without an account "
                                + "name: set the account name (or use az://ACCOUNT/...) so the key can sign requests");
                    }
                    builder.credential(new StorageSharedKeyCredential(keyAccount, profile.accountKey().reveal()));
                } else if (profile.sasToken() != null) {
                    String sas = profile.sasToken().reveal();
                    builder.sasToken(sas.startsWith("?") ? sas.substring(1) : sas);
                } else if (!profile.isAnonymous()) {
                    TokenCredential credential = new DefaultAzureCredentialBuilder().build();
                    builder.credential(credential);
                }
            }
            BlobServiceClient sync = builder.buildClient();
            BlobServiceAsyncClient async = builder.buildAsyncClient();
            String actualAccount = sync.getAccountName();
            if (profile.connectionString() != null && uriAccount != null && actualAccount != null
                    && !uriAccount.equals(actualAccount)) {
                throw new StorageException.InvalidArgument("the location names account '" + uriAccount
                        + "' but the connection string is for account '" + actualAccount
                        + "': use a connection string for '" + uriAccount + "' or az://" + actualAccount + "/...");
            }
            String shownAccount = actualAccount != null ? actualAccount : account;
            Redactor redactor = new Redactor(secrets);
            LeanAzure lean = leanReads ? LeanAzure.create(profile, sync.getAccountUrl(), sync.getHttpPipeline(),
                    sync.getServiceVersion().getVersion(), System.getenv()) : null;
            return new AzureBlobStore(sync, async, shownAccount, redactor.redact(sync.getAccountUrl()), redactor,
                    profile.callTimeoutOrDefault(), lean);
        } catch (StorageException e) {
            throw e;
        } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
            throw new StorageException.InvalidArgument("cannot set up the Azure Blob client: "
                    + new Redactor(secrets).redact(e.getMessage())
                    + "; check the endpoint URL, connection string, account name and credentials");
        }
    }

    /**
     * A read-only SAS URL for one blob. Signing needs the account key (a key or a connection string
     * with AccountKey); a SAS token or DefaultAzureCredential cannot sign one here.
     */
    @Override
    public String signedGetUrl(String container, String key, Duration expiry) {
        BlobClient blob = service.getBlobContainerClient(container).getBlobClient(key);
        BlobServiceSasSignatureValues values = new BlobServiceSasSignatureValues(
                OffsetDateTime.now().plus(expiry), new BlobSasPermission().setReadPermission(true));
        try {
            // the SDK encodes '/' in blob names as %2F; plain slashes read better and sign the same
            return blob.getBlobUrl().replace("%2F", "/") + "?" + blob.generateSas(values);
        } catch (IllegalStateException | NullPointerException | UnsupportedOperationException e) {
            throw new StorageException.AccessDenied("a SAS URL needs an account key or user delegation: this "
                    + "connection signs in without the account key (SAS token or Microsoft Entra ID); add the "
                    + "account key or a connection string with AccountKey to share links", e);
        }
    }

    /** The SDK client this store uses (for tests and benchmarks that compare against the SDK itself). */
    BlobServiceClient client() {
        return service;
    }

    /** The storage account this store talks to. */
    public String account() {
        return account;
    }

    /** The blob service URL (no query, no credentials). */
    public String endpoint() {
        return endpoint;
    }

    @Override
    public String describe() {
        return "azure (" + account + " at " + endpoint + ")";
    }

    @Override
    public String toString() {
        return "AzureBlobStore[" + describe() + "]";
    }

    // ------------------------------------------------------------------ containers

    @Override
    public List<ContainerInfo> listContainers() {
        try {
            List<ContainerInfo> out = new ArrayList<>();
            for (BlobContainerItem item : service.listBlobContainers(null, callTimeout)) {
                OffsetDateTime modified = item.getProperties() == null ? null : item.getProperties().getLastModified();
                out.add(new ContainerInfo(item.getName(), modified == null ? null : modified.toInstant()));
            }
            return out;
        } catch (RuntimeException e) {
            throw errors.map(e, null, null, "listing the containers");
        }
    }

    @Override
    public void createContainer(String container) {
        names.requireContainer(container);
        try {
            service.getBlobContainerClient(container).createWithResponse(null, null, callTimeout, Context.NONE);
        } catch (RuntimeException e) {
            throw errors.map(e, container, null, "creating the container");
        }
    }

    @Override
    public void deleteContainer(String container) {
        names.requireContainer(container);
        BlobContainerClient c = service.getBlobContainerClient(container);
        try {
            // Azure deletes a container with everything in it; the contract only deletes empty ones.
            PagedResponse<BlobItem> first = c.listBlobs(new ListBlobsOptions().setMaxResultsPerPage(1), callTimeout)
                    .iterableByPage(1).iterator().next();
            if (!first.getValue().isEmpty()) {
                throw new StorageException.InvalidArgument("container '" + container + "' in account '" + account
                        + "' is not empty (it holds '" + first.getValue().getFirst().getName()
                        + "' and maybe more): delete its blobs first");
            }
            c.deleteWithResponse(null, callTimeout, Context.NONE);
        } catch (StorageException e) {
            throw e;
        } catch (RuntimeException e) {
            throw errors.map(e, container, null, "deleting the container");
        }
    }

    // ------------------------------------------------------------------ listing

    @Override
    public ListPage list(ListRequest request) {
        String container = request.container();
        names.requireContainer(container);
        BlobContainerClient c = service.getBlobContainerClient(container);
        ListBlobsOptions options = new ListBlobsOptions().setMaxResultsPerPage(request.pageSize());
        if (!request.prefix().isEmpty()) {
            options.setPrefix(request.prefix());
        }
        String token = request.continuationToken() == null || request.continuationToken().isEmpty()
                ? null : request.continuationToken();
        try {
            var items = request.delimiter() == null
                    ? c.listBlobs(options, callTimeout)
                    : c.listBlobsByHierarchy(request.delimiter(), options, callTimeout);
            // One service call: the paged iterable fetches a page only when the iterator reaches it.
            Iterator<PagedResponse<BlobItem>> pages = items.iterableByPage(token, request.pageSize()).iterator();
            if (!pages.hasNext()) {
                return new ListPage(List.of(), List.of(), null);
            }
            PagedResponse<BlobItem> page = pages.next();
            List<ObjectInfo> objects = new ArrayList<>();
            List<String> prefixes = new ArrayList<>();
            for (BlobItem item : page.getValue()) {
                if (Boolean.TRUE.equals(item.isPrefix())) {
                    prefixes.add(item.getName());
                } else {
                    objects.add(info(container, item));
                }
            }
            String next = page.getContinuationToken();
            return new ListPage(objects, prefixes, next == null || next.isEmpty() ? null : next);
        } catch (RuntimeException e) {
            throw errors.map(e, container, null, "listing");
        }
    }

    private static ObjectInfo info(String container, BlobItem item) {
        BlobItemProperties p = item.getProperties();
        if (p == null) {
            return new ObjectInfo(container, item.getName(), 0, null, null, null, null, AzureMetadata.decodeMetadata(item.getMetadata()));
        }
        return new ObjectInfo(container, item.getName(),
                p.getContentLength() == null ? 0 : p.getContentLength(),
                instant(p.getLastModified()), unquote(p.getETag()), p.getContentType(),
                p.getAccessTier() == null ? null : p.getAccessTier().toString(), AzureMetadata.decodeMetadata(item.getMetadata()));
    }

    // ------------------------------------------------------------------ objects

    @Override
    public ObjectInfo stat(String container, String key) {
        BlockBlobClient blob = blob(container, key);
        if (lean != null) {
            // One HEAD over the lean client: the SDK's first request of a command starts Reactor
            // and Netty (140 ms of a cold `stat`, against 30 for this).
            try {
                return LeanAzure.info(container, key, lean.head(container, key));
            } catch (LeanAzure.ServiceError e) {
                throw errors.service(e.status, e.code, errors.serviceMessage(e.serviceMessage), e, container, key,
                        "reading the properties of");
            } catch (IOException | RuntimeException e) {
                throw errors.map(e, container, key, "reading the properties of");
            }
        }
        try {
            BlobProperties p = blob.getPropertiesWithResponse(null, callTimeout, Context.NONE).getValue();
            return new ObjectInfo(container, key, p.getBlobSize(), instant(p.getLastModified()), unquote(p.getETag()),
                    p.getContentType(), p.getAccessTier() == null ? null : p.getAccessTier().toString(),
                    AzureMetadata.decodeMetadata(p.getMetadata()), md5(p.getContentMd5()));
        } catch (RuntimeException e) {
            throw errors.map(e, container, key, "reading the properties of");
        }
    }

    @Override
    public InputStream get(String container, String key) {
        blob(container, key);
        return open(container, key, null);
    }

    @Override
    public InputStream getRange(String container, String key, long offset, long length) {
        blob(container, key);
        if (offset < 0 || length < 0) {
            throw new StorageException.InvalidArgument("invalid range " + offset + "+" + length + " of '" + key
                    + "': offset and length must not be negative");
        }
        if (length == 0) {
            ObjectInfo info = stat(container, key);
            checkRangeStart(info, offset);
            return InputStream.nullInputStream();
        }
        try {
            return open(container, key, new BlobRange(offset, length));
        } catch (StorageException.InvalidArgument e) {
            // 416: the start is at or past the end. An empty blob has no bytes to cut a range from: empty stream.
            ObjectInfo info = stat(container, key);
            checkRangeStart(info, offset);
            if (info.size() == 0) {
                return InputStream.nullInputStream();
            }
            throw e;
        }
    }

    private static void checkRangeStart(ObjectInfo info, long offset) {
        if (info.size() > 0 && offset >= info.size()) {
            throw new StorageException.InvalidArgument("range start " + offset + " is at or past the end of '"
                    + info.key() + "' (" + info.size() + " bytes, last byte at offset " + (info.size() - 1) + ")");
        }
    }

    /** Sends the GET, waits for the response headers (so errors surface here) and streams the body. */
    private InputStream open(String container, String key, BlobRange range) {
        if (lean != null) {
            return leanOpen(container, key, range);
        }
        BodyStream stream = new BodyStream(t -> {
            StorageException mapped = errors.map(t, container, key, "reading");
            return new IOException(mapped.getMessage(), mapped);
        });
        BlobDownloadAsyncResponse response;
        try {
            response = asyncService.getBlobContainerAsyncClient(container).getBlobAsyncClient(key)
                    .downloadStreamWithResponse(range, new DownloadRetryOptions().setMaxRetryRequests(BODY_RESUMES), null, false)
                    .block();
        } catch (RuntimeException e) {
            if (range != null && e instanceof BlobStorageException bse && bse.getStatusCode() == 416) {
                throw new StorageException.InvalidArgument("range start " + range.getOffset()
                        + " is at or past the end of '" + key + "'", e);
            }
            throw errors.map(e, container, key, "reading");
        }
        if (response == null) {
            throw new StorageException.TransientIo("reading '" + key + "' in container '" + container
                    + "' got no response from " + endpoint);
        }
        if (range != null) {
            // Azure answers 416 for a start at or past the end; Azurite 3.37 answers 206 with an empty
            // "bytes N-(N-1)/N" for a start exactly at the end. Treat both alike.
            long total = totalFromContentRange(response.getDeserializedHeaders().getContentRange());
            if (total > 0 && range.getOffset() >= total) {
                try {
                    response.close();
                } catch (IOException ignored) {
                    // the body is empty; nothing to drain
                }
                throw new StorageException.InvalidArgument("range start " + range.getOffset()
                        + " is at or past the end of '" + key + "' (" + total + " bytes, last byte at offset "
                        + (total - 1) + ")");
            }
        }
        var headers = response.getDeserializedHeaders();
        // A ranged read carries the whole blob's MD5 in x-ms-blob-content-md5; a whole read in Content-MD5.
        stream.objectChecksum(md5(range != null ? headers.getBlobContentMD5() : headers.getContentMd5()));
        response.getValue().subscribe(stream);
        return stream;
    }

    /** A GET through {@link LeanAzure}; errors as the SDK path gives them. */
    private InputStream leanOpen(String container, String key, BlobRange range) {
        return lean.open(container, key, range == null ? 0 : range.getOffset(),
                range == null || range.getCount() == null ? -1 : range.getCount(), range != null, errors);
    }

    @Override
    public void close() {
        if (lean != null) {
            lean.close(); // its idle connections; the SDK's clients hold nothing that outlives the JVM's pools
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

    static Checksum md5(byte[] md5) {
        return md5 != null && md5.length == 16 ? new Checksum(Checksum.Algorithm.MD5, md5) : null;
    }

    /** The total size from a "bytes a-b/total" header, or -1. */
    static long totalFromContentRange(String contentRange) {
        if (contentRange == null) {
            return -1;
        }
        int slash = contentRange.lastIndexOf('/');
        try {
            return slash < 0 ? -1 : Long.parseLong(contentRange.substring(slash + 1).strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public ObjectInfo put(String container, String key, InputStream data, long length, PutOptions options) {
        Objects.requireNonNull(data, "data");
        PutOptions opts = options == null ? PutOptions.DEFAULT : options;
        BlockBlobClient blob = blob(container, key);
        CancellationToken token = opts.tokenOrNone();
        long blockSize = opts.partSize() > 0 ? opts.partSize() : DEFAULT_BLOCK_SIZE;
        if (length > 0) {
            // Stay within 50,000 blocks for a known length.
            blockSize = Math.max(blockSize, (length + MAX_BLOCKS - 1) / MAX_BLOCKS);
        }
        if (blockSize > MAX_BLOCK_SIZE) {
            throw new StorageException.InvalidArgument("block size " + blockSize + " is larger than Azure's limit of "
                    + MAX_BLOCK_SIZE + " bytes per block");
        }
        int inFlight = opts.partsInFlight() > 0 ? opts.partsInFlight() : DEFAULT_BLOCKS_IN_FLIGHT;
        BlobHttpHeaders headers = opts.contentType() == null ? null : new BlobHttpHeaders().setContentType(opts.contentType());
        Map<String, String> metadata = opts.metadata().isEmpty() ? null : AzureMetadata.encodeMetadata(opts.metadata());

        token.throwIfCancelled();
        UploadSource source = new UploadSource(data, length, key, "nothing was committed");
        byte[] first = new byte[(int) (length >= 0 ? Math.min(blockSize, length) : blockSize)];
        int n = source.next(first);
        if (source.ended(n, (int) blockSize)) {
            source.checkEnd();
            token.throwIfCancelled();
            try {
                if (writesLean(opts.contentType(), metadata)) {
                    LeanAzure.Written w = lean.putBlob(container, key, first, n, opts.contentType(), metadata);
                    return uploaded(container, key, source.total(), w.etag(), w.lastModified(), opts);
                }
                Response<BlockBlobItem> r = blob.uploadWithResponse(
                        new BlockBlobSimpleUploadOptions(BinaryData.fromByteBuffer(ByteBuffer.wrap(first, 0, n)))
                                .setHeaders(headers).setMetadata(metadata), null, Context.NONE);
                return uploaded(container, key, source.total(), r.getValue().getETag(), instant(r.getValue().getLastModified()),
                        opts);
            } catch (LeanAzure.ServiceError e) {
                throw errors.service(e.status, e.code, errors.serviceMessage(e.serviceMessage), e, container, key, "uploading");
            } catch (java.io.IOException | RuntimeException e) {
                throw errors.map(e, container, key, "uploading");
            }
        }
        try {
            return putBlocks(blob, container, key, source, first, n, opts, token, inFlight, headers, metadata);
        } catch (RuntimeException | Error e) {
            // Every staging request has ended by now (ParallelParts waits for them): drop what they left.
            StagedBlocks.discard(blob);
            throw e;
        }
    }

    /** Large or unknown-length data: blocks staged concurrently, committed only when all of them are in. */
    private ObjectInfo putBlocks(BlockBlobClient blob, String container, String key, UploadSource source,
                                 byte[] first, int firstLength, PutOptions opts, CancellationToken token, int inFlight,
                                 BlobHttpHeaders headers, Map<String, String> metadata) {
        long nonce = ThreadLocalRandom.current().nextLong();
        // Azure keeps no MD5 of a blob built from blocks unless told one: hash the data as it is read
        // (in order, on the reading thread) and set it at commit, so downloads can verify the blob.
        java.security.MessageDigest md5 = md5();
        int blocks = ParallelParts.send(source, first, firstLength, inFlight, MAX_BLOCKS, "'" + key + "' needs more than "
                        + MAX_BLOCKS + " blocks of " + first.length + " bytes: give a larger part size or the data's length",
                token, (buffer, length) -> md5.update(buffer, 0, length), (number, buffer, length) -> {
                    String id = blockId(nonce, number - 1);
                    try {
                        if (lean != null) {
                            lean.stageBlock(container, key, id, buffer, length);
                        } else {
                            blob.stageBlockWithResponse(new BlockBlobStageBlockOptions(id,
                                    BinaryData.fromByteBuffer(ByteBuffer.wrap(buffer, 0, length))), null, Context.NONE);
                        }
                    } catch (LeanAzure.ServiceError e) {
                        throw errors.service(e.status, e.code, errors.serviceMessage(e.serviceMessage), e, container, key,
                                "staging a block of");
                    } catch (java.io.IOException | RuntimeException e) {
                        throw errors.map(e, container, key, "staging a block of");
                    }
                });
        List<String> ids = new ArrayList<>(blocks);
        for (int i = 0; i < blocks; i++) {
            ids.add(blockId(nonce, i));
        }
        token.throwIfCancelled();
        try {
            if (writesLean(opts.contentType(), metadata)) {
                LeanAzure.Written w = lean.commitBlocks(container, key, ids, opts.contentType(), md5.digest(), metadata);
                return uploaded(container, key, source.total(), w.etag(), w.lastModified(), opts);
            }
            BlobHttpHeaders withMd5 = (headers == null ? new BlobHttpHeaders() : headers).setContentMd5(md5.digest());
            Response<BlockBlobItem> r = blob.commitBlockListWithResponse(new BlockBlobCommitBlockListOptions(ids)
                    .setHeaders(withMd5).setMetadata(metadata), null, Context.NONE);
            return uploaded(container, key, source.total(), r.getValue().getETag(), instant(r.getValue().getLastModified()),
                    opts);
        } catch (LeanAzure.ServiceError e) {
            throw errors.service(e.status, e.code, errors.serviceMessage(e.serviceMessage), e, container, key,
                    "committing the blocks of");
        } catch (java.io.IOException | RuntimeException e) {
            throw errors.map(e, container, key, "committing the blocks of");
        }
    }

    private static java.security.MessageDigest md5() {
        try {
            return java.security.MessageDigest.getInstance("MD5");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no MD5", e);
        }
    }

    /** 16 bytes (upload nonce, block index) in base64: all ids of one blob must have the same length. */
    private static String blockId(long nonce, int index) {
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(16).putLong(nonce).putLong(index).array());
    }

    /** Whether an upload with these headers goes over the lean client (see {@link LeanAzure#plainHeaders}). */
    private boolean writesLean(String contentType, Map<String, String> metadata) {
        return lean != null && LeanAzure.plainHeaders(contentType, metadata);
    }

    private ObjectInfo uploaded(String container, String key, long size, String etag, Instant lastModified, PutOptions opts) {
        return new ObjectInfo(container, key, size, lastModified, unquote(etag),
                opts.contentType() == null ? "application/octet-stream" : opts.contentType(), null, opts.metadata());
    }

    @Override
    public void delete(String container, String key) {
        BlockBlobClient blob = blob(container, key);
        try {
            blob.deleteWithResponse(DeleteSnapshotsOptionType.INCLUDE, null, callTimeout, Context.NONE);
        } catch (RuntimeException e) {
            throw errors.map(e, container, key, "deleting");
        }
    }

    // ------------------------------------------------------------------ helpers

    private BlockBlobClient blob(String container, String key) {
        names.requireKey(container, key);
        return service.getBlobContainerClient(container).getBlobClient(key).getBlockBlobClient();
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    static String unquote(String etag) {
        if (etag != null && etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")) {
            return etag.substring(1, etag.length() - 1);
        }
        return etag;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

}
