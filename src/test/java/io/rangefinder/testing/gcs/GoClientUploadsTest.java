package io.rangefinder.testing.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import io.rangefinder.testing.GcsTestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The test server takes uploads as Go's GCS client (rclone's gcs backend, a peer in
 * bench/compare.sh) sends them: a multipart media part with no headers, and resumable chunks
 * POSTed with {@code X-GUploader-No-308: yes}, answered 200 with the status in a header.
 */
class GoClientUploadsTest {

    private static GcsTestServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = GcsTestServer.start();
        try (var store = io.rangefinder.storage.gcs.GcsStore.open(server.profile())) {
            store.createContainer("go-client");
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> send(HttpRequest r) throws Exception {
        return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
    }

    private static String media(String name) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(server.host() + "/storage/v1/b/go-client/o/" + name + "?alt=media"))
                .GET().build()).body();
    }

    @Test
    void aMultipartUploadWhoseMediaPartHasNoHeadersStoresTheBytes() throws Exception {
        String body = "--B\r\nContent-Type: application/json\r\n\r\n{\"name\":\"plain\"}\r\n--B\r\n\r\nhello go\r\n--B--\r\n";
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(server.host()
                        + "/upload/storage/v1/b/go-client/o?uploadType=multipart"))
                .header("Content-Type", "multipart/related; boundary=B")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(media("plain")).isEqualTo("hello go");
    }

    @Test
    void resumableChunksPostedWithNo308AreAnswered200WithTheStatusInAHeader() throws Exception {
        HttpResponse<String> start = send(HttpRequest.newBuilder(URI.create(server.host()
                        + "/upload/storage/v1/b/go-client/o?uploadType=resumable"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"chunked\"}")).build());
        assertThat(start.statusCode()).isEqualTo(200);
        String session = start.headers().firstValue("Location").orElseThrow();
        byte[] first = "0123456789".getBytes(StandardCharsets.US_ASCII);
        HttpResponse<String> part = send(HttpRequest.newBuilder(URI.create(session))
                .header("Content-Range", "bytes 0-9/*").header("X-GUploader-No-308", "yes")
                .POST(HttpRequest.BodyPublishers.ofByteArray(first)).build());
        assertThat(part.statusCode()).isEqualTo(200);
        assertThat(part.headers().firstValue("X-Http-Status-Code-Override")).contains("308");
        assertThat(part.headers().firstValue("Range")).contains("bytes=0-9");
        HttpResponse<String> last = send(HttpRequest.newBuilder(URI.create(session))
                .header("Content-Range", "bytes 10-12/13").header("X-GUploader-No-308", "yes")
                .POST(HttpRequest.BodyPublishers.ofString("abc")).build());
        assertThat(last.statusCode()).isEqualTo(200);
        assertThat(last.headers().firstValue("X-Http-Status-Code-Override")).isEmpty();
        assertThat(media("chunked")).isEqualTo("0123456789abc");
    }
}
