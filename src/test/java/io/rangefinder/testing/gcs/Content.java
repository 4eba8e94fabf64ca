package io.rangefinder.testing.gcs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * An object's bytes, held as a list of segments so a large upload is never copied into one
 * array, with the CRC32C and MD5 GCS reports (base64, big-endian as the JSON API has them).
 */
public final class Content {

    static final int SEGMENT = 4 << 20;

    private final List<byte[]> segments;
    private final long size;
    private final String crc32c;
    private final String md5;

    private Content(List<byte[]> segments, long size, String crc32c, String md5) {
        this.segments = segments;
        this.size = size;
        this.crc32c = crc32c;
        this.md5 = md5;
    }

    public static Content of(byte[] bytes) {
        Builder b = new Builder();
        b.append(bytes, 0, bytes.length);
        return b.build();
    }

    /** The same size and checksums without the bytes: what a finished upload session keeps to answer again. */
    public Content withoutBytes() {
        return new Content(List.of(), size, crc32c, md5);
    }

    public long size() {
        return size;
    }

    public String crc32c() {
        return crc32c;
    }

    public String md5() {
        return md5;
    }

    /** Writes {@code length} bytes from {@code offset}. */
    public void writeTo(OutputStream out, long offset, long length) throws IOException {
        long skip = offset;
        long left = length;
        for (byte[] seg : segments) {
            if (left <= 0) {
                break;
            }
            if (skip >= seg.length) {
                skip -= seg.length;
                continue;
            }
            int from = (int) skip;
            int n = (int) Math.min(seg.length - from, left);
            // Slices of 1 MiB keep the server's writes responsive to a client that went away.
            for (int i = 0; i < n; i += 1 << 20) {
                out.write(seg, from + i, Math.min(1 << 20, n - i));
            }
            left -= n;
            skip = 0;
        }
    }

    /** Accumulates bytes (an upload in progress); checksums are computed as the bytes arrive. */
    public static final class Builder {
        private final List<byte[]> full = new ArrayList<>();
        private byte[] current = new byte[0];
        private int used;
        private long size;
        private final CRC32C crc = new CRC32C();
        private final MessageDigest md5;

        public Builder() {
            try {
                md5 = MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        public long size() {
            return size;
        }

        public void append(byte[] b, int off, int len) {
            crc.update(b, off, len);
            md5.update(b, off, len);
            size += len;
            while (len > 0) {
                if (used == current.length) {
                    if (current.length > 0) {
                        full.add(current);
                    }
                    current = new byte[SEGMENT];
                    used = 0;
                }
                int n = Math.min(len, current.length - used);
                System.arraycopy(b, off, current, used, n);
                used += n;
                off += n;
                len -= n;
            }
        }

        /** Reads {@code in} to its end; returns the bytes read. */
        public long appendAll(InputStream in) throws IOException {
            byte[] buf = new byte[256 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                append(buf, 0, n);
                total += n;
            }
            return total;
        }

        /** Drops the buffers once built (a finished upload session is kept only for its answer). */
        public void release() {
            full.clear();
            current = new byte[0];
            used = 0;
        }

        public Content build() {
            List<byte[]> segs = new ArrayList<>(full);
            if (used > 0) {
                segs.add(used == current.length ? current : java.util.Arrays.copyOf(current, used));
            }
            int v = (int) crc.getValue();
            byte[] crcBytes = {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
            return new Content(List.copyOf(segs), size, Base64.getEncoder().encodeToString(crcBytes),
                    Base64.getEncoder().encodeToString(md5.digest()));
        }
    }
}
