package io.rangefinder.bench;

import java.io.InputStream;

/**
 * A stream of {@code size} deterministic pseudo-random bytes (xorshift on a seed), made as it is
 * read, so datasets of any size can be generated without holding an object in memory and
 * verified later by regenerating the same bytes.
 */
public final class SyntheticData extends InputStream {

    private final long size;
    private long position;
    private long state;
    /** The current word while a read ends inside it. */
    private long pending;

    public SyntheticData(long size, long seed) {
        this.size = size;
        this.state = seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
        if (state == 0) {
            state = 1;
        }
    }

    private long nextWord() {
        long x = state;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        state = x;
        return x;
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
        int i = 0;
        // Words are cut at 8-byte boundaries of the stream, so any read pattern gives the same bytes.
        while (i < n) {
            int inWord = (int) (position & 7);
            if (inWord == 0 && n - i >= 8) {
                long w = nextWord();
                for (int k = 0; k < 8; k++) {
                    b[off + i + k] = (byte) (w >>> (8 * k));
                }
                i += 8;
                position += 8;
            } else {
                if (inWord == 0) {
                    pending = nextWord();
                }
                b[off + i] = (byte) (pending >>> (8 * inWord));
                i++;
                position++;
            }
        }
        return n;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, size - position);
    }

    /** The bytes of a whole object, for small sizes. */
    public static byte[] bytes(int size, long seed) {
        byte[] out = new byte[size];
        new SyntheticData(size, seed).read(out, 0, size);
        return out;
    }
}
