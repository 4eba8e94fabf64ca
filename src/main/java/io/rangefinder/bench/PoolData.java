package io.rangefinder.bench;

import java.io.InputStream;
import java.util.SplittableRandom;

/**
 * Upload data that costs nothing to make: {@code size} bytes copied out of one shared pool of
 * random bytes, starting at an offset chosen by the object's seed, so no byte is generated on the
 * hot path. With {@code compressibility} c &gt; 1, each 4 KiB block keeps 1/c of its bytes from
 * the pool and zeroes the rest, so a compressor shrinks the data about c times. Objects bigger
 * than the pool repeat it, as dedupable data would.
 */
public final class PoolData extends InputStream {

    /** 8 MiB of random bytes, made once per JVM. */
    static final byte[] POOL = pool(8 << 20);
    private static final int BLOCK = 4096;

    private final long size;
    private final int start;
    private final int kept;
    private long position;

    /**
     * @param seed picks where in the pool the object starts
     * @param compressibility 1 for incompressible data, 2 for data that compresses to about half, ...
     */
    public PoolData(long size, long seed, double compressibility) {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative, was " + size);
        }
        if (!(compressibility >= 1)) {
            throw new IllegalArgumentException("compressibility must be 1 or more, was " + compressibility);
        }
        this.size = size;
        this.start = (int) Math.floorMod(seed * 0x9E3779B97F4A7C15L, (long) POOL.length);
        this.kept = (int) Math.max(1, Math.round(BLOCK / compressibility));
    }

    private static byte[] pool(int n) {
        byte[] b = new byte[n];
        new SplittableRandom(0x5EEDL).nextBytes(b);
        return b;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (position >= size) {
            return -1;
        }
        int n = (int) Math.min(len, size - position);
        int done = 0;
        while (done < n) {
            int inBlock = (int) (position % BLOCK);
            int chunk = Math.min(n - done, BLOCK - inBlock);
            if (kept < BLOCK && inBlock + chunk > kept) {
                // the block's tail is zeros: copy the kept head (if any of it is in this chunk), zero the rest
                int head = Math.max(0, kept - inBlock);
                copyFromPool(b, off + done, head);
                java.util.Arrays.fill(b, off + done + head, off + done + chunk, (byte) 0);
            } else {
                copyFromPool(b, off + done, chunk);
            }
            done += chunk;
            position += chunk;
        }
        return n;
    }

    // copies len pool bytes for the stream's current position (before it advances)
    private void copyFromPool(byte[] b, int off, int len) {
        int copied = 0;
        while (copied < len) {
            int at = (int) ((start + position + copied) % POOL.length);
            int n = Math.min(len - copied, POOL.length - at);
            System.arraycopy(POOL, at, b, off + copied, n);
            copied += n;
        }
    }

    @Override
    public long skip(long n) {
        long k = Math.max(0, Math.min(n, size - position));
        position += k;
        return k;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, size - position);
    }
}
