package io.rangefinder.engine;

import io.rangefinder.core.LatencyRecorder;
import io.rangefinder.core.Meter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the engine records while a download runs. The counters live in one immutable
 * {@link Counts} swapped atomically, so a progress reader never pairs a range count from one
 * moment with a size or retry count from another.
 */
final class DownloadState {

    /** Size (-1 until known), ranges planned and done, retries so far. */
    record Counts(long size, int rangesTotal, int rangesDone, int retries) {
    }

    final Meter bytes = new Meter();
    final LatencyRecorder rangeLatency = new LatencyRecorder();
    final CompletableFuture<DownloadStats> result = new CompletableFuture<>();
    volatile Verifier verifier;
    private final AtomicReference<Counts> counts = new AtomicReference<>(new Counts(-1, 0, 0, 0));

    Counts counts() {
        return counts.get();
    }

    void sized(long size) {
        counts.updateAndGet(c -> new Counts(size, c.rangesTotal(), c.rangesDone(), c.retries()));
    }

    void planned(int rangesTotal) {
        counts.updateAndGet(c -> new Counts(c.size(), rangesTotal, c.rangesDone(), c.retries()));
    }

    void rangeDone() {
        counts.updateAndGet(c -> new Counts(c.size(), c.rangesTotal(), c.rangesDone() + 1, c.retries()));
    }

    void retried() {
        counts.updateAndGet(c -> new Counts(c.size(), c.rangesTotal(), c.rangesDone(), c.retries() + 1));
    }
}
