package io.rangefinder.core;

/** A failure that says itself whether another attempt may succeed; {@link Retry} asks it. */
public interface Retryable {

    boolean isRetryable();
}
