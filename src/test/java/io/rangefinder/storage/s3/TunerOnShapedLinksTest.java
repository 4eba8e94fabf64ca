package io.rangefinder.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.rangefinder.bench.BenchResult;
import io.rangefinder.bench.RangeBench;
import io.rangefinder.bench.TuneKnobs;
import io.rangefinder.bench.Tuner;
import io.rangefinder.core.CancellationToken;
import io.rangefinder.engine.RangeEngineConfig;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.PutOptions;
import io.rangefinder.testing.FaultProxy;
import io.rangefinder.testing.S3ProxyServer;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The tuner against the exhaustive grid on links whose knee is known: range reads of S3Proxy
 * through the shaping proxy. The grid runs each setting as its own benchmark for a fixed hold
 * (what a user without the tuner does); the tuner searches one running benchmark.
 */
class TunerOnShapedLinksTest {

    private static final int SIZE = 64 << 20;
    private static final List<Integer> LADDER = Tuner.Options.ladder(1, 32);
    private static final Duration HOLD = Duration.ofSeconds(3);
    /** A fresh run's connections start in step and idle together on each request's latency; 1 s lets them spread. */
    private static final Duration WARM_UP = Duration.ofSeconds(1);

    private static RangeEngineConfig config(int concurrency) {
        return RangeEngineConfig.defaults().withChunkSize(256 << 10).withMinSplitSize(256 << 10)
                .withMaxConcurrentRanges(concurrency);
    }

    /** One setting, as its own run held for {@link #HOLD}: bytes over the time after a warm-up. */
    private static double held(S3Store store, ObjectUri uri, int concurrency) throws Exception {
        RangeBench bench = new RangeBench(store, uri, config(concurrency), 1_000_000);
        CancellationToken run = CancellationToken.create();
        CompletableFuture<BenchResult> result = CompletableFuture.supplyAsync(() -> bench.run(run));
        Tuner.Knob counter = TuneKnobs.rangeConcurrency(bench, config(concurrency));
        Thread.sleep(WARM_UP.toMillis());
        long b0 = counter.bytes();
        long t0 = System.nanoTime();
        Thread.sleep(HOLD.minus(WARM_UP).toMillis());
        double mbps = (counter.bytes() - b0) / 1e6 / ((System.nanoTime() - t0) / 1e9);
        run.cancel("held");
        result.get();
        return mbps;
    }

    @ParameterizedTest(name = "{0} MB/s per connection, {1} MB/s in all, {2}±{3} ms a request")
    @CsvSource({"4, 16, 20, 5", "10, 30, 5, 1", "4, 16, 20, 15"})
    void thePickReaches90PercentOfTheGridsBestInAThirdOfItsTime(int perConnection, int total, int latencyMs,
                                                                int jitterMs) throws Exception {
        S3ProxyServer server = S3ProxyServer.get();
        String bucket = "rf-tune-" + UUID.randomUUID().toString().substring(0, 8);
        try (S3Store direct = S3Store.open(server.profile(), true);
             FaultProxy proxy = FaultProxy.forEndpoint(server.endpoint());
             S3Store shaped = S3Store.open(server.profile().toBuilder().endpoint(proxy.endpoint()).build(), true)) {
            direct.createContainer(bucket);
            direct.put(bucket, "obj", new ByteArrayInputStream(new byte[SIZE]), SIZE, PutOptions.DEFAULT);
            proxy.requestLatency(Duration.ofMillis(latencyMs), Duration.ofMillis(jitterMs))
                    .perConnectionBandwidth(perConnection * 1_000_000L)
                    .bandwidth(total * 1_000_000L);
            ObjectUri uri = ObjectUri.parse("s3://" + bucket + "/obj");

            long g0 = System.nanoTime();
            Map<Integer, Double> grid = new LinkedHashMap<>();
            for (int v : LADDER) {
                grid.put(v, held(shaped, uri, v));
            }
            double gridSeconds = (System.nanoTime() - g0) / 1e9;
            double gridBest = grid.values().stream().mapToDouble(d -> d).max().orElseThrow();

            RangeBench bench = new RangeBench(shaped, uri, config(1), 1_000_000);
            CancellationToken run = CancellationToken.create();
            CompletableFuture<BenchResult> result = CompletableFuture.supplyAsync(() -> bench.run(run));
            long t0 = System.nanoTime();
            Tuner.Result tuned = new Tuner(Tuner.Options.upTo(32).withWindow(Duration.ofMillis(100)))
                    .tune(TuneKnobs.rangeConcurrency(bench, config(1)), CancellationToken.create(), null);
            double tuneSeconds = (System.nanoTime() - t0) / 1e9;
            run.cancel("tuned");
            result.get();

            String report = "grid " + grid + " in " + Math.round(gridSeconds) + " s; tuner " + tuned.reason()
                    + " in " + Math.round(tuneSeconds * 10) / 10.0 + " s; steps " + tuned.points().stream()
                    .map(p -> String.format(java.util.Locale.ROOT, "%s %d: %.1f±%.1f (%d readings, %.2f s)", p.phase(),
                            p.value(), p.mbPerSec(), p.stddev(), p.windows(), p.endT() - p.startT()))
                    .toList();
            System.out.println(report);
            assertThat(tuned.status()).isEqualTo("ok");
            assertThat(grid.get(tuned.recommended())).as(report).isGreaterThanOrEqualTo(0.9 * gridBest);
            assertThat(tuneSeconds).as(report).isLessThanOrEqualTo(gridSeconds / 3);
            // the grid's own knee, by the same rule: the tuner's may differ by one step of the ladder at most
            int gridKnee = grid.entrySet().stream().filter(e -> e.getValue() >= 0.95 * gridBest).findFirst().orElseThrow().getKey();
            assertThat(Math.abs(LADDER.indexOf(gridKnee) - LADDER.indexOf(tuned.recommended()))).as(report).isLessThanOrEqualTo(1);
        }
    }
}
