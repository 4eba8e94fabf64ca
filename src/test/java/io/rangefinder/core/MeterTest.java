package io.rangefinder.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class MeterTest {

    private static final long MS = 1_000_000L;
    private static final long SEC = 1_000_000_000L;
    /** The meter splits its window into this many slots. */
    private static final int SLOTS = 20;

    /** A hand-driven clock; an optional one-shot hook runs inside the next reading. */
    static final class TestClock implements LongSupplier {
        final AtomicLong now;
        final AtomicReference<Runnable> hook = new AtomicReference<>();

        TestClock(long start) {
            now = new AtomicLong(start);
        }

        void advance(long nanos) {
            now.addAndGet(nanos);
        }

        @Override
        public long getAsLong() {
            long t = now.get();
            Runnable h = hook.getAndSet(null);
            if (h != null) {
                h.run();
            }
            return t;
        }
    }

    /** Events counted in the window, recovered from the rate and the span the meter says it covers. */
    private static long windowSum(Meter.Snapshot s, long coveredNanos) {
        return Math.round(s.ratePerSec() * coveredNanos / 1e9);
    }

    @Test
    void rejectsWindowShorterThanItsSlots() {
        assertThatThrownBy(() -> new Meter(SLOTS - 1, () -> 0L)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void steadyRateIsMeasuredOverTheWindow() {
        TestClock clock = new TestClock(123 * SEC);
        Meter meter = new Meter(SEC, clock);
        for (int i = 0; i < 3_000; i++) { // 1 event per ms for 3 s
            clock.advance(MS);
            meter.mark();
        }
        Meter.Snapshot s = meter.snapshot();
        assertThat(s.total()).isEqualTo(3_000);
        assertThat(s.ratePerSec()).isCloseTo(1_000, within(30.0));
        assertThat(s.averagePerSec()).isCloseTo(1_000, within(0.001));
        assertThat(s.elapsedSeconds()).isCloseTo(3.0, within(1e-9));
    }

    @Test
    void rateFollowsAChangeOfPaceWithinOneWindow() {
        TestClock clock = new TestClock(0);
        Meter meter = new Meter(SEC, clock);
        for (int i = 0; i < 2_000; i++) { // 1000/s for 2 s
            clock.advance(MS);
            meter.mark();
        }
        for (int i = 0; i < 1_500; i++) { // then 4000/s for 1.5 s (more than a window)
            clock.advance(MS);
            meter.mark(4);
        }
        Meter.Snapshot s = meter.snapshot();
        assertThat(s.ratePerSec()).isCloseTo(4_000, within(4_000 * 0.03));
        assertThat(s.total()).isEqualTo(2_000 + 6_000);
        assertThat(s.averagePerSec()).isCloseTo(8_000 / 3.5, within(0.01));
    }

    @Test
    void youngMeterDividesByItsLifetimeNotTheWholeWindow() {
        TestClock clock = new TestClock(7 * SEC);
        Meter meter = new Meter(SEC, clock);
        for (int i = 0; i < 200; i++) { // 1 event per ms for 200 ms
            clock.advance(MS);
            meter.mark();
        }
        assertThat(meter.snapshot().ratePerSec()).isCloseTo(1_000, within(1.0));
    }

    @Test
    void oldSlotsRollOffAfterAQuietWindow() {
        TestClock clock = new TestClock(0);
        Meter meter = new Meter(SEC, clock);
        for (int i = 0; i < 2_000; i++) {
            clock.advance(MS);
            meter.mark(2);
        }
        assertThat(meter.snapshot().ratePerSec()).isCloseTo(2_000, within(60.0));

        clock.advance(500 * MS); // half a window of silence: about half the rate
        assertThat(meter.snapshot().ratePerSec()).isCloseTo(1_000, within(100.0));

        clock.advance(SEC + MS); // a whole window of silence
        Meter.Snapshot s = meter.snapshot();
        assertThat(s.ratePerSec()).isZero();
        assertThat(s.total()).isEqualTo(4_000);
        assertThat(s.averagePerSec()).isCloseTo(4_000 / 3.501, within(0.01));

        clock.advance(10 * SEC); // long gaps do not resurrect old counts either
        assertThat(meter.snapshot().ratePerSec()).isZero();
        clock.advance(MS);
        meter.mark(7);
        long covered = (SLOTS - 1) * 50 * MS + (clock.now.get() % (50 * MS));
        assertThat(windowSum(meter.snapshot(), covered)).isEqualTo(7);
    }

    @Test
    void worksWithNegativeNanoTime() {
        TestClock clock = new TestClock(-5 * SEC - 3 * MS);
        Meter meter = new Meter(SEC, clock);
        for (int i = 0; i < 3_000; i++) {
            clock.advance(MS);
            meter.mark();
        }
        assertThat(meter.snapshot().ratePerSec()).isCloseTo(1_000, within(30.0));
        clock.advance(2 * SEC);
        assertThat(meter.snapshot().ratePerSec()).isZero();
    }

    @Test
    void totalAndRateOfConcurrentMarksAreExact() throws Exception {
        TestClock clock = new TestClock(40 * SEC);
        Meter meter = new Meter(SEC, clock);
        clock.advance(2 * SEC + 25 * MS); // mid-slot, in a slot not touched since construction
        int threads = 16;
        int perThread = 20_000;
        runConcurrently(threads, () -> {
            for (int i = 0; i < perThread; i++) {
                meter.mark();
            }
        });
        Meter.Snapshot s = meter.snapshot();
        assertThat(s.total()).isEqualTo((long) threads * perThread);
        long covered = (SLOTS - 1) * 50 * MS + 25 * MS;
        assertThat(windowSum(s, covered)).isEqualTo((long) threads * perThread);
    }

    @Test
    void concurrentFirstMarksIntoFreshSlotsLoseNothing() throws Exception {
        // Each round moves the clock into a new slot and lets many threads race to be first into it,
        // where the slot is recycled. Whatever the interleaving, the window must hold every mark
        // made in its last SLOTS epochs.
        TestClock clock = new TestClock(0);
        Meter meter = new Meter(SEC, clock);
        long slot = 50 * MS;
        clock.advance(5 * SEC + slot / 2);
        int threads = 8;
        int perThread = 50;
        int rounds = 200;
        long perRound = (long) threads * perThread;
        try (var exec = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int r = 0; r < rounds; r++) {
                clock.advance(slot);
                CyclicBarrier start = new CyclicBarrier(threads);
                List<Future<?>> fs = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    fs.add(exec.submit(() -> {
                        start.await();
                        for (int i = 0; i < perThread; i++) {
                            meter.mark();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : fs) {
                    f.get(5, TimeUnit.SECONDS);
                }
                long expected = perRound * Math.min(r + 1, SLOTS);
                long covered = (SLOTS - 1) * slot + slot / 2;
                assertThat(windowSum(meter.snapshot(), covered)).as("round %d", r).isEqualTo(expected);
            }
        }
        assertThat(meter.total()).isEqualTo(perRound * rounds);
    }

    @Test
    void aStaleMarkDoesNotWipeANewerSlot() {
        // A thread reads the clock, stalls for a whole window (GC pause, descheduling), and only
        // then records. Meanwhile the same slot was reused by a newer epoch. The stale write may
        // blur the newer slot by one event, but must not erase it.
        TestClock clock = new TestClock(3 * SEC);
        Meter meter = new Meter(SEC, clock);
        clock.advance(2 * SEC + 25 * MS);
        meter.mark(3);
        long stalledAt = clock.now.get();
        clock.hook.set(() -> {
            // While the stalled thread holds its old reading, a window passes and others mark.
            clock.now.set(stalledAt + SEC);
            meter.mark(5);
        });
        meter.mark(1); // reads stalledAt, then records after the others
        long covered = (SLOTS - 1) * 50 * MS + 25 * MS;
        assertThat(windowSum(meter.snapshot(), covered)).isBetween(5L, 6L);
        assertThat(meter.total()).isEqualTo(9);
    }

    @Test
    void publicConstructorsUseTheSystemClock() throws Exception {
        Meter meter = new Meter();
        meter.mark(10);
        Thread.sleep(20);
        Meter.Snapshot s = meter.snapshot();
        assertThat(s.total()).isEqualTo(10);
        assertThat(s.elapsedSeconds()).isGreaterThan(0.015).isLessThan(5);
        assertThat(s.ratePerSec()).isPositive();
    }

    private static void runConcurrently(int threads, Runnable body) throws Exception {
        CyclicBarrier start = new CyclicBarrier(threads);
        try (var exec = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                fs.add(exec.submit(() -> {
                    start.await();
                    body.run();
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get(10, TimeUnit.SECONDS);
            }
        }
    }
}
