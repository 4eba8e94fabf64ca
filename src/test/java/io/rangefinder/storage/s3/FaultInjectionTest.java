package io.rangefinder.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rangefinder.core.CancellationToken;
import io.rangefinder.core.CancelledException;
import io.rangefinder.storage.config.ConnectionProfile;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.PutOptions;
import io.rangefinder.testing.DownloadFaultCases;
import io.rangefinder.testing.FaultProxy;
import io.rangefinder.testing.FaultProxy.Direction;
import io.rangefinder.testing.FaultProxy.Kind;
import io.rangefinder.testing.S3ProxyServer;
import io.rangefinder.testing.UploadFaultCases;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * {@link S3Store} through a {@link FaultProxy} in front of S3Proxy: the download cases of
 * {@link DownloadFaultCases} (plus a burst of 500) and the upload cases of {@link UploadFaultCases},
 * where a failed or cancelled multipart upload must leave no pending upload behind (checked with
 * the SDK, straight to S3Proxy).
 */
@Timeout(value = 30)
class FaultInjectionTest extends UploadFaultCases {

    private static final PutOptions PARTS = PutOptions.DEFAULT.withParts(5L << 20, 2);

    /** Straight to S3Proxy, no faults: seeding and looking behind the proxy. */
    private static S3Store direct;

    @BeforeAll
    static void seed() {
        direct = S3Store.open(S3ProxyServer.get().profile());
        direct.createContainer(CONTAINER);
        direct.put(CONTAINER, KEY, new ByteArrayInputStream(data), SIZE, PutOptions.DEFAULT);
    }

    @AfterAll
    static void closeDirect() {
        direct.close();
    }

    @Override
    protected String upstream() {
        return S3ProxyServer.get().endpoint();
    }

    @Override
    protected ObjectStore openThrough(FaultProxy proxy) {
        ConnectionProfile p = S3ProxyServer.get().profile().toBuilder()
                .endpoint(proxy.endpoint())
                .requestTimeout(Duration.ofSeconds(10))
                .build();
        return S3Store.open(p);
    }

    // ------------------------------------------------------------------ downloads

    @Test
    void burstOf500IsRiddenOut() throws IOException {
        proxy.httpErrors(500, 3);
        Path target = dir.resolve("internal.bin");

        download(config(Duration.ofSeconds(10), 3), target);

        assertThat(proxy.errorsAnswered()).isEqualTo(3);
        assertIdentical(target);
        assertOnly(target);
    }

    // ------------------------------------------------------------------ uploads

    @Override
    protected PutOptions parts() {
        return PARTS;
    }

    @Override
    protected void assertNoPendingUpload(String key) {
        assertThat(pendingUploads(key)).isEmpty();
    }

    @Override
    protected boolean exists(String key) {
        return exists(direct, key);
    }

    @Override
    protected byte[] stored(String key) {
        return stored(direct, key);
    }

    @Test
    void pendingUploadsAreVisibleBehindTheProxy() {
        // The upload cases would prove nothing if S3Proxy never listed pending uploads.
        String key = "pending-check.bin";
        String id = direct.client().createMultipartUpload(b -> b.bucket(CONTAINER).key(key)).uploadId();
        try {
            assertThat(pendingUploads(key)).extracting(u -> u.uploadId()).containsExactly(id);
        } finally {
            direct.client().abortMultipartUpload(b -> b.bucket(CONTAINER).key(key).uploadId(id));
        }
        assertThat(pendingUploads(key)).isEmpty();
    }

    @Test
    void cancellingAStalledMultipartUploadStopsItPromptlyAndAbortsIt() {
        String key = "upload-stalled.bin";
        // Each connection swallows 1 MiB of request and then forwards nothing more: parts hang.
        proxy.fault(Kind.STALL, Direction.UP, 1 << 20, FaultProxy.ALWAYS);
        CancellationToken token = CancellationToken.create();
        token.cancelAfter(Duration.ofSeconds(1));

        long t0 = System.nanoTime();
        assertThatThrownBy(() -> store.put(CONTAINER, key, new ByteArrayInputStream(data, 0, UPLOAD), UPLOAD,
                PARTS.withToken(token)))
                .isInstanceOf(CancelledException.class);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(took).as("cancel stops hung parts, not the 10 s socket timeout").isLessThan(Duration.ofSeconds(4));
        assertNoPendingUpload(key);
    }

    private static List<MultipartUpload> pendingUploads(String key) {
        return direct.client().listMultipartUploads(b -> b.bucket(CONTAINER).prefix(key)).uploads();
    }
}
