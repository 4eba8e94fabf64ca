package io.rangefinder.app.lab;

import io.rangefinder.bench.BenchResult;
import io.rangefinder.bench.LoaderBench;
import io.rangefinder.bench.MixedBench;
import io.rangefinder.bench.PutBench;
import io.rangefinder.bench.RangeBench;
import io.rangefinder.core.BoundedChannel;
import io.rangefinder.core.LatencySnapshot;
import io.rangefinder.core.TunableLimiter;
import io.rangefinder.engine.Download;
import io.rangefinder.loader.Loader;
import io.rangefinder.loader.LoaderStats;

/**
 * A benchmark in flight as the live view sees it: sampled by the view's one timeline (on the FX
 * thread, reading snapshots only) and retuned by the sliders. Not thread-safe for probing: one
 * sampler at a time.
 */
sealed interface LiveRun permits LiveRun.Range, LiveRun.Loading, LiveRun.Put, LiveRun.Mixed {

    /** Reads the engine's snapshots; {@code nowSeconds} is the run's clock. */
    LiveSample probe();

    void setConcurrency(int n);

    /** No-op for runs without a prefetch queue. */
    void setPrefetch(int batches);

    boolean hasQueue();

    /** The limiter the concurrency slider drives right now, or {@code null} between repeats / before start. */
    TunableLimiter limiter();

    /** The prefetch channel, or {@code null}. */
    BoundedChannel<?> channel();

    double elapsed();

    /** Whether the run has {@code knob} (a range run has no prefetch, only put and mixed runs a rate). */
    default boolean tunes(LabViewModel.Knob knob) {
        return switch (knob) {
            case CONCURRENCY -> true;
            case PREFETCH -> hasQueue();
            case RATE -> false;
        };
    }

    /** What the charts' marks call {@code knob} in this run. */
    default String label(LabViewModel.Knob knob) {
        return knob.label();
    }

    /** The target ops/s from now on (0: as fast as it goes); runs without a rate ignore it. */
    default void setRate(double opsPerSecond) {
    }

    /**
     * A live view of a put or mixed benchmark: the bench samples itself 4 times a second and the
     * view shows its newest sample (probing again would steal the bench's own interval counts).
     */
    private static LiveSample of(BenchResult.Sample s, double t, int limit, long bytes, long ops, double seconds) {
        double avgMb = seconds > 0 ? bytes / 1e6 / seconds : 0;
        double avgOps = seconds > 0 ? ops / seconds : 0;
        if (s == null) {
            return new LiveSample(t, 0, 0, 0, limit, 0, 0, 0, 0, 0, bytes, avgMb, avgOps, 0);
        }
        return new LiveSample(s.t(), s.mbPerSec(), s.opsPerSec(), s.inFlight(), s.limit(), 0, 0, s.p50Ms(), s.p99Ms(),
                0, bytes, avgMb, avgOps, 0, s.ops());
    }

    /** An upload benchmark: objects in flight (concurrency), parts in flight (the second slider) and a rate. */
    final class Put implements LiveRun {
        private final PutBench bench;

        Put(PutBench bench) {
            this.bench = bench;
        }

        PutBench bench() {
            return bench;
        }

        @Override
        public LiveSample probe() {
            double t = bench.elapsedSeconds();
            return of(bench.lastSample(), t, bench.objectsInFlight(), bench.bytesWritten(), bench.objectsWritten(), t);
        }

        @Override
        public void setConcurrency(int n) {
            bench.setObjectsInFlight(n);
        }

        @Override
        public void setPrefetch(int parts) {
            bench.setPartsInFlight(parts);
        }

        @Override
        public void setRate(double opsPerSecond) {
            bench.setRate(opsPerSecond);
        }

        @Override
        public boolean tunes(LabViewModel.Knob knob) {
            return true;
        }

        @Override
        public String label(LabViewModel.Knob knob) {
            return LabViewModel.knobLabel(LabViewModel.Kind.PUT, knob);
        }

        @Override
        public boolean hasQueue() {
            return false;
        }

        @Override
        public TunableLimiter limiter() {
            return null;
        }

        @Override
        public BoundedChannel<?> channel() {
            return null;
        }

        @Override
        public double elapsed() {
            return bench.elapsedSeconds();
        }
    }

    /** A mixed benchmark: workers (concurrency) and a rate; per-operation lines come with each sample. */
    final class Mixed implements LiveRun {
        private final MixedBench bench;

        Mixed(MixedBench bench) {
            this.bench = bench;
        }

        MixedBench bench() {
            return bench;
        }

        @Override
        public LiveSample probe() {
            double t = bench.elapsedSeconds();
            return of(bench.lastSample(), t, bench.workers(), bench.bytesMoved(), bench.operationsDone(), t);
        }

        @Override
        public void setConcurrency(int n) {
            bench.setWorkers(n);
        }

        @Override
        public void setPrefetch(int batches) {
            // a mixed run has no second concurrency
        }

        @Override
        public void setRate(double opsPerSecond) {
            bench.setRate(opsPerSecond);
        }

        @Override
        public boolean tunes(LabViewModel.Knob knob) {
            return knob != LabViewModel.Knob.PREFETCH;
        }

        @Override
        public String label(LabViewModel.Knob knob) {
            return LabViewModel.knobLabel(LabViewModel.Kind.MIXED, knob);
        }

        @Override
        public boolean hasQueue() {
            return false;
        }

        @Override
        public TunableLimiter limiter() {
            return null;
        }

        @Override
        public BoundedChannel<?> channel() {
            return null;
        }

        @Override
        public double elapsed() {
            return bench.elapsedSeconds();
        }
    }

    /** A range benchmark: the current repeat's download plus the repeats already done. */
    final class Range implements LiveRun {
        private final RangeBench bench;
        // (t, ranges done) of the last second: a rate over whole ranges, not over one 100 ms tick
        private final java.util.ArrayDeque<double[]> recent = new java.util.ArrayDeque<>();
        private LiveSample last;

        Range(RangeBench bench) {
            this.bench = bench;
        }

        RangeBench bench() {
            return bench;
        }

        @Override
        public LiveSample probe() {
            double t = bench.elapsedSeconds();
            RangeBench.Totals done = bench.finishedTotals();
            Download d = bench.current();
            if (d == null) {
                // Between repeats (or before the first): keep the totals, show nothing moving.
                return last = new LiveSample(t, 0, 0, 0, bench.concurrency(), 0, 0,
                        last == null ? 0 : last.p50Ms(), last == null ? 0 : last.p99Ms(), 0, done.bytes(),
                        done.seconds() > 0 ? done.bytes() / 1e6 / done.seconds() : 0,
                        done.seconds() > 0 ? done.ranges() / done.seconds() : 0, done.retries());
            }
            Download.Progress p = d.progress();
            LatencySnapshot lat = d.rangeLatency();
            long ranges = done.ranges() + p.rangesDone();
            recent.addLast(new double[] {t, ranges});
            while (recent.size() > 2 && t - recent.peekFirst()[0] > 1.0) {
                recent.removeFirst();
            }
            double[] first = recent.peekFirst();
            double ops = t > first[0] ? Math.max(0, ranges - first[1]) / (t - first[0]) : 0;
            long bytes = done.bytes() + p.bytesDone();
            double seconds = done.seconds() + p.elapsedSeconds();
            // a new repeat has no latency yet: keep showing the last one instead of dropping to zero
            boolean noLatency = lat.count() == 0 && last != null;
            return last = new LiveSample(t, p.bytesPerSec() / 1e6, ops, p.inFlight(), p.limit(), 0, 0,
                    noLatency ? last.p50Ms() : lat.p50(), noLatency ? last.p99Ms() : lat.p99(), 0, bytes, seconds > 0 ? bytes / 1e6 / seconds : 0, seconds > 0 ? ranges / seconds : 0,
                    done.retries() + p.retries());
        }

        @Override
        public void setConcurrency(int n) {
            bench.setConcurrency(n);
        }

        @Override
        public void setPrefetch(int batches) {
            // a range download has no prefetch queue
        }

        @Override
        public boolean hasQueue() {
            return false;
        }

        @Override
        public TunableLimiter limiter() {
            Download d = bench.current();
            return d == null ? null : d.limiter();
        }

        @Override
        public BoundedChannel<?> channel() {
            return null;
        }

        @Override
        public double elapsed() {
            return bench.elapsedSeconds();
        }
    }

    /** A loader benchmark: the loader's own stats, limiter and channel. */
    final class Loading implements LiveRun {
        private final LoaderBench bench;
        private double lastWait;
        private double lastT;

        Loading(LoaderBench bench) {
            this.bench = bench;
        }

        LoaderBench bench() {
            return bench;
        }

        @Override
        public LiveSample probe() {
            Loader l = bench.loader();
            double t = bench.elapsedSeconds();
            if (l == null) {
                return new LiveSample(t, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            }
            LoaderStats s = l.stats();
            double dt = t - lastT;
            double wait = dt > 0 ? Math.clamp((s.consumerWaitSeconds() - lastWait) / dt, 0, 1) : 0;
            lastWait = s.consumerWaitSeconds();
            lastT = t;
            LatencySnapshot lat = s.itemLatency();
            return new LiveSample(t, s.windowMbPerSec(), s.windowItemsPerSec(), s.inFlight(), s.concurrency(),
                    s.queueDepth(), s.queueCapacity(), lat.p50(), lat.p99(), wait, s.bytes(), s.mbPerSec(),
                    s.itemsPerSec(), s.retries());
        }

        @Override
        public void setConcurrency(int n) {
            bench.setConcurrency(n);
        }

        @Override
        public void setPrefetch(int batches) {
            bench.setPrefetch(batches);
        }

        @Override
        public boolean hasQueue() {
            return true;
        }

        @Override
        public TunableLimiter limiter() {
            Loader l = bench.loader();
            return l == null ? null : l.limiter();
        }

        @Override
        public BoundedChannel<?> channel() {
            Loader l = bench.loader();
            return l == null ? null : l.channel();
        }

        @Override
        public double elapsed() {
            return bench.elapsedSeconds();
        }
    }
}
