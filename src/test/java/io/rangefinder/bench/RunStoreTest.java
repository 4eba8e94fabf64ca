package io.rangefinder.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rangefinder.cli.RangefinderCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStoreTest {

    @TempDir
    Path dir;

    static BenchResult result(String startedAt, String uri) {
        return new BenchResult("range", uri, startedAt, "test", 2, 1000, 1, 1.0, 0.001, 1, 4,
                new BenchResult.Latency(1, 2, 3, 4, 5), 0, 0, "ok", Map.of("chunkSize", 8, "source", uri), null,
                List.of(new BenchResult.Sample(0.1, 10, 2, 3, 4, 0, 0, 1, 2, 0),
                        new BenchResult.Sample(0.2, 11, 2, 3, 4, 0, 0, 1, 2, 0)),
                List.of(new BenchResult.Mark(0.15, "concurrency", 8)));
    }

    @Test
    void savesListsAndLoadsNewestFirstWithoutQueryStrings() {
        RunStore store = new RunStore(dir.resolve("runs"));
        Path a = store.save(result("2025-01-01T00:00:00Z", "az://acct/c/k?sv=2020&sig=SECRET"));
        Path b = store.save(result("2025-01-02T00:00:00Z", "s3://b/k"));
        Path c = store.save(result("2025-01-02T00:00:00Z", "s3://b/k"));
        assertThat(List.of(a, b, c)).doesNotHaveDuplicates();
        List<RunStore.Entry> runs = store.list();
        assertThat(runs).hasSize(3);
        assertThat(runs.getFirst().result().startedAt()).isEqualTo("2025-01-02T00:00:00Z");
        BenchResult loaded = store.load(a);
        assertThat(loaded.uri()).isEqualTo("az://acct/c/k");
        assertThat(loaded.settings().get("source")).isEqualTo("az://acct/c/k");
        assertThat(loaded.series()).hasSize(2);
        assertThat(loaded.marks()).containsExactly(new BenchResult.Mark(0.15, "concurrency", 8));
        assertThat(RunStore.toJson(loaded)).doesNotContain("SECRET");
    }

    @Test
    void csvHasAHeaderAndOneRowPerSample() throws Exception {
        Path csv = dir.resolve("out/run.csv");
        RunStore.writeCsv(result("x", "s3://b/k"), csv);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(3);
        assertThat(lines.getFirst()).startsWith("t,mbPerSec,opsPerSec,inFlight,limit");
        assertThat(lines.get(1)).startsWith("0.100,10.000,2.000,3,4");
    }

    @Test
    void rejectsFilesThatAreNotResultsAndListSkipsThem() throws Exception {
        RunStore store = new RunStore(dir);
        Files.writeString(dir.resolve("junk.json"), "{\"hello\": 1}");
        Files.writeString(dir.resolve("broken.json"), "{");
        assertThat(store.list()).isEmpty();
        assertThatThrownBy(() -> store.importFile(dir.resolve("broken.json"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCliResultImportsAsIs() throws Exception {
        Path object = dir.resolve("data.bin");
        try (var out = Files.newOutputStream(object)) {
            new SyntheticData(4 << 20, 1).transferTo(out);
        }
        Path json = dir.resolve("cli.json");
        StringWriter err = new StringWriter();
        int code = RangefinderCli.run(new String[] {"bench", "range", object.toUri().toString(), "--chunk-size", "1MiB",
                "-c", "4", "--min-split", "1MiB", "--json", "-o", json.toString()}, new PrintWriter(new StringWriter()),
                new PrintWriter(err));
        assertThat(code).as(err.toString()).isZero();
        RunStore store = new RunStore(dir.resolve("runs"));
        Path copy = store.importFile(json);
        BenchResult r = store.load(copy);
        assertThat(r.kind()).isEqualTo("range");
        assertThat(r.bytes()).isEqualTo(4 << 20);
        assertThat(r.status()).isEqualTo("ok");
        assertThat(store.list()).extracting(RunStore.Entry::file).containsExactly(copy);
    }
}
