package io.rangefinder.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import io.rangefinder.bench.SyntheticData;
import io.rangefinder.core.CancellationToken;
import io.rangefinder.engine.DiscardSink;
import io.rangefinder.engine.DownloadStats;
import io.rangefinder.engine.RangeEngine;
import io.rangefinder.engine.RangeEngineConfig;
import io.rangefinder.storage.PutOptions;
import io.rangefinder.testing.GcsTestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Side by side in one run, same client, same 256 MiB object, bytes discarded: one plain full read
 * versus the range engine with 8 MiB ranges at 4 and 8 in flight. Writes the table to
 * target/servers/gcs-throughput.txt (and stdout). Client and server share this machine's cores.
 * A benchmark, so not part of the normal test run, like its S3 and Azure twins:
 * <pre>./mvnw test -Dtest=GcsThroughputBench -Drf.bench=true</pre>
 */
@EnabledIfSystemProperty(named = "rf.bench", matches = "true")
class GcsThroughputBench {

    private static final long SIZE = 256L << 20;

    @Test
    void rangeEngineVersusOnePlainRead() throws IOException {
        GcsTestServer server = GcsTestServer.shared();
        try (GcsStore store = GcsStore.open(server.profile())) {
            String bucket = "throughput-" + ProcessHandle.current().pid();
            store.createContainer(bucket);
            store.put(bucket, "256MiB.bin", new SyntheticData(SIZE, 1), SIZE, PutOptions.DEFAULT);
            List<String> lines = new ArrayList<>();
            lines.add(String.format("%-34s %9s %9s %9s", "256 MiB over loopback (MB/s)", "run 1", "run 2", "run 3"));
            plainRead(store, bucket); // warm-up: JIT, connections
            engine(store, bucket, 8);
            StringBuilder plain = new StringBuilder(String.format("%-34s", "one plain full read (get)"));
            StringBuilder c4 = new StringBuilder(String.format("%-34s", "range engine 8 MiB x 4"));
            StringBuilder c8 = new StringBuilder(String.format("%-34s", "range engine 8 MiB x 8"));
            for (int run = 0; run < 3; run++) {
                plain.append(String.format(" %9.0f", plainRead(store, bucket)));
                c4.append(String.format(" %9.0f", engine(store, bucket, 4)));
                c8.append(String.format(" %9.0f", engine(store, bucket, 8)));
            }
            lines.add(plain.toString());
            lines.add(c4.toString());
            lines.add(c8.toString());
            lines.add("cores: " + Runtime.getRuntime().availableProcessors() + ", server in the same JVM (in memory)");
            String table = String.join("\n", lines);
            System.out.println(table);
            Path out = Path.of("target", "servers", "gcs-throughput.txt");
            Files.createDirectories(out.getParent());
            Files.writeString(out, table + "\n", StandardCharsets.UTF_8);
            store.delete(bucket, "256MiB.bin");
            store.deleteContainer(bucket);
        }
    }

    private static double plainRead(GcsStore store, String bucket) throws IOException {
        byte[] buf = new byte[1 << 20];
        long t0 = System.nanoTime();
        long total = 0;
        try (InputStream in = store.get(bucket, "256MiB.bin")) {
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        assertThat(total).isEqualTo(SIZE);
        return total / 1e6 / s;
    }

    private static double engine(GcsStore store, String bucket, int concurrency) {
        RangeEngineConfig cfg = RangeEngineConfig.defaults().withChunkSize(8L << 20).withMaxConcurrentRanges(concurrency);
        DiscardSink sink = new DiscardSink();
        DownloadStats s = new RangeEngine(cfg).download(store, bucket, "256MiB.bin", sink, CancellationToken.create());
        assertThat(s.bytes()).isEqualTo(SIZE);
        assertThat(sink.received()).isEqualTo(SIZE);
        return s.mbPerSec();
    }
}
