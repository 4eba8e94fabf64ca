package io.rangefinder.engine;

import io.rangefinder.storage.Checksum;

/**
 * Whether a download was checked against a checksum the store vouches for.
 *
 * @param algorithm what was (or would have been) checked; null when the store offered nothing
 * @param detail why no check ran, for {@link Status#NOT_CHECKED} and {@link Status#NOT_OFFERED}
 */
public record Integrity(Status status, Checksum.Algorithm algorithm, String detail) {

    public enum Status {
        /** Every byte was hashed and matched the store's checksum. */
        VERIFIED,
        /** The store gave no whole-object checksum (multipart ETag, no Content-MD5, a local file). */
        NOT_OFFERED,
        /** A checksum was offered but not checked (verification off, or the sink keeps no bytes). */
        NOT_CHECKED
    }

    public static Integrity verified(Checksum.Algorithm algorithm) {
        return new Integrity(Status.VERIFIED, algorithm, null);
    }

    public static Integrity notOffered(String why) {
        return new Integrity(Status.NOT_OFFERED, null, why);
    }

    public static Integrity notChecked(Checksum.Algorithm algorithm, String why) {
        return new Integrity(Status.NOT_CHECKED, algorithm, why);
    }

    public boolean verified() {
        return status == Status.VERIFIED;
    }

    /** One line for people: "MD5 verified", "not checked: …". */
    public String describe() {
        return switch (status) {
            case VERIFIED -> algorithm + " verified";
            case NOT_OFFERED -> "no checksum from the store" + (detail == null ? "" : " (" + detail + ")");
            case NOT_CHECKED -> algorithm + " not checked" + (detail == null ? "" : " (" + detail + ")");
        };
    }
}
