package io.rangefinder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rangefinder.bench.SyntheticData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ArrayList;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.io.TempDir;

/** The CLI run in-process on real temp files: output, JSON, exit codes and error lines. */
class CliTest {

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
        JsonNode json() throws Exception {
            return Json.MAPPER.readTree(out);
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = RangefinderCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void versionAndHelp() {
        Result v = run("--version");
        assertThat(v.code()).isZero();
        assertThat(v.out()).startsWith("rangefinder ").contains("Java 25");
        Result h = run("--help");
        assertThat(h.code()).isZero();
        assertThat(h.out()).contains("ls", "stat", "get", "put", "rm", "gen", "bench");
        assertThat(run("bench", "loader", "--help").out()).contains("--batch", "--pool", "--prefetch", "--ordered");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"s3", "az", "gs"})
    void aServerThatAcceptsAndNeverAnswersIsGivenUpAfterTheTimeout(String store) throws Exception {
        // the kernel completes the connections into the backlog; nobody ever reads or answers
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String endpoint = "http://127.0.0.1:" + silent.getLocalPort();
            String bucket = switch (store) {
                case "az" -> {
                    endpoint += "/devstoreaccount1";
                    yield "az://devstoreaccount1/bucket";
                }
                default -> store + "://bucket";
            };
            for (String[] command : new String[][] {{"ls", bucket + "/"}, {"stat", bucket + "/key.bin"},
                    {"rm", bucket + "/key.bin"}, {"mb", bucket.replace("bucket", "new-bucket")}}) {
                long start = System.nanoTime();
                List<String> args = new ArrayList<>(List.of("--endpoint-url", endpoint, "--no-sign-request",
                        "--region", "us-east-1", "--timeout", "2"));
                args.addAll(List.of(command));
                Result r = run(args.toArray(String[]::new));
                double seconds = (System.nanoTime() - start) / 1e9;
                assertThat(r.code()).as("%s: %s", command[0], r.err()).isEqualTo(1);
                assertThat(r.err()).as(command[0]).startsWith("error: ").contains("(the connection's timeout)")
                        .contains("--timeout");
                // before, each waited a 60 s read timeout, once per attempt of the client: minutes
                assertThat(seconds).as("%s gave up after %.1f s", command[0], seconds).isLessThan(30);
            }
        }
        assertThat(run("--timeout", "0", "ls", "s3://bucket/").err()).contains("--timeout must be a positive number");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run("frobnicate").code()).isEqualTo(2);
        assertThat(run("get", "only-one-arg").code()).isEqualTo(2);
        assertThat(run("gen", dir.toString(), "--count", "x", "--size", "1").code()).isEqualTo(2);
    }

    @Test
    void failuresExitOneWithOneClearLineAndNoStackTrace() {
        Result r = run("stat", dir.resolve("missing.bin").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("error: ").contains("missing.bin").doesNotContain("\n").doesNotContain("\tat ");
        Result verbose = run("--verbose", "stat", dir.resolve("missing.bin").toString());
        assertThat(verbose.err()).contains("\tat ");
        Result bad = run("ls", "ftp://host/x");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("unsupported scheme 'ftp'");
    }

    @Test
    void putStatLsGetRmRoundTrip() throws Exception {
        Path src = dir.resolve("src.bin");
        Files.write(src, SyntheticData.bytes(3_000_000, 1));
        Path store = Files.createDirectories(dir.resolve("bucket"));
        String uri = store.toUri().toString() + "data/";

        assertThat(run("put", src.toString(), uri).code()).isZero();
        Result stat = run("stat", "--json", uri + "src.bin");
        assertThat(stat.code()).isZero();
        assertThat(stat.json().get("size").asLong()).isEqualTo(3_000_000);

        Result ls = run("ls", uri);
        assertThat(ls.out()).contains("src.bin").contains("3000000");
        assertThat(run("ls", store.toUri().toString()).out()).contains("PRE").contains("data/");

        Path dest = Files.createDirectories(dir.resolve("downloads"));
        Result get = run("get", "--chunk-size", "1MiB", "--min-split", "1MiB", "-c", "3", "--json", uri + "src.bin", dest.toString());
        assertThat(get.code()).as(get.err()).isZero();
        assertThat(get.json().get("ranges").asInt()).isEqualTo(3);
        assertThat(Files.mismatch(src, dest.resolve("src.bin"))).isEqualTo(-1);

        assertThat(run("rm", uri).code()).isEqualTo(1); // a prefix needs --recursive
        assertThat(run("rm", uri + "src.bin").code()).isZero();
        assertThat(run("stat", uri + "src.bin").code()).isEqualTo(1);
    }

    @Test
    void genAndBothBenchmarksPrintTheDocumentedJson() throws Exception {
        Path data = Files.createDirectories(dir.resolve("bucket"));
        String prefix = data.toUri().toString() + "ds/";
        Result gen = run("gen", prefix, "--count", "200", "--size", "8KiB");
        assertThat(gen.code()).as(gen.err()).isZero();
        try (Stream<Path> files = Files.list(data.resolve("ds"))) {
            assertThat(files.count()).isEqualTo(200);
        }

        Result loader = run("bench", "loader", prefix, "--batch", "16", "--pool", "8", "--prefetch", "2", "--json");
        assertThat(loader.code()).as(loader.err()).isZero();
        JsonNode l = loader.json();
        assertDocumentedFields(l, "loader");
        assertThat(l.get("objects").asLong()).isEqualTo(200);
        assertThat(l.get("bytes").asLong()).isEqualTo(200 * 8192);
        assertThat(l.get("concurrency").asInt()).isEqualTo(8);
        // schema 2: every item's latency in one exact histogram
        assertThat(l.get("schemaVersion").asInt()).isEqualTo(2);
        assertThat(l.get("operations").get("get").get("count").asLong()).isEqualTo(200);
        assertThat(io.rangefinder.bench.Histograms.decode(l.get("operations").get("get").get("histogram").asText())
                .getTotalCount()).isEqualTo(200);

        // sizes from a distribution: object i has the size the distribution gives it
        Result mixedSizes = run("gen", data.toUri() + "sizes/", "--count", "20", "--size", "uniform(1KiB,4KiB)", "--seed", "3");
        assertThat(mixedSizes.code()).as(mixedSizes.err()).isZero();
        var dist = io.rangefinder.bench.SizeDistribution.parse("uniform(1KiB,4KiB)");
        for (int i = 0; i < 20; i++) {
            assertThat(Files.size(data.resolve("sizes").resolve(String.format("obj-%06d.bin", i)))).isEqualTo(dist.sizeOf(3, i));
        }
        assertThat(run("gen", data.toUri() + "sizes/", "--count", "2", "--size", "lognormal(mean=1KiB)").err())
                .startsWith("error: lognormal needs mean= and stddev=");

        Result ordered = run("bench", "loader", prefix, "--batch", "16", "--ordered", "--json");
        assertThat(ordered.json().get("settings").get("loader").asText()).isEqualTo("ordered");

        Path big = data.resolve("big.bin");
        Files.write(big, SyntheticData.bytes(4 << 20, 2));
        Path saved = dir.resolve("results/range.json");
        Result range = run("bench", "range", big.toString(), "--chunk-size", "1MiB", "--min-split", "1MiB", "-c", "2",
                "--repeats", "2", "--json", "-o", saved.toString());
        assertThat(range.code()).as(range.err()).isZero();
        JsonNode r = range.json();
        assertDocumentedFields(r, "range");
        assertThat(r.get("bytes").asLong()).isEqualTo(2L * (4 << 20));
        assertThat(r.get("repeats")).hasSize(2);
        assertThat(r.get("concurrency").asInt()).isEqualTo(2);
        assertThat(Json.MAPPER.readTree(saved.toFile())).isEqualTo(r);
    }

    @Test
    void loaderBenchTakesEpochShuffleDeadlineAndRangedReadOptions() throws Exception {
        Path data = Files.createDirectories(dir.resolve("bucket"));
        String prefix = data.toUri().toString() + "ds/";
        assertThat(run("gen", prefix, "--count", "200", "--size", "8KiB").code()).isZero();
        assertThat(run("bench", "loader", "--help").out()).contains("--shuffle", "--seed", "--drop-last", "--item-timeout",
                "--ranged-part-size", "--ranged-parts", "--retries");

        Result r = run("bench", "loader", prefix, "--batch", "16", "--pool", "4", "--epochs", "2", "--shuffle", "--seed", "3",
                "--drop-last", "--item-timeout", "5", "--ranged-part-size", "4KiB", "--ranged-parts", "2", "--retries", "1",
                "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = r.json();
        assertDocumentedFields(j, "loader");
        JsonNode s = j.get("settings");
        // 200 = 12 × 16 + 8 per epoch: drop-last keeps 12 full batches of each epoch (not 25 across both).
        assertThat(s.get("batches").asLong()).isEqualTo(24);
        assertThat(s.get("shuffle").asBoolean()).isTrue();
        assertThat(s.get("seed").asLong()).isEqualTo(3);
        assertThat(s.get("dropLast").asBoolean()).isTrue();
        assertThat(s.get("retries").asInt()).isEqualTo(1);
        assertThat(s.get("itemTimeoutMs").asLong()).isEqualTo(5000);
        assertThat(s.get("reads").asText()).isEqualTo("ranged");
        assertThat(s.get("rangedPartSize").asLong()).isEqualTo(4096);
        assertThat(s.get("rangedParts").asInt()).isEqualTo(2);
        assertThat(j.get("bytes").asLong()).isEqualTo(2L * 200 * 8192);

        Result partsAlone = run("bench", "loader", prefix, "--ranged-parts", "2");
        assertThat(partsAlone.code()).isNotZero();
        assertThat(partsAlone.err()).contains("--ranged-part-size");
    }

    private static void assertDocumentedFields(JsonNode n, String kind) {
        assertThat(n.get("kind").asText()).isEqualTo(kind);
        for (String f : new String[] {"uri", "bytes", "objects", "seconds", "mbPerSec", "opsPerSec", "concurrency"}) {
            assertThat(n.has(f)).as("field %s", f).isTrue();
        }
        assertThat(n.get("seconds").asDouble()).isPositive();
        assertThat(n.get("mbPerSec").asDouble()).isPositive();
        JsonNode lat = n.get("latencyMs");
        for (String p : new String[] {"p50", "p90", "p99", "max"}) {
            assertThat(lat.has(p)).as("latency %s", p).isTrue();
        }
        assertThat(lat.get("max").asDouble()).isGreaterThanOrEqualTo(lat.get("p50").asDouble());
        assertThat(n.get("status").asText()).isEqualTo("ok");
    }

    @Test
    void batchRunsEveryLineInOneProcessAndStopsAtTheFirstFailure() throws Exception {
        java.nio.file.Path script = dir.resolve("cmds.txt");
        java.nio.file.Path data = dir.resolve("data dir");
        java.nio.file.Files.writeString(script, String.join("\n",
                "# make a dataset, then read it back",
                "gen '" + data + "' --count 3 --size 1KiB",
                "",
                "ls \"" + data + "/\"   # a comment after the words",
                "stat '" + data.resolve("missing.bin") + "'",
                "ls '" + data + "/'"));

        Result r = run("batch", script.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(java.nio.file.Files.list(data).count()).isEqualTo(3);
        assertThat(r.out()).contains("obj-000002.bin");
        assertThat(r.err()).contains("missing.bin").contains("stopped at line 5");

        Result all = run("batch", "--keep-going", script.toString());
        assertThat(all.code()).isEqualTo(1);
        assertThat(all.out().split("obj-000002.bin", -1)).hasSize(3); // both ls lines ran
        assertThat(BatchCommand.split("a 'b c' \"d\\\"e\" f\\ g #x", 1)).containsExactly("a", "b c", "d\"e", "f g");
        assertThat(run("batch", dir.resolve("nope.txt").toString()).code()).isEqualTo(1);
    }

    @Test
    void lsOfAPathThatMatchesNothingIsAnErrorButAnEmptyFolderIsNot() throws Exception {
        Result missing = run("ls", dir.resolve("no such folder").toString() + "/");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("nothing under").contains("no such folder");

        java.nio.file.Files.createDirectories(dir.resolve("empty"));
        Result empty = run("ls", dir.resolve("empty").toString() + "/");
        assertThat(empty.code()).isZero();
        assertThat(empty.out()).isEmpty();
    }

    @Test
    void getIntoAPathEndingInASlashMakesThatFolder() throws Exception {
        java.nio.file.Path src = dir.resolve("src.bin");
        java.nio.file.Files.write(src, new byte[] {1, 2, 3});

        Result r = run("get", src.toString(), dir.resolve("new-folder").toString() + "/");

        assertThat(r.code()).isZero();
        assertThat(dir.resolve("new-folder/src.bin")).hasBinaryContent(new byte[] {1, 2, 3});
        assertThat(r.err()).contains("1 range,").contains("0 retries").contains("no checksum from the store");
        Result asFile = run("get", "-q", src.toString(), dir.resolve("as-file").toString());
        assertThat(asFile.code()).isZero();
        assertThat(dir.resolve("as-file")).isRegularFile();
    }

    /** The names of the subcommands a run with {@code args} builds (see RangefinderCli.addSubcommands). */
    private static java.util.Set<String> built(String... args) {
        picocli.CommandLine cmd = new picocli.CommandLine(new RangefinderCli());
        RangefinderCli.addSubcommands(cmd, args);
        return cmd.getSubcommands().keySet();
    }

    @Test
    void aRunBuildsOnlyTheSubcommandItNamesAndAllWhenItCannotTell() {
        assertThat(built("bench", "range", "file:///x")).containsExactly("bench");
        assertThat(built("-v", "--region", "eu-west-1", "--endpoint-url=http://h:1", "stat", "s3://b/k")).containsExactly("stat");
        assertThat(built("--version")).isEmpty();
        java.util.Set<String> all = built();
        assertThat(all).hasSize(RangefinderCli.SUBCOMMANDS.size()).contains("ls", "mb", "rb", "batch", "help");
        assertThat(built("--help")).isEqualTo(all);
        assertThat(built("--version", "--help")).isEqualTo(all);
        assertThat(built("help", "get")).isEqualTo(all);
        assertThat(built("lss", "/tmp")).isEqualTo(all);
        assertThat(built("@args.txt")).isEqualTo(all);
        // a subcommand's name as an option's value: picocli's own error, with the full usage
        assertThat(built("--region", "ls", "stat", "x")).isEqualTo(all);
        Result r = run("--region", "ls", "stat", "x");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Expected parameter for option '--region' but found 'ls'").contains("batch");
        // the root's help lists every subcommand still
        assertThat(run("--help").out()).contains("ls", "stat", "mb", "rb", "get", "put", "rm", "gen", "bench", "batch", "help");
    }
}
