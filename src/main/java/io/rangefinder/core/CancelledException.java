package io.rangefinder.core;

/** Thrown when work stops because its {@link CancellationToken} was cancelled. */
public class CancelledException extends RuntimeException {
    public CancelledException(String reason) {
        super(reason == null ? "cancelled" : reason);
    }
}
