package io.rangefinder.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rangefinder.bench.BenchResult;
import io.rangefinder.bench.PutBench;
import io.rangefinder.bench.RunStore;
import io.rangefinder.bench.SizeDistribution;
import io.rangefinder.core.CancellationToken;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.testing.EveryStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A worker's results on a real store: a live snapshot each second while it runs, then the final result, both saying who wrote them. */
class ResultsWriterTest {

    @TempDir
    Path dir;

    private static BenchResult read(ObjectStore store, String container, String key) throws Exception {
        try (InputStream in = store.get(container, key)) {
            return RunStore.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "s3"})
    void writesALiveSnapshotWhileItRunsAndTheFinalResultAfter(String scheme) throws Exception {
        String container = "results-" + scheme + "-" + Long.toHexString(System.nanoTime());
        try (ObjectStore store = EveryStore.open(scheme, container, dir)) {
            store.createContainer(container);
            ObjectUri results = EveryStore.uri(scheme, container, "results/run-1/");
            ObjectUri data = EveryStore.uri(scheme, container, "data/");
            // a put run slowed to 20 objects/s so it lasts a few seconds
            PutBench bench = new PutBench(store, data, PutBench.Config.of(80, new SizeDistribution.Fixed(4096))
                    .withObjectsInFlight(2)).withRate(20, false);
            Map<String, Object> identity = Map.of("rank", 3, "world", 4, "launcher", "test", "host", "here");
            try (ResultsWriter writer = new ResultsWriter(store, results, 3, identity)) {
                writer.follow(bench);
                CompletableFuture<BenchResult> run = CompletableFuture.supplyAsync(() -> bench.run(CancellationToken.create()));
                String liveKey = ResultsWriter.liveKey(results, 3);
                assertThat(liveKey).endsWith("results/run-1/live/rank-00003.json");
                BenchResult live = await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                        .until(() -> read(store, container, liveKey), r -> r.objects() > 0);
                assertThat(live.status()).isEqualTo("running");
                assertThat(live.kind()).isEqualTo("put");
                assertThat(live.settings()).containsEntry("rank", 3).containsEntry("world", 4);
                assertThat(live.objects()).isLessThan(80);
                assertThat(live.series()).isNotEmpty();
                BenchResult done = writer.writeFinal(run.get(60, TimeUnit.SECONDS));
                BenchResult stored = read(store, container, ResultsWriter.finalKey(results, 3));
                assertThat(stored.status()).isEqualTo("ok");
                assertThat(stored.objects()).isEqualTo(80);
                assertThat(stored.settings()).containsEntry("rank", 3).containsEntry("launcher", "test");
                assertThat(stored.operations()).containsKey("put");
                assertThat(stored.operations().get("put").histogram()).isEqualTo(done.operations().get("put").histogram());
                assertThat(stored.startedAt()).isEqualTo(live.startedAt());
            }
        }
    }
}
