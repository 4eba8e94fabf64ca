package io.rangefinder.engine;

import io.rangefinder.core.Crc32c;
import io.rangefinder.storage.Checksum;
import io.rangefinder.storage.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.CRC32C;

/**
 * Checks one download against the checksum its store vouches for, at the least cost the shape of
 * the download allows: a CRC32C is kept per range as bytes stream and the ranges' CRCs joined at
 * the end; an MD5 is hashed inline when the object comes in one request, else read back from the
 * sink once every range is in (and not checked when the sink keeps nothing, such as a benchmark's).
 */
final class Verifier {

    private final boolean enabled;
    private final String key;
    private final long[] rangeLengths;
    private volatile Checksum expected;
    /** Per range; present only when a CRC32C was known before the ranges started. */
    private final CRC32C[] crcs;
    private final boolean single;
    /** Inline MD5 of a one-request download, made only once an MD5 is known (guarded by this). */
    private MessageDigest md5;
    private boolean bytesSeen; // guarded by this, for md5

    Verifier(boolean enabled, String key, Checksum fromStat, long size, long chunk, boolean single) {
        this.enabled = enabled;
        this.key = key;
        this.expected = fromStat;
        int count = size == 0 ? 0 : single ? 1 : (int) ((size + chunk - 1) / chunk);
        this.rangeLengths = new long[count];
        for (int i = 0; i < count; i++) {
            rangeLengths[i] = single ? size : Math.min(chunk, size - (long) i * chunk);
        }
        boolean crc = enabled && fromStat != null && fromStat.algorithm() == Checksum.Algorithm.CRC32C;
        this.crcs = crc ? new CRC32C[count] : null;
        if (crc) {
            for (int i = 0; i < count; i++) {
                crcs[i] = new CRC32C();
            }
        }
        this.single = single && count == 1;
        if (enabled && this.single && fromStat != null && fromStat.algorithm() == Checksum.Algorithm.MD5) {
            md5 = newMd5();
        }
    }

    /** A response told the whole object's checksum; one that disagrees with an earlier one means the object changed. */
    void offered(Checksum c) {
        if (c == null) {
            return;
        }
        synchronized (this) {
            Checksum known = expected;
            if (known == null) {
                expected = c;
                // The response told it before its first byte: hash inline (nothing is hashed when no MD5 is offered).
                if (enabled && single && md5 == null && !bytesSeen && c.algorithm() == Checksum.Algorithm.MD5) {
                    md5 = newMd5();
                }
            } else if (known.algorithm() == c.algorithm() && !known.equals(c)) {
                throw new StorageException.TransientIo("'" + key + "' changed while it was being downloaded (its "
                        + c.algorithm() + " went from " + known.display() + " to " + c.display() + ")");
            }
        }
    }

    /** Bytes of range {@code range} in order, as they are written to the sink. */
    void update(int range, byte[] b, int off, int len) {
        if (crcs != null) {
            crcs[range].update(b, off, len);
        } else if (single) {
            synchronized (this) {
                bytesSeen = true;
                if (md5 != null) {
                    md5.update(b, off, len);
                }
            }
        }
    }

    /** After every byte is in the sink, before commit: throws {@link StorageException.Corrupt} on a mismatch. */
    Integrity finish(RangeSink sink) throws IOException {
        Checksum want = expected;
        if (want == null) {
            return Integrity.notOffered(null);
        }
        if (!enabled) {
            return Integrity.notChecked(want.algorithm(), "verification is off");
        }
        byte[] got;
        if (want.algorithm() == Checksum.Algorithm.CRC32C) {
            if (crcs == null) {
                return Integrity.notChecked(want.algorithm(), "the CRC32C was learned after the ranges had started");
            }
            int crc = crcs.length == 0 ? (int) new CRC32C().getValue() : (int) crcs[0].getValue();
            for (int i = 1; i < crcs.length; i++) {
                crc = Crc32c.combine(crc, (int) crcs[i].getValue(), rangeLengths[i]);
            }
            got = Checksum.crc32c(crc).value();
        } else if (md5 != null) {
            synchronized (this) {
                got = md5.digest();
            }
        } else if (rangeLengths.length == 0) {
            got = newMd5().digest();
        } else if (sink instanceof ReadableSink readable) {
            got = readBackMd5(readable);
        } else {
            return Integrity.notChecked(want.algorithm(), "the MD5 of ranged downloads is checked only on sinks that keep the bytes");
        }
        if (!want.matches(got)) {
            Checksum actual = new Checksum(want.algorithm(), got);
            throw new StorageException.Corrupt("'" + key + "' arrived corrupted: the " + want.algorithm()
                    + " of the bytes received is " + actual.display() + " but the store says " + want.display()
                    + "; nothing was saved, try again");
        }
        return Integrity.verified(want.algorithm());
    }

    private byte[] readBackMd5(ReadableSink sink) throws IOException {
        MessageDigest digest = newMd5();
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        long total = 0;
        for (long l : rangeLengths) {
            total += l;
        }
        long pos = 0;
        while (pos < total) {
            buf.clear();
            int n = sink.read(pos, buf);
            if (n < 0) {
                break;
            }
            buf.flip();
            digest.update(buf);
            pos += n;
        }
        return digest.digest();
    }

    private static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no MD5", e);
        }
    }
}
