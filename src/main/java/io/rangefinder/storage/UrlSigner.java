package io.rangefinder.storage;

import java.time.Duration;

/**
 * A store that can hand out a time-limited URL anyone can GET an object with (S3 presigned URL,
 * Azure SAS URL, GCS signed URL). The URL carries a credentials-derived signature: show it only on
 * request and never log it.
 */
public interface UrlSigner {

    /**
     * @throws StorageException.AccessDenied when the store's credentials cannot sign (e.g. no account
     *         key or service account), saying which credentials would
     */
    String signedGetUrl(String container, String key, Duration expiry);
}
