import com.azure.core.util.Context;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.options.BlobUploadFromFileOptions;
import com.azure.storage.blob.models.ParallelTransferOptions;
import io.rangefinder.storage.PutOptions;
import io.rangefinder.storage.azure.AzureBlobStore;
import io.rangefinder.storage.config.ConnectionProfile;
import io.rangefinder.storage.config.Secret;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * In one JVM, alternating: AzureBlobStore.put of a file against the Azure SDK's own uploadFromFile,
 * same block size and blocks in flight, into container "upl" (created if missing). SDK_FIRST=1 runs
 * the SDK first in each round (the second upload of a round was seen to gain a little on Azurite).
 * RANGEFINDER_AZURE_LEAN=0 puts our side on the SDK too. Build and run from the repo root:
 *   javac -d /tmp/h -cp "target/classes:$(ls target/lib/*.jar | paste -sd:)" bench/harness/AzureUploadAB.java
 *   java -cp "/tmp/h:target/classes:$(ls target/lib/*.jar | paste -sd:)" AzureUploadAB CONNECTION_STRING FILE ROUNDS IN_FLIGHT [BLOCK_MIB]
 */
public class AzureUploadAB {
    public static void main(String[] a) throws Exception {
        String conn = a[0];
        Path file = Path.of(a[1]);
        int rounds = Integer.parseInt(a[2]);
        int inFlight = Integer.parseInt(a[3]);
        long block = (a.length > 4 ? Long.parseLong(a[4]) : 8) << 20;
        long size = Files.size(file);
        var profile = ConnectionProfile.builder(ConnectionProfile.Kind.AZURE).name("x").connectionString(Secret.of(conn)).build();
        var store = AzureBlobStore.open(profile, null);
        var container = new BlobServiceClientBuilder().connectionString(conn).buildClient().getBlobContainerClient("upl");
        if (!container.exists()) container.create();
        boolean sdkFirst = System.getenv("SDK_FIRST") != null;
        for (int r = 0; r < rounds; r++) {
            double sdk0 = 0;
            if (sdkFirst) {
                long s0 = System.nanoTime();
                container.getBlobClient("sdk.bin").uploadFromFileWithResponse(new BlobUploadFromFileOptions(file.toString())
                        .setParallelTransferOptions(new ParallelTransferOptions().setBlockSizeLong(block)
                                .setMaxSingleUploadSizeLong(block).setMaxConcurrency(inFlight)), null, Context.NONE);
                sdk0 = size / 1e6 / ((System.nanoTime() - s0) / 1e9);
            }
            long t0 = System.nanoTime();
            try (InputStream in = Files.newInputStream(file)) {
                store.put("upl", "rf.bin", in, size, PutOptions.DEFAULT.withParts(block, inFlight));
            }
            double ours = size / 1e6 / ((System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            if (sdkFirst) { System.out.printf("round %d: sdk first %.1f, ours %.1f (%.2f)%n", r, sdk0, ours, ours / sdk0); continue; }
            container.getBlobClient("sdk.bin").uploadFromFileWithResponse(new BlobUploadFromFileOptions(file.toString())
                    .setParallelTransferOptions(new ParallelTransferOptions().setBlockSizeLong(block)
                            .setMaxSingleUploadSizeLong(block).setMaxConcurrency(inFlight)), null, Context.NONE);
            double sdk = size / 1e6 / ((System.nanoTime() - t0) / 1e9);
            System.out.printf("round %d: ours %.1f MB/s, sdk uploadFromFile %.1f MB/s (%.2f)%n", r, ours, sdk, ours / sdk);
        }
        store.close();
    }
}
