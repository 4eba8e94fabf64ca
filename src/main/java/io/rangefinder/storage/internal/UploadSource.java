package io.rangefinder.storage.internal;

import io.rangefinder.core.CancelledException;
import io.rangefinder.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;

/**
 * The data of one upload, read part by part and held to its declared length: never read past it,
 * and at the end neither shorter nor longer. Read errors become {@link StorageException.TransientIo}
 * whose message says how far it got and what was (not) written ({@code outcome}).
 */
public final class UploadSource {

    private final InputStream data;
    private final long length;
    private final String key;
    private final String outcome;
    private long total;

    /**
     * @param length  the declared length, or -1 for "until the stream ends"
     * @param outcome what became of the upload when the data is wrong, e.g. "nothing was written"
     */
    public UploadSource(InputStream data, long length, String key, String outcome) {
        this.data = data;
        this.length = length;
        this.key = key;
        this.outcome = outcome;
    }

    /** Bytes read so far. */
    public long total() {
        return total;
    }

    public long length() {
        return length;
    }

    /** Whether all the data is read: the declared length reached, or (unknown length) a part came back short. */
    public boolean ended(int lastPart, int partSize) {
        return length >= 0 ? total >= length : lastPart < partSize;
    }

    /** Fills {@code buf} from the start with the next part: up to its size, never past the declared length. */
    public int next(byte[] buf) {
        int want = length >= 0 ? (int) Math.min(buf.length, length - total) : buf.length;
        int n = 0;
        while (n < want) {
            int r;
            try {
                r = data.read(buf, n, want - n);
            } catch (InterruptedIOException e) {
                throw new CancelledException("interrupted while reading the data for '" + key + "'");
            } catch (IOException e) {
                throw new StorageException.TransientIo("reading the data for '" + key + "' failed after " + (total + n)
                        + " bytes (" + Redactor.PATTERNS.redact(e.getMessage()) + "); " + outcome, e);
            }
            if (r < 0) {
                break;
            }
            n += r;
        }
        total += n;
        if (length >= 0 && n < want) {
            checkEnd();
        }
        return n;
    }

    /** With a declared length, the data must have been exactly that long. */
    public void checkEnd() {
        if (length < 0) {
            return;
        }
        if (total < length) {
            throw new StorageException.InvalidArgument("the data for '" + key + "' ended after " + total
                    + " of the declared " + length + " bytes; " + outcome);
        }
        int extra;
        try {
            extra = data.read();
        } catch (IOException e) {
            throw new StorageException.TransientIo("reading the data for '" + key + "' failed after " + total
                    + " bytes (" + Redactor.PATTERNS.redact(e.getMessage()) + "); " + outcome, e);
        }
        if (extra >= 0) {
            throw new StorageException.InvalidArgument("the data for '" + key + "' is longer than the declared "
                    + length + " bytes; " + outcome);
        }
    }
}
