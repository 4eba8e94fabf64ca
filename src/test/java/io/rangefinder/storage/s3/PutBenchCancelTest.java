package io.rangefinder.storage.s3;

import io.rangefinder.bench.BenchResult;
import io.rangefinder.bench.PutBench;
import io.rangefinder.bench.SizeDistribution;
import io.rangefinder.core.CancellationToken;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.testing.EveryStore;
import io.rangefinder.testing.S3ProxyServer;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A put benchmark cancelled in the middle of multipart uploads leaves no pending upload and no object. */
class PutBenchCancelTest {

    @Test
    void aCancelledRunAbortsItsMultipartUploadsAndDeletesWhatItWrote() throws Exception {
        String bucket = "put-cancel-" + Long.toHexString(System.nanoTime());
        try (S3Store store = S3Store.open(S3ProxyServer.get().profile())) {
            store.createContainer(bucket);
            PutBench bench = new PutBench(store, ObjectUri.parse("s3://" + bucket + "/bench/"),
                    PutBench.Config.of(40, new SizeDistribution.Fixed(24L << 20)).withParts(5L << 20, 2).withObjectsInFlight(3));
            CancellationToken token = CancellationToken.create();
            Thread.ofVirtual().start(() -> {
                await().atMost(Duration.ofSeconds(30)).until(() -> bench.byteRate().total() > 0
                        || bench.limiter().inFlight() > 0);
                try {
                    Thread.sleep(300); // parts of several objects are in flight now
                } catch (InterruptedException e) {
                    return;
                }
                token.cancel("test");
            });
            BenchResult r = bench.run(token);
            assertThat(r.status()).isEqualTo("cancelled");
            assertThat(r.objects()).as("cancelled before all 40 were written").isLessThan(40);
            assertThat(store.client().listMultipartUploads(b -> b.bucket(bucket)).uploads())
                    .as("no multipart upload left pending").isEmpty();
            assertThat(EveryStore.list(store, bucket, bench.folder())).as("what was written is deleted").isEmpty();
        }
    }
}
