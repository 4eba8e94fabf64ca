package io.rangefinder.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.rangefinder.bench.BenchResult;
import io.rangefinder.bench.RangeBench;
import io.rangefinder.core.CancellationToken;
import io.rangefinder.engine.RangeEngineConfig;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.PutOptions;
import io.rangefinder.testing.FaultProxy;
import io.rangefinder.testing.S3ProxyServer;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The shaping the auto-tuner is judged on: a link with a per-request latency, a per-connection cap
 * and a total cap, through which range downloads on S3Proxy grow with concurrency up to
 * total ÷ per connection and flatten after.
 */
class ShapedLinkTest {

    private static final int SIZE = 4 << 20;

    private static double rangeMbPerSec(S3Store store, String bucket, int concurrency) {
        RangeEngineConfig config = RangeEngineConfig.defaults().withChunkSize(256 << 10).withMinSplitSize(256 << 10)
                .withMaxConcurrentRanges(concurrency);
        BenchResult r = new RangeBench(store, ObjectUri.parse("s3://" + bucket + "/obj"), config, 1)
                .run(CancellationToken.create());
        assertThat(r.status()).isEqualTo("ok");
        assertThat(r.bytes()).isEqualTo(SIZE);
        return r.mbPerSec();
    }

    @Test
    void throughputGrowsWithConnectionsUpToTheTotalCapAndEachRequestPaysTheLatency() {
        S3ProxyServer server = S3ProxyServer.get();
        String bucket = "rf-shaped-" + UUID.randomUUID().toString().substring(0, 8);
        try (S3Store direct = S3Store.open(server.profile(), true);
             FaultProxy proxy = FaultProxy.forEndpoint(server.endpoint());
             S3Store shaped = S3Store.open(server.profile().toBuilder().endpoint(proxy.endpoint()).build(), true)) {
            direct.createContainer(bucket);
            direct.put(bucket, "obj", new ByteArrayInputStream(new byte[SIZE]), SIZE, PutOptions.DEFAULT);
            proxy.requestLatency(Duration.ofMillis(20), Duration.ZERO)
                    .perConnectionBandwidth(2_000_000)
                    .bandwidth(6_000_000);

            double one = rangeMbPerSec(shaped, bucket, 1);
            double three = rangeMbPerSec(shaped, bucket, 3);
            double eight = rangeMbPerSec(shaped, bucket, 8);

            // one connection: 256 KiB at 2 MB/s plus 20 ms a request, about 1.8 MB/s
            assertThat(one).isBetween(1.3, 2.2);
            // three fill the 6 MB/s link; more connections cannot pass it
            assertThat(three).isGreaterThan(2.2 * one).isLessThan(6.6);
            assertThat(eight).isLessThan(6.6).isGreaterThan(0.8 * three);

            // a request on a kept-alive connection waits the latency too
            shaped.stat(bucket, "obj");
            long t0 = System.nanoTime();
            shaped.stat(bucket, "obj");
            assertThat((System.nanoTime() - t0) / 1e6).isGreaterThanOrEqualTo(19);
        }
    }

    @Test
    void uploadsMeetTheCapsOnlyWhenTheLinkShapesThem() {
        S3ProxyServer server = S3ProxyServer.get();
        String bucket = "rf-shaped-up-" + UUID.randomUUID().toString().substring(0, 8);
        try (FaultProxy proxy = FaultProxy.forEndpoint(server.endpoint());
             S3Store shaped = S3Store.open(server.profile().toBuilder().endpoint(proxy.endpoint()).build(), true)) {
            shaped.createContainer(bucket);
            proxy.perConnectionBandwidth(2_000_000).bandwidth(2_000_000);
            long t0 = System.nanoTime();
            shaped.put(bucket, "free", new ByteArrayInputStream(new byte[SIZE]), SIZE, PutOptions.DEFAULT);
            double free = (System.nanoTime() - t0) / 1e9;
            proxy.shapeUploads(true);
            t0 = System.nanoTime();
            shaped.put(bucket, "capped", new ByteArrayInputStream(new byte[SIZE]), SIZE, PutOptions.DEFAULT);
            double capped = (System.nanoTime() - t0) / 1e9;
            // 4 MiB at 2 MB/s in all is 2.1 s; unshaped, the caps are for responses only
            assertThat(capped).isGreaterThan(1.8);
            assertThat(free).isLessThan(0.5 * capped);
            assertThat(shaped.stat(bucket, "capped").size()).isEqualTo(SIZE);
        }
    }
}
