package io.rangefinder.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link SigV4} against AWS's published Signature Version 4 test suite, as AWS ships it in the npm
 * package {@code @aws-sdk/signature-v4} (its {@code suite.fixture.js}: every request of the suite
 * with the Authorization header AWS expects; installed by {@code npm ci} with Azurite), and the S3
 * example of AWS's documentation. S3 keys with spaces, unicode and reserved characters are checked
 * against the AWS SDK's signer in {@code LeanS3Test}.
 */
class SigV4SuiteTest {

    static final Path FIXTURE = Path.of("node_modules", "@aws-sdk", "signature-v4", "dist-cjs", "suite.fixture.js");
    private static JsonNode suite;

    @BeforeAll
    static void load() throws Exception {
        assertThat(FIXTURE).as("AWS's SigV4 test suite; `npm ci` at the repository root installs it").isRegularFile();
        // the fixture is a CommonJS module: Node (which runs Azurite for the tests) turns it into JSON
        Path json = Files.createTempFile("sigv4-suite", ".json");
        try {
            Process p = new ProcessBuilder("node", "-e",
                    "const f = require(process.argv[1]); require('fs').writeFileSync(process.argv[2], JSON.stringify({"
                            + "region: f.region, service: f.service, credentials: f.credentials, requests: f.requests}))",
                    FIXTURE.toAbsolutePath().toString(), json.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            suite = new ObjectMapper().readTree(json.toFile());
        } finally {
            Files.deleteIfExists(json);
        }
    }

    record Case(String name, String method, String path, Map<String, List<String>> query, TreeMap<String, String> headers,
                byte[] body, String expected) {
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (JsonNode r : suite.get("requests")) {
            JsonNode req = r.get("request");
            Map<String, List<String>> query = new LinkedHashMap<>();
            req.get("query").properties().forEach(e -> {
                List<String> values = new ArrayList<>();
                if (e.getValue().isArray()) {
                    e.getValue().forEach(v -> values.add(v.asText()));
                } else {
                    values.add(e.getValue().asText());
                }
                query.put(e.getKey(), values);
            });
            TreeMap<String, String> headers = new TreeMap<>();
            req.get("headers").properties().forEach(e -> headers.put(e.getKey().toLowerCase(java.util.Locale.ROOT),
                    e.getValue().asText()));
            byte[] body = req.hasNonNull("body") ? req.get("body").asText().getBytes(StandardCharsets.UTF_8) : new byte[0];
            cases.add(new Case(r.get("name").asText(), req.get("method").asText(), req.get("path").asText(), query, headers,
                    body, r.get("authorization").asText()));
        }
        return cases;
    }

    @Test
    void everyRequestOfTheSuiteIsSignedAsAwsSigns() {
        List<Case> cases = cases();
        // the whole suite, not a part of it: header order, duplicates and trimming, unreserved and
        // UTF-8 paths and queries, query order and encoding, bodies, session tokens
        assertThat(cases).hasSizeGreaterThanOrEqualTo(20);
        assertThat(cases).extracting(Case::name).contains("get-vanilla", "get-header-value-trim", "get-utf8",
                "get-vanilla-utf8-query", "post-vanilla-query-nonunreserved", "post-sts-header-before",
                "post-x-www-form-urlencoded-parameters");
        SigV4 signer = new SigV4(suite.get("region").asText(), suite.get("service").asText());
        String id = suite.get("credentials").get("accessKeyId").asText();
        String secret = suite.get("credentials").get("secretAccessKey").asText();
        List<String> mismatches = new ArrayList<>();
        for (Case c : cases) {
            // the suite's paths are as the user wrote them (get-utf8: "/\u1234"), and its canonical
            // requests have them encoded once, as S3 signs them
            String path = SigV4.encodePath(c.path());
            String ours = signer.authorization(id, secret, c.method(), path, SigV4.canonicalQuery(c.query()), c.headers(),
                    SigV4.sha256Hex(c.body()));
            if (!ours.equals(c.expected())) {
                mismatches.add(c.name() + ":\n  ours " + ours + "\n  AWS  " + c.expected());
            }
        }
        assertThat(mismatches).as("requests of the suite signed otherwise than AWS signs them").isEmpty();
    }

    @Test
    void theS3ExampleOfAwsDocumentationIsSignedAsDocumented() {
        // "Signature Calculations for the Authorization Header: Transferring Payload in a Single Chunk",
        // its GET Object example: the first 10 bytes of examplebucket/test.txt
        TreeMap<String, String> headers = new TreeMap<>();
        headers.put("host", "examplebucket.s3.amazonaws.com");
        headers.put("range", "bytes=0-9");
        headers.put("x-amz-content-sha256", SigV4.EMPTY_SHA256);
        headers.put("x-amz-date", "20130524T000000Z");
        String auth = new SigV4("us-east-1", "s3").authorization("AKIAIOSFODNN7EXAMPLE",
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "GET", "/" + SigV4.encodePath("test.txt"), "", headers,
                SigV4.EMPTY_SHA256);
        assertThat(auth).isEqualTo("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
    }

    @Test
    void queryStringsAndHeaderValuesAreCanonicalLikeTheSuiteWants() throws IOException {
        assertThat(SigV4.canonicalQuery(Map.of("uploadId", List.of("a/b+c=="), "partNumber", List.of("7"))))
                .isEqualTo("partNumber=7&uploadId=a%2Fb%2Bc%3D%3D");
        assertThat(SigV4.canonicalQuery(Map.of("k", List.of("b", "a"), "K", List.of("")))).isEqualTo("K=&k=a&k=b");
        assertThat(SigV4.canonicalValue("  a   b \t")).isEqualTo("a b");
        assertThat(SigV4.canonicalValue("plain")).isEqualTo("plain");
    }
}
