package io.rangefinder.app;

import io.rangefinder.app.explorer.Location;
import io.rangefinder.app.testsupport.DirectoryStore;

import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** -Drangefinder.readyFile=...: the smoke-test hook writes a PNG of the window after the first listing. */
@ExtendWith(ApplicationExtension.class)
class ReadyFileTest {

    @TempDir
    Path root;

    private RangefinderApp app;
    private Path readyFile;

    @TempDir
    Path config;

    @Start
    void start(Stage stage) {
        System.setProperty(WindowState.CONFIG_DIR_PROPERTY, config.toString());
        DirectoryStore.file(root, "data/a.txt", 1);
        readyFile = root.resolve("out/ready.png");
        System.setProperty(RangefinderApp.READY_FILE_PROPERTY, readyFile.toString());
        app = new RangefinderApp(() -> new DirectoryStore(root), Location.of("data", ""));
        app.start(stage);
    }

    @Stop
    void stop() {
        app.stop();
    }

    @AfterEach
    void clearProperty() {
        System.clearProperty(RangefinderApp.READY_FILE_PROPERTY);
    }

    @Test
    void writesAPngOfTheWholeWindowOnceTheFirstListingShows() throws Exception {
        await().atMost(Duration.ofSeconds(15)).until(() -> Files.isRegularFile(readyFile));
        var image = ImageIO.read(readyFile.toFile());
        assertThat(image.getWidth()).isEqualTo((int) RangefinderApp.WIDTH);
        assertThat(image.getHeight()).isEqualTo((int) RangefinderApp.HEIGHT);
        try (var files = Files.list(readyFile.getParent())) {
            assertThat(files).as("no partial file left behind").containsExactly(readyFile);
        }
    }
}
