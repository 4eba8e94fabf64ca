package io.rangefinder.storage.azure;

import io.rangefinder.bench.BenchResult;
import io.rangefinder.bench.PutBench;
import io.rangefinder.bench.SizeDistribution;
import io.rangefinder.core.CancellationToken;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.testing.AzuriteServer;
import io.rangefinder.testing.EveryStore;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.BlockListType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A put benchmark cancelled while blocks are being staged leaves no uncommitted blocks and no blob on Azurite. */
class PutBenchCancelAzureTest {

    @Test
    void aCancelledRunLeavesNoStagedBlocksAndNoBlob() throws Exception {
        String container = "put-cancel-" + Long.toHexString(System.nanoTime());
        try (ObjectStore store = EveryStore.open("az", container, null)) {
            store.createContainer(container);
            PutBench bench = new PutBench(store, EveryStore.uri("az", container, "bench/"),
                    PutBench.Config.of(30, new SizeDistribution.Fixed(20L << 20)).withParts(4L << 20, 2).withObjectsInFlight(3));
            CancellationToken token = CancellationToken.create();
            Thread.ofVirtual().start(() -> {
                await().atMost(Duration.ofSeconds(30)).until(() -> bench.limiter().inFlight() > 0);
                try {
                    Thread.sleep(300); // blocks of several blobs are being staged now
                } catch (InterruptedException e) {
                    return;
                }
                token.cancel("test");
            });
            BenchResult r = bench.run(token);
            assertThat(r.status()).isEqualTo("cancelled");
            assertThat(r.objects()).isLessThan(30);
            BlobContainerClient direct = new BlobServiceClientBuilder().connectionString(AzuriteServer.get().connectionString())
                    .buildClient().getBlobContainerClient(container);
            for (int i = 0; i < 30; i++) {
                String key = bench.folder() + String.format(Locale.ROOT, "obj-%08d.bin", i);
                try {
                    assertThat(direct.getBlobClient(key).getBlockBlobClient().listBlocks(BlockListType.UNCOMMITTED)
                            .getUncommittedBlocks()).as("staged blocks of %s", key).isEmpty();
                } catch (BlobStorageException e) {
                    assertThat(e.getStatusCode()).as("nothing at all of %s", key).isEqualTo(404);
                }
            }
            assertThat(EveryStore.list(store, container, bench.folder())).as("what was written is deleted").isEmpty();
        }
    }
}
