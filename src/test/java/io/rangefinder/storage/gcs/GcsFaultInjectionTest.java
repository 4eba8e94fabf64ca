package io.rangefinder.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.NoCredentials;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import io.rangefinder.storage.config.ConnectionProfile;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.PutOptions;
import io.rangefinder.testing.FaultProxy;
import io.rangefinder.testing.GcsTestServer;
import io.rangefinder.testing.UploadFaultCases;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link GcsStore} through a {@link FaultProxy} in front of the project's GCS test server: the
 * download and upload cases of {@link UploadFaultCases}, where a resumable upload that fails or is
 * cancelled half way must leave no open upload session behind (the store cancels it with a DELETE
 * to the session URI, as real GCS expects) and no object.
 */
@Timeout(value = 30)
class GcsFaultInjectionTest extends UploadFaultCases {

    private static final PutOptions CHUNKS = PutOptions.DEFAULT.withParts(4L << 20, 1);

    /** Straight to the server, no faults: seeding and looking behind the proxy. */
    private static GcsStore direct;

    @BeforeAll
    static void seed() {
        direct = GcsStore.open(GcsTestServer.shared().profile());
        direct.createContainer(CONTAINER);
        direct.put(CONTAINER, KEY, new ByteArrayInputStream(data), SIZE, PutOptions.DEFAULT);
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
    protected boolean clientResumesBrokenBodies() {
        return true;
    }

    // ------------------------------------------------------------------ uploads

    private static int openSessions(String key) {
        return GcsTestServer.shared().openUploadSessions(CONTAINER, key);
    }

    @Override
    protected PutOptions parts() {
        return CHUNKS;
    }

    @Override
    protected void assertNoPendingUpload(String key) {
        assertThat(openSessions(key)).as("open upload sessions").isZero();
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
    void openSessionsAreCountedAndADeleteCancelsThem() throws Exception {
        // The upload cases would prove nothing if the server never counted sessions or ignored the DELETE.
        String key = "session-check.bin";
        Storage sdk = StorageOptions.http().setHost(GcsTestServer.shared().host())
                .setProjectId(GcsTestServer.PROJECT).setCredentials(NoCredentials.getInstance()).build().getService();
        WriteChannel writer = sdk.writer(BlobInfo.newBuilder(BlobId.of(CONTAINER, key)).build());
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
    void uploadFailingOverAnObjectLeavesItAsItWas() {
        String key = "upload-over.bin";
        byte[] old = "the old content".getBytes(StandardCharsets.UTF_8);
        direct.put(CONTAINER, key, new ByteArrayInputStream(old), old.length, PutOptions.DEFAULT);

        failingUpload(key);

        assertThat(stored(key)).isEqualTo(old);
        assertNoPendingUpload(key);
    }
}
