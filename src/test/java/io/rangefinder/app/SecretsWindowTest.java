package io.rangefinder.app;

import io.rangefinder.testing.Ports;
import io.rangefinder.app.connections.ConnectionDialog;
import io.rangefinder.app.explorer.Location;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rangefinder.bench.BenchResult;
import io.rangefinder.bench.RunStore;
import io.rangefinder.bench.SyntheticData;
import io.rangefinder.storage.config.ConfigDir;
import io.rangefinder.storage.config.ConnectionProfile;
import io.rangefinder.storage.config.ConnectionsFile;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.PutOptions;
import io.rangefinder.storage.StorageException;
import io.rangefinder.storage.StoreFactory;
import io.rangefinder.storage.file.FileStore;
import io.rangefinder.testing.LogCapture;
import io.rangefinder.testing.S3ProxyServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 8, "unbreakable", in the window: connections made through the dialog with known unique test
 * secrets (S3 keys, Azure connection string and SAS token, a GCS service-account file) against
 * S3Proxy and dead loopback ports, tested, saved and browsed, and a lab loader benchmark that fails
 * (wrong keys) and one that runs (right keys) with its result exported. Every log event (all loggers
 * at TRACE), every text in every window (labels, texts, text fields and the error details; not the
 * password fields the secrets were typed into), the saved runs, the exports and connections.json must
 * be free of the secrets; secrets.json, owner-only, is where they are kept by design.
 */
@ExtendWith(ApplicationExtension.class)
class SecretsWindowTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String RUN = HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
    private static final String ACCESS_KEY = "AKIATESTLEAK123456";
    private static final String S3_SECRET = "s3cr3t-LEAK-" + RUN;
    private static final String AZURE_KEY = Base64.getEncoder().encodeToString(
            ("azure-gui-key-LEAK-" + RUN + "-0123456789abcdef").getBytes(StandardCharsets.UTF_8));
    private static final String SAS_SIG = "guiSasSig" + RUN + "LEAK";
    private static final String GCS_KEY_ID = "guigcskeyid" + RUN;
    private static final String BUCKET = "secrets-window";

    @TempDir
    Path home;

    private RangefinderApp app;
    private Stage stage;
    private LogCapture logs;
    private Path config;
    private String savedConfigDir;
    private int deadPort;
    private final List<String> secrets = new ArrayList<>();

    @Start
    void start(Stage stage) throws Exception {
        // our own folder under the one surefire sets (target/test-config), never ~/.config
        savedConfigDir = System.getProperty(ConfigDir.PROPERTY);
        Path base = Path.of(savedConfigDir == null ? "target/test-config" : savedConfigDir);
        config = Files.createDirectories(base.resolve("secrets-window-" + RUN));
        System.setProperty(ConfigDir.PROPERTY, config.toString());
        deadPort = Ports.unused();
        logs = LogCapture.start();
        this.stage = stage;
        app = new RangefinderApp(FileStore::local, Location.ofLocalPath(home));
        app.start(stage);
    }

    @Stop
    void stop() {
        app.stop();
        logs.close();
        if (savedConfigDir == null) {
            System.clearProperty(ConfigDir.PROPERTY);
        } else {
            System.setProperty(ConfigDir.PROPERTY, savedConfigDir);
        }
    }

    @Test
    void noSecretShowsInTheWindowsLogsRunsExportsOrConnectionsFile(FxRobot robot) throws Exception {
        S3ProxyServer s3 = S3ProxyServer.get();
        try (ObjectStore store = StoreFactory.open(ObjectUri.parse("s3://" + BUCKET + "/"), s3.profile())) {
            try {
                store.createContainer(BUCKET);
            } catch (StorageException e) {
                // made by an earlier run in this JVM
            }
            for (int i = 0; i < 12; i++) {
                store.put(BUCKET, "train/item-" + i, new SyntheticData(2048, i), 2048, PutOptions.DEFAULT);
            }
        }
        secrets.add(S3_SECRET);
        secrets.add(s3.credential());
        secrets.add(AZURE_KEY);
        secrets.add(SAS_SIG);
        secrets.add(GCS_KEY_ID);
        String dead = "http://127.0.0.1:" + deadPort;

        // 1. S3, a key id the server does not know, typed into the dialog: test, save, browse → errors
        openDialog(robot, "s3-wrong-keys", ConnectionProfile.Kind.S3, ConnectionDialog.Auth.S3_KEYS);
        set(robot, "#connAccessKeyId", ACCESS_KEY);
        // typed key by key, as a person would (the other fields are filled in directly: typing is slow)
        robot.clickOn("#connSecretKey").write(S3_SECRET);
        set(robot, "#connRegion", "us-east-1");
        set(robot, "#connEndpoint", s3.endpoint());
        robot.clickOn("#connPathStyle");
        String tested = testAndSave(robot);
        assertThat(tested).doesNotStartWith("OK");
        String error = awaitError(robot);
        assertThat(error).contains("403");
        // the error pane's Details (the causes, in words) are among the texts scanned
        assertThat(assertWindowsClean("S3 with wrong keys")).anyMatch(t -> t.contains("403") && t.contains("\n• "));
        // and the bug report on the clipboard, stack trace included
        robot.interact(() -> robot.lookup("#copyBugReport").queryAs(javafx.scene.control.Button.class).fire());
        String report = fx(() -> javafx.scene.input.Clipboard.getSystemClipboard().getString());
        assertThat(report).contains("403").contains("\tat ");
        for (String s : secrets) {
            assertThat(report).as("the bug report on the clipboard").doesNotContain(s);
        }

        // 2. the lab on that connection: a loader benchmark that the server refuses
        String failed = labRun(robot, "s3://" + BUCKET + "/train/", m -> m.startsWith("Benchmark failed"));
        assertThat(failed).contains("403");
        assertWindowsClean("lab run with wrong keys");
        showExplorer(robot);

        // 3. S3 on a dead port, same secret
        openDialog(robot, "s3-dead-port", ConnectionProfile.Kind.S3, ConnectionDialog.Auth.S3_KEYS);
        set(robot, "#connAccessKeyId", ACCESS_KEY);
        set(robot, "#connSecretKey", S3_SECRET);
        set(robot, "#connRegion", "us-east-1");
        set(robot, "#connEndpoint", dead);
        testAndSave(robot);
        awaitError(robot);
        assertWindowsClean("S3 on a dead port");

        // 4. Azure: a connection string with an account key, then a SAS token, both to a dead port
        openDialog(robot, "az-connection-string", ConnectionProfile.Kind.AZURE, ConnectionDialog.Auth.AZ_CONNECTION_STRING);
        set(robot, "#connConnectionString", "DefaultEndpointsProtocol=http;AccountName=leaktest;AccountKey=" + AZURE_KEY
                + ";BlobEndpoint=" + dead + "/leaktest;");
        testAndSave(robot);
        awaitError(robot);
        assertWindowsClean("Azure connection string");
        openDialog(robot, "az-sas", ConnectionProfile.Kind.AZURE, ConnectionDialog.Auth.AZ_SAS);
        set(robot, "#connAccountName", "leaktest");
        set(robot, "#connSasToken", "?sv=2022-11-02&ss=b&srt=sco&sp=rl&se=2030-01-01T00:00:00Z&sig=" + SAS_SIG);
        set(robot, "#connEndpoint", dead + "/leaktest");
        testAndSave(robot);
        awaitError(robot);
        assertWindowsClean("Azure SAS token");

        // 5. GCS with a service-account file whose token endpoint refuses it (S3Proxy answers the
        //    token request with an error at once; a dead port would be retried for seconds)
        Path keyFile = home.resolve("service-account.json");
        var gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        String pem = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(gen.generateKeyPair().getPrivate().getEncoded());
        pem.lines().filter(l -> l.length() >= 32).forEach(secrets::add);
        Files.writeString(keyFile, """
                {"type": "service_account", "project_id": "leak-test", "private_key_id": "%s",
                 "private_key": "-----BEGIN PRIVATE KEY-----\\n%s\\n-----END PRIVATE KEY-----\\n",
                 "client_email": "leak@leak-test.iam.gserviceaccount.com", "client_id": "1",
                 "token_uri": "%s/token"}
                """.formatted(GCS_KEY_ID, pem.replace("\n", "\\n"), s3.endpoint()));
        openDialog(robot, "gcs-file", ConnectionProfile.Kind.GCS, ConnectionDialog.Auth.GCS_FILE);
        set(robot, "#connCredentialsFile", keyFile.toString());
        set(robot, "#connProjectId", "leak-test");
        set(robot, "#connEndpoint", dead);
        testAndSave(robot);
        awaitError(robot);
        assertWindowsClean("GCS service-account file");

        // 6. the right keys (S3Proxy's secret is a secret too): browse, benchmark, export
        openDialog(robot, "s3-right-keys", ConnectionProfile.Kind.S3, ConnectionDialog.Auth.S3_KEYS);
        set(robot, "#connAccessKeyId", s3.identity());
        set(robot, "#connSecretKey", s3.credential());
        set(robot, "#connRegion", "us-east-1");
        set(robot, "#connEndpoint", s3.endpoint());
        robot.clickOn("#connPathStyle");
        assertThat(testAndSave(robot)).startsWith("OK");
        String ok = labRun(robot, "s3://" + BUCKET + "/train/", m -> m.startsWith("loader "));
        assertThat(ok).contains("loader ok");
        assertWindowsClean("lab run with the right keys");
        List<RunStore.Entry> runs = RunStore.inConfigDir().list();
        assertThat(runs).isNotEmpty();
        Path exports = Files.createDirectories(config.resolve("exports"));
        for (RunStore.Entry e : runs) {
            BenchResult r = RunStore.parse(Files.readString(e.file()));
            RunStore.writeJson(r, exports.resolve(e.file().getFileName()));
            RunStore.writeCsv(r, exports.resolve(e.file().getFileName() + ".csv"));
        }

        // the saved connections: secrets only in the owner-only secrets.json, by design
        ConnectionsFile file = new ConnectionsFile(config);
        String plain = Files.readString(file.file());
        assertThat(plain).contains("s3-wrong-keys", "az-sas", "gcs-file", ACCESS_KEY);
        String stored = Files.readString(file.secretsFile());
        assertThat(stored).contains(S3_SECRET, AZURE_KEY, SAS_SIG, s3.credential());
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file.secretsFile())))
                .isEqualTo("rw-------");

        try (Stream<Path> files = Files.walk(config)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (f.equals(file.secretsFile())) {
                    continue;
                }
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String s : secrets) {
                    assertThat(text).as("file %s", config.relativize(f)).doesNotContain(s);
                }
            }
        }
        assertThat(logs.lines()).as("the wire logs were captured (credentials masked)")
                .anyMatch(l -> l.contains("org.apache.http.headers") && l.contains("Authorization: ****"));
        for (String s : secrets) {
            List<String> hits = logs.linesContaining(s);
            assertThat(hits).as("log events containing a secret, from loggers %s",
                    hits.stream().map(h -> h.split(" ", 3)[1]).distinct().toList()).isEmpty();
        }
    }

    // ---- steps ----

    private void openDialog(FxRobot robot, String name, ConnectionProfile.Kind kind, ConnectionDialog.Auth auth) {
        showExplorer(robot);
        robot.clickOn("#addConnection");
        await().atMost(WAIT).until(() -> fx(() -> robot.lookup("#connectionDialog").query().isVisible()));
        set(robot, "#connName", name);
        robot.interact(() -> {
            combo(robot, "#connKind").getSelectionModel().select(kind);
            combo(robot, "#connAuth").getSelectionModel().select(auth);
        });
    }

    /** Runs "Test connection", checks what it says, saves; returns the test's result line. */
    private String testAndSave(FxRobot robot) throws Exception {
        // the scan reads the dialog's fields: the connection's name typed there is among the texts
        String name = fx(() -> robot.lookup("#connName").queryAs(TextField.class).getText());
        assertThat(assertWindowsClean("the filled-in dialog")).contains(name);
        robot.clickOn("#connTest");
        String result = await().atMost(WAIT).until(() -> fx(() -> robot.lookup("#connTestResult").queryAs(Label.class).getText()),
                t -> t != null && !t.isEmpty() && !t.startsWith("Testing"));
        assertWindowsClean("the dialog's test result: " + result);
        robot.clickOn("#connSave");
        if (!result.startsWith("OK")) {
            // a failed test: Save asks first, the warning scanned too; the second Save keeps it
            assertThat(assertWindowsClean("the save warning")).anyMatch(t -> t.contains("last test of this connection failed"));
            robot.clickOn("#connSave");
        }
        await().atMost(WAIT).until(() -> fx(() -> robot.lookup("#connectionDialog").tryQuery()
                .map(n -> !n.isVisible() || n.getScene() == null).orElse(true)));
        return result;
    }

    private String awaitError(FxRobot robot) throws Exception {
        return await().atMost(WAIT).until(() -> fx(() -> robot.lookup("#errorPane").tryQuery()
                .filter(Node::isVisible).map(_ -> robot.lookup("#errorMessage").queryAs(Label.class).getText())
                .orElse(null)), m -> m != null && !m.isBlank());
    }

    private String labRun(FxRobot robot, String uri, java.util.function.Predicate<String> done) throws Exception {
        robot.interact(() -> io.rangefinder.app.lab.LabHost.show(stage.getScene()));
        robot.interact(() -> {
            TextField f = robot.lookup("#lab-uri").queryAs(TextField.class);
            f.setText(uri);
        });
        robot.clickOn("#lab-kind-loader");
        robot.clickOn("#lab-start");
        return await().atMost(WAIT).until(() -> fx(() -> robot.lookup("#lab-message").queryAs(Label.class).getText()), done::test);
    }

    private void showExplorer(FxRobot robot) {
        robot.interact(() -> stage.getScene().getRoot().lookupAll(".tab-pane").forEach(n -> {
            if (n instanceof javafx.scene.control.TabPane tabs) {
                tabs.getTabs().stream().filter(t -> "explorer-tab".equals(t.getId())).findFirst()
                        .ifPresent(t -> tabs.getSelectionModel().select(t));
            }
        }));
    }

    /** Every text a person can see or copy in any window: labels, texts, fields, error details, tooltips, titles. */
    private List<String> assertWindowsClean(String when) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        List<String> texts = fx(() -> {
            List<String> all = new ArrayList<>();
            for (Window w : Window.getWindows()) {
                if (w instanceof Stage s && s.getTitle() != null) {
                    all.add(s.getTitle());
                }
                if (w.getScene() != null) {
                    collect(w.getScene().getRoot(), all);
                }
            }
            return all;
        });
        assertThat(texts).as("texts in the windows").isNotEmpty();
        for (String t : texts) {
            for (String s : secrets) {
                assertThat(t).as("a text in a window (%s)", when).doesNotContain(s);
            }
        }
        return texts;
    }

    private static void collect(Node n, List<String> out) {
        if (n instanceof Labeled l && l.getText() != null) {
            out.add(l.getText());
        }
        if (n instanceof Text t && t.getText() != null && !(t.getParent() != null && isPasswordSkin(t))) {
            out.add(t.getText());
        }
        if (n instanceof TextInputControl t && !(t instanceof PasswordField) && t.getText() != null) {
            out.add(t.getText());
        }
        if (n instanceof Control c && c.getTooltip() != null && c.getTooltip().getText() != null) {
            out.add(c.getTooltip().getText());
        }
        if (n instanceof Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                collect(child, out);
            }
        }
    }

    /** The Text inside a password field's skin shows bullets, but holds nothing else worth checking. */
    private static boolean isPasswordSkin(Node n) {
        for (Node p = n.getParent(); p != null; p = p.getParent()) {
            if (p instanceof PasswordField) {
                return true;
            }
        }
        return false;
    }

    private static void set(FxRobot robot, String id, String text) {
        robot.interact(() -> robot.lookup(id).queryAs(TextInputControl.class).setText(text));
    }

    @SuppressWarnings("unchecked")
    private static <T> ComboBox<T> combo(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(ComboBox.class);
    }

    private static <T> T fx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get();
    }
}
