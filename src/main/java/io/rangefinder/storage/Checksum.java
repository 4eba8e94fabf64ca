package io.rangefinder.storage;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A whole-object checksum a store vouches for, which a download can be checked against.
 * {@code value} is the raw digest: 16 bytes for MD5, 4 big-endian bytes for CRC32C (the form GCS
 * and S3 publish in base64).
 */
public record Checksum(Algorithm algorithm, byte[] value) {

    public enum Algorithm { MD5, CRC32C }

    public Checksum {
        int want = algorithm == Algorithm.MD5 ? 16 : 4;
        if (value == null || value.length != want) {
            throw new IllegalArgumentException(algorithm + " takes " + want + " bytes");
        }
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    /** From base64 as GCS, Azure and S3 headers carry it; null when absent or malformed. */
    public static Checksum ofBase64(Algorithm algorithm, String base64) {
        if (base64 == null || base64.isBlank()) {
            return null;
        }
        try {
            return new Checksum(algorithm, Base64.getDecoder().decode(base64.trim()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** From an MD5 in hex (a single-part S3 ETag); null unless it is exactly 32 hex digits. */
    public static Checksum md5OfHex(String hex) {
        if (hex == null || hex.length() != 32 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return null;
        }
        return new Checksum(Algorithm.MD5, HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT)));
    }

    /** From a CRC32C value as an int. */
    public static Checksum crc32c(int crc) {
        return new Checksum(Algorithm.CRC32C, new byte[] {(byte) (crc >>> 24), (byte) (crc >>> 16), (byte) (crc >>> 8), (byte) crc});
    }

    /** The CRC32C of {@code length} bytes of {@code data} (its {@link #display()} is what S3 and GCS send). */
    public static Checksum crc32cOf(byte[] data, int length) {
        java.util.zip.CRC32C c = new java.util.zip.CRC32C();
        c.update(data, 0, length);
        return crc32c((int) c.getValue());
    }

    /** Hex for MD5 (as ETags print it), base64 for CRC32C (as GCS prints it). */
    public String display() {
        return algorithm == Algorithm.MD5 ? HexFormat.of().formatHex(value) : Base64.getEncoder().encodeToString(value);
    }

    public boolean matches(byte[] digest) {
        return java.security.MessageDigest.isEqual(value, digest);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checksum c && c.algorithm == algorithm && java.util.Arrays.equals(c.value, value);
    }

    @Override
    public int hashCode() {
        return algorithm.hashCode() * 31 + java.util.Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return algorithm + ":" + display();
    }
}
