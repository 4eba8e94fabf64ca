package io.rangefinder.bench;

import io.rangefinder.core.CancellationToken;
import io.rangefinder.core.CancelledException;

import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop pacing: hands out start times at a target rate (fixed spacing, or Poisson arrivals
 * with exponential gaps) whether or not earlier requests have finished, so latency is measured
 * under a given load rather than at saturation. When the workers cannot keep up, start times fall
 * into the past and run at once; {@link #behindSeconds()} says how far behind the schedule is.
 * The rate can change while a run goes on; 0 means closed loop (no pacing).
 */
public final class RatePacer {

    private final boolean poisson;
    private final SplittableRandom random;
    private volatile double rate;
    private long next;
    private long issued;

    /** @param rate operations per second, 0 for as fast as possible */
    public RatePacer(double rate, boolean poisson, long seed) {
        setRate(rate);
        this.poisson = poisson;
        this.random = new SplittableRandom(seed);
    }

    /**
     * A new target from the next start on. The schedule starts again from now: a run that was
     * unpaced (or paced slower) for a while does not owe a burst of the starts it never scheduled.
     */
    public synchronized void setRate(double opsPerSecond) {
        if (!(opsPerSecond >= 0) || Double.isInfinite(opsPerSecond)) {
            throw new IllegalArgumentException("rate must be 0 (no pacing) or a positive number of ops/s, was " + opsPerSecond);
        }
        if (opsPerSecond != rate) {
            next = 0;
        }
        rate = opsPerSecond;
    }

    public double rate() {
        return rate;
    }

    public boolean paced() {
        return rate > 0;
    }

    /** Reserves the next start time (System.nanoTime) and waits for it; returns it. Without a rate, now. */
    public long awaitSlot(CancellationToken token) {
        long slot = reserve();
        while (true) {
            token.throwIfCancelled();
            long wait = slot - System.nanoTime();
            if (wait <= 0) {
                return slot;
            }
            LockSupport.parkNanos(Math.min(wait, 50_000_000L));
            if (Thread.interrupted()) {
                throw new CancelledException("interrupted");
            }
        }
    }

    private synchronized long reserve() {
        long now = System.nanoTime();
        double r = rate;
        if (r <= 0) {
            next = now;
            return now;
        }
        if (issued == 0 || next == 0) {
            next = now;
        }
        long slot = next;
        double gapSeconds = poisson ? -Math.log(1.0 - random.nextDouble()) / r : 1.0 / r;
        next = slot + Math.max(1, Math.round(gapSeconds * 1e9));
        issued++;
        return slot;
    }

    /** How far the schedule's next start is in the past (0 when keeping up). */
    public synchronized double behindSeconds() {
        return rate <= 0 || next == 0 ? 0 : Math.max(0, (System.nanoTime() - next) / 1e9);
    }
}
