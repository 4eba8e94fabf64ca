package io.rangefinder.app.common;

import javafx.animation.AnimationTimer;

/**
 * Measures how long the FX thread went without a pulse: an {@link AnimationTimer} notes the wall
 * time of each pulse and keeps the longest gap. At 60 Hz a healthy gap is ~17 ms; a gap of 100 ms
 * or more is a stall the user sees. Reading is safe from any thread.
 */
public final class StallMeter {

    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long pulse) {
            long now = System.nanoTime();
            if (last != 0) {
                long gap = now - last;
                if (gap > maxGapNanos) {
                    maxGapNanos = gap;
                    worstGapEnd = now;
                }
            }
            last = now;
        }
    };
    private volatile long maxGapNanos;
    private volatile long worstGapEnd;
    private long last;

    /** FX thread. */
    public void start() {
        last = 0;
        timer.start();
    }

    /** FX thread. */
    public void stop() {
        timer.stop();
    }

    /** Forgets the longest gap so far (e.g. before a measured run); call on the FX thread. */
    public void reset() {
        maxGapNanos = 0;
        last = 0;
    }

    /** {@link System#nanoTime()} at the end of the longest gap, to line it up with other traces. */
    public long worstGapEndNanos() {
        return worstGapEnd;
    }

    /** The longest gap between two pulses since start or reset, in milliseconds. */
    public double maxStallMillis() {
        return maxGapNanos / 1e6;
    }
}
