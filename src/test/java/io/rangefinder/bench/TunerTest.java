package io.rangefinder.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rangefinder.core.CancellationToken;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The search itself, on a link model whose throughput at each setting is known: bytes accrue at
 * rate(setting) MB/s over real elapsed time, times a seeded random factor per reading when noisy.
 * The tests on shaped links over real stores come with the lab and CLI wiring.
 */
class TunerTest {

    /** A run whose throughput is {@code rate(value)} MB/s, each reading scaled by 1 ± jitter. */
    static final class ModelLink implements Tuner.Knob {
        private final IntToDoubleFunction rate;
        private final double jitter;
        private final Random random = new Random(42);
        private final long t0 = System.nanoTime();
        private final List<Integer> applied = new ArrayList<>();
        private int value = 1;
        private double bytes;
        // values whose throughput from a fresh start is lower, and by how much (none: restarts unsupported)
        private java.util.Map<Integer, Double> coldFactor;
        private boolean cold;
        final List<Integer> restartedAt = new ArrayList<>();
        private long lastNanos = System.nanoTime();

        ModelLink(IntToDoubleFunction rate, double jitter) {
            this.rate = rate;
            this.jitter = jitter;
        }

        @Override
        public String name() {
            return "concurrency";
        }

        @Override
        public void set(int v) {
            bytes();
            value = v;
            applied.add(v);
            cold = false;
        }

        @Override
        public boolean restart() {
            if (coldFactor == null) {
                return false;
            }
            bytes();
            cold = true;
            restartedAt.add(value);
            return true;
        }

        @Override
        public long bytes() {
            long now = System.nanoTime();
            double factor = 1 + (jitter == 0 ? 0 : (random.nextDouble() * 2 - 1) * jitter);
            double c = cold ? coldFactor.getOrDefault(value, 1.0) : 1.0;
            bytes += rate.applyAsDouble(value) * c * 1e6 * factor * (now - lastNanos) / 1e9;
            lastNanos = now;
            return (long) bytes;
        }

        @Override
        public double p99Ms() {
            return 10.0 * value;
        }

        @Override
        public long memoryBytes(int v) {
            return v * 1024L * 1024;
        }

        @Override
        public double elapsedSeconds() {
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    private static Tuner fast(int max) {
        return new Tuner(Tuner.Options.upTo(max).withWindow(Duration.ofMillis(40)));
    }

    @Test
    void theLadderHasTwoValuesPerDoublingAndBothEnds() {
        assertThat(Tuner.Options.ladder(1, 64)).containsExactly(1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64);
        assertThat(Tuner.Options.ladder(2, 20)).containsExactly(2, 3, 4, 6, 8, 12, 16, 20);
        assertThatThrownBy(() -> Tuner.Options.upTo(8).withLadder(List.of(0, 2)))
                .hasMessageContaining("at least 1");
    }

    @Test
    void findsTheKneeOfASaturatingLinkWithoutVisitingEveryValue() {
        // 8 MB/s per connection, 48 MB/s in all: the knee is 6
        ModelLink link = new ModelLink(v -> Math.min(8.0 * v, 48), 0);
        Tuner tuner = fast(64);
        List<Tuner.Point> seen = new ArrayList<>();

        Tuner.Result r = tuner.tune(link, CancellationToken.create(), seen::add);

        assertThat(r.status()).isEqualTo("ok");
        assertThat(r.recommended()).isEqualTo(6);
        assertThat(r.recommendedMbPerSec()).isBetween(45.0, 51.0);
        assertThat(seen).isEqualTo(r.points());
        assertThat(Tuner.measuredValues(r.points())).as("a search, not the grid")
                .hasSizeLessThanOrEqualTo(7);
        assertThat(r.points()).filteredOn(p -> p.value() == 6).as("a clear verdict is not measured again").hasSize(1);
        assertThat(r.points()).allSatisfy(p -> {
            assertThat(p.windows()).isGreaterThanOrEqualTo(4);
            assertThat(p.memoryBytes()).isEqualTo(p.value() * 1024L * 1024);
            assertThat(p.endT()).isGreaterThan(p.startT());
        });
        assertThat(r.reason()).contains("concurrency 6 reaches").contains("the next step up (8)");
        assertThat(link.applied.getLast()).as("the run is left at the pick").isEqualTo(6);
    }

    @Test
    void aKneeThatFallsShortFromAFreshStartMovesUp() {
        // live, 6 reaches the 48 MB/s plateau; started afresh it reaches only 40 (its connections
        // begin in step), so a later download at 6 would fall short: the pick moves up to 8
        ModelLink link = new ModelLink(v -> Math.min(8.0 * v, 48), 0);
        link.coldFactor = java.util.Map.of(6, 40.0 / 48);
        Tuner.Result r = fast(64).tune(link, CancellationToken.create(), null);
        // the climb's knee (8) holds from a fresh start; the bisection finds 6, which does not
        assertThat(link.restartedAt).as("each knee candidate measured from a fresh start").containsExactly(8, 6);
        assertThat(r.recommended()).isEqualTo(8);
        assertThat(r.points()).filteredOn(p -> p.phase().equals("cold")).extracting(Tuner.Point::value).containsExactly(8, 6);
        assertThat(r.meanAt(6)).as("a value's cold reading is what counts").isBetween(38.0, 42.0);
    }

    @Test
    void aKneeThatHoldsFromAFreshStartIsKept() {
        ModelLink link = new ModelLink(v -> Math.min(8.0 * v, 48), 0);
        link.coldFactor = java.util.Map.of();
        Tuner.Result r = fast(64).tune(link, CancellationToken.create(), null);
        assertThat(link.restartedAt).containsExactly(8, 6);
        assertThat(r.recommended()).isEqualTo(6);
    }

    @Test
    void aRestartedRangeRunReadsTheObjectAgainAndKeepsWhatItRead(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path data = java.nio.file.Files.createDirectories(dir.resolve("c"));
        int size = 256 << 20;
        java.nio.file.Files.write(data.resolve("obj"), new byte[size]);
        io.rangefinder.engine.RangeEngineConfig config = io.rangefinder.engine.RangeEngineConfig.defaults()
                .withChunkSize(256 << 10).withMinSplitSize(256 << 10).withMaxConcurrentRanges(1);
        try (io.rangefinder.storage.file.FileStore store = new io.rangefinder.storage.file.FileStore(dir)) {
            RangeBench bench = new RangeBench(store, io.rangefinder.storage.ObjectUri.parse("file:///c/obj"), config, 1);
            java.util.concurrent.CompletableFuture<BenchResult> result = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> bench.run(CancellationToken.create()));
            while (bench.bytesMoved() < (8 << 20) && !result.isDone()) {
                Thread.onSpinWait();
            }
            long before = bench.bytesMoved();
            bench.restart();
            BenchResult done = result.get();

            assertThat(done.status()).isEqualTo("ok");
            assertThat(done.repeats()).as("the cut-off download is not a repeat").hasSize(1);
            assertThat(done.repeats().getFirst().bytes()).isEqualTo(size);
            assertThat(done.bytes()).as("what was read before the restart counts too").isGreaterThanOrEqualTo(size + before);
            assertThat(bench.bytesMoved()).isEqualTo(done.bytes());
            assertThat(done.marks()).extracting(BenchResult.Mark::what).contains("restart");
        }
    }

    @Test
    void aLinkThatKeepsGivingIsClimbedToTheTop() {
        ModelLink link = new ModelLink(v -> 5.0 * v, 0);
        Tuner.Result r = fast(16).tune(link, CancellationToken.create(), null);
        assertThat(r.recommended()).isEqualTo(16);
        assertThat(r.best()).isEqualTo(16);
    }

    @Test
    void noiseDoesNotMoveTheKneeMoreThanOneStep() {
        // 20 MB/s per connection up to 60: knee 3; readings jitter by up to ±10%
        ModelLink link = new ModelLink(v -> Math.min(20.0 * v, 60), 0.10);
        Tuner.Result r = fast(32).tune(link, CancellationToken.create(), null);
        List<Integer> ladder = Tuner.Options.ladder(1, 32);
        assertThat(Math.abs(ladder.indexOf(r.recommended()) - ladder.indexOf(3))).as(r.reason() + " " + r.points().stream()
                .map(p -> p.phase() + " " + p.value() + "=" + Math.round(p.mbPerSec() * 10) / 10.0 + "±" + Math.round(p.stddev() * 10) / 10.0)
                .toList()).isLessThanOrEqualTo(1);
        assertThat(Math.min(20.0 * r.recommended(), 60)).as("the pick's true throughput").isGreaterThanOrEqualTo(54);
    }

    @Test
    void aBudgetEndsTheSearchOnTimeWithAPickFromWhatItMeasured() {
        // a link that keeps giving, read through heavy noise: unbounded, the climb alone takes seconds
        ModelLink link = new ModelLink(v -> 4.0 * v, 0.3);
        Duration budget = Duration.ofMillis(1200);
        Tuner.Result r = fast(64).budget(budget).tune(link, CancellationToken.create(), null);
        assertThat(r.status()).isEqualTo("ok");
        assertThat(r.seconds()).as("a step under way ends at the budget; none starts that cannot fit")
                .isLessThanOrEqualTo(budget.toMillis() / 1000.0 + 0.3);
        assertThat(r.points()).isNotEmpty();
        assertThat(r.recommended()).isNotNull();
        assertThat(r.reason()).contains("time budget of 1.2 s ended the search");
        assertThat(Tuner.measuredValues(r.points()).last()).as("the climb was cut short").isLessThan(64);
        assertThat(link.applied.getLast()).as("the run is left at the pick").isEqualTo(r.recommended());
    }

    @Test
    void cancellingKeepsThePointsMeasuredAndPicksFromThem() throws Exception {
        ModelLink link = new ModelLink(v -> Math.min(8.0 * v, 48), 0);
        CancellationToken token = CancellationToken.create();
        List<Tuner.Point> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        Tuner.Result r = fast(64).tune(link, token, p -> {
            seen.add(p);
            if (seen.size() == 3) {
                token.cancel("enough");
            }
        });
        assertThat(r.status()).isEqualTo("cancelled");
        assertThat(r.points()).hasSize(3).extracting(Tuner.Point::value).containsExactly(1, 2, 4);
        assertThat(r.recommended()).isEqualTo(4);
        assertThat(r.reason()).contains("cancelled after 3 points");
    }

    @Test
    void tunesARunningRangeBenchmarkAndMarksEachStepOnItsCharts(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path data = java.nio.file.Files.createDirectories(dir.resolve("c"));
        java.nio.file.Files.write(data.resolve("obj"), new byte[8 << 20]);
        io.rangefinder.engine.RangeEngineConfig config = io.rangefinder.engine.RangeEngineConfig.defaults()
                .withChunkSize(256 << 10).withMinSplitSize(256 << 10);
        try (io.rangefinder.storage.file.FileStore store = new io.rangefinder.storage.file.FileStore(dir)) {
            RangeBench bench = new RangeBench(store, io.rangefinder.storage.ObjectUri.parse("file:///c/obj"), config,
                    1_000_000);
            CancellationToken run = CancellationToken.create();
            java.util.concurrent.CompletableFuture<BenchResult> result =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> bench.run(run));
            while (bench.current() == null && !result.isDone()) {
                Thread.sleep(5);
            }
            Tuner.Knob knob = TuneKnobs.rangeConcurrency(bench, config);
            Tuner.Result r = new Tuner(Tuner.Options.upTo(8).withWindow(Duration.ofMillis(50)))
                    .tune(knob, CancellationToken.create(), null);
            run.cancel("tuned");
            BenchResult done = result.get();

            assertThat(r.status()).isEqualTo("ok");
            assertThat(r.points()).isNotEmpty().allSatisfy(p -> assertThat(p.mbPerSec()).isPositive());
            assertThat(bench.concurrency()).as("the run is left at the pick").isEqualTo(r.recommended());
            assertThat(done.bytes()).as("the bytes the tuner counted were moved")
                    .isGreaterThanOrEqualTo(knob.bytes());
            assertThat(done.marks()).extracting(BenchResult.Mark::value)
                    .as("every step is marked where the charts show it")
                    .containsSubsequence(r.points().stream().map(p -> (double) p.value()).toList());
            assertThat(knob.memoryBytes(4)).isEqualTo(4L * Math.min(config.bufferSize(), config.chunkSize()));
        }
    }
}
