package io.rangefinder.app.explorer;

import io.rangefinder.app.RangefinderApp;
import io.rangefinder.app.WindowState;
import io.rangefinder.storage.config.ConnectionProfile;
import io.rangefinder.storage.config.ConnectionsFile;
import io.rangefinder.storage.config.Secret;
import io.rangefinder.storage.file.FileStore;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A server that accepts connections and never answers: the window shows that it waits, offers a
 * Cancel that works at once, and gives up with a message naming the timeout of the connection.
 */
@ExtendWith(ApplicationExtension.class)
class ExplorerHangWindowTest {

    @TempDir
    Path home;
    @TempDir
    Path config;

    private ServerSocket silent;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private RangefinderApp app;

    @Start
    void start(Stage stage) throws IOException {
        System.setProperty(WindowState.CONFIG_DIR_PROPERTY, config.toString());
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    accepted.add(silent.accept()); // held open, never read, never answered
                } catch (IOException e) {
                    return;
                }
            }
        }, "silent-server");
        acceptor.setDaemon(true);
        acceptor.start();
        ConnectionProfile hang = ConnectionProfile.builder(ConnectionProfile.Kind.S3).name("silent-s3")
                .endpoint("http://127.0.0.1:" + silent.getLocalPort())
                .region("us-east-1").pathStyle(true)
                .accessKeyId("AKIDEXAMPLE").secretAccessKey(Secret.of("not-a-real-secret"))
                .requestTimeout(Duration.ofSeconds(3))
                .build();
        new ConnectionsFile(config).save(List.of(hang));
        app = new RangefinderApp(FileStore::local, Location.ofLocalPath(home));
        app.start(stage);
    }

    @Stop
    void stop() {
        app.stop();
    }

    @AfterEach
    void closeServer() throws IOException {
        silent.close();
        for (Socket s : accepted) {
            s.close();
        }
    }

    @Test
    void cancelStopsTheWaitAtOnceAndTheTimeoutSaysWhatTimedOut(FxRobot robot) throws Exception {
        openSilentConnection(robot);
        // waiting: the placeholder counts and a Cancel is there to press
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> text(robot, "#tablePlaceholder")),
                t -> t.startsWith("Loading") || t.startsWith("Waiting for the store"));
        assertThat(fx(() -> robot.lookup("#cancelLoadingButton").query().isVisible())).isTrue();
        assertThat(fx(() -> robot.lookup("#cancelLoadingBarButton").query().isVisible())).isTrue();
        robot.clickOn("#cancelLoadingButton");
        assertThat(fx(() -> text(robot, "#statusLabel"))).startsWith("Listing cancelled");
        assertThat(fx(() -> text(robot, "#tablePlaceholder"))).startsWith("Listing cancelled");
        assertThat(fx(() -> robot.lookup("#cancelLoadingButton").query().isVisible())).isFalse();
        // a late failure of the cancelled call does not replace the cancelled state
        Thread.sleep(4_000);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> text(robot, "#statusLabel"))).startsWith("Listing cancelled");

        // Refresh tries again; left alone, the call gives up after the connection's 3 s timeout
        long t0 = System.nanoTime();
        robot.press(javafx.scene.input.KeyCode.F5).release(javafx.scene.input.KeyCode.F5);
        await().atMost(Duration.ofSeconds(20)).until(() -> fx(() -> text(robot, "#statusLabel")),
                t -> t.contains("failed: "));
        double waited = (System.nanoTime() - t0) / 1e9;
        String message = fx(() -> text(robot, "#statusLabel"));
        assertThat(message).contains("listing buckets").containsAnyOf("no answer within 3", "sent nothing for 3").contains("the connection's timeout")
                .contains("the connection's Timeout");
        assertThat(waited).as("seconds until the window gave up").isLessThan(15);
        assertThat(fx(() -> robot.lookup("#cancelLoadingButton").query().isVisible())).isFalse();

        // the timeout is the connection's own, shown and edited in its dialog
        robot.clickOn("#editConnection");
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> robot.lookup("#connTimeout").query().isVisible()));
        assertThat(fx(() -> robot.lookup("#connTimeout").queryAs(javafx.scene.control.TextField.class).getText())).isEqualTo("3");
        robot.interact(() -> robot.lookup("#connTimeout").queryAs(javafx.scene.control.TextField.class).setText("soon"));
        robot.clickOn("#connSave");
        assertThat(fx(() -> text(robot, "#connTestResult"))).startsWith("The timeout is a number of seconds");
        robot.interact(() -> robot.lookup("#connTimeout").queryAs(javafx.scene.control.TextField.class).setText("7"));
        robot.clickOn("#connSave");
        robot.clickOn("#connSave"); // untested since the change: "Save anyway"
        await().atMost(Duration.ofSeconds(5)).until(() -> new ConnectionsFile(config).load().profiles().getFirst().requestTimeout(),
                t -> Duration.ofSeconds(7).equals(t));
    }

    private void openSilentConnection(FxRobot robot) throws Exception {
        await().atMost(Duration.ofSeconds(15)).until(() -> fx(() -> connectionList(robot).getItems().size()), n -> n == 2);
        robot.interact(() -> {
            ListView<ConnectionProfile> list = connectionList(robot);
            list.getSelectionModel().select(list.getItems().stream()
                    .filter(c -> c.name().equals("silent-s3")).findFirst().orElseThrow());
        });
    }

    @SuppressWarnings("unchecked")
    private static ListView<ConnectionProfile> connectionList(FxRobot robot) {
        return robot.lookup("#connectionList").queryAs(ListView.class);
    }

    private static String text(FxRobot robot, String id) {
        Node n = robot.lookup(id).query();
        return ((Label) n).getText();
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get();
    }
}
