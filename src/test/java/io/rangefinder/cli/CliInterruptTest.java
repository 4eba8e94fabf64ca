package io.rangefinder.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rangefinder.bench.SyntheticData;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.PutOptions;
import io.rangefinder.storage.s3.S3Store;
import io.rangefinder.testing.FaultProxy;
import io.rangefinder.testing.S3ProxyServer;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `get` in its own JVM, interrupted by Ctrl-C or by a server that goes away, as a user meets it in a terminal. */
class CliInterruptTest {

    private static final int SIZE = 48 << 20;
    private static final String BUCKET = "rf-int-" + UUID.randomUUID().toString().substring(0, 8);
    private FaultProxy proxy;

    @TempDir
    Path dir;

    @BeforeAll
    static void upload() {
        S3ProxyServer s3 = S3ProxyServer.get();
        try (ObjectStore store = S3Store.open(s3.profile())) {
            store.createContainer(BUCKET);
            byte[] body = SyntheticData.bytes(SIZE, 3);
            store.put(BUCKET, "big.bin", new ByteArrayInputStream(body), body.length, PutOptions.DEFAULT);
        }
    }

    @BeforeEach
    void slowLink() {
        // slow enough that the download is still running when the test interrupts it
        proxy = FaultProxy.forEndpoint(S3ProxyServer.get().endpoint()).bandwidth(4_000_000);
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    private Process get(Path dest, File err, String... extra) throws Exception {
        S3ProxyServer s3 = S3ProxyServer.get();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-Dlogback.configurationFile=" + Path.of("target", "classes", "logback.xml").toAbsolutePath(),
                "-cp", System.getProperty("java.class.path"), "io.rangefinder.Main",
                "get", "--endpoint-url", proxy.endpoint(), "--chunk-size", "8MiB", "--min-split", "8MiB", "-c", "2"));
        cmd.addAll(List.of(extra));
        cmd.addAll(List.of("s3://" + BUCKET + "/big.bin", dest.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.putAll(Map.of("AWS_ACCESS_KEY_ID", s3.identity(), "AWS_SECRET_ACCESS_KEY", s3.credential(), "AWS_REGION", "us-east-1"));
        return pb.redirectOutput(dir.resolve("out.txt").toFile()).redirectError(err).start();
    }

    private static List<Path> files(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.toList();
        }
    }

    @Test
    void ctrlCDuringGetLeavesNoFileBehind() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("dl"));
        Process p = get(folder.resolve("big.bin"), dir.resolve("err.txt").toFile());
        // wait until the hidden part file exists and has bytes, then press Ctrl-C (SIGINT)
        await().atMost(Duration.ofSeconds(60)).until(() -> files(folder).stream()
                .anyMatch(f -> f.getFileName().toString().endsWith(".rfpart") && f.toFile().length() > 0));
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("get ended after SIGINT").isTrue();
        assertThat(p.exitValue()).as("exit code after Ctrl-C").isEqualTo(130);
        assertThat(files(folder)).as("no final file and no .rfpart left behind").isEmpty();
    }

    @Test
    void anErrorDuringGetStandsOnItsOwnLineNotAfterTheProgressBar() throws Exception {
        File err = dir.resolve("err.txt").toFile();
        Path folder = Files.createDirectories(dir.resolve("dl"));
        Process p = get(folder.resolve("big.bin"), err, "--retries", "0", "--range-timeout", "2");
        // let the progress line print (twice a second), then the server goes away mid-body
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(err.toPath()).contains("ETA"));
        proxy.close();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("get ended after the server went away").isTrue();
        String text = Files.readString(err.toPath(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(text).isNotZero();
        String errorLine = text.lines().filter(l -> l.contains("error:")).findFirst().orElseThrow();
        // what a terminal shows of that line is what follows its last carriage return
        String shown = errorLine.substring(errorLine.lastIndexOf('\r') + 1);
        assertThat(shown).as("the visible error line").startsWith("error:").doesNotContain("ETA");
        assertThat(files(folder)).as("no final file and no .rfpart left behind").isEmpty();
    }
}
