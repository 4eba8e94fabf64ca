package io.rangefinder.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.rangefinder.core.CancellationToken;
import io.rangefinder.storage.ListRequest;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.StorageException;
import io.rangefinder.storage.config.ConnectionProfile;
import io.rangefinder.storage.s3.S3Store;
import io.rangefinder.testing.FaultProxy;
import io.rangefinder.testing.S3ProxyServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Put and mixed runs when the server goes away half way (S3Proxy behind a {@link FaultProxy} that
 * is shut): the run ends as failed with what it measured kept, says why in one line, and says
 * what it wrote that is still there (it cannot delete through a server that is gone).
 */
class WorkloadFaultTest {

    private static final String BUCKET = "workload-faults";
    private static S3Store direct;

    @BeforeAll
    static void bucket() {
        direct = S3Store.open(S3ProxyServer.get().profile());
        try {
            direct.createContainer(BUCKET);
        } catch (StorageException e) {
            // there from an earlier run in this JVM
        }
    }

    private static ObjectStore through(FaultProxy proxy) {
        ConnectionProfile p = S3ProxyServer.get().profile().toBuilder()
                .endpoint(proxy.endpoint())
                .requestTimeout(Duration.ofSeconds(5))
                .build();
        return S3Store.open(p);
    }

    private static long stored(String folder) {
        return direct.list(ListRequest.recursive(BUCKET, folder)).objects().size();
    }

    @Test
    void aPutRunWhoseServerGoesAwayFailsWithWhatItWroteAndSaysWhatIsLeft() throws Exception {
        FaultProxy proxy = FaultProxy.forEndpoint(S3ProxyServer.get().endpoint());
        try (ObjectStore store = through(proxy)) {
            PutBench bench = new PutBench(store, ObjectUri.parse("s3://" + BUCKET + "/put/"),
                    PutBench.Config.of(100_000, new SizeDistribution.Fixed(16 << 10)).withObjectsInFlight(4));
            CompletableFuture<BenchResult> run = CompletableFuture.supplyAsync(() -> bench.run(CancellationToken.create()));
            while (bench.objectsWritten() < 30) {
                Thread.sleep(20);
            }
            proxy.close();
            BenchResult r = run.get(2, TimeUnit.MINUTES);
            assertThat(r.status()).startsWith("failed: ").contains("127.0.0.1"); // one line: what failed, where
            assertThat(r.objects()).isBetween(30L, 99_999L);
            assertThat(r.operations().get("put").count()).isEqualTo(r.objects());
            assertThat(r.errors()).isPositive();
            long left = stored(bench.folder());
            assertThat(left).as("what was written before the server went is there").isGreaterThanOrEqualTo(r.objects());
            // and the result says so, counting the puts that failed on the client but may have landed
            String after = (String) r.settings().get("objectsAfterRun");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("up to (\\d+) could not be deleted").matcher(after);
            assertThat(m.find()).as(after).isTrue();
            assertThat(Long.parseLong(m.group(1))).isGreaterThanOrEqualTo(left);
            assertThat(r.settings().get("folder")).isEqualTo(bench.folder());
        } finally {
            proxy.close();
        }
    }

    @Test
    void aMixedRunWhoseServerGoesAwayStopsWithOneErrorInsteadOfSpinningToItsEnd() throws Exception {
        FaultProxy proxy = FaultProxy.forEndpoint(S3ProxyServer.get().endpoint());
        try (ObjectStore store = through(proxy)) {
            MixedBench bench = new MixedBench(store, ObjectUri.parse("s3://" + BUCKET + "/mixed/"),
                    new MixedBench.Config(Duration.ofMinutes(10), MixedBench.parseMix("get=60,put=20,stat=10,list=5,delete=5"),
                            new SizeDistribution.Fixed(8 << 10), 3, 4, 20, 0, false, false));
            CompletableFuture<BenchResult> run = CompletableFuture.supplyAsync(() -> bench.run(CancellationToken.create()));
            while (bench.operationsDone() < 200) {
                Thread.sleep(20);
            }
            proxy.close();
            // well before its ten minutes: the run gives up once operations fail one after another
            BenchResult r = run.get(2, TimeUnit.MINUTES);
            assertThat(r.status()).startsWith("failed: " + MixedBench.GIVE_UP_AFTER + " operations in a row failed");
            assertThat(r.seconds()).isLessThan(Duration.ofMinutes(10).toSeconds());
            long done = r.operations().values().stream().mapToLong(BenchResult.Operation::count).sum();
            assertThat(done).as("what it measured is kept").isGreaterThanOrEqualTo(200);
            assertThat(r.errors()).isGreaterThanOrEqualTo(MixedBench.GIVE_UP_AFTER);
            @SuppressWarnings("unchecked")
            Map<String, String> firstErrors = (Map<String, String>) r.settings().get("firstErrors");
            assertThat(firstErrors).isNotEmpty();
            assertThat((String) r.settings().get("objectsAfterRun")).startsWith("not deleted");
            assertThat(stored(bench.folder())).isPositive();
        } finally {
            proxy.close();
        }
    }
}
