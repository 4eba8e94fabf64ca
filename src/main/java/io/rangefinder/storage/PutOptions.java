package io.rangefinder.storage;

import io.rangefinder.core.CancellationToken;
import java.util.Map;

/**
 * How to write an object.
 *
 * @param contentType MIME type, or null to let the store decide
 * @param metadata user metadata (x-amz-meta-*, Azure metadata, GCS metadata); keys lower-case ASCII
 * @param partSize bytes per part/block/chunk for large uploads; 0 for the store's default
 * @param partsInFlight parts uploaded at once; 0 for the store's default
 * @param token cancels the upload (a multipart upload is then aborted); null for none
 */
public record PutOptions(String contentType, Map<String, String> metadata, long partSize, int partsInFlight,
                         CancellationToken token) {

    public static final PutOptions DEFAULT = new PutOptions(null, Map.of(), 0, 0, null);

    public PutOptions {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        if (partSize < 0 || partsInFlight < 0) {
            throw new IllegalArgumentException("part size and parts in flight must not be negative");
        }
    }

    public static PutOptions contentType(String contentType) {
        return new PutOptions(contentType, Map.of(), 0, 0, null);
    }

    public PutOptions withMetadata(Map<String, String> m) {
        return new PutOptions(contentType, m, partSize, partsInFlight, token);
    }

    public PutOptions withParts(long size, int inFlight) {
        return new PutOptions(contentType, metadata, size, inFlight, token);
    }

    public PutOptions withToken(CancellationToken t) {
        return new PutOptions(contentType, metadata, partSize, partsInFlight, t);
    }

    /** The token, or a fresh one that is never cancelled. */
    public CancellationToken tokenOrNone() {
        return token == null ? CancellationToken.create() : token;
    }
}
