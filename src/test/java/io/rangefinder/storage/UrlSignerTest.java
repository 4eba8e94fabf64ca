package io.rangefinder.storage;

import io.rangefinder.storage.config.ConnectionProfile;
import io.rangefinder.storage.config.Secret;
import io.rangefinder.testing.AzuriteServer;
import io.rangefinder.testing.GcsTestServer;
import io.rangefinder.testing.S3ProxyServer;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UrlSignerTest {

    @Test
    void s3PresignedUrlFetchesTheObjectWithoutCredentials() throws Exception {
        S3ProxyServer server = S3ProxyServer.get();
        byte[] data = "presigned bytes\n".repeat(100).getBytes(StandardCharsets.UTF_8);
        try (ObjectStore store = StoreFactory.open(ObjectUri.parse("s3://signer-test/"), server.profile())) {
            try {
                store.createContainer("signer-test");
            } catch (StorageException.AlreadyExists ignored) {
                // another run left it
            }
            store.put("signer-test", "dir/a b.txt", new ByteArrayInputStream(data), data.length, PutOptions.DEFAULT);
            String url = ((UrlSigner) store).signedGetUrl("signer-test", "dir/a b.txt", Duration.ofMinutes(15));
            assertThat(url).startsWith(server.endpoint()).contains("X-Amz-Signature=").contains("X-Amz-Expires=900")
                    .doesNotContain(server.credential());
            HttpResponse<byte[]> got = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(got.statusCode()).isEqualTo(200);
            assertThat(got.body()).isEqualTo(data);
        }
    }

    @Test
    void gcsWithoutServiceAccountSaysWhatIsNeeded() {
        try (ObjectStore store = StoreFactory.open(ObjectUri.parse("gs://any-bucket/"), GcsTestServer.shared().profile())) {
            assertThat(store).isInstanceOf(UrlSigner.class);
            assertThatThrownBy(() -> ((UrlSigner) store).signedGetUrl("any-bucket", "k", Duration.ofHours(1)))
                    .isInstanceOf(StorageException.AccessDenied.class)
                    .hasMessageContaining("service-account");
        }
    }

    @Test
    void azureSasUrlFetchesTheBlobAndASasOnlyConnectionSaysWhatIsNeeded() throws Exception {
        AzuriteServer azurite = AzuriteServer.get();
        byte[] data = "sas bytes".getBytes(StandardCharsets.UTF_8);
        String container = "signer-" + Long.toHexString(System.nanoTime());
        try (ObjectStore store = StoreFactory.open(azurite.profile(), null)) {
            store.createContainer(container);
            store.put(container, "x/y.txt", new ByteArrayInputStream(data), data.length, PutOptions.DEFAULT);
            String url = ((UrlSigner) store).signedGetUrl(container, "x/y.txt", Duration.ofHours(1));
            assertThat(url).startsWith(azurite.blobEndpoint() + "/" + container + "/x/y.txt?").contains("sig=")
                    .contains("sp=r").doesNotContain(AzuriteServer.ACCOUNT_KEY);
            HttpResponse<byte[]> got = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(got.statusCode()).isEqualTo(200);
            assertThat(got.body()).isEqualTo(data);
        }
        ConnectionProfile sasOnly = ConnectionProfile.builder(ConnectionProfile.Kind.AZURE).name("sas")
                .endpoint(azurite.blobEndpoint()).accountName(AzuriteServer.ACCOUNT)
                .sasToken(Secret.of("sv=2020-08-04&ss=b&srt=sco&sp=r&sig=abc")).build();
        try (ObjectStore store = StoreFactory.open(sasOnly, null)) {
            assertThatThrownBy(() -> ((UrlSigner) store).signedGetUrl(container, "x/y.txt", Duration.ofHours(1)))
                    .isInstanceOf(StorageException.AccessDenied.class)
                    .hasMessageContaining("needs an account key or user delegation")
                    .hasMessageNotContaining("sig=abc");
        }
    }
}
