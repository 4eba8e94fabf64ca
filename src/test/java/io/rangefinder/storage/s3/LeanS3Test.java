package io.rangefinder.storage.s3;

import io.rangefinder.storage.internal.LeanHttp;
import io.rangefinder.testing.Ports;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.rangefinder.storage.ChecksummedStream;
import io.rangefinder.storage.config.ConnectionProfile;
import io.rangefinder.storage.ObjectInfo;
import io.rangefinder.storage.PutOptions;
import io.rangefinder.storage.config.Secret;
import io.rangefinder.storage.StorageException;
import io.rangefinder.testing.S3ProxyServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * The lean read path of S3Store: its signatures against the SDK's own signer, and its reads, errors,
 * connection reuse and early closes against S3Proxy over HTTP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeanS3Test {

    private final S3ProxyServer server = S3ProxyServer.get();
    private final S3Store store = S3Store.open(server.profile(), true);
    private final String bucket = "rf-lean-" + UUID.randomUUID().toString().substring(0, 8);
    private final byte[] data = new byte[3 * 1024 * 1024 + 17];

    @BeforeAll
    void seed() {
        new Random(7).nextBytes(data);
        store.createContainer(bucket);
        store.put(bucket, "big.bin", new ByteArrayInputStream(data), data.length, PutOptions.contentType("application/x-test")
                .withMetadata(Map.of("owner", "lab")));
        for (String k : List.of("dir/./dot.txt", "dir/../up.txt", "plain.txt")) {
            byte[] b = k.getBytes(StandardCharsets.UTF_8);
            store.put(bucket, k, new ByteArrayInputStream(b), b.length, PutOptions.DEFAULT);
        }
    }

    @AfterAll
    void close() {
        store.close();
    }

    // ------------------------------------------------------------------ signatures

    @Test
    void signaturesMatchTheSdkSigner() {
        Instant at = Instant.parse("2026-11-25T10:11:12Z");
        record Case(String host, String path, String range, String token) {
        }
        List<Case> cases = List.of(
                new Case("127.0.0.1:9000", "/bucket/plain.txt", null, null),
                new Case("127.0.0.1:9000", "/bucket/" + SigV4.encodePath("with space/ünïcödé 日本+a=b&c?.txt"), "bytes=0-99", null),
                new Case("my-bucket.s3.eu-west-1.amazonaws.com", "/" + SigV4.encodePath("a/100%/~x_y-z.bin"), "bytes=5-", "tok/en+=="),
                new Case("s3.eu-west-1.amazonaws.com", "/b/" + SigV4.encodePath("emoji-😀"), null, "session"));
        for (Case c : cases) {
            String amzDate = SigV4.amzDate(ZonedDateTime.ofInstant(at, ZoneOffset.UTC));
            TreeMap<String, String> headers = new TreeMap<>();
            headers.put("host", c.host);
            headers.put("x-amz-date", amzDate);
            headers.put("x-amz-content-sha256", SigV4.EMPTY_SHA256);
            if (c.range != null) {
                headers.put("range", c.range);
            }
            if (c.token != null) {
                headers.put("x-amz-security-token", c.token);
            }
            String ours = new SigV4("eu-west-1", "s3").authorization("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                    "GET", c.path, "", headers, SigV4.EMPTY_SHA256);

            String[] hostPort = c.host.split(":");
            SdkHttpRequest.Builder req = SdkHttpRequest.builder().method(SdkHttpMethod.GET).protocol("http")
                    .host(hostPort[0]).encodedPath(c.path).putHeader("x-amz-content-sha256", SigV4.EMPTY_SHA256);
            if (hostPort.length > 1) {
                req.port(Integer.parseInt(hostPort[1]));
            }
            if (c.range != null) {
                req.putHeader("Range", c.range);
            }
            AwsCredentialsIdentity id = c.token == null
                    ? AwsCredentialsIdentity.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
                    : AwsSessionCredentialsIdentity.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", c.token);
            SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(id).request(req.build())
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
                    .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                    .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                    .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                    .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)));
            assertThat(ours).as(c.toString()).isEqualTo(signed.request().firstMatchingHeader("Authorization").orElseThrow());
        }
    }

    // ------------------------------------------------------------------ reads against S3Proxy

    @Test
    void readsGoTheLeanWayAndMatchWhatWasWritten() throws IOException {
        assertThat(store.readsLean(bucket, "big.bin")).isTrue();
        try (InputStream in = store.get(bucket, "big.bin")) {
            assertThat(in).isInstanceOf(LeanHttp.Body.class);
            assertThat(in.readAllBytes()).isEqualTo(data);
            assertThat(((ChecksummedStream) in).objectChecksum()).as("single-part ETag is the MD5").isNotNull();
        }
        try (InputStream in = store.getRange(bucket, "big.bin", 1_000_000, 123_457)) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(data, 1_000_000, 1_123_457));
        }
        try (InputStream in = store.getRange(bucket, "big.bin", data.length - 5, 1000)) {
            assertThat(in.readAllBytes()).hasSize(5);
        }
        ObjectInfo info = store.stat(bucket, "big.bin");
        assertThat(info.size()).isEqualTo(data.length);
        assertThat(info.contentType()).isEqualTo("application/x-test");
        assertThat(info.metadata()).containsEntry("owner", "lab");
        assertThat(info.lastModified()).isAfter(Instant.now().minus(Duration.ofHours(1)));
        assertThat(info.etag()).isNotBlank().doesNotContain("\"");
    }

    @Test
    void aClockAnHourOffIsCorrectedFromTheServersRefusalAsTheSdkDoes() throws IOException {
        // S3 (and S3Proxy) refuse a request dated more than 15 minutes away from their clock
        try (S3Store skewed = S3Store.open(server.profile(), true)) {
            skewed.leanClock(Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)));
            assertThat(skewed.readsLean(bucket, "big.bin")).isTrue();
            assertThat(skewed.stat(bucket, "big.bin").size()).as("a HEAD: no body says why").isEqualTo(data.length);
            try (InputStream in = skewed.getRange(bucket, "big.bin", 10, 100)) {
                assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(data, 10, 110));
            }
            byte[] b = "written with a slow clock".getBytes(StandardCharsets.UTF_8);
            skewed.put(bucket, "skewed.txt", new ByteArrayInputStream(b), b.length, PutOptions.DEFAULT);
            try (InputStream in = store.get(bucket, "skewed.txt")) {
                assertThat(in.readAllBytes()).isEqualTo(b);
            }
        }
        // and a clock that is right, refused for another reason, is not "corrected"
        try (S3Store wrongKey = S3Store.open(server.profile().toBuilder().secretAccessKey(Secret.of("not-the-key")).build(), true)) {
            assertThat(wrongKey.readsLean(bucket, "big.bin")).isTrue();
            assertThatThrownBy(() -> wrongKey.stat(bucket, "big.bin")).isInstanceOf(StorageException.class);
        }
    }

    @Test
    void aBucketThatAnswersWithARedirectIsLeftToTheSdk() throws IOException {
        for (int status : new int[] {301, 307}) {
            try (io.rangefinder.testing.FaultProxy proxy = io.rangefinder.testing.FaultProxy.forEndpoint(server.endpoint());
                 S3Store viaProxy = S3Store.open(server.profile().toBuilder().endpoint(proxy.endpoint()).build(), true)) {
                assertThat(viaProxy.readsLean(bucket, "big.bin")).isTrue();
                proxy.httpErrors(status, 1);
                try (InputStream in = viaProxy.getRange(bucket, "big.bin", 5, 50)) {
                    assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(data, 5, 55));
                    assertThat(in).as("read through the SDK").isNotInstanceOf(LeanHttp.Body.class);
                }
                assertThat(proxy.errorsAnswered()).as("the redirect was answered").isEqualTo(1);
                assertThat(viaProxy.readsLean(bucket, "big.bin")).as("that bucket, from then on").isFalse();
                assertThat(viaProxy.readsLean(bucket + "-other", "big.bin")).as("other buckets").isTrue();
            }
        }
    }

    @Test
    void theServersDateMovesTheClockOnlyWhenItIsMinutesAway() {
        LeanS3 lean = LeanS3.create(server.profile(), "us-east-1", java.net.URI.create(server.endpoint()), true,
                S3Clients.credentials(server.profile()), Map.of());
        try {
            Instant now = Instant.parse("2026-12-04T10:00:00Z");
            lean.clock(Clock.fixed(now, ZoneOffset.UTC));
            java.time.format.DateTimeFormatter http = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME;
            assertThat(lean.learnSkew(http.format(now.plusSeconds(90).atZone(ZoneOffset.UTC)))).isFalse();
            assertThat(lean.learnSkew(http.format(now.plusSeconds(3600).atZone(ZoneOffset.UTC)))).isTrue();
            assertThat(lean.learnSkew(http.format(now.plusSeconds(3630).atZone(ZoneOffset.UTC)))).as("already learnt").isFalse();
            assertThat(lean.learnSkew(http.format(now.atZone(ZoneOffset.UTC)))).as("the clock came back").isTrue();
            assertThat(lean.learnSkew(null)).isFalse();
            assertThat(lean.learnSkew("not a date")).isFalse();
        } finally {
            lean.close();
        }
    }

    // ------------------------------------------------------------------ writes

    @Test
    void putsAndPartsGoTheLeanWayAndReadBackByteForByte() throws IOException {
        try (S3Store fresh = S3Store.open(server.profile(), true)) {
            byte[] small = java.util.Arrays.copyOf(data, 70_000);
            ObjectInfo put = fresh.put(bucket, "w/small.bin", new ByteArrayInputStream(small), small.length,
                    PutOptions.contentType("application/x-test").withMetadata(Map.of("owner", "lab", "run", "7")));
            assertThat(fresh.leanConnectionsOpened()).as("the PUT went over the lean client").isPositive();
            // what the PUT answered is what a HEAD says: no HEAD was needed
            assertThat(put).isEqualTo(fresh.stat(bucket, "w/small.bin"));
            // 3 MiB + 17 in 5 MiB parts is one part; 12 MiB is three, sent as lean UploadPart requests
            byte[] big = new byte[12 * 1024 * 1024 + 5];
            new Random(11).nextBytes(big);
            fresh.put(bucket, "w/big.bin", new ByteArrayInputStream(big), big.length,
                    PutOptions.DEFAULT.withParts(5 * 1024 * 1024, 3));
            try (InputStream in = fresh.get(bucket, "w/big.bin")) {
                assertThat(in.readAllBytes()).isEqualTo(big);
            }
            assertThat(fresh.stat(bucket, "w/big.bin").etag()).as("a multipart ETag").endsWith("-3");
            // metadata the lean signer does not canonicalise goes through the SDK and arrives as well
            fresh.put(bucket, "w/meta.bin", new ByteArrayInputStream(small), small.length,
                    PutOptions.DEFAULT.withMetadata(Map.of("note", "two  spaces")));
            assertThat(fresh.stat(bucket, "w/meta.bin").metadata()).containsKey("note");
        }
    }

    @Test
    void aThrottledOrDroppedPutIsSentAgainAndAPersistentOneFailsClearly() throws IOException {
        try (io.rangefinder.testing.FaultProxy proxy = io.rangefinder.testing.FaultProxy.forEndpoint(server.endpoint());
             S3Store through = S3Store.open(server.profile().toBuilder().endpoint(proxy.endpoint()).build(), true)) {
            byte[] body = java.util.Arrays.copyOf(data, 64 * 1024);
            proxy.httpErrors(503, 2);
            through.put(bucket, "w/retried.bin", new ByteArrayInputStream(body), body.length, PutOptions.DEFAULT);
            assertThat(proxy.errorsAnswered()).isEqualTo(2);
            try (InputStream in = store.get(bucket, "w/retried.bin")) {
                assertThat(in.readAllBytes()).isEqualTo(body);
            }
            // the proxy answers new connections only: a second client has none kept alive
            proxy.httpErrors(503, io.rangefinder.testing.FaultProxy.ALWAYS);
            try (S3Store again = S3Store.open(server.profile().toBuilder().endpoint(proxy.endpoint()).build(), true)) {
                assertThatThrownBy(() -> again.put(bucket, "w/never.bin", new ByteArrayInputStream(body), body.length,
                        PutOptions.DEFAULT)).isInstanceOf(io.rangefinder.storage.StorageException.class)
                        .hasMessageContaining("w/never.bin");
            }
            assertThat(proxy.errorsAnswered()).as("three attempts, then the error").isEqualTo(2 + 3);
            proxy.httpErrors(503, 0);
            assertThatThrownBy(() -> store.stat(bucket, "w/never.bin"))
                    .isInstanceOf(io.rangefinder.storage.StorageException.NotFound.class);
        }
    }

    @Test
    void keysWithDotSegmentsAreReadThroughTheSdkAndStillArrive() throws IOException {
        for (String k : List.of("dir/./dot.txt", "dir/../up.txt")) {
            assertThat(store.readsLean(bucket, k)).as(k).isFalse();
            try (InputStream in = store.get(bucket, k)) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(k);
            }
        }
    }

    @Test
    void connectionsAreReusedAfterAFullReadAndDroppedAfterAnEarlyClose() throws IOException {
        S3Store s = S3Store.open(server.profile(), true);
        try {
            for (int i = 0; i < 50; i++) {
                try (InputStream in = s.getRange(bucket, "big.bin", i * 1000L, 1000)) {
                    assertThat(in.readAllBytes()).hasSize(1000);
                }
                s.stat(bucket, "plain.txt");
            }
            assertThat(s.leanConnectionsOpened()).as("connections for 100 sequential requests").isEqualTo(1);
            InputStream in = s.get(bucket, "big.bin");
            assertThat(in.read(new byte[10])).isEqualTo(10);
            in.close(); // 3 MiB left unread: the connection must go, not be drained
            try (InputStream again = s.get(bucket, "plain.txt")) {
                assertThat(again.readAllBytes()).isEqualTo("plain.txt".getBytes(StandardCharsets.UTF_8));
            }
            assertThat(s.leanConnectionsOpened()).isEqualTo(2);
            InputStream dead = s.get(bucket, "big.bin");
            dead.close();
            assertThatThrownBy(() -> dead.read(new byte[10])).isInstanceOf(IOException.class);
        } finally {
            s.close();
        }
    }

    @Test
    void missingObjectsBucketsAndWrongKeysGiveTheSameErrorsAsTheSdkPath() {
        S3Store sdk = S3Store.open(server.profile(), false);
        S3Store wrong = S3Store.open(server.profile().toBuilder().secretAccessKey(Secret.of("not-the-secret")).build(), true);
        try {
            String missingBucket = "rf-no-such-" + UUID.randomUUID().toString().substring(0, 8);
            for (S3Store s : List.of(store, sdk)) {
                assertThatThrownBy(() -> s.get(bucket, "nope.bin")).isInstanceOf(StorageException.NotFound.class)
                        .hasMessageContaining("object 'nope.bin' not found in bucket '" + bucket + "'");
                assertThatThrownBy(() -> s.stat(bucket, "nope.bin")).isInstanceOf(StorageException.NotFound.class)
                        .hasMessageContaining("object 'nope.bin' not found");
                assertThatThrownBy(() -> s.stat(missingBucket, "k")).isInstanceOf(StorageException.NotFound.class)
                        .hasMessageContaining("bucket '" + missingBucket + "' does not exist");
                assertThatThrownBy(() -> s.get(missingBucket, "k")).isInstanceOf(StorageException.NotFound.class)
                        .hasMessageContaining("bucket '" + missingBucket + "' does not exist");
                assertThatThrownBy(() -> s.getRange(bucket, "big.bin", data.length + 10L, 5))
                        .isInstanceOf(StorageException.InvalidArgument.class).hasMessageContaining("past the end");
            }
            assertThatThrownBy(() -> wrong.get(bucket, "big.bin")).isInstanceOf(StorageException.AccessDenied.class)
                    .hasMessageContaining("signature does not match").hasMessageNotContaining("not-the-secret");
            assertThatThrownBy(() -> wrong.stat(bucket, "big.bin")).isInstanceOf(StorageException.AccessDenied.class)
                    .hasMessageNotContaining("not-the-secret");
        } finally {
            sdk.close();
            wrong.close();
        }
    }

    @Test
    void noServerIsAConnectionErrorNamingTheEndpoint() throws IOException {
        int port;
        port = Ports.unused();
        ConnectionProfile p = server.profile().toBuilder().endpoint("http://127.0.0.1:" + port)
                .connectTimeout(Duration.ofSeconds(2)).build();
        try (S3Store dead = S3Store.open(p, true)) {
            assertThatThrownBy(() -> dead.get("b", "k")).isInstanceOf(StorageException.ConnectionFailed.class)
                    .hasMessageContaining("127.0.0.1:" + port);
            assertThatThrownBy(() -> dead.stat("b", "k")).isInstanceOf(StorageException.ConnectionFailed.class);
        }
    }

    @Test
    void theSwitchAndUnsupportedAddressesLeaveReadsToTheSdk() {
        ConnectionProfile p = server.profile();
        assertThat(LeanS3.create(p, "us-east-1", java.net.URI.create(p.endpoint()), true, null,
                Map.of(LeanS3.SWITCH_ENV, "0"))).isNull();
        assertThat(LeanS3.create(p, "us-east-1", java.net.URI.create(p.endpoint()), true, null,
                Map.of("HTTPS_PROXY", "http://proxy:3128"))).isNull();
        ConnectionProfile aws = ConnectionProfile.builder(ConnectionProfile.Kind.S3).name("aws").build();
        assertThat(LeanS3.create(aws, "us-east-1", null, false, null, Map.of())).as("region unknown").isNull();
        assertThat(LeanS3.create(aws, "cn-north-1", null, true, null, Map.of())).isNull();
        try (LeanS3 lean = LeanS3.create(aws, "eu-west-1", null, true, null, Map.of())) {
            assertThat(lean).isNotNull();
            assertThat(lean.handles("my-bucket", "a/b.txt")).isTrue();
            assertThat(lean.handles("my.dotted.bucket", "a")).as("TLS names").isFalse();
            assertThat(lean.handles("arn:aws:s3:eu-west-1:123:accesspoint/ap", "a")).isFalse();
            assertThat(lean.handles("dir--euw1-az1--x-s3", "a")).isFalse();
        }
    }

    // ------------------------------------------------------------------ HTTP framing the stores may use

    @Test
    void chunkedBodiesAndServerClosesAreFramedRight() throws Exception {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] body = new byte[200_000];
        new Random(3).nextBytes(body);
        http.createContext("/chunked", ex -> {
            ex.sendResponseHeaders(200, 0); // length 0 = chunked
            try (OutputStream out = ex.getResponseBody()) {
                for (int off = 0; off < body.length; off += 7_777) {
                    out.write(body, off, Math.min(7_777, body.length - off));
                    out.flush();
                }
            }
        });
        http.createContext("/short", ex -> {
            ex.sendResponseHeaders(200, body.length);
            OutputStream out = ex.getResponseBody();
            out.write(body, 0, 1000);
            out.flush();
            ex.close(); // then the connection is dropped mid-body
        });
        http.start();
        try (LeanHttp client = new LeanHttp(false, http.getAddress().getPort(), Duration.ofSeconds(2),
                Duration.ofSeconds(5), "test")) {
            for (int i = 0; i < 3; i++) {
                LeanHttp.Response r = client.send("127.0.0.1", "GET", "/chunked", List.of());
                assertThat(r.status).isEqualTo(200);
                assertThat(r.body.readAllBytes()).isEqualTo(body);
                assertThat(r.body.finished()).isTrue();
            }
            assertThat(client.opened()).as("chunked responses keep the connection").isEqualTo(1);
            LeanHttp.Response r = client.send("127.0.0.1", "GET", "/short", List.of());
            assertThatThrownBy(r.body::readAllBytes).isInstanceOf(java.io.EOFException.class)
                    .hasMessageContaining("of " + body.length + " bytes arrived");
        } finally {
            http.stop(0);
        }
    }

    @Test
    void interimAnswersBeforeTheResponseAreSkipped() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread server = Thread.ofVirtual().start(() -> {
                try (var s = ss.accept()) {
                    var in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    for (int i = 0; i < 2; i++) {
                        int state = 0; // read the request head up to its blank line
                        while (state < 4) {
                            int c = in.read();
                            if (c < 0) {
                                return;
                            }
                            state = (c == '\r' && state % 2 == 0) || (c == '\n' && state % 2 == 1) ? state + 1 : 0;
                        }
                        out.write(("HTTP/1.1 100 Continue\r\n\r\n"
                                + "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                                + "HTTP/1.1 200 OK\r\nContent-Length: 6\r\nX-Answer: " + i + "\r\n\r\nanswer")
                                .getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                } catch (IOException e) {
                    // the client went away
                }
            });
            try (LeanHttp client = new LeanHttp(false, ss.getLocalPort(), Duration.ofSeconds(2), Duration.ofSeconds(5), "test")) {
                for (int i = 0; i < 2; i++) {
                    LeanHttp.Response r = client.send("127.0.0.1", "GET", "/x", List.of());
                    assertThat(r.status).isEqualTo(200);
                    assertThat(r.header("x-answer")).isEqualTo(Integer.toString(i));
                    assertThat(r.header("link")).as("an interim answer's headers are not the response's").isNull();
                    assertThat(new String(r.body.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("answer");
                }
                assertThat(client.opened()).as("the connection is kept after interim answers").isEqualTo(1);
            }
            server.join(5000);
        }
    }

    @Test
    void httpsChecksTheCertificateAndItsName(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path ks = dir.resolve("server.p12");
        Process p = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore", ks.toString(),
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        char[] pass = "changeit".toCharArray();
        java.security.KeyStore store = java.security.KeyStore.getInstance(ks.toFile(), pass);
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
                javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, pass);
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);

        com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(ctx));
        byte[] body = "over TLS".getBytes(StandardCharsets.UTF_8);
        https.createContext("/x", ex -> {
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        https.start();
        int port = https.getAddress().getPort();
        try (LeanHttp trusting = new LeanHttp(true, port, Duration.ofSeconds(2), Duration.ofSeconds(5), "test",
                ctx.getSocketFactory());
             LeanHttp jvmTrust = new LeanHttp(true, port, Duration.ofSeconds(2), Duration.ofSeconds(5), "test")) {
            for (int i = 0; i < 2; i++) {
                LeanHttp.Response r = trusting.send("localhost", "GET", "/x", List.of());
                assertThat(r.status).isEqualTo(200);
                assertThat(r.body.readAllBytes()).isEqualTo(body);
            }
            assertThat(trusting.opened()).as("TLS connections are kept alive too").isEqualTo(1);
            assertThatThrownBy(() -> trusting.send("127.0.0.1", "GET", "/x", List.of()))
                    .as("the certificate names localhost, not the IP").isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
            assertThatThrownBy(() -> jvmTrust.send("localhost", "GET", "/x", List.of()))
                    .as("a self-signed certificate the JVM does not trust").isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
        } finally {
            https.stop(0);
        }
    }

    @Test
    void aKeptAliveLinkTheServerDroppedIsReplacedOnceWithoutTheCallerSeeingIt() throws Exception {
        // A server that answers one request per connection and then hangs up without saying so
        // (no "Connection: close"), as servers do with links that sat idle past their timeout.
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread server = Thread.ofVirtual().start(() -> {
                while (!listener.isClosed()) {
                    try (java.net.Socket s = listener.accept()) {
                        java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(
                                s.getInputStream(), StandardCharsets.ISO_8859_1));
                        String line;
                        while ((line = r.readLine()) != null && !line.isEmpty()) {
                            // the request's headers
                        }
                        s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                                .getBytes(StandardCharsets.ISO_8859_1));
                        s.getOutputStream().flush();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            try (LeanHttp client = new LeanHttp(false, listener.getLocalPort(), Duration.ofSeconds(2),
                    Duration.ofSeconds(5), "test")) {
                for (int i = 0; i < 3; i++) {
                    LeanHttp.Response r = client.send("127.0.0.1", "GET", "/x", List.of());
                    assertThat(new String(r.body.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("ok");
                    Thread.sleep(50); // let the server's hang-up arrive before the link is reused
                }
                assertThat(client.opened()).as("one new link per request, each after a failed reuse").isEqualTo(3);
            }
            listener.close();
            server.join(5_000);
        }
    }

    /**
     * A server that takes the connection and the request head and then reads nothing more (stalled,
     * or out of memory as S3Proxy once was): a PUT whose body fills the socket's buffers must fail as
     * a timeout after the read timeout, not block its thread for good, and leave no thread behind.
     */
    @Test
    @org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void aServerThatStopsReadingTheBodyFailsThePutAfterTheTimeout() throws Exception {
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            listener.setReceiveBufferSize(64 * 1024);
            java.util.List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread server = Thread.ofVirtual().start(() -> {
                try {
                    held.add(listener.accept()); // and never read from it
                } catch (IOException e) {
                    // closed
                }
            });
            byte[] body = new byte[64 << 20]; // far more than the kernel buffers on both sides
            try (LeanHttp client = new LeanHttp(false, listener.getLocalPort(), Duration.ofSeconds(2),
                    Duration.ofMillis(1500), "test")) {
                long t0 = System.nanoTime();
                assertThatThrownBy(() -> client.send("127.0.0.1", "PUT", "/b/k", List.of(), body, body.length))
                        .isInstanceOf(java.net.SocketTimeoutException.class)
                        .hasMessageContaining("stopped taking the request body");
                double seconds = (System.nanoTime() - t0) / 1e9;
                assertThat(seconds).as("failed once the deadline passed, not before").isGreaterThanOrEqualTo(1.4).isLessThan(30);
            } finally {
                for (java.net.Socket s : held) {
                    s.close();
                }
                server.join(5_000);
            }
        }
    }
}
