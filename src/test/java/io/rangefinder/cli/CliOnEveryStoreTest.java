package io.rangefinder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rangefinder.bench.SyntheticData;
import io.rangefinder.testing.AzuriteServer;
import io.rangefinder.testing.GcsTestServer;
import io.rangefinder.testing.S3ProxyServer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CLI as a user runs it: a separate JVM per command, configured only through the standard
 * environment variables and options, against each real local server. Also checks that no secret
 * ever reaches the output.
 */
class CliOnEveryStoreTest {

    @TempDir
    Path dir;

    record Target(String name, String bucketUri, Map<String, String> env, List<String> options, String secret) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> stores() {
        String bucket = "rf-cli-" + UUID.randomUUID().toString().substring(0, 8);
        S3ProxyServer s3 = S3ProxyServer.get();
        AzuriteServer az = AzuriteServer.get();
        GcsTestServer gcs = GcsTestServer.shared();
        return Stream.of(
                Arguments.of(new Target("s3", "s3://" + bucket,
                        Map.of("AWS_ACCESS_KEY_ID", s3.identity(), "AWS_SECRET_ACCESS_KEY", s3.credential(),
                                "AWS_REGION", "us-east-1"),
                        List.of("--endpoint-url", s3.endpoint()), s3.credential())),
                Arguments.of(new Target("azure", "az://" + AzuriteServer.ACCOUNT + "/" + bucket,
                        Map.of("AZURE_STORAGE_CONNECTION_STRING", az.connectionString()), List.of(),
                        AzuriteServer.ACCOUNT_KEY)),
                Arguments.of(new Target("gcs", "gs://" + bucket,
                        Map.of("STORAGE_EMULATOR_HOST", gcs.host()), List.of(), null)));
    }

    private record Run(int code, String out, String err) {
        JsonNode json() throws Exception {
            return Json.MAPPER.readTree(out);
        }
    }

    private Run rf(Target t, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // as `java -jar` runs it: native access on (the jar's manifest says so) and the
                // app's own logging config rather than the tests' one
                "--enable-native-access=ALL-UNNAMED",
                "-Dlogback.configurationFile=" + Path.of("target", "classes", "logback.xml").toAbsolutePath(),
                "-cp", System.getProperty("java.class.path"), "io.rangefinder.Main"));
        cmd.add(args[0]);
        cmd.addAll(t.options());
        cmd.addAll(List.of(args).subList(1, args.length));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("AZURE_") || k.startsWith("GOOGLE_")
                || k.equals("STORAGE_EMULATOR_HOST"));
        env.putAll(t.env());
        File out = dir.resolve("out-" + UUID.randomUUID()).toFile();
        File err = dir.resolve("err-" + UUID.randomUUID()).toFile();
        Process p = pb.redirectOutput(out).redirectError(err).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("command finished: %s", List.of(args)).isTrue();
        Run r = new Run(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                Files.readString(err.toPath(), StandardCharsets.UTF_8));
        if (t.secret() != null) {
            assertThat(r.out() + r.err()).as("output of %s", List.of(args)).doesNotContain(t.secret());
        }
        return r;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void everyCommandWorksTheSameOnEveryStore(Target t) throws Exception {
        String b = t.bucketUri();
        Run mb = rf(t, "mb", b);
        assertThat(mb.code()).as(mb.err()).isZero();
        Run containers = rf(t, "ls", b.substring(0, b.lastIndexOf('/') + 1));
        assertThat(containers.code()).as(containers.err()).isZero();
        assertThat(containers.out()).contains(b.substring(b.lastIndexOf('/') + 1) + "/");

        Run gen = rf(t, "gen", b + "/ds/", "--count", "60", "--size", "64KiB");
        assertThat(gen.code()).as(gen.err()).isZero();
        Run ls = rf(t, "ls", b + "/ds/");
        assertThat(ls.out().lines().filter(l -> l.contains("obj-")).count()).isEqualTo(60);

        Run loader = rf(t, "bench", "loader", b + "/ds/", "--batch", "8", "--pool", "8", "--json");
        assertThat(loader.code()).as(loader.err()).isZero();
        assertThat(loader.json().get("objects").asLong()).isEqualTo(60);
        assertThat(loader.json().get("bytes").asLong()).isEqualTo(60L * 65536);

        Path src = dir.resolve("blob.bin");
        Files.write(src, SyntheticData.bytes(12 << 20, 7));
        assertThat(rf(t, "put", src.toString(), b + "/big/").code()).isZero();
        Run stat = rf(t, "stat", "--json", b + "/big/blob.bin");
        assertThat(stat.json().get("size").asLong()).isEqualTo(12 << 20);
        Path back = dir.resolve("back.bin");
        Run get = rf(t, "get", "--chunk-size", "4MiB", "--min-split", "4MiB", "-c", "3", "--json", b + "/big/blob.bin", back.toString());
        assertThat(get.code()).as(get.err()).isZero();
        assertThat(get.json().get("ranges").asInt()).isEqualTo(3);
        assertThat(Files.mismatch(src, back)).isEqualTo(-1);

        Run range = rf(t, "bench", "range", b + "/big/blob.bin", "--chunk-size", "4MiB", "--min-split", "4MiB", "--json");
        assertThat(range.json().get("bytes").asLong()).isEqualTo(12 << 20);
        Run single = rf(t, "bench", "range", b + "/big/blob.bin", "--single-request", "--json");
        assertThat(single.json().get("repeats").get(0).get("ranges").asInt()).isEqualTo(1);

        Run put = rf(t, "bench", "put", b + "/puts/", "-n", "12", "--size", "uniform(1KiB,96KiB)", "--seed", "3",
                "-c", "4", "--keep", "--json");
        assertThat(put.code()).as(put.err()).isZero();
        assertThat(put.json().get("kind").asText()).isEqualTo("put");
        assertThat(put.json().get("objects").asLong()).isEqualTo(12);
        assertThat(put.json().get("operations").get("put").get("count").asLong()).isEqualTo(12);
        Run putLs = rf(t, "ls", "--recursive", b + "/puts/");
        assertThat(putLs.out().lines().filter(l -> l.contains("obj-")).count()).as(putLs.out()).isEqualTo(12);
        Run badMix = rf(t, "bench", "put", b + "/puts/", "--size", "uniform(9KiB)");
        assertThat(badMix.code()).isEqualTo(1);
        assertThat(badMix.err().strip()).startsWith("error: uniform takes two sizes").doesNotContain("\tat ");

        assertThat(rf(t, "rm", "--recursive", b + "/").code()).isZero();
        Run gone = rf(t, "stat", b + "/big/blob.bin");
        assertThat(gone.code()).isEqualTo(1);
        assertThat(gone.err().strip()).startsWith("error: ").doesNotContain("\tat ");
        assertThat(rf(t, "rb", b).code()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void badInputIsOneClearLine(Target t) throws Exception {
        Run missing = rf(t, "ls", t.bucketUri() + "-missing/");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err().strip()).startsWith("error: ").contains("does not exist").doesNotContain("\n");
        Map<String, String> wrongEnv = new HashMap<>(t.env());
        wrongEnv.replaceAll((k, v) -> k.equals("AWS_SECRET_ACCESS_KEY") ? "wrong-secret"
                : k.equals("AZURE_STORAGE_CONNECTION_STRING") ? v.replace(AzuriteServer.ACCOUNT_KEY,
                "d3JvbmdrZXl3cm9uZ2tleXdyb25na2V5d3JvbmdrZXk=") : v);
        if (!t.name().equals("gcs")) {
            Run denied = rf(new Target(t.name(), t.bucketUri(), wrongEnv, t.options(), "wrong-secret"), "ls", t.bucketUri() + "/");
            assertThat(denied.code()).isEqualTo(1);
            assertThat(denied.err()).doesNotContain("d3JvbmdrZXl3cm9uZ2tleXdyb25na2V5d3JvbmdrZXk=");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void anUnreachableServerIsOneClearLine(Target t) throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String gone = "http://127.0.0.1:" + closed;
        Map<String, String> env = new HashMap<>(t.env());
        env.replaceAll((k, v) -> k.equals("STORAGE_EMULATOR_HOST") ? gone
                : k.equals("AZURE_STORAGE_CONNECTION_STRING") ? v.replaceAll("BlobEndpoint=[^;]*", "BlobEndpoint=" + gone
                + "/" + AzuriteServer.ACCOUNT) : v);
        List<String> options = t.options().isEmpty() ? List.of() : List.of("--endpoint-url", gone);
        Run r = rf(new Target(t.name(), t.bucketUri(), env, options, t.secret()), "stat", t.bucketUri() + "/x.bin");
        assertThat(r.code()).isEqualTo(1);
        // the store's own message, and no library's log lines (the Azure SDK logged five ERRORs ahead of it)
        assertThat(r.err().strip()).as("stderr").startsWith("error: ").contains("cannot connect to").doesNotContain("\n");
    }
}
