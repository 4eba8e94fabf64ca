package io.rangefinder;

import io.rangefinder.testing.Ports;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.rangefinder.app.common.ErrorReport;
import io.rangefinder.bench.SyntheticData;
import io.rangefinder.cli.RangefinderCli;
import io.rangefinder.storage.config.ConfigDir;
import io.rangefinder.storage.config.ConnectionProfile;
import io.rangefinder.storage.config.ConnectionsFile;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.PutOptions;
import io.rangefinder.storage.config.Secret;
import io.rangefinder.storage.StorageException;
import io.rangefinder.storage.StoreFactory;
import io.rangefinder.testing.LogCapture;
import io.rangefinder.testing.S3ProxyServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, "unbreakable": credentials never leak. The CLI runs in-process (and, where credentials
 * come only from the environment, as a child JVM) against S3Proxy and dead loopback ports with known
 * unique test secrets, while every logger of the JVM logs at TRACE (wire logs included) into a
 * capture. The test fails if a secret shows in a log event, stdout/stderr, an error line (plain and
 * {@code --verbose} with its stack trace), a {@code bench --json -o} file, anything under its own
 * config folder, the GUI's error details for the same failures, or the plain connections file.
 *
 * <p>Design it checks: {@code connections.json} holds profiles without secrets; the values live in
 * {@code secrets.json}, owner-only (rw-------), next to it.
 */
class SecretsLeakTest {

    private static final String BUCKET = "secrets-leak";
    private static final String TEST_ACCESS_KEY = "AKIATESTLEAK123456";
    private static final String RUN = HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
    private static final String S3_SECRET = "s3cr3t-LEAK-" + RUN;
    private static final String S3_SESSION_TOKEN = "s3ssion-LEAK-" + RUN;
    private static final String AZURE_KEY = Base64.getEncoder().encodeToString(
            ("azure-account-key-LEAK-" + RUN + "-0123456789abcdef").getBytes(StandardCharsets.UTF_8));
    private static final String SAS_SIG = "sasSig" + RUN + "LEAK%2Bx%3D";
    private static final String SAS_SIG_DECODED = "sasSig" + RUN + "LEAK+x=";
    private static final String SAS = "sv=2022-11-02&ss=b&srt=sco&sp=rl&se=2030-01-01T00:00:00Z&sig=" + SAS_SIG;
    private static final String GCS_KEY_ID = "gcskeyid" + RUN + "leak";

    private static S3ProxyServer s3;
    private static Path config;
    private static String savedConfigDir;
    private static int deadPort;

    private LogCapture logs;
    private final Map<String, String> systemProperties = new LinkedHashMap<>();
    private PrintStream realOut;
    private PrintStream realErr;
    private final ByteArrayOutputStream consoleOut = new ByteArrayOutputStream();
    private final ByteArrayOutputStream consoleErr = new ByteArrayOutputStream();

    @BeforeAll
    static void seed() throws IOException {
        s3 = S3ProxyServer.get();
        try (ObjectStore store = StoreFactory.open(ObjectUri.parse("s3://" + BUCKET + "/"), s3.profile())) {
            try {
                store.createContainer(BUCKET);
            } catch (StorageException e) {
                // made by an earlier run in this JVM
            }
            for (int i = 0; i < 20; i++) {
                store.put(BUCKET, "train/item-" + i, new SyntheticData(4096, i), 4096, PutOptions.DEFAULT);
            }
        }
        // our own folder under the one surefire sets (target/test-config), never ~/.config
        Path base = Path.of(System.getProperty(ConfigDir.PROPERTY, "target/test-config"));
        config = Files.createDirectories(base.resolve("secrets-leak-" + RUN));
        savedConfigDir = System.getProperty(ConfigDir.PROPERTY);
        System.setProperty(ConfigDir.PROPERTY, config.toString());
        deadPort = Ports.unused();
    }

    @AfterAll
    static void restoreConfigDir() {
        if (savedConfigDir == null) {
            System.clearProperty(ConfigDir.PROPERTY);
        } else {
            System.setProperty(ConfigDir.PROPERTY, savedConfigDir);
        }
    }

    @BeforeEach
    void capture() {
        logs = LogCapture.start();
        realOut = System.out;
        realErr = System.err;
        System.setOut(new PrintStream(new Tee(realOut, consoleOut), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(realErr, consoleErr), true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void release() {
        System.setOut(realOut);
        System.setErr(realErr);
        logs.close();
        systemProperties.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
    }

    private void property(String key, String value) {
        systemProperties.putIfAbsent(key, System.getProperty(key));
        System.setProperty(key, value);
    }

    record Result(String what, int code, String out, String err) {
    }

    private static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = RangefinderCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(String.join(" ", args), code, out.toString(), err.toString());
    }

    // ------------------------------------------------------------------ S3, in-process

    @Test
    void s3KeysNeverShowInLogsOutputErrorsOrResultFiles() throws Exception {
        String endpoint = s3.endpoint();
        List<Result> results = new ArrayList<>();
        Path out = Files.createDirectories(config.resolve("out"));

        // right keys (S3Proxy's secret is a secret too): every command works and says nothing of it
        property("aws.accessKeyId", s3.identity());
        property("aws.secretAccessKey", s3.credential());
        String[] base = {"--verbose", "--endpoint-url", endpoint, "--region", "us-east-1"};
        results.add(expect(0, cli(concat(base, "ls", "s3://" + BUCKET + "/train/"))));
        results.add(expect(0, cli(concat(base, "stat", "--json", "s3://" + BUCKET + "/train/item-1"))));
        results.add(expect(0, cli(concat(base, "get", "-q", "--json", "s3://" + BUCKET + "/train/item-2",
                out.resolve("item-2").toString()))));
        results.add(expect(0, cli(concat(base, "bench", "loader", "s3://" + BUCKET + "/train/", "-b", "4", "-p", "4",
                "--json", "-o", out.resolve("loader.json").toString()))));
        results.add(expect(0, cli(concat(base, "bench", "range", "s3://" + BUCKET + "/train/item-3", "--json",
                "-o", out.resolve("range.json").toString()))));
        results.add(expect(1, cli(concat(base, "ls", "s3://no-such-bucket-" + RUN + "/"))));
        results.add(expect(1, cli(concat(base, "bench", "loader", "s3://no-such-bucket-" + RUN + "/x/",
                "--json", "-o", out.resolve("missing.json").toString()))));
        assertThat(Files.readString(out.resolve("loader.json"))).contains("\"objects\" : 20").contains(BUCKET);
        assertThat(logs.countFrom("org.apache.http.wire")).as("the wire log was captured").isPositive();
        assertNoLeak(results, s3.credential());

        // wrong keys (and a session token): the server says no; the user hears it, without the keys
        property("aws.accessKeyId", TEST_ACCESS_KEY);
        property("aws.secretAccessKey", S3_SECRET);
        property("aws.sessionToken", S3_SESSION_TOKEN);
        results.clear();
        for (String[] verbose : new String[][] {{}, {"--verbose"}}) {
            String[] b = concat(verbose, "--endpoint-url", endpoint, "--region", "us-east-1");
            results.add(expect(1, cli(concat(b, "ls", "s3://" + BUCKET + "/"))));
            results.add(expect(1, cli(concat(b, "ls", "s3://"))));
            results.add(expect(1, cli(concat(b, "stat", "s3://" + BUCKET + "/train/item-1"))));
            results.add(expect(1, cli(concat(b, "get", "-q", "s3://" + BUCKET + "/train/item-1",
                    out.resolve("denied").toString()))));
            results.add(expect(1, cli(concat(b, "bench", "loader", "s3://" + BUCKET + "/train/", "--json",
                    "-o", out.resolve("denied.json").toString()))));
            results.add(expect(1, cli(concat(b, "bench", "range", "s3://" + BUCKET + "/train/item-1", "--json",
                    "-o", out.resolve("denied-range.json").toString()))));
            // wrong endpoint: nothing listens there
            results.add(expect(1, cli(concat(verbose, "--endpoint-url", "http://127.0.0.1:" + deadPort,
                    "--connect-timeout", "1", "--region", "us-east-1", "ls", "s3://" + BUCKET + "/"))));
        }
        // the server knows the key id but the secret is wrong: the signature does not match
        property("aws.accessKeyId", s3.identity());
        for (String[] verbose : new String[][] {{}, {"--verbose"}}) {
            String[] b = concat(verbose, "--endpoint-url", endpoint, "--region", "us-east-1");
            results.add(expect(1, cli(concat(b, "ls", "s3://" + BUCKET + "/train/"))));
            results.add(expect(1, cli(concat(b, "bench", "loader", "s3://" + BUCKET + "/train/", "--json",
                    "-o", out.resolve("bad-signature.json").toString()))));
        }
        assertThat(results.get(0).err()).contains("403");
        // the debug logs keep the session-token header line, with its value masked (WireLogRedactor)
        assertThat(logs.lines()).anyMatch(l -> l.contains("org.apache.http.headers")
                && l.toLowerCase(java.util.Locale.ROOT).contains("x-amz-security-token: ****"));
        assertThat(results.get(results.size() - 1).err()).contains("403");
        assertNoLeak(results, S3_SECRET, S3_SESSION_TOKEN);

        // the same failures as the GUI shows them (message and the Details text with causes)
        for (String ep : List.of(endpoint, "http://127.0.0.1:" + deadPort)) {
            ConnectionProfile p = ConnectionProfile.builder(ConnectionProfile.Kind.S3).name("leak").endpoint(ep)
                    .region("us-east-1").pathStyle(true).accessKeyId(TEST_ACCESS_KEY)
                    .secretAccessKey(Secret.of(S3_SECRET)).sessionToken(Secret.of(S3_SESSION_TOKEN))
                    .connectTimeout(java.time.Duration.ofSeconds(1)).build();
            assertThat(p.toString()).doesNotContain(S3_SECRET, S3_SESSION_TOKEN);
            assertGuiErrorClean(p, ObjectUri.parse("s3://" + BUCKET + "/"), S3_SECRET, S3_SESSION_TOKEN);
        }
        assertNoLeakInLogsAndFiles(S3_SECRET, S3_SESSION_TOKEN);
    }

    // ------------------------------------------------------------------ Azure and GCS

    @Test
    void azureKeysConnectionStringsAndSasSignaturesNeverShow() throws Exception {
        String dead = "http://127.0.0.1:" + deadPort;
        String connectionString = "DefaultEndpointsProtocol=http;AccountName=leaktest;AccountKey=" + AZURE_KEY
                + ";BlobEndpoint=" + dead + "/leaktest;";
        String sasConnectionString = "BlobEndpoint=" + dead + "/leaktest;SharedAccessSignature=" + SAS;
        String[] secrets = {AZURE_KEY, SAS_SIG, SAS_SIG_DECODED, URLEncoder.encode(SAS_SIG, StandardCharsets.UTF_8)};
        ObjectUri uri = ObjectUri.parse("az://leaktest/data/");
        List<ConnectionProfile> profiles = List.of(
                azure().connectionString(Secret.of(connectionString)).build(),
                azure().connectionString(Secret.of(sasConnectionString)).build(),
                azure().endpoint(dead + "/leaktest").accountName("leaktest").accountKey(Secret.of(AZURE_KEY)).build(),
                azure().endpoint(dead + "/leaktest").accountName("leaktest").sasToken(Secret.of("?" + SAS)).build(),
                // a malformed connection string: the parse error must not quote it back
                azure().connectionString(Secret.of("AccountName=leaktest;AccountKey=" + AZURE_KEY + ";Bogus")).build());
        for (ConnectionProfile p : profiles) {
            assertThat(p.toString()).doesNotContain(secrets);
            assertGuiErrorClean(p, uri, secrets);
        }
        // the CLI reads Azure credentials only from the environment: a child JVM, logging at TRACE
        List<Result> results = new ArrayList<>();
        results.add(expect(1, child(Map.of("AZURE_STORAGE_CONNECTION_STRING", connectionString),
                "--verbose", "--connect-timeout", "1", "ls", "az://leaktest/data/")));
        results.add(expect(1, child(Map.of("AZURE_STORAGE_ACCOUNT", "leaktest", "AZURE_STORAGE_SAS_TOKEN", "?" + SAS),
                "--verbose", "--connect-timeout", "1", "--endpoint-url", dead + "/leaktest", "bench", "loader",
                "az://leaktest/data/", "--json", "-o", config.resolve("out-az.json").toString())));
        assertNoLeak(results, secrets);
        assertNoLeakInLogsAndFiles(secrets);
    }

    @Test
    void gcsServiceAccountKeyNeverShows() throws Exception {
        var gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        String pem = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(gen.generateKeyPair().getPrivate().getEncoded());
        String privateKey = "-----BEGIN PRIVATE KEY-----\n" + pem + "\n-----END PRIVATE KEY-----\n";
        // lines of the key body: any one of them showing is a leak
        List<String> keyLines = pem.lines().filter(l -> l.length() >= 32).toList();
        String json = """
                {"type": "service_account", "project_id": "leak-test", "private_key_id": "%s",
                 "private_key": "%s", "client_email": "leak@leak-test.iam.gserviceaccount.com",
                 "client_id": "1234567890", "token_uri": "%s/token"}
                """.formatted(GCS_KEY_ID, privateKey.replace("\n", "\\n"), s3.endpoint());
        // the token request goes to S3Proxy, which refuses it at once (a dead port is retried for seconds)
        Path file = config.resolve("gcs-service-account.json");
        Files.writeString(file, json);
        List<String> secrets = new ArrayList<>(keyLines);
        secrets.add(GCS_KEY_ID);
        String[] all = secrets.toArray(String[]::new);

        ConnectionProfile p = ConnectionProfile.builder(ConnectionProfile.Kind.GCS).name("gcs-leak")
                .endpoint("http://127.0.0.1:" + deadPort).projectId("leak-test").credentialsFile(file.toString())
                .connectTimeout(java.time.Duration.ofSeconds(1)).build();
        assertGuiErrorClean(p, ObjectUri.parse("gs://leak-bucket/"), all);
        List<Result> results = new ArrayList<>();
        results.add(expect(1, child(Map.of("GOOGLE_APPLICATION_CREDENTIALS", file.toString(),
                        "GOOGLE_CLOUD_PROJECT", "leak-test"),
                "--verbose", "--connect-timeout", "1", "--endpoint-url", "http://127.0.0.1:" + deadPort,
                "ls", "gs://leak-bucket/")));
        assertNoLeak(results, all);
        // the key file itself is the user's; everything else in the config folder must be clean
        assertNoLeakInLogsAndFiles(all);
    }

    // ------------------------------------------------------------------ the saved connections

    @Test
    void connectionsFileKeepsSecretsOnlyInTheOwnerOnlySecretsFile() throws Exception {
        Path dir = Files.createDirectories(config.resolve("connections"));
        ConnectionsFile file = new ConnectionsFile(dir);
        List<ConnectionProfile> profiles = List.of(
                ConnectionProfile.builder(ConnectionProfile.Kind.S3).name("s3").endpoint(s3.endpoint())
                        .accessKeyId(TEST_ACCESS_KEY).secretAccessKey(Secret.of(S3_SECRET))
                        .sessionToken(Secret.of(S3_SESSION_TOKEN)).build(),
                azure().name("az-cs").connectionString(Secret.of("AccountName=a;AccountKey=" + AZURE_KEY)).build(),
                azure().name("az-key").accountName("a").accountKey(Secret.of(AZURE_KEY)).build(),
                azure().name("az-sas").accountName("a").sasToken(Secret.of(SAS)).build());
        file.save(profiles);
        String plain = Files.readString(file.file());
        assertThat(plain).contains("\"s3\"", "az-cs", TEST_ACCESS_KEY)
                .doesNotContain(S3_SECRET, S3_SESSION_TOKEN, AZURE_KEY, SAS_SIG, SAS_SIG_DECODED);
        String secret = Files.readString(file.secretsFile());
        assertThat(secret).contains(S3_SECRET, S3_SESSION_TOKEN, AZURE_KEY, SAS_SIG);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.secretsFile())))
                    .isEqualTo("rw-------");
        }
        assertThat(file.load().profiles()).isEqualTo(profiles);
        assertThat(logs.linesContaining(S3_SECRET)).isEmpty();
        assertThat(logs.linesContaining(AZURE_KEY)).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    private static ConnectionProfile.Builder azure() {
        return ConnectionProfile.builder(ConnectionProfile.Kind.AZURE).name("az-leak")
                .connectTimeout(java.time.Duration.ofSeconds(1)).requestTimeout(java.time.Duration.ofSeconds(3));
    }

    /** Opens the store and lists, as the explorer does, and checks what the error pane would show. */
    private void assertGuiErrorClean(ConnectionProfile p, ObjectUri uri, String... secrets) {
        Throwable failure = null;
        try (ObjectStore store = StoreFactory.open(uri, p)) {
            store.list(io.rangefinder.storage.ListRequest.folders(uri.container(), uri.key()));
        } catch (RuntimeException e) {
            failure = e;
        }
        assertThat(failure).as("listing %s with %s fails", uri, p.name()).isNotNull();
        ErrorReport report = ErrorReport.of("Could not list " + uri, failure);
        for (String s : secrets) {
            assertThat(report.message()).as("error message for %s", p.name()).doesNotContain(s);
            assertThat(report.details()).as("error details (causes, stack) for %s", p.name()).doesNotContain(s);
        }
    }

    private static Result expect(int code, Result r) {
        assertThat(r.code()).as("exit code of `%s`\nstdout: %s\nstderr: %s", r.what(), r.out(), r.err()).isEqualTo(code);
        return r;
    }

    private void assertNoLeak(List<Result> results, String... secrets) throws IOException {
        for (Result r : results) {
            for (String s : secrets) {
                assertThat(r.out()).as("stdout of `%s`", r.what()).doesNotContain(s);
                assertThat(r.err()).as("stderr of `%s`", r.what()).doesNotContain(s);
            }
        }
        assertNoLeakInLogsAndFiles(secrets);
    }

    private void assertNoLeakInLogsAndFiles(String... secrets) throws IOException {
        assertThat(logs.size()).as("log events captured at TRACE").isPositive();
        String console = consoleOut.toString(StandardCharsets.UTF_8) + consoleErr.toString(StandardCharsets.UTF_8);
        for (String s : secrets) {
            List<String> hits = logs.linesContaining(s);
            assertThat(hits).as("log events containing a secret, from loggers %s",
                    hits.stream().map(h -> h.split(" ", 3)[1]).distinct().toList()).isEmpty();
            assertThat(console).as("the process's own stdout/stderr").doesNotContain(s);
        }
        try (Stream<Path> files = Files.walk(config)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (f.getFileName().toString().equals("gcs-service-account.json")
                        || f.getFileName().toString().equals(ConnectionsFile.SECRETS_NAME)) {
                    continue; // the user's own key file, and the owner-only store of secrets by design
                }
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String s : secrets) {
                    assertThat(text).as("file %s", f).doesNotContain(s);
                }
            }
        }
    }

    /** The CLI in a child JVM with extra environment variables and everything logging at TRACE to stderr. */
    private Result child(Map<String, String> env, String... args) throws Exception {
        Path logback = config.resolve("logback-trace.xml");
        if (!Files.exists(logback)) {
            Files.writeString(logback, """
                    <configuration>
                      <appender name="ERR" class="ch.qos.logback.core.ConsoleAppender">
                        <target>System.err</target>
                        <encoder><pattern>%level %logger [%thread] %msg %mdc %kvp%n%ex</pattern></encoder>
                      </appender>
                      <root level="TRACE"><appender-ref ref="ERR"/></root>
                    </configuration>
                    """);
        }
        Path jul = config.resolve("jul-all.properties");
        Files.writeString(jul, """
                handlers=java.util.logging.ConsoleHandler
                .level=ALL
                java.util.logging.ConsoleHandler.level=ALL
                """);
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Dlogback.configurationFile=" + logback.toAbsolutePath(),
                "-Djava.util.logging.config.file=" + jul.toAbsolutePath(),
                "-D" + ConfigDir.PROPERTY + "=" + config.toAbsolutePath(),
                "-Duser.home=" + config.resolve("home").toAbsolutePath(),
                "io.rangefinder.cli.CliMain"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        // only loopback and only what the test gives: no real cloud credentials from the environment
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("AZURE_") || k.startsWith("GOOGLE_"));
        pb.environment().putAll(env);
        Path out = Files.createTempFile(config, "child", ".out");
        Path err = Files.createTempFile(config, "child", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the child CLI did not end within 60 s: " + cmd);
        }
        Result r = new Result(String.join(" ", args), p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        assumeThat(r.err()).as("the child JVM started").doesNotContain("Could not find or load main class");
        assertThat(r.err()).as("the child logged at TRACE").containsAnyOf("DEBUG ", "TRACE ", "FINE");
        return r;
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = new String[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** Writes to the real stream and keeps a copy. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            synchronized (b) {
                b.write(c);
            }
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            synchronized (b) {
                b.write(buf, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            a.flush();
        }
    }
}
