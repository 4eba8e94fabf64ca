package io.rangefinder.app.common;

import io.rangefinder.app.RangefinderApp;
import io.rangefinder.app.WindowState;
import io.rangefinder.app.explorer.Location;
import io.rangefinder.app.testsupport.DirectoryStore;
import io.rangefinder.storage.StorageException;
import io.rangefinder.storage.config.Secret;

import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.input.Clipboard;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The error pane's Details in the real window: causes in words, the full trace only on the clipboard, secrets masked in both. */
@ExtendWith(ApplicationExtension.class)
class ErrorPaneWindowTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String KEY = "c3VwM3Itc2VjcmV0LWFjY291bnQta2V5";
    private static final String SIG = "SIGabcdef0123456789";

    @TempDir
    Path root;
    @TempDir
    Path config;

    private RangefinderApp app;
    private Stage stage;
    private DirectoryStore store;
    // a connection's key, held as the app holds one: the pane must never show it
    private final Secret held = Secret.of(KEY);

    @Start
    void start(Stage stage) {
        System.setProperty(WindowState.CONFIG_DIR_PROPERTY, config.toString());
        DirectoryStore.file(root, "data/readme.txt", 12);
        DirectoryStore.file(root, "broken/x.txt", 12);
        store = new DirectoryStore(root);
        this.stage = stage;
        app = new RangefinderApp(() -> store, Location.of("data", ""));
        app.start(stage);
    }

    @Stop
    void stop() {
        app.stop();
    }

    @Test
    void detailsListTheCausesInWordsAndTheBugReportGoesToTheClipboardMasked(FxRobot robot) throws Exception {
        assertThat(held.reveal()).isEqualTo(KEY);
        store.beforeList(r -> {
            if (r.container().equals("broken")) {
                IOException root = new ConnectException("Connection refused to https://acct.blob.core.windows.net/box?sv=2022&sig=" + SIG);
                IOException middle = new IOException("TLS handshake with key " + KEY + " failed", root);
                throw new StorageException.ConnectionFailed("could not reach the store at 127.0.0.1:1", middle);
            }
        });
        robot.interact(() -> app.model().open(Location.of("broken", "")));
        await().atMost(WAIT).until(() -> fx(() -> robot.lookup("#errorPane").query().isVisible()));
        assertThat(fx(() -> robot.lookup("#errorMessage").queryAs(Label.class).getText()))
                .isEqualTo("could not reach the store at 127.0.0.1:1");
        robot.clickOn(robot.lookup("#errorDetailsExpander").queryAs(TitledPane.class).lookup(".title"));
        await().atMost(WAIT).until(() -> fx(() -> robot.lookup("#errorDetailsExpander").queryAs(TitledPane.class).isExpanded()));
        String details = fx(() -> robot.lookup("#errorDetails").queryAs(TextArea.class).getText());
        List<String> lines = details.lines().toList();
        // what was attempted, then one line per cause, outermost first, in words: no stack frames
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("Could not list");
        assertThat(lines.get(1)).isEqualTo("• could not reach the store at 127.0.0.1:1 (StorageException$ConnectionFailed)");
        assertThat(lines.get(2)).isEqualTo("  caused by: TLS handshake with key **** failed (IOException)");
        assertThat(lines.get(3)).isEqualTo("  caused by: Connection refused to https://acct.blob.core.windows.net/box (ConnectException)");
        assertThat(details).doesNotContain("\tat ").doesNotContain(KEY).doesNotContain(SIG);
        screenshotTo(Path.of("assets/screenshots/explorer-error-details.png"));

        robot.clickOn("#copyBugReport");
        assertThat(fx(() -> robot.lookup("#bugReportCopied").queryAs(Label.class).getText())).startsWith("Copied");
        String report = fx(() -> Clipboard.getSystemClipboard().getString());
        assertThat(report).contains("Rangefinder ").contains("Could not list").contains("\tat ")
                .contains("Caused by: java.io.IOException: TLS handshake with key **** failed")
                .doesNotContain(KEY).doesNotContain(SIG);
    }

    @Test
    void aReportMasksEveryHeldSecretAndCredentialShape() {
        Secret other = Secret.of("another-long-secret-42");
        ErrorReport r = ErrorReport.of("Could not upload",
                new RuntimeException("Authorization: Bearer abc.def-ghi sent with another-long-secret-42 and AccountKey=xyz;"));
        for (String text : List.of(r.message(), r.details(), r.bugReport())) {
            assertThat(text).doesNotContain("abc.def-ghi").doesNotContain(other.reveal()).doesNotContain("xyz");
        }
        assertThat(ErrorReport.plain("bad " + other.reveal()).message()).isEqualTo("bad ****");
    }

    private static <T> T fx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get();
    }

    private void screenshotTo(Path target) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Files.createDirectories(target.getParent());
        var image = fx(() -> SceneSnapshot.take(stage.getScene()));
        SceneSnapshot.writePng(image, target);
        assertThat(Files.size(target)).isPositive();
    }
}
