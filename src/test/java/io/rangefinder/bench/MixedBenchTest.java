package io.rangefinder.bench;

import io.rangefinder.core.CancellationToken;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.file.FileStore;
import io.rangefinder.testing.EveryStore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MixedBenchTest {

    @TempDir
    Path dir;

    @Test
    void aMixIsReadAndBadOnesAreRefusedClearly() {
        assertThat(MixedBench.parseMix("get=60,put=20,stat=10,list=5,delete=5")).containsEntry(MixedBench.Op.GET, 60)
                .containsEntry(MixedBench.Op.DELETE, 5).hasSize(5);
        assertThat(MixedBench.parseMix(" GET = 3 , put=1")).hasSize(2);
        assertThatThrownBy(() -> MixedBench.parseMix("get=60,copy=40")).hasMessage("unknown operation 'copy': use get, put, stat, list and delete");
        assertThatThrownBy(() -> MixedBench.parseMix("get=sixty")).hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> MixedBench.parseMix("get=1,get=2")).hasMessageContaining("twice");
        assertThatThrownBy(() -> MixedBench.parseMix("get=0,put=0")).hasMessageContaining("every weight is 0");
        assertThatThrownBy(() -> MixedBench.parseMix("get")).hasMessageContaining("is not op=weight");
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "s3", "az", "gs"})
    void theObjectSetStaysConsistentAndEveryOperationIsCounted(String scheme) throws Exception {
        String container = "mixed-" + scheme + "-" + Long.toHexString(System.nanoTime());
        try (ObjectStore store = EveryStore.open(scheme, container, dir)) {
            store.createContainer(container);
            MixedBench.Config config = new MixedBench.Config(Duration.ofSeconds(2),
                    MixedBench.parseMix("get=40,put=25,stat=10,list=5,delete=20"),
                    SizeDistribution.parse("uniform(1KiB,32KiB)"), 5, 8, 30, 0, false, true);
            MixedBench bench = new MixedBench(store, EveryStore.uri(scheme, container, "mix/"), config);
            BenchResult r = bench.run(CancellationToken.create());
            assertThat(r.status()).isEqualTo("ok");
            assertThat(r.errors()).as("no 404 belongs to a consistent workload: %s", r.settings().get("firstErrors")).isZero();
            Map<String, BenchResult.Operation> ops = r.operations();
            assertThat(ops.keySet()).containsExactly("get", "put", "stat", "list", "delete");
            long sum = ops.values().stream().mapToLong(BenchResult.Operation::count).sum();
            assertThat(r.objects()).isEqualTo(sum);
            for (BenchResult.Operation op : ops.values()) {
                assertThat(op.count()).isPositive();
                assertThat(Histograms.decode(op.histogram()).getTotalCount()).isEqualTo(op.count());
            }
            // what is left is what was written minus what was deleted
            long left = EveryStore.list(store, container, bench.folder()).size();
            assertThat(left).isEqualTo(30 + ops.get("put").count() - ops.get("delete").count());
        }
    }

    @Test
    void anOpenLoopRunKeepsToItsRateAndCanBeRetuned() {
        try (ObjectStore store = new FileStore(dir)) {
            store.createContainer("c");
            MixedBench.Config config = new MixedBench.Config(Duration.ofSeconds(3), MixedBench.parseMix("stat=1"),
                    new SizeDistribution.Fixed(100), 1, 16, 10, 100, false, false);
            MixedBench bench = new MixedBench(store, ObjectUri.parse("file:///c/"), config);
            Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(1500);
                } catch (InterruptedException e) {
                    return;
                }
                bench.setRate(300);
            });
            BenchResult r = bench.run(CancellationToken.create());
            // 1.5 s at 100/s and 1.5 s at 300/s: about 600 stats, never much more (the pacer caps it)
            assertThat(r.operations().get("stat").count()).isBetween(300L, 640L);
            assertThat(r.marks()).extracting(BenchResult.Mark::what).containsExactly("rate");
            assertThat(r.settings()).containsKeys("achievedRate", "rateShortfall").containsEntry("arrivals", "fixed");
            assertThat(EveryStore.list(store, "c", bench.folder())).as("cleaned up").isEmpty();
        }
    }
}
