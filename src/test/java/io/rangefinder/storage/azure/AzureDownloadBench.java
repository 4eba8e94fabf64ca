package io.rangefinder.storage.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.specialized.BlobClientBase;
import io.rangefinder.bench.SyntheticData;
import io.rangefinder.core.CancellationToken;
import io.rangefinder.engine.DiscardSink;
import io.rangefinder.engine.DownloadStats;
import io.rangefinder.engine.RangeEngine;
import io.rangefinder.engine.RangeEngineConfig;
import io.rangefinder.storage.PutOptions;
import io.rangefinder.testing.AzuriteServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Side by side in one run: RangeEngine (8 MiB chunks, 4 and 8 in flight) against one plain
 * download of the whole blob with the same SDK client, and one get() through the store, all from
 * Azurite into a discarding sink. Off by default; run with
 * {@code ./mvnw -o test -Dtest=AzureDownloadBench -Drangefinder.bench=true}.
 */
@EnabledIfSystemProperty(named = "rf.bench", matches = "true")
class AzureDownloadBench {

    static final long MiB = 1L << 20;
    static final long SIZE = 256 * MiB;
    static final int ROUNDS = Integer.getInteger("rangefinder.bench.rounds", 3);

    @Test
    void rangeEngineVersusOnePlainDownload() throws IOException {
        // Without a logback config the SDK's Netty logs at DEBUG, which costs throughput: measure without it.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.INFO);
        AzuriteServer azurite = AzuriteServer.get();
        try (AzureBlobStore store = AzureBlobStore.open(azurite.profile(), null)) {
            String c = "bench" + Long.toHexString(System.nanoTime());
            store.createContainer(c);
            long t0 = System.nanoTime();
            store.put(c, "256m.bin", new SyntheticData(SIZE, 1), SIZE, PutOptions.DEFAULT);
            double putSeconds = (System.nanoTime() - t0) / 1e9;
            BlobClientBase sdkBlob = store.client().getBlobContainerClient(c).getBlobClient("256m.bin");

            Map<String, List<Double>> results = new LinkedHashMap<>();
            RangeEngineConfig base = RangeEngineConfig.defaults().withChunkSize(8 * MiB).withMinSplitSize(8 * MiB);
            for (int round = -1; round < ROUNDS; round++) { // round -1 warms up connections and the JIT
                for (int conc : new int[] {4, 8}) {
                    DownloadStats s = new RangeEngine(base.withMaxConcurrentRanges(conc))
                            .download(store, c, "256m.bin", new DiscardSink(), CancellationToken.create());
                    assertThat(s.bytes()).isEqualTo(SIZE);
                    record(results, round, "RangeEngine 8 MiB x " + conc, s.mbPerSec());
                }
                long start = System.nanoTime();
                CountingSink out = new CountingSink();
                sdkBlob.downloadStream(out);
                assertThat(out.count.sum()).isEqualTo(SIZE);
                record(results, round, "SDK downloadStream (one GET)", SIZE / 1e6 / ((System.nanoTime() - start) / 1e9));

                start = System.nanoTime();
                long n = 0;
                byte[] buf = new byte[1 << 20];
                try (InputStream in = store.get(c, "256m.bin")) {
                    int r;
                    while ((r = in.read(buf)) >= 0) {
                        n += r;
                    }
                }
                assertThat(n).isEqualTo(SIZE);
                record(results, round, "store.get (one GET, streamed)", SIZE / 1e6 / ((System.nanoTime() - start) / 1e9));
            }
            StringBuilder sb = new StringBuilder();
            sb.append(String.format("%nAzurite 3.37.0 (in memory), 256 MiB blob, %d rounds, MB/s = 10^6 bytes/s%n", ROUNDS));
            sb.append(String.format("put (staged, 8 MiB x 4; Azurite's Put Block path is the limit): %.0f MB/s%n",
                    SIZE / 1e6 / putSeconds));
            results.forEach((name, v) -> sb.append(String.format("%-32s median %6.0f  best %6.0f  all %s%n", name,
                    v.stream().sorted().toList().get(v.size() / 2), v.stream().mapToDouble(d -> d).max().orElse(0),
                    v.stream().map(d -> String.format("%.0f", d)).toList())));
            System.out.println(sb);
            store.delete(c, "256m.bin");
            store.deleteContainer(c);
        }
    }

    private static void record(Map<String, List<Double>> results, int round, String name, double mbps) {
        if (round >= 0) {
            results.computeIfAbsent(name, k -> new ArrayList<>()).add(mbps);
        }
    }

    static final class CountingSink extends OutputStream {
        final LongAdder count = new LongAdder();

        @Override
        public void write(int b) {
            count.increment();
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count.add(len);
        }
    }
}
