package io.rangefinder.storage;

/**
 * Implemented by the streams a store's {@code get}/{@code getRange} return when the response told
 * the whole object's checksum (S3's single-part ETag, Azure's blob Content-MD5), so a download
 * can be checked without asking the store again.
 */
public interface ChecksummedStream {

    /** The whole object's checksum as the response gave it, or null. */
    Checksum objectChecksum();
}
