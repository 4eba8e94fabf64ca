package io.rangefinder.storage.gcs;

import io.rangefinder.core.CancelledException;
import io.rangefinder.core.Units;
import io.rangefinder.storage.StorageException;
import io.rangefinder.storage.internal.Causes;
import io.rangefinder.storage.internal.Redactor;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;

/** The GCS client's failures as typed storage errors with a message a person can act on; never a credential. */
final class GcsErrors {

    /** The emulator or custom host requests go to, or null for storage.googleapis.com. */
    private final String host;
    private final Duration callTimeout;

    GcsErrors(String host, Duration callTimeout) {
        this.host = host;
        this.callTimeout = callTimeout;
    }

    static StorageException noBucket(String bucket, Throwable cause) {
        return new StorageException.NotFound("bucket '" + bucket + "' does not exist: check the name, or create it "
                + "first", cause);
    }

    static StorageException noObject(String bucket, String key, Throwable cause) {
        return new StorageException.NotFound("object '" + key + "' not found in bucket '" + bucket + "'", cause);
    }

    /**
     * Maps whatever the client threw into the project's typed errors, with a message a person can
     * act on. Never includes credentials: only the server's message and our own text.
     */
    StorageException map(Throwable e, String action, String bucket, String key) {
        if (e instanceof StorageException se) {
            return se;
        }
        if (e instanceof CancelledException ce) {
            throw ce;
        }
        com.google.cloud.storage.StorageException gcs = Causes.find(e, com.google.cloud.storage.StorageException.class);
        Throwable network = networkCause(e);
        if (network != null && (gcs == null || gcs.getCode() <= 0)) {
            String where = host == null ? "storage.googleapis.com" : host;
            if (network instanceof ConnectException || network instanceof NoRouteToHostException) {
                return new StorageException.ConnectionFailed("cannot connect to " + where + " (connection refused) "
                        + "while " + action + ": " + (host == null ? "check the network" : "is the emulator running / "
                        + "is STORAGE_EMULATOR_HOST right?"), e);
            }
            if (network instanceof UnknownHostException) {
                return new StorageException.ConnectionFailed("cannot connect to " + where + " (unknown host "
                        + network.getMessage() + ") while " + action + ": check the endpoint and DNS", e);
            }
            if (network instanceof SocketTimeoutException && String.valueOf(network.getMessage()).contains("connect")) {
                return new StorageException.ConnectionFailed("cannot connect to " + where + " (connect timed out) "
                        + "while " + action + ": is the host reachable / the emulator running?", e);
            }
            if (network instanceof SocketTimeoutException) {
                return new StorageException.TransientIo(action + " failed: no answer from " + where + " within "
                        + Units.formatDuration(callTimeout.toMillis() / 1000.0) + " (the connection's timeout); is the "
                        + "server up and the endpoint right? (to wait longer: the connection's Timeout, or --timeout in the CLI)", e);
            }
            return new StorageException.TransientIo(action + " failed: " + safeMessage(network), e);
        }
        int code = gcs == null ? -1 : gcs.getCode();
        String server = gcs == null ? safeMessage(e) : safeMessage(gcs);
        String reason = gcs == null ? null : gcs.getReason();
        return switch (code) {
            case 404 -> {
                String text = String.valueOf(gcs.getMessage()).toLowerCase(java.util.Locale.ROOT);
                if (bucket != null && (key == null || text.contains("bucket"))) {
                    yield noBucket(bucket, e);
                }
                yield key != null ? noObject(bucket, key, e)
                        : new StorageException.NotFound(action + " failed: not found (" + server + ")", e);
            }
            case 401, 403 -> new StorageException.AccessDenied(action + " was refused (HTTP " + code
                    + (reason == null ? "" : ", " + reason) + "): check GOOGLE_APPLICATION_CREDENTIALS or the "
                    + "connection's credentials file, and that its service account has a Storage role on "
                    + (bucket == null ? "the project" : "bucket '" + bucket + "'")
                    + " (e.g. roles/storage.objectAdmin)", e);
            case 409 -> {
                if (key == null && bucket != null && action.startsWith("deleting bucket")) {
                    yield new StorageException.InvalidArgument("bucket '" + bucket + "' is not empty: delete its "
                            + "objects first (" + server + ")", e);
                }
                if (key == null && bucket != null) {
                    yield new StorageException.AlreadyExists("bucket '" + bucket + "' already exists (bucket names "
                            + "are global): pick another name", e);
                }
                yield new StorageException.AlreadyExists(action + " failed: it already exists (" + server + ")", e);
            }
            case 412 -> new StorageException.AlreadyExists(action + " failed: a precondition did not hold, the object "
                    + "changed or already exists (" + server + ")", e);
            case 400, 411, 413 -> new StorageException.InvalidArgument(action + " failed: the server rejected the "
                    + "request (" + server + ")", e);
            case 416 -> new StorageException.InvalidArgument(action + " failed: the range is outside the object", e);
            case 429 -> new StorageException.TransientIo(action + " was throttled (HTTP 429): slow down or retry later",
                    e);
            default -> {
                if (code >= 500) {
                    yield new StorageException.TransientIo(action + " failed with a server error (HTTP " + code + ": "
                            + server + "): try again", e);
                }
                if (e instanceof IOException || Causes.find(e, IOException.class) != null) {
                    yield new StorageException.TransientIo(action + " failed: " + server, e);
                }
                yield new StorageException(action + " failed: " + server, e);
            }
        };
    }

    private static Throwable networkCause(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ConnectException || c instanceof UnknownHostException
                    || c instanceof NoRouteToHostException || c instanceof SocketTimeoutException) {
                return c;
            }
            if (c instanceof java.net.SocketException || c instanceof ClosedChannelException
                    || c instanceof InterruptedIOException || c instanceof java.io.EOFException) {
                return c;
            }
        }
        return null;
    }


    /** An exception's message, cut short; the client's messages hold no credentials. */
    static String safeMessage(Throwable e) {
        String m = e.getMessage();
        if (m == null) {
            m = e.getClass().getSimpleName();
        }
        m = Redactor.PATTERNS.redact(m);
        int nl = m.indexOf('\n');
        if (nl > 0) {
            m = m.substring(0, nl);
        }
        return m.length() > 300 ? m.substring(0, 300) + "..." : m;
    }
}
