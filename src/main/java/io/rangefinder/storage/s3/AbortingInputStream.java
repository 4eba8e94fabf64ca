package io.rangefinder.storage.s3;

import java.io.IOException;
import java.io.InputStream;
import software.amazon.awssdk.core.ResponseInputStream;

/**
 * An S3 response body whose {@link #close()} before the end aborts the HTTP request instead of
 * draining the rest of the body (which for a large object would read it all just to throw it away).
 * Once every byte the response announced has been read, close returns the connection to the pool,
 * even if the reader never saw -1 (the range engine stops at exactly the length it asked for).
 * {@code close} may be called from another thread to stop a blocked read.
 */
final class AbortingInputStream extends InputStream implements io.rangefinder.storage.ChecksummedStream {

    private final ResponseInputStream<?> in;
    /** Bytes the response announced and not read yet; -1 when it did not say. */
    private long remaining;
    private volatile boolean finished;
    private volatile boolean closed;

    private final io.rangefinder.storage.Checksum checksum;

    AbortingInputStream(ResponseInputStream<?> in, Long contentLength, io.rangefinder.storage.Checksum checksum) {
        this.checksum = checksum;
        this.in = in;
        this.remaining = contentLength == null ? -1 : contentLength;
        this.finished = remaining == 0;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b < 0) {
            finished = true;
        } else {
            consumed(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0) {
            finished = true;
        } else {
            consumed(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(n);
        consumed(skipped);
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    private void consumed(long n) {
        if (remaining > 0) {
            remaining -= n;
            if (remaining <= 0) {
                finished = true;
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (!finished) {
            in.abort();
        }
        try {
            in.close();
        } catch (IOException | RuntimeException e) {
            if (finished) {
                throw e;
            }
            // After an abort the close has nothing left to do well; its complaint is noise.
        }
    }

    @Override
    public io.rangefinder.storage.Checksum objectChecksum() {
        return checksum;
    }
}
