package io.rangefinder.storage.s3;

import io.rangefinder.bench.SyntheticData;
import io.rangefinder.core.CancellationToken;
import io.rangefinder.engine.DiscardSink;
import io.rangefinder.engine.DownloadStats;
import io.rangefinder.engine.RangeEngine;
import io.rangefinder.engine.RangeEngineConfig;
import io.rangefinder.storage.config.ConnectionProfile;
import io.rangefinder.storage.PutOptions;
import io.rangefinder.testing.S3ProxyServer;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * Side-by-side read throughput from the in-memory S3Proxy, one JVM, one object: RangeEngine
 * downloads (8 MiB chunks, 4/8/16 ranges in flight, into a DiscardSink) against one plain
 * GetObject read to the end, for each HTTP client. Not part of the normal test run:
 * <pre>./mvnw -o test -Dtest=S3ThroughputBench -Drf.bench=true</pre>
 * Results (MB = 10^6 bytes) go to stdout, i.e. target/surefire-reports/...S3ThroughputBench-output.txt.
 */
@EnabledIfSystemProperty(named = "rf.bench", matches = "true")
class S3ThroughputBench {

    private static final long SIZE = 256L << 20;
    private static final int ROUNDS = Integer.getInteger("rf.bench.rounds", 5);

    @Test
    void rangeEngineVersusOneGet() throws IOException {
        S3ProxyServer server = S3ProxyServer.get();
        ConnectionProfile profile = server.profile();
        Map<String, Function<ConnectionProfile, SdkHttpClient.Builder<?>>> clients = new LinkedHashMap<>();
        clients.put("apache", S3Clients::httpClient);
        clients.put("url-connection", p -> UrlConnectionHttpClient.builder()
                .connectionTimeout(p.connectTimeoutOrDefault()).socketTimeout(p.requestTimeoutOrDefault()));

        String bucket = "bench-" + ProcessHandle.current().pid();
        try (S3Store setup = S3Store.open(profile)) {
            setup.createContainer(bucket);
            setup.put(bucket, "256MiB.bin", new SyntheticData(SIZE, 1), SIZE, PutOptions.DEFAULT);
        }
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                "%n256 MiB object, in-memory S3Proxy %s, %d cores, best / median of %d rounds (MB/s, MB = 10^6 B)%n",
                server.endpoint(), Runtime.getRuntime().availableProcessors(), ROUNDS));
        // Clients take turns within each round, so server warm-up and GC favour neither.
        Map<String, S3Store> stores = new LinkedHashMap<>();
        Map<String, List<Double>> results = new LinkedHashMap<>();
        try {
            for (var client : clients.entrySet()) {
                S3Store store = S3Store.open(profile, client.getValue().apply(profile));
                stores.put(client.getKey(), store);
                oneGet(store, bucket); // warm-up: JIT, connection pool, server buffers
                engine(store, bucket, 8);
            }
            for (int round = 0; round < ROUNDS; round++) {
                for (var e : stores.entrySet()) {
                    String name = e.getKey();
                    results.computeIfAbsent(name + "|one GetObject", k -> new ArrayList<>()).add(oneGet(e.getValue(), bucket));
                    for (int c : new int[] {4, 8, 16}) {
                        results.computeIfAbsent(name + "|RangeEngine 8 MiB x " + c, k -> new ArrayList<>())
                                .add(engine(e.getValue(), bucket, c));
                    }
                }
            }
        } finally {
            stores.values().forEach(S3Store::close);
        }
        for (var r : results.entrySet()) {
            List<Double> v = new ArrayList<>(r.getValue());
            Collections.sort(v);
            String[] parts = r.getKey().split("\\|");
            report.append(String.format(Locale.ROOT, "  %-15s %-24s %7.0f / %7.0f%n", parts[0], parts[1],
                    v.getLast(), v.get(v.size() / 2)));
        }
        System.out.println(report);
    }

    private static double engine(S3Store store, String bucket, int concurrency) {
        RangeEngineConfig cfg = RangeEngineConfig.defaults().withChunkSize(8L << 20).withMinSplitSize(0)
                .withMaxConcurrentRanges(concurrency);
        DownloadStats s = new RangeEngine(cfg).download(store, bucket, "256MiB.bin", new DiscardSink(),
                CancellationToken.create());
        if (s.bytes() != SIZE) {
            throw new AssertionError("engine read " + s.bytes() + " bytes");
        }
        return s.mbPerSec();
    }

    private static double oneGet(S3Store store, String bucket) throws IOException {
        byte[] buf = new byte[1 << 20];
        long t0 = System.nanoTime();
        long total = 0;
        try (InputStream in = store.get(bucket, "256MiB.bin")) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                total += n;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (total != SIZE) {
            throw new AssertionError("GET read " + total + " bytes");
        }
        return total / 1e6 / seconds;
    }
}
