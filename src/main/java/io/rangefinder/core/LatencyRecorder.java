package io.rangefinder.core;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Records latencies from many threads without locking them (HdrHistogram's {@link Recorder}),
 * and gives immutable percentile snapshots, both cumulative and of the latest interval.
 * Values are kept in microseconds from 1 µs to 1 hour at 3 significant digits.
 */
public final class LatencyRecorder {

    private static final long MAX_MICROS = TimeUnit.HOURS.toMicros(1);

    private final Recorder recorder = new Recorder(1, MAX_MICROS, 3);
    private final Histogram cumulative = new Histogram(1, MAX_MICROS, 3);
    private Histogram interval;
    private volatile LatencySnapshot lastCumulative = LatencySnapshot.EMPTY;
    private volatile LatencySnapshot lastInterval = LatencySnapshot.EMPTY;

    public void recordNanos(long nanos) {
        long micros = Math.max(1, Math.min(MAX_MICROS, TimeUnit.NANOSECONDS.toMicros(nanos)));
        recorder.recordValue(micros);
    }

    /**
     * Folds what was recorded since the last call into the totals and returns the cumulative
     * snapshot. Writers never wait for this; concurrent readers serialise only among themselves.
     */
    public synchronized LatencySnapshot snapshot() {
        interval = recorder.getIntervalHistogram(interval);
        cumulative.add(interval);
        lastInterval = LatencySnapshot.of(interval);
        lastCumulative = LatencySnapshot.of(cumulative);
        return lastCumulative;
    }

    /**
     * A copy of everything recorded so far (folding in what is new), for exact merging across
     * repeats, operations and runs: percentiles of merged histograms are percentiles of the union.
     */
    public synchronized Histogram histogram() {
        snapshot();
        return cumulative.copy();
    }

    /** Percentiles of what was recorded between the last two {@link #snapshot()} calls. */
    public LatencySnapshot lastInterval() {
        return lastInterval;
    }

    /** The cumulative snapshot as of the last {@link #snapshot()} call, without folding new data. */
    public LatencySnapshot lastSnapshot() {
        return lastCumulative;
    }
}
