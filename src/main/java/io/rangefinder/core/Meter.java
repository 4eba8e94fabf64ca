package io.rangefinder.core;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Counts events (bytes, operations) and reports the total and the rate over a sliding window.
 * Recording is lock-free; {@link #snapshot()} is lock-free too and may be taken from any thread.
 * The window is split into slots; the rate is the sum of the completed slots of the last window,
 * plus the current partial slot, divided by the time they cover.
 */
public final class Meter {

    private static final int SLOTS = 20;

    private final LongAdder total = new LongAdder();
    private final long slotNanos;
    private final AtomicLongArray slotCounts = new AtomicLongArray(SLOTS);
    /** The epoch (time / slotNanos) each slot currently holds; a stale slot counts as zero. */
    private final AtomicLongArray slotEpochs = new AtomicLongArray(SLOTS);
    private final LongSupplier clock;
    private final long startNanos;

    /** A meter whose rate covers the last second. */
    public Meter() {
        this(1_000_000_000L);
    }

    public Meter(long windowNanos) {
        this(windowNanos, System::nanoTime);
    }

    Meter(long windowNanos, LongSupplier clock) {
        if (windowNanos < SLOTS) {
            throw new IllegalArgumentException("window too short: " + windowNanos + " ns");
        }
        this.slotNanos = windowNanos / SLOTS;
        this.clock = clock;
        this.startNanos = clock.getAsLong();
        long epoch = epochOf(startNanos);
        for (int i = 0; i < SLOTS; i++) {
            slotEpochs.set(i, epoch);
        }
    }

    private long epochOf(long nanos) {
        return Math.floorDiv(nanos, slotNanos);
    }

    public void mark() {
        mark(1);
    }

    public void mark(long count) {
        total.add(count);
        long epoch = epochOf(clock.getAsLong());
        int slot = (int) Math.floorMod(epoch, SLOTS);
        long held = slotEpochs.get(slot);
        if (held < epoch) {
            // First writer into a recycled slot resets it by taking out only the stale count read
            // before claiming it, so a racing writer's count is never erased: it may land in
            // either epoch, which only blurs the rate by one slot. A writer whose clock reading
            // is older than the slot's epoch (it stalled) just adds to it, never resets it.
            long stale = slotCounts.get(slot);
            if (slotEpochs.compareAndSet(slot, held, epoch)) {
                slotCounts.addAndGet(slot, -stale);
            }
        }
        slotCounts.addAndGet(slot, count);
    }

    public long total() {
        return total.sum();
    }

    public Snapshot snapshot() {
        long now = clock.getAsLong();
        long epoch = epochOf(now);
        long sum = 0;
        for (int i = 0; i < SLOTS; i++) {
            long e = slotEpochs.get(i);
            if (e > epoch - SLOTS && e <= epoch) {
                sum += slotCounts.get(i);
            }
        }
        // The window covers SLOTS-1 full slots plus the elapsed part of the current one,
        // and never more than the meter's lifetime.
        long partial = now - epoch * slotNanos;
        long covered = Math.min((SLOTS - 1) * slotNanos + Math.max(partial, 1), Math.max(now - startNanos, 1));
        double ratePerSec = sum * 1e9 / covered;
        double elapsed = (now - startNanos) / 1e9;
        long all = total.sum();
        double average = elapsed > 0 ? all / elapsed : 0;
        return new Snapshot(all, ratePerSec, average, elapsed);
    }

    /**
     * @param total events since the meter was made
     * @param ratePerSec events per second over the sliding window
     * @param averagePerSec events per second since the meter was made
     */
    public record Snapshot(long total, double ratePerSec, double averagePerSec, double elapsedSeconds) {
    }
}
