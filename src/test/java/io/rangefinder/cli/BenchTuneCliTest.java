package io.rangefinder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rangefinder.bench.TunedSettings;
import io.rangefinder.bench.Tuner;
import io.rangefinder.storage.config.ConfigDir;
import io.rangefinder.storage.config.ConnectionProfile;
import io.rangefinder.storage.config.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench tune} on a real local file, its {@code --apply}/{@code --reset}, and {@code get} using what was applied. */
class BenchTuneCliTest {

    @TempDir
    Path dir;

    private String savedConfigDir;

    @BeforeEach
    void ownConfigDir() {
        savedConfigDir = System.getProperty(ConfigDir.PROPERTY);
        System.setProperty(ConfigDir.PROPERTY, dir.resolve("config").toString());
    }

    @AfterEach
    void restoreConfigDir() {
        if (savedConfigDir == null) {
            System.clearProperty(ConfigDir.PROPERTY);
        } else {
            System.setProperty(ConfigDir.PROPERTY, savedConfigDir);
        }
    }

    private Path bigFile() throws Exception {
        Path f = dir.resolve("big.bin");
        byte[] block = new byte[1 << 20];
        new Random(7).nextBytes(block);
        try (var out = Files.newOutputStream(f)) {
            for (int i = 0; i < 64; i++) {
                out.write(block);
            }
        }
        return f;
    }

    @Test
    void tuneAppliesThePickAndGetStartsFromItUnlessTold() throws Exception {
        String uri = bigFile().toUri().toString();

        CliTest.Result tune = CliTest.run("bench", "tune", uri, "--max", "8", "--window", "30", "--chunk-size", "1MiB",
                "--apply", "--json");

        assertThat(tune.code()).as(tune.err()).isZero();
        JsonNode run = tune.json();
        assertThat(run.path("kind").asText()).isEqualTo("range");
        JsonNode tuning = run.path("tuning");
        assertThat(tuning.path("knob").asText()).isEqualTo("concurrency");
        assertThat(tuning.path("points").size()).as("a search: several points").isGreaterThanOrEqualTo(3);
        int pick = tuning.path("recommended").asInt();
        assertThat(Tuner.Options.ladder(1, 8)).contains(pick);
        assertThat(tuning.path("reason").asText()).startsWith("concurrency " + pick + " reaches");
        assertThat(run.path("marks").size()).as("each step is marked on the run, as a slider move is").isGreaterThanOrEqualTo(3);
        assertThat(TunedSettings.open().value("file local", TunedSettings.RANGE_CONCURRENCY)).hasValue(pick);
        assertThat(tune.err()).contains("applied range.concurrency = " + pick);

        // get without -c starts from the pick, and says so; -c overrides it
        CliTest.Result get = CliTest.run("get", uri, dir.resolve("a.bin").toString(), "--chunk-size", "1MiB", "--min-split", "1MiB");
        assertThat(get.code()).as(get.err()).isZero();
        assertThat(get.err()).contains("concurrency " + pick + ", tuned for file local");
        CliTest.Result getJson = CliTest.run("get", uri, dir.resolve("b.bin").toString(), "--chunk-size", "1MiB",
                "--min-split", "1MiB", "--json");
        assertThat(getJson.json().path("concurrency").asInt()).isEqualTo(pick);
        int other = pick == 3 ? 5 : 3;
        CliTest.Result told = CliTest.run("get", uri, dir.resolve("c.bin").toString(), "--chunk-size", "1MiB",
                "--min-split", "1MiB", "-c", String.valueOf(other), "--json");
        assertThat(told.json().path("concurrency").asInt()).isEqualTo(other);
        assertThat(told.err()).doesNotContain("tuned for");

        // reset: the defaults again
        CliTest.Result reset = CliTest.run("bench", "tune", "--reset", uri);
        assertThat(reset.code()).isZero();
        assertThat(reset.err()).contains("forgot the tuned settings of file local");
        assertThat(TunedSettings.open().forConnection("file local")).isEmpty();
        CliTest.Result plain = CliTest.run("get", uri, dir.resolve("d.bin").toString(), "--chunk-size", "1MiB",
                "--min-split", "1MiB", "--json");
        assertThat(plain.json().path("concurrency").asInt()).isEqualTo(EngineOptions.DEFAULT_CONCURRENCY);
    }

    @Test
    void theTableListsEveryPointAndThePick() throws Exception {
        String uri = bigFile().toUri().toString();
        CliTest.Result tune = CliTest.run("bench", "tune", uri, "--max", "4", "--window", "30", "--chunk-size", "1MiB");
        assertThat(tune.code()).as(tune.err()).isZero();
        assertThat(tune.out()).contains("value", "MB/s", "p99 ms", "memory", "climb").containsPattern("(?m)^recommended: concurrency \\d+ reaches");
        assertThat(tune.out().lines().filter(l -> l.matches("\\s+\\d+\\s+[0-9.]+.*"))).hasSizeGreaterThanOrEqualTo(3);
        assertThat(TunedSettings.open().forConnection("file local")).as("nothing stored without --apply").isEmpty();
    }

    @Test
    void theChunkSizeIsSearchedOnPowersOfTwoAndGetCutsItsRangesToThePick() throws Exception {
        String uri = bigFile().toUri().toString();
        CliTest.Result tune = CliTest.run("bench", "tune", uri, "--knob", "chunk-size", "--max", "8", "--concurrency", "2",
                "--window", "30", "--apply", "--json");
        assertThat(tune.code()).as(tune.err()).isZero();
        JsonNode tuning = tune.json().path("tuning");
        assertThat(tuning.path("knob").asText()).isEqualTo("chunkSizeMiB");
        java.util.List<Integer> values = new java.util.ArrayList<>();
        tuning.path("points").forEach(p -> values.add(p.path("value").asInt()));
        assertThat(values).isNotEmpty().allSatisfy(v -> assertThat(java.util.List.of(1, 2, 4, 8)).contains(v));
        int pick = tuning.path("recommended").asInt();
        assertThat(TunedSettings.open().value("file local", TunedSettings.RANGE_CHUNK_SIZE_MIB)).hasValue(pick);

        CliTest.Result get = CliTest.run("get", uri, dir.resolve("a.bin").toString(), "--min-split", "1MiB", "--json");
        assertThat(get.code()).as(get.err()).isZero();
        assertThat(get.json().path("ranges").asInt()).as("64 MiB in ranges of the tuned size").isEqualTo(64 / pick);
        CliTest.Result said = CliTest.run("get", uri, dir.resolve("b.bin").toString(), "--min-split", "1MiB");
        assertThat(said.err()).contains("chunk size " + pick + " MiB, tuned for file local");
    }

    @Test
    void aPrefixTunesTheLoadersPool() throws Exception {
        Path data = Files.createDirectories(dir.resolve("items"));
        byte[] item = new byte[64 << 10];
        for (int i = 0; i < 200; i++) {
            Files.write(data.resolve(String.format("item-%04d", i)), item);
        }
        CliTest.Result tune = CliTest.run("bench", "tune", data.toUri() + "", "--max", "8", "--window", "30", "--json");
        assertThat(tune.code()).as(tune.err()).isZero();
        assertThat(tune.json().path("kind").asText()).isEqualTo("loader");
        assertThat(tune.json().path("tuning").path("knob").asText()).isEqualTo("concurrency");
        assertThat(tune.json().path("tuning").path("points").size()).isGreaterThanOrEqualTo(3);
        CliTest.Result bad = CliTest.run("bench", "tune", data.toUri() + "", "--knob", "chunk-size");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("--knob must be concurrency or prefetch");
    }

    @Test
    void uploadsAreTunedOnObjectsInFlightAndLeaveNothingBehind() throws Exception {
        Path target = Files.createDirectories(dir.resolve("up"));
        CliTest.Result tune = CliTest.run("bench", "tune", target.toUri() + "", "--put", "64KiB", "--max", "4",
                "--window", "30", "--apply", "--json");
        assertThat(tune.code()).as(tune.err()).isZero();
        assertThat(tune.json().path("kind").asText()).isEqualTo("put");
        assertThat(tune.json().path("tuning").path("knob").asText()).isEqualTo("objectsInFlight");
        int pick = tune.json().path("tuning").path("recommended").asInt();
        assertThat(TunedSettings.open().value("file local", TunedSettings.PUT_OBJECTS_IN_FLIGHT)).hasValue(pick);
        try (var files = Files.walk(target)) {
            assertThat(files.filter(Files::isRegularFile)).as("the objects written while tuning are deleted").isEmpty();
        }
        CliTest.Result notPrefix = CliTest.run("bench", "tune", target.resolve("x").toUri() + "", "--put", "64KiB");
        assertThat(notPrefix.code()).isEqualTo(1);
        assertThat(notPrefix.err()).contains("--put writes under a prefix");
    }

    @Test
    void aMissingObjectIsAClearErrorAndNothingIsStored() {
        CliTest.Result tune = CliTest.run("bench", "tune", dir.resolve("nope.bin").toUri().toString(), "--apply");
        assertThat(tune.code()).isEqualTo(1);
        assertThat(tune.err()).startsWith("error: ").containsIgnoringCase("nope.bin");
        assertThat(TunedSettings.open().all()).isEmpty();
    }

    @Test
    void connectionKeysNameTheStoreAndNoSecret() {
        ConnectionProfile s3 = ConnectionProfile.builder(ConnectionProfile.Kind.S3).endpoint("http://127.0.0.1:9000/")
                .awsProfile("lab").accessKeyId("AKIDEXAMPLE").secretAccessKey(Secret.of("wJalrXUtnFEMI")).build();
        assertThat(TunedSettings.connectionKey(s3)).isEqualTo("s3 http://127.0.0.1:9000 lab")
                .doesNotContain("AKIDEXAMPLE", "wJalrXUtnFEMI");
        assertThat(TunedSettings.connectionKey(ConnectionProfile.builder(ConnectionProfile.Kind.S3).build())).isEqualTo("s3 default");
        assertThat(TunedSettings.connectionKey(ConnectionProfile.builder(ConnectionProfile.Kind.FILE).build())).isEqualTo("file local");
    }

    @Test
    void aDamagedFileLeavesTheDefaultsAndIsRewrittenOnApply() throws Exception {
        TunedSettings t = TunedSettings.at(dir.resolve("tuned.json"));
        Files.writeString(t.file(), "{ not json");
        assertThat(t.value("s3 default", TunedSettings.RANGE_CONCURRENCY)).isEmpty();
        t.put("s3 default", TunedSettings.RANGE_CONCURRENCY, new TunedSettings.Entry(12, 100, "why", "s3://b/o", "now"));
        assertThat(TunedSettings.at(t.file()).value("s3 default", TunedSettings.RANGE_CONCURRENCY)).hasValue(12);
    }
}
