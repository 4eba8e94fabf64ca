package io.rangefinder.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.NoCredentials;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import io.rangefinder.core.CancellationToken;
import io.rangefinder.core.CancelledException;
import io.rangefinder.storage.ConnectionProfile;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.PutOptions;
import io.rangefinder.storage.StorageException;
import io.rangefinder.testing.DownloadFaultCases;
import io.rangefinder.testing.FaultProxy;
import io.rangefinder.testing.FaultProxy.Direction;
import io.rangefinder.testing.FaultProxy.Kind;
import io.rangefinder.testing.GcsTestServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link GcsStore} through a {@link FaultProxy} in front of the project's GCS test server: the
 * download cases of {@link DownloadFaultCases}, and resumable uploads that fail or are cancelled
 * half way, which must leave no open upload session behind (the store cancels it with a DELETE to
 * the session URI, as real GCS expects) and no object.
 */
@Timeout(value = 30)
class GcsFaultInjectionTest extends DownloadFaultCases {

    private static final String BUCKET = "faults-" + Long.toHexString(System.nanoTime());
    private static final String KEY = "big.bin";
    private static final int UPLOAD = SIZE;
    private static final PutOptions CHUNKS = PutOptions.DEFAULT.withParts(4L << 20, 1);

    /** Straight to the server, no faults: seeding and looking behind the proxy. */
    private static GcsStore direct;

    @BeforeAll
    static void seed() {
        direct = GcsStore.open(GcsTestServer.shared().profile());
        direct.createContainer(BUCKET);
        direct.put(BUCKET, KEY, new ByteArrayInputStream(data), SIZE, PutOptions.DEFAULT);
    }

    @AfterAll
    static void closeDirect() {
        direct.close();
    }

    @Override
    protected String upstream() {
        return GcsTestServer.shared().host();
    }

    @Override
    protected ObjectStore openThrough(FaultProxy proxy) {
        ConnectionProfile p = GcsTestServer.shared().profile().toBuilder()
                .endpoint(proxy.endpoint())
                .requestTimeout(Duration.ofSeconds(10))
                .build();
        return GcsStore.open(p);
    }

    @Override
    protected String container() {
        return BUCKET;
    }

    @Override
    protected String key() {
        return KEY;
    }

    // ------------------------------------------------------------------ uploads

    private static int openSessions(String key) {
        return GcsTestServer.shared().openUploadSessions(BUCKET, key);
    }

    private static boolean exists(String key) {
        return direct.list(io.rangefinder.storage.ListRequest.recursive(BUCKET, key)).objects().stream()
                .anyMatch(o -> o.key().equals(key));
    }

    @Test
    void openSessionsAreCountedAndADeleteCancelsThem() throws Exception {
        // The upload tests would prove nothing if the server never counted sessions or ignored the DELETE.
        String key = "session-check.bin";
        Storage sdk = StorageOptions.http().setHost(GcsTestServer.shared().host())
                .setProjectId(GcsTestServer.PROJECT).setCredentials(NoCredentials.getInstance()).build().getService();
        WriteChannel writer = sdk.writer(BlobInfo.newBuilder(BlobId.of(BUCKET, key)).build());
        assertThat(openSessions(key)).isEqualTo(1);

        String session = GcsStore.sessionUri(writer);
        assertThat(session).as("the store can find the session URI the client opened").startsWith("http://");
        HttpResponse<Void> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(session)).DELETE().build(), HttpResponse.BodyHandlers.discarding());

        assertThat(r.statusCode()).isEqualTo(499);
        assertThat(openSessions(key)).isZero();
        assertThat(exists(key)).isFalse();
    }

    @Test
    void resumableUploadRidesOutResetsOnItsFirstConnections() throws Exception {
        String key = "upload-survives.bin";
        proxy.fault(Kind.RESET, Direction.UP, 1 << 20, 2);

        store.put(BUCKET, key, new ByteArrayInputStream(data, 0, UPLOAD), UPLOAD, CHUNKS);

        assertThat(proxy.faultedConnections()).isEqualTo(2);
        try (InputStream in = direct.get(BUCKET, key)) {
            assertThat(Arrays.equals(in.readAllBytes(), Arrays.copyOf(data, UPLOAD))).as("stored bytes equal the data")
                    .isTrue();
        }
        assertThat(openSessions(key)).isZero();
    }

    @Test
    void uploadFailingMidwayLeavesNoSessionAndNoObject() {
        String key = "upload-fails.bin";
        // Every connection is reset once it has carried 1 MiB of request: the session starts (a small
        // request), then each 4 MiB chunk dies, and so do the client's retries; the DELETE still goes through.
        proxy.fault(Kind.RESET, Direction.UP, 1 << 20, FaultProxy.ALWAYS);

        assertThatThrownBy(() -> store.put(BUCKET, key, new ByteArrayInputStream(data, 0, UPLOAD), UPLOAD, CHUNKS))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining(key);

        assertThat(proxy.faultedConnections()).isPositive();
        assertThat(openSessions(key)).isZero();
        assertThat(exists(key)).isFalse();
    }

    @Test
    void uploadFailingOverAnObjectLeavesItAsItWas() throws Exception {
        String key = "upload-over.bin";
        byte[] old = "the old content".getBytes(StandardCharsets.UTF_8);
        direct.put(BUCKET, key, new ByteArrayInputStream(old), old.length, PutOptions.DEFAULT);
        proxy.fault(Kind.RESET, Direction.UP, 1 << 20, FaultProxy.ALWAYS);

        assertThatThrownBy(() -> store.put(BUCKET, key, new ByteArrayInputStream(data, 0, UPLOAD), UPLOAD, CHUNKS))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining(key);

        try (InputStream in = direct.get(BUCKET, key)) {
            assertThat(in.readAllBytes()).isEqualTo(old);
        }
        assertThat(openSessions(key)).isZero();
    }

    @Test
    void cancelledUploadLeavesNoSessionAndNoObject() {
        String key = "upload-cancelled.bin";
        CancellationToken token = CancellationToken.create();

        assertThatThrownBy(() -> store.put(BUCKET, key, cancellingStream(token, false), UPLOAD,
                CHUNKS.withToken(token)))
                .isInstanceOf(CancelledException.class);

        assertThat(proxy.bytesUp()).as("chunks went out through the proxy").isGreaterThan(4L << 20);
        assertThat(openSessions(key)).isZero();
        assertThat(exists(key)).isFalse();
    }

    @Test
    void uploadCancelledWithAnInterruptLikeATaskCancelLeavesNoSession() throws Exception {
        // javafx Task.cancel() cancels the token and interrupts the worker thread: the DELETE must still go out.
        String key = "upload-interrupted.bin";
        CancellationToken token = CancellationToken.create();
        InputStream in = cancellingStream(token, true);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        Thread worker = Thread.ofPlatform().start(() -> {
            try {
                store.put(BUCKET, key, in, UPLOAD, CHUNKS.withToken(token));
            } catch (Throwable t) {
                thrown.set(t);
            }
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        worker.join(20_000);

        assertThat(thrown.get()).isInstanceOf(CancelledException.class);
        assertThat(stillInterrupted.get()).as("the interrupt is kept for the caller").isTrue();
        assertThat(proxy.bytesUp()).as("chunks went out through the proxy").isGreaterThan(4L << 20);
        assertThat(openSessions(key)).isZero();
        assertThat(exists(key)).isFalse();
    }

    /** The upload's data; cancels the token (and interrupts the reader) once 10 MiB have been read. */
    private static InputStream cancellingStream(CancellationToken token, boolean interrupt) {
        return new InputStream() {
            private final ByteArrayInputStream in = new ByteArrayInputStream(data, 0, UPLOAD);

            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (in.available() < UPLOAD - (10 << 20) && !token.isCancelled()) {
                    token.cancel("cancelled by the user");
                    if (interrupt) {
                        Thread.currentThread().interrupt();
                    }
                }
                return in.read(b, off, Math.min(len, 256 << 10));
            }
        };
    }
}
