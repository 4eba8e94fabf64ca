package io.rangefinder.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rangefinder.app.explorer.Location;
import io.rangefinder.app.testsupport.DirectoryStore;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A stopped app leaves nothing behind on the stage it ran on: once the stage shows another scene,
 * the app, its explorer and its lab can be collected. (The window tests share one stage; an app kept
 * alive by it kept every earlier test's scenes, listings and benchmark buffers in the heap.)
 */
@ExtendWith(ApplicationExtension.class)
class AppReleaseTest {

    @TempDir
    Path root;

    @TempDir
    Path config;

    private Stage stage;

    @Start
    void start(Stage stage) {
        System.setProperty(WindowState.CONFIG_DIR_PROPERTY, config.toString());
        DirectoryStore.file(root, "data/a.txt", 1);
        this.stage = stage;
    }

    @Test
    void aStoppedAppIsCollectedOnceItsStageShowsAnotherScene(FxRobot robot) {
        WeakReference<RangefinderApp> app = runAndStop(robot);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            System.gc();
            return app.get() == null;
        });
        assertThat(app.get()).isNull();
    }

    /** Starts the app with its explorer and lab, lists a folder, opens the lab tab, and stops it; only a weak reference leaves. */
    private WeakReference<RangefinderApp> runAndStop(FxRobot robot) {
        RangefinderApp app = new RangefinderApp(() -> new DirectoryStore(root), Location.of("data", ""));
        robot.interact(() -> app.start(stage));
        await().atMost(Duration.ofSeconds(15)).until(() -> !robot.lookup("a.txt").queryAll().isEmpty());
        robot.clickOn("Lab");
        robot.interact(() -> {
            app.stop();
            stage.setScene(new Scene(new Label("another scene")));
        });
        // TestFX keeps the events fired on its stage (for its failure reports); they point at the
        // app's nodes until it registers the stage again, as it does before every test
        try {
            org.testfx.api.FxToolkit.registerPrimaryStage();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(e);
        }
        return new WeakReference<>(app);
    }
}
