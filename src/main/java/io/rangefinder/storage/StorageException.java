package io.rangefinder.storage;

import io.rangefinder.core.Retryable;

/**
 * A storage operation failed. Subclasses say why, so callers can react by type (retry, ask for
 * credentials, show "not found"); the message is meant for a person and never contains secrets.
 */
public class StorageException extends RuntimeException implements Retryable {
    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether the same request may succeed if it is simply tried again. */
    @Override
    public boolean isRetryable() {
        return false;
    }

    /** The object, container or prefix does not exist. */
    public static class NotFound extends StorageException {
        public NotFound(String message) { super(message); }
        public NotFound(String message, Throwable cause) { super(message, cause); }
    }

    /** The credentials were rejected or lack permission for this operation. */
    public static class AccessDenied extends StorageException {
        public AccessDenied(String message) { super(message); }
        public AccessDenied(String message, Throwable cause) { super(message, cause); }
    }

    /** The container or object already exists where the operation needs it not to. */
    public static class AlreadyExists extends StorageException {
        public AlreadyExists(String message) { super(message); }
        public AlreadyExists(String message, Throwable cause) { super(message, cause); }
    }

    /** The request itself is wrong (bad name, bad range, not empty, ...): retrying will not help. */
    public static class InvalidArgument extends StorageException {
        public InvalidArgument(String message) { super(message); }
        public InvalidArgument(String message, Throwable cause) { super(message, cause); }
    }

    /** A network or server fault (reset, timeout, 5xx, throttling): the request may succeed if retried. */
    public static class TransientIo extends StorageException {
        public TransientIo(String message) { super(message); }
        public TransientIo(String message, Throwable cause) { super(message, cause); }

        @Override
        public boolean isRetryable() { return true; }
    }

    /** The endpoint could not be reached at all (refused, unknown host, connect timeout). */
    public static class ConnectionFailed extends TransientIo {
        public ConnectionFailed(String message) { super(message); }
        public ConnectionFailed(String message, Throwable cause) { super(message, cause); }
    }

    /** The bytes that arrived do not match the checksum the store gave for the object. */
    public static class Corrupt extends StorageException {
        public Corrupt(String message) { super(message); }
    }
}
