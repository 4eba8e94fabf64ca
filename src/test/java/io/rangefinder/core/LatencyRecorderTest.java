package io.rangefinder.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class LatencyRecorderTest {

    private static final long MS = 1_000_000L;

    /** HdrHistogram at 3 significant digits: values are within 0.1 %; allow a little more. */
    private static void assertMs(double actual, double expected) {
        assertThat(actual).isCloseTo(expected, within(expected * 0.002 + 0.002));
    }

    @Test
    void emptyRecorderGivesEmptySnapshots() {
        LatencyRecorder rec = new LatencyRecorder();
        assertThat(rec.lastSnapshot()).isEqualTo(LatencySnapshot.EMPTY);
        assertThat(rec.lastInterval()).isEqualTo(LatencySnapshot.EMPTY);
        assertThat(rec.snapshot()).isEqualTo(LatencySnapshot.EMPTY);
        assertThat(rec.lastInterval()).isEqualTo(LatencySnapshot.EMPTY);
    }

    @Test
    void percentilesOfAUniformDistribution() {
        LatencyRecorder rec = new LatencyRecorder();
        for (int ms = 1000; ms >= 1; ms--) { // order must not matter
            rec.recordNanos(ms * MS);
        }
        LatencySnapshot s = rec.snapshot();
        assertThat(s.count()).isEqualTo(1000);
        assertMs(s.p50(), 500);
        assertMs(s.p90(), 900);
        assertMs(s.p99(), 990);
        assertMs(s.p999(), 999);
        assertMs(s.max(), 1000);
        assertMs(s.mean(), 500.5);
        assertThat(s.p50()).isLessThanOrEqualTo(s.p90());
        assertThat(s.p90()).isLessThanOrEqualTo(s.p99());
        assertThat(s.p99()).isLessThanOrEqualTo(s.p999());
        assertThat(s.p999()).isLessThanOrEqualTo(s.max());
        assertThat(rec.lastSnapshot()).isEqualTo(s);
    }

    @Test
    void bimodalDistributionShowsTheTail() {
        LatencyRecorder rec = new LatencyRecorder();
        for (int i = 0; i < 980; i++) {
            rec.recordNanos(2 * MS);
        }
        for (int i = 0; i < 20; i++) {
            rec.recordNanos(250 * MS);
        }
        LatencySnapshot s = rec.snapshot();
        assertMs(s.p50(), 2);
        assertMs(s.p90(), 2);
        assertMs(s.p99(), 250);
        assertMs(s.max(), 250);
        assertMs(s.mean(), (980 * 2 + 20 * 250) / 1000.0);
    }

    @Test
    void subMicrosecondAndHugeValuesAreClamped() {
        LatencyRecorder rec = new LatencyRecorder();
        rec.recordNanos(0);
        rec.recordNanos(-5);
        rec.recordNanos(TimeUnit.HOURS.toNanos(3));
        LatencySnapshot s = rec.snapshot();
        assertThat(s.count()).isEqualTo(3);
        assertMs(s.p50(), 0.001);
        assertMs(s.max(), TimeUnit.HOURS.toMillis(1));
    }

    @Test
    void cumulativeKeepsEverythingWhileIntervalShowsOnlyTheLatest() {
        LatencyRecorder rec = new LatencyRecorder();
        for (int i = 0; i < 100; i++) {
            rec.recordNanos(10 * MS);
        }
        LatencySnapshot first = rec.snapshot();
        assertThat(first.count()).isEqualTo(100);
        assertThat(rec.lastInterval().count()).isEqualTo(100);

        for (int i = 0; i < 300; i++) {
            rec.recordNanos(100 * MS);
        }
        // Nothing is folded until snapshot() is called.
        assertThat(rec.lastSnapshot()).isEqualTo(first);

        LatencySnapshot second = rec.snapshot();
        LatencySnapshot interval = rec.lastInterval();
        assertThat(second.count()).isEqualTo(400);
        assertMs(second.p50(), 100);
        assertMs(second.mean(), (100 * 10 + 300 * 100) / 400.0);
        assertThat(interval.count()).isEqualTo(300);
        assertMs(interval.p50(), 100);
        assertMs(interval.max(), 100);
        assertMs(interval.mean(), 100);

        // An interval with no recordings is empty; the cumulative view is unchanged.
        LatencySnapshot third = rec.snapshot();
        assertThat(rec.lastInterval()).isEqualTo(LatencySnapshot.EMPTY);
        assertThat(third).isEqualTo(second);
    }

    @Test
    void concurrentRecordingCountsEveryValue() throws Exception {
        LatencyRecorder rec = new LatencyRecorder();
        int threads = 16;
        int perThread = 20_000;
        long intervalTotal = 0;
        CyclicBarrier start = new CyclicBarrier(threads + 1);
        try (var exec = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                fs.add(exec.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        rec.recordNanos((1 + (i + id) % 1000) * MS);
                    }
                    return null;
                }));
            }
            start.await();
            // Take snapshots while the writers run: the intervals must add up to the total.
            while (fs.stream().anyMatch(f -> !f.isDone())) {
                rec.snapshot();
                intervalTotal += rec.lastInterval().count();
                Thread.sleep(1);
            }
            for (Future<?> f : fs) {
                f.get(10, TimeUnit.SECONDS);
            }
        }
        LatencySnapshot s = rec.snapshot();
        intervalTotal += rec.lastInterval().count();
        assertThat(s.count()).isEqualTo((long) threads * perThread);
        assertThat(intervalTotal).isEqualTo((long) threads * perThread);
        assertMs(s.max(), 1000);
        assertThat(s.p50()).isCloseTo(500, within(5.0));
    }
}
