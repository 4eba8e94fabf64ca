package io.rangefinder.bench;

import io.rangefinder.core.CancellationToken;
import io.rangefinder.engine.RangeEngineConfig;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.file.FileStore;
import io.rangefinder.testing.Gen;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Latency kept as histograms: repeats merge exactly, the encoding round-trips, old result files still read. */
class ExactLatencyTest {

    @Test
    void mergedHistogramsEqualOneRecordedOverTheUnion() {
        Gen.forAll(200, g -> {
            List<List<Long>> parts = new ArrayList<>();
            for (int i = g.between(1, 5); i > 0; i--) {
                List<Long> values = new ArrayList<>();
                for (int j = g.between(0, 300); j > 0; j--) {
                    values.add(g.between(1L, 5_000_000L));
                }
                parts.add(values);
            }
            return parts;
        }, parts -> {
            Histogram union = Histograms.empty();
            List<Histogram> separate = new ArrayList<>();
            for (List<Long> part : parts) {
                Histogram h = Histograms.empty();
                part.forEach(v -> {
                    h.recordValue(v);
                    union.recordValue(v);
                });
                separate.add(Histograms.decode(Histograms.encode(h))); // through the file format
            }
            Histogram merged = Histograms.merge(separate);
            assertThat(merged).isEqualTo(union);
            assertThat(Histograms.latency(merged)).isEqualTo(Histograms.latency(union));
        });
    }

    @Test
    void rangeRepeatsReportPercentilesOfEveryRangeNotTheWorstRepeat(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("c"));
        Files.write(data.resolve("obj"), new byte[4 << 20]);
        try (FileStore store = new FileStore(dir)) {
            RangeBench bench = new RangeBench(store, ObjectUri.parse("file:///c/obj"),
                    RangeEngineConfig.defaults().withChunkSize(256 << 10).withMinSplitSize(256 << 10), 3);
            BenchResult r = bench.run(CancellationToken.create());
            assertThat(r.schema()).isEqualTo(BenchResult.SCHEMA_VERSION);
            BenchResult.Operation get = r.operations().get("get");
            assertThat(get.count()).as("16 ranges × 3 repeats").isEqualTo(48);
            assertThat(get.bytes()).isEqualTo(3L * (4 << 20));
            Histogram h = Histograms.decode(get.histogram());
            assertThat(h.getTotalCount()).isEqualTo(48);
            assertThat(r.latencyMs()).isEqualTo(Histograms.latency(h)).isEqualTo(get.latencyMs());

            // the file format keeps it, and a file of the old schema still reads
            BenchResult back = RunStore.parse(RunStore.toJson(r));
            assertThat(back.operations().get("get").histogram()).isEqualTo(get.histogram());
            assertThat(back.schema()).isEqualTo(2);
            var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
            var tree = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(RunStore.toJson(r));
            tree.remove("schemaVersion");
            tree.remove("operations");
            String old = mapper.writeValueAsString(tree);
            BenchResult older = RunStore.parse(old);
            assertThat(older.schema()).isEqualTo(1);
            assertThat(older.operations()).isNull();
            assertThat(older.latencyMs()).isEqualTo(r.latencyMs());
        }
    }

    @Test
    void aBrokenHistogramIsAClearError() {
        assertThatThrownBy(() -> Histograms.decode("not base64 at all!")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not an encoded latency histogram");
    }
}
