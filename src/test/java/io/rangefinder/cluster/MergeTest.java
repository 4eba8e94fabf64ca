package io.rangefinder.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.rangefinder.bench.BenchResult;
import io.rangefinder.bench.Histograms;
import io.rangefinder.bench.RunStore;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.PutOptions;
import io.rangefinder.testing.EveryStore;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Workers' results added up: exact percentiles, totals, the wall clock, failed and slow workers. */
class MergeTest {

    @TempDir
    Path dir;

    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00.000Z");

    /** A put worker's final result: {@code n} latencies drawn from its own distribution, samples at 10 Hz. */
    private static BenchResult worker(int rank, int world, Instant start, double seconds, int n, double meanMs, long seed,
                                      String status, Histogram union) {
        Histogram h = Histograms.empty();
        Random rnd = new Random(seed);
        for (int i = 0; i < n; i++) {
            long micros = Math.max(1, (long) (meanMs * 1000 * (0.2 + rnd.nextDouble() * 1.6) + (rnd.nextInt(100) == 0 ? 40_000 : 0)));
            h.recordValue(micros);
            if (union != null) {
                union.recordValue(micros);
            }
        }
        long bytes = n * 16384L;
        List<BenchResult.Sample> series = new ArrayList<>();
        for (int i = 1; i <= seconds * 10; i++) {
            series.add(new BenchResult.Sample(i / 10.0, bytes / 1e6 / seconds, n / seconds, 4, 4, 0, 0, 1, 2, 0));
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("rank", rank);
        settings.put("world", world);
        settings.put("launcher", "test");
        settings.put("host", "node-" + rank);
        return new BenchResult("put", "s3://b/p/rank-0000" + rank + "/", start.toString(), "t", 2, bytes, n, seconds,
                bytes / 1e6 / seconds, n / seconds, 4, Histograms.latency(h), 0, 0, status, settings, null, series, null)
                .withOperations(Map.of("put", new BenchResult.Operation(n, bytes, 0, Histograms.latency(h), Histograms.encode(h))));
    }

    private static BenchResult live(BenchResult r, double seconds) {
        return new BenchResult(r.kind(), r.uri(), r.startedAt(), r.version(), r.cores(), r.bytes() / 2, r.objects() / 2, seconds,
                r.mbPerSec(), r.opsPerSec(), r.concurrency(), r.latencyMs(), 0, 0, "running", r.settings(), null,
                r.series().subList(0, (int) (seconds * 10)), null);
    }

    @Test
    void theMergedPercentilesAreThoseOfOneHistogramOverEverySample() {
        Histogram union = Histograms.empty();
        List<BenchResult> finals = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            finals.add(worker(r, 4, T0.plusMillis(r * 3), 10, 2000 + 500 * r, 5 + 10 * r, r, "ok", union));
        }
        Merge.Outcome o = Merge.merge(finals, List.of(), null);
        assertThat(o.complete()).isTrue();
        BenchResult m = o.merged();
        BenchResult.Latency exact = Histograms.latency(union);
        assertThat(m.operations().get("put").latencyMs()).isEqualTo(exact);
        assertThat(m.latencyMs()).isEqualTo(exact);
        // not what averaging the workers' p99s gives
        double meanOfP99 = finals.stream().mapToDouble(f -> f.latencyMs().p99()).average().orElseThrow();
        assertThat(m.latencyMs().p99()).isNotEqualTo(meanOfP99);
        assertThat(m.objects()).isEqualTo(2000 + 2500 + 3000 + 3500);
        assertThat(m.bytes()).isEqualTo(11_000L * 16384);
        assertThat(m.operations().get("put").count()).isEqualTo(11_000);
        assertThat(m.status()).isEqualTo("ok");
        assertThat(((Number) m.settings().get("startSpreadMs")).doubleValue()).isEqualTo(9.0);
        assertThat(m.settings()).containsEntry("world", 4).doesNotContainKeys("rank", "host");
        assertThat(o.workers()).extracting(Merge.Worker::state).containsOnly("ok");
    }

    @Test
    void theSeriesIsTheWholeClusterOnTheWallClock() {
        // worker 1 starts 3 s after worker 0; both run 4 s at a steady rate
        BenchResult a = worker(0, 2, T0, 4, 400, 5, 1, "ok", null);
        BenchResult b = worker(1, 2, T0.plusSeconds(3), 4, 400, 5, 2, "ok", null);
        Merge.Outcome o = Merge.merge(List.of(a, b), List.of(), null);
        List<BenchResult.Sample> s = o.merged().series();
        double each = a.mbPerSec();
        assertThat(o.merged().seconds()).isEqualTo(7.0);
        assertThat(s).hasSize(7);
        assertThat(s.get(0).mbPerSec()).isCloseTo(each, org.assertj.core.data.Offset.offset(1e-6));       // 0-1 s: a alone
        assertThat(s.get(3).mbPerSec()).isCloseTo(2 * each, org.assertj.core.data.Offset.offset(1e-6));   // 3-4 s: both
        assertThat(s.get(6).mbPerSec()).isCloseTo(each, org.assertj.core.data.Offset.offset(1e-6));       // 6-7 s: b alone
        assertThat(o.merged().workers()).hasSize(2);
        assertThat(o.merged().workers().get(1).series().getFirst().t()).isEqualTo(4.0); // b's first second ends at 4 s
    }

    @Test
    void aWorkerWithOnlyALiveSnapshotIsFailedAndItsDataKept() {
        List<BenchResult> finals = new ArrayList<>();
        BenchResult dead = null;
        for (int r = 0; r < 3; r++) {
            BenchResult w = worker(r, 3, T0, 6, 600, 5, r, "ok", null);
            if (r == 1) {
                dead = live(w, 3);
            } else {
                finals.add(w);
            }
        }
        Merge.Outcome o = Merge.merge(finals, List.of(dead), null);
        assertThat(o.complete()).isFalse();
        assertThat(o.workers().get(1).state()).startsWith("failed").contains("last seen 10:00:03");
        assertThat(o.workers().get(1).running()).isTrue();
        assertThat(o.merged().status()).startsWith("incomplete").contains("rank 1");
        assertThat(o.merged().objects()).isEqualTo(600 + 300 + 600);
        assertThat(o.summary()).contains("2 of 3 workers ok").contains("rank 1");
    }

    @Test
    void aRankWithNothingAtAllIsFailedToo() {
        Merge.Outcome o = Merge.merge(List.of(worker(0, 3, T0, 2, 100, 5, 1, "ok", null),
                worker(2, 3, T0, 2, 100, 5, 2, "ok", null)), List.of(), null);
        assertThat(o.complete()).isFalse();
        assertThat(o.workers()).hasSize(3);
        assertThat(o.workers().get(1).state()).startsWith("failed: never reported");
        // a failed run of its own is not ok either
        Merge.Outcome failed = Merge.merge(List.of(worker(0, 2, T0, 2, 100, 5, 1, "ok", null),
                worker(1, 2, T0, 2, 100, 5, 2, "failed: disk full", null)), List.of(), null);
        assertThat(failed.complete()).isFalse();
        assertThat(failed.workers().get(1).state()).isEqualTo("failed: disk full");
    }

    @Test
    void aSlowWorkerIsFlaggedAsAStraggler() {
        List<BenchResult> finals = new ArrayList<>();
        for (int r = 0; r < 5; r++) {
            finals.add(worker(r, 5, T0, r == 3 ? 30 : 10, 1000, 5, r, "ok", null));
        }
        Merge.Outcome o = Merge.merge(finals, List.of(), null);
        assertThat(o.workers()).filteredOn(Merge.Worker::straggler).extracting(Merge.Worker::rank).containsExactly(3);
        assertThat(o.merged().settings().get("stragglers")).isEqualTo(List.of(3));
    }

    @Test
    void readFindsTheWorkersUnderTheResultsPrefixOnARealStore() throws Exception {
        String container = "merge-" + Long.toHexString(System.nanoTime());
        try (ObjectStore store = EveryStore.open("s3", container, dir)) {
            store.createContainer(container);
            ObjectUri results = EveryStore.uri("s3", container, "runs/r1/");
            Histogram union = Histograms.empty();
            for (int r = 0; r < 3; r++) {
                write(store, container, ResultsWriter.finalKey(results, r), worker(r, 3, T0, 5, 300, 5, r, "ok", union));
                write(store, container, ResultsWriter.liveKey(results, r), live(worker(r, 3, T0, 5, 300, 5, r, "ok", null), 2));
            }
            byte[] junk = "{}".getBytes(StandardCharsets.UTF_8);
            store.put(container, "runs/r1/_rendezvous/rank-00000", new ByteArrayInputStream(junk), junk.length, PutOptions.contentType("application/json"));
            Merge.Outcome o = Merge.read(store, results);
            assertThat(o.complete()).isTrue();
            assertThat(o.merged().objects()).isEqualTo(900);
            assertThat(o.merged().latencyMs()).isEqualTo(Histograms.latency(union));
            // the merged result is a run like any other: it survives the lab's JSON
            BenchResult back = RunStore.parse(RunStore.toJson(o.merged()));
            assertThat(back.workers()).hasSize(3);
            assertThat(back.operations().get("put").latencyMs()).isEqualTo(o.merged().operations().get("put").latencyMs());
        }
    }

    private static void write(ObjectStore store, String container, String key, BenchResult r) {
        byte[] json = RunStore.toJson(r).getBytes(StandardCharsets.UTF_8);
        store.put(container, key, new ByteArrayInputStream(json), json.length, PutOptions.contentType("application/json"));
    }
}
