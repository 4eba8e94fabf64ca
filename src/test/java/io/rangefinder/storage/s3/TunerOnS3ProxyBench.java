package io.rangefinder.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.PutOptions;
import io.rangefinder.testing.S3ProxyServer;
import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The tuner against the grid straight on S3Proxy, no shaping: a benchmark, run by hand
 * ({@code -Drf.bench=true -Dtest=TunerOnS3ProxyBench}), not in the suite. On loopback the client and
 * the server share the two cores; the plateau from about 4 to 32 ranges in flight is flat within the
 * ±10% the level drifts between moments, so whether the pick reaches 95% of the grid's best depends
 * on the moment each was read (0.89–1.02 over seven runs, bench/results/tuner-vs-grid.md). A test
 * that fails on that drift would fail CI by chance; the shaped links, whose knees the shaper sets,
 * are the suite's proof (TunerOnShapedLinksTest).
 */
@EnabledIfSystemProperty(named = "rf.bench", matches = "true")
class TunerOnS3ProxyBench {

    @Test
    void straightOnS3ProxyThePickAgainstTheGridsBest() throws Exception {
        S3ProxyServer server = S3ProxyServer.get();
        String bucket = "rf-tune-" + UUID.randomUUID().toString().substring(0, 8);
        int size = 128 << 20;
        try (S3Store direct = S3Store.open(server.profile(), true)) {
            direct.createContainer(bucket);
            direct.put(bucket, "obj", new ByteArrayInputStream(new byte[size]), size, PutOptions.DEFAULT);
            ObjectUri uri = ObjectUri.parse("s3://" + bucket + "/obj");
            // loopback is CPU-bound: one run first, so the grid's first (lowest) values are not read
            // while the JIT still compiles the read path
            TunerOnShapedLinksTest.held(direct, uri, 8, 4 << 20);
            TunerOnShapedLinksTest.Comparison c = TunerOnShapedLinksTest.compare(direct, uri, 4 << 20, "s3proxy-unshaped", false);
            direct.delete(bucket, "obj");
            direct.deleteContainer(bucket);
            // On loopback the plateau is flat and the CPU-bound readings scatter: the highest of ten
            // is biased upwards (the winner's curse). So the pick and the grid's best setting are
            // measured again, alternately, twice each, the same way, and their means compared.
            int gridBestValue = c.grid().entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            int pick = c.tuned().recommended();
            double atPick = 0;
            double atBest = 0;
            for (int i = 0; i < 2; i++) {
                atPick += TunerOnShapedLinksTest.held(direct, uri, pick, 4 << 20) / 2;
                atBest += TunerOnShapedLinksTest.held(direct, uri, gridBestValue, 4 << 20) / 2;
            }
            String again = String.format(java.util.Locale.ROOT, "%s; measured again: %d -> %.1f MB/s, %d -> %.1f MB/s (%.3f)",
                    c.report(), pick, atPick, gridBestValue, atBest, atPick / atBest);
            java.nio.file.Files.writeString(java.nio.file.Path.of("target", "tuner-vs-grid", "s3proxy-unshaped.txt"),
                    again + System.lineSeparator(), java.nio.file.StandardOpenOption.APPEND);
            assertThat(atPick).as(again).isGreaterThanOrEqualTo(0.95 * atBest);
        }
    }
}
