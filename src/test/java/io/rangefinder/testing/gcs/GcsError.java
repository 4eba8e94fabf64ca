package io.rangefinder.testing.gcs;

/** An error the server answers with, in the JSON API's shape: HTTP code, reason and message. */
public final class GcsError extends RuntimeException {

    final int code;
    final String reason;

    GcsError(int code, String reason, String message) {
        super(message, null, false, false);
        this.code = code;
        this.reason = reason;
    }

    static GcsError noBucket(String bucket) {
        return new GcsError(404, "notFound", "The specified bucket does not exist: " + bucket);
    }

    static GcsError noObject(String bucket, String name) {
        return new GcsError(404, "notFound", "No such object: " + bucket + "/" + name);
    }

    static GcsError bad(String message) {
        return new GcsError(400, "invalid", message);
    }

    static GcsError precondition(String message) {
        return new GcsError(412, "conditionNotMet", message);
    }
}
