package io.rangefinder.storage.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.Block;
import com.azure.storage.blob.models.BlockListType;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import io.rangefinder.storage.config.ConnectionProfile;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.PutOptions;
import io.rangefinder.storage.StorageException;
import io.rangefinder.testing.AzuriteServer;
import io.rangefinder.testing.ConnectionDropper;
import io.rangefinder.testing.FaultProxy;
import io.rangefinder.testing.FaultProxy.Direction;
import io.rangefinder.testing.FaultProxy.Kind;
import io.rangefinder.testing.UploadFaultCases;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link AzureBlobStore} through a {@link FaultProxy} in front of Azurite: the download and upload
 * cases of {@link UploadFaultCases}, where an upload that fails or is cancelled half way must leave
 * no uncommitted blocks on the blob (checked with the SDK, straight to Azurite) and must not touch
 * a blob that was already there under that name.
 */
@Timeout(value = 30)
class AzureFaultInjectionTest extends UploadFaultCases {

    private static final PutOptions BLOCKS = PutOptions.DEFAULT.withParts(4L << 20, 2);

    /** Straight to Azurite, no faults: seeding and looking behind the proxy. */
    private static BlobContainerClient direct;

    @BeforeAll
    static void seed() {
        direct = new BlobServiceClientBuilder().connectionString(AzuriteServer.get().connectionString())
                .buildClient().getBlobContainerClient(CONTAINER);
        direct.create();
        direct.getBlobClient(KEY).getBlockBlobClient().upload(BinaryData.fromBytes(data));
    }

    @Override
    protected String upstream() {
        return "http://127.0.0.1:" + AzuriteServer.get().port();
    }

    @Override
    protected ObjectStore openThrough(FaultProxy proxy) {
        return openAt(proxy.endpoint());
    }

    private static AzureBlobStore openAt(String endpoint) {
        ConnectionProfile p = AzuriteServer.get().profile().toBuilder()
                .endpoint(endpoint + "/" + AzuriteServer.ACCOUNT)
                .requestTimeout(Duration.ofSeconds(10))
                .build();
        return AzureBlobStore.open(p, null);
    }

    @Override
    protected boolean clientResumesBrokenBodies() {
        return true;
    }

    // ------------------------------------------------------------------ uploads

    private static BlockBlobClient blob(String key) {
        return direct.getBlobClient(key).getBlockBlobClient();
    }

    /** The blob's staged, uncommitted blocks; none if there is no blob and no block at all. */
    private static List<Block> uncommitted(String key) {
        try {
            return blob(key).listBlocks(BlockListType.UNCOMMITTED).getUncommittedBlocks();
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return List.of();
            }
            throw e;
        }
    }

    @Override
    protected PutOptions parts() {
        return BLOCKS;
    }

    @Override
    protected void assertNoPendingUpload(String key) {
        assertThat(uncommitted(key)).isEmpty();
    }

    @Override
    protected boolean exists(String key) {
        return blob(key).exists();
    }

    @Override
    protected byte[] stored(String key) {
        return blob(key).downloadContent().toBytes();
    }

    private static String blockId(int i) {
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(16).putLong(7).putLong(i).array());
    }

    @Test
    void uncommittedBlocksOfABlobThatDoesNotExistAreListed() {
        // The upload cases would prove nothing if Azurite never listed staged blocks of a blob that does not exist.
        String key = "staged-check.bin";
        blob(key).stageBlock(blockId(0), BinaryData.fromBytes(new byte[1024]));
        assertThat(uncommitted(key)).extracting(Block::getName).containsExactly(blockId(0));
        assertThat(blob(key).exists()).isFalse();
    }

    /**
     * Uploads {@link #UPLOAD} bytes in 4 MiB blocks and expects it to fail: once two blocks have
     * been staged, every connection is reset (through a {@link ConnectionDropper} in front of the
     * proxy) and every new one is reset after 1 MiB of request, so the later blocks and the SDK's
     * retries of them all die mid-body, while the small clean-up requests still go through.
     */
    @Override
    protected void failingUpload(String key) {
        try (ConnectionDropper dropper = ConnectionDropper.to(proxy.port());
             AzureBlobStore through = openAt(dropper.endpoint())) {
            InputStream in = new InputStream() {
                private final ByteArrayInputStream rest = new ByteArrayInputStream(data, 0, UPLOAD);
                private boolean tripped;

                @Override
                public int read() {
                    return rest.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    if (!tripped && rest.available() <= UPLOAD - (8 << 20)) {
                        tripped = true;
                        pause(); // the first two blocks reach the server
                        proxy.fault(Kind.RESET, Direction.UP, 1 << 20, FaultProxy.ALWAYS);
                        dropper.dropAll();
                    }
                    return rest.read(b, off, Math.min(len, 256 << 10));
                }
            };
            assertThatThrownBy(() -> through.put(CONTAINER, key, in, UPLOAD, BLOCKS))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining(key);
        }
        assertThat(proxy.bytesUp()).as("blocks were staged before the fault").isGreaterThan(8L << 20);
        assertThat(proxy.faultedConnections()).isPositive();
    }

    @Test
    void uploadFailingOverABlockBlobLeavesItAsItWasAndNoUncommittedBlocks() {
        String key = "upload-over-blocks.bin";
        byte[] old = "the old content, in two blocks".getBytes(StandardCharsets.UTF_8);
        blob(key).stageBlock(blockId(0), BinaryData.fromBytes(Arrays.copyOfRange(old, 0, 10)));
        blob(key).stageBlock(blockId(1), BinaryData.fromBytes(Arrays.copyOfRange(old, 10, old.length)));
        blob(key).commitBlockListWithResponse(new BlockBlobCommitBlockListOptions(List.of(blockId(0), blockId(1)))
                .setHeaders(new BlobHttpHeaders().setContentType("text/plain").setCacheControl("no-cache"))
                .setMetadata(Map.of("origin", "seed")), null, Context.NONE);

        failingUpload(key);

        assertThat(stored(key)).isEqualTo(old);
        BlobProperties props = blob(key).getProperties();
        assertThat(props.getContentType()).isEqualTo("text/plain");
        assertThat(props.getCacheControl()).isEqualTo("no-cache");
        assertThat(props.getMetadata()).containsExactly(Map.entry("origin", "seed"));
        assertThat(uncommitted(key)).isEmpty();
    }

    @Test
    void uploadFailingOverABlobWrittenInOneRequestLeavesItAsItWas() {
        // Such a blob has no block list to commit again: its content must survive; its stray blocks
        // are left for the service to discard.
        String key = "upload-over-single.bin";
        byte[] old = "the old content, one Put Blob".getBytes(StandardCharsets.UTF_8);
        blob(key).uploadWithResponse(new BlockBlobSimpleUploadOptions(BinaryData.fromBytes(old))
                .setHeaders(new BlobHttpHeaders().setContentType("text/plain")), null, Context.NONE);

        failingUpload(key);

        assertThat(stored(key)).isEqualTo(old);
        assertThat(blob(key).getProperties().getContentType()).isEqualTo("text/plain");
    }
}
