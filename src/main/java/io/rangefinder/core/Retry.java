package io.rangefinder.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** The one retry policy: transient store errors and I/O faults are retried with jittered exponential backoff. */
public final class Retry {

    private Retry() {
    }

    /** Whether a failure is worth another attempt (the cause chain is searched). */
    public static boolean isTransient(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof Retryable r) {
                return r.isRetryable();
            }
            if (c instanceof UncheckedIOException || c instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** Sleeps before attempt {@code attempt} (1 = first retry); wakes early and throws if cancelled. */
    public static void backoff(Duration first, int attempt, CancellationToken token) {
        long base = first.toMillis() << Math.min(attempt - 1, 10);
        long millis = Math.min(10_000, base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1));
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (true) {
            token.throwIfCancelled();
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                Thread.sleep(Math.min(50, left / 1_000_000 + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException("interrupted");
            }
        }
    }
}
