package io.rangefinder.core;

/**
 * Joins CRC32C values of adjacent pieces into the CRC32C of the whole, so ranges fetched in any
 * order can each be checksummed as they stream and the object's checksum still be known.
 * Appending n zero bytes to a CRC is a linear map over GF(2); it is built by repeated squaring
 * of the one-zero-bit map, so joining costs O(log n) small matrix products, not a pass over data.
 */
public final class Crc32c {

    /** CRC32C (Castagnoli), bit-reversed. */
    private static final int POLY = 0x82F63B78;

    private Crc32c() {
    }

    /**
     * The CRC32C of A followed by B, from {@code crcA}, {@code crcB} (as {@link java.util.zip.CRC32C}
     * reports them) and the length of B.
     */
    public static int combine(int crcA, int crcB, long lengthB) {
        if (lengthB < 0) {
            throw new IllegalArgumentException("length must not be negative: " + lengthB);
        }
        if (lengthB == 0) {
            return crcA;
        }
        // step[i]: what feeding 2^k zero bits does to bit i of the register, for the current k.
        int[] step = new int[32];
        step[0] = POLY;
        for (int i = 1; i < 32; i++) {
            step[i] = 1 << (i - 1);
        }
        int[] next = new int[32];
        square(next, step);   // 2 zero bits
        square(step, next);   // 4 zero bits
        square(next, step);   // 8 zero bits = one zero byte
        int[] cur = next;
        int[] spare = step;
        int crc = crcA;
        long n = lengthB;
        while (true) {
            if ((n & 1) != 0) {
                crc = times(cur, crc);
            }
            n >>>= 1;
            if (n == 0) {
                break;
            }
            square(spare, cur);
            int[] t = cur;
            cur = spare;
            spare = t;
        }
        return crc ^ crcB;
    }

    private static int times(int[] matrix, int vector) {
        int sum = 0;
        for (int i = 0; vector != 0; i++, vector >>>= 1) {
            if ((vector & 1) != 0) {
                sum ^= matrix[i];
            }
        }
        return sum;
    }

    private static void square(int[] into, int[] matrix) {
        for (int i = 0; i < 32; i++) {
            into[i] = times(matrix, matrix[i]);
        }
    }
}
