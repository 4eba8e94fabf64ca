package io.rangefinder.app.explorer;

import io.rangefinder.app.RangefinderApp;
import io.rangefinder.app.WindowState;
import io.rangefinder.app.common.SceneSnapshot;
import io.rangefinder.app.testsupport.DirectoryStore;

import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Uploads and copies onto names that are taken ask first: replace, skip, keep both, for one or for all. */
@ExtendWith(ApplicationExtension.class)
class ExplorerOverwriteWindowTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path root;
    @TempDir
    Path desktop;
    @TempDir
    Path config;

    private RangefinderApp app;

    @Start
    void start(Stage stage) {
        System.setProperty(WindowState.CONFIG_DIR_PROPERTY, config.toString());
        DirectoryStore.file(root, "data/readme.txt", 12);
        DirectoryStore.file(root, "data/notes.md", 30);
        DirectoryStore.file(root, "data/model.bin", 4000);
        DirectoryStore.file(root, "data/images/cat.png", 2048);
        app = new RangefinderApp(() -> new DirectoryStore(root), Location.of("data", ""));
        app.start(stage);
    }

    @Stop
    void stop() {
        app.stop();
    }

    @Test
    void uploadingOverAFileAsksAndEachAnswerDoesWhatItSays(FxRobot robot) throws Exception {
        awaitRows(robot, "images", "model.bin", "notes.md", "readme.txt");
        Path readme = DirectoryStore.file(desktop, "readme.txt", 99);

        // keep both: the new file gets a free name, the old one stays
        upload(robot, List.of(readme));
        awaitQuestion(robot, "“readme.txt” already exists");
        assertThat(fx(() -> text(robot, "#confirmMessage"))).contains("file:///data/readme.txt exists", "readme (1).txt");
        assertThat(fx(() -> robot.lookup("#confirmApplyToAll").query().isVisible())).as("one item: nothing to apply to").isFalse();
        SceneSnapshot.writePng(fx(() -> SceneSnapshot.take(robot.lookup("#confirmOverlay").query().getScene())),
                Path.of("target/screenshots/explorer-overwrite.png"));
        robot.clickOn("#conflictKeepBoth");
        awaitRows(robot, "images", "model.bin", "notes.md", "readme (1).txt", "readme.txt");
        assertThat(Files.size(root.resolve("data/readme (1).txt"))).isEqualTo(99);
        assertThat(Files.size(root.resolve("data/readme.txt"))).isEqualTo(12);

        // replace: written over
        upload(robot, List.of(readme));
        awaitQuestion(robot, "“readme.txt” already exists");
        robot.clickOn("#conflictReplace");
        await().atMost(WAIT).until(() -> Files.size(root.resolve("data/readme.txt")) == 99);

        // a folder partly there, skipped: only the new names are written
        DirectoryStore.file(desktop, "images/cat.png", 7);
        DirectoryStore.file(desktop, "images/new.png", 8);
        upload(robot, List.of(desktop.resolve("images")));
        awaitQuestion(robot, "“images/” is already there");
        assertThat(fx(() -> text(robot, "#confirmMessage"))).startsWith("1 item of its 2 items already exist in file:///data/images/");
        robot.clickOn("#conflictSkip");
        await().atMost(WAIT).until(() -> Files.isRegularFile(root.resolve("data/images/new.png")));
        awaitTransfersDone(robot);
        assertThat(Files.size(root.resolve("data/images/cat.png"))).isEqualTo(2048);

        // two files in the way, "do the same for the rest": one question only
        Path notes = DirectoryStore.file(desktop, "notes.md", 5);
        Path model = DirectoryStore.file(desktop, "model.bin", 6);
        upload(robot, List.of(notes, model));
        awaitQuestion(robot, "“notes.md” already exists");
        assertThat(fx(() -> robot.lookup("#confirmApplyToAll").queryAs(CheckBox.class).getText()))
                .isEqualTo("Do the same for the 1 item more already there");
        robot.clickOn("#confirmApplyToAll");
        robot.clickOn("#conflictSkip");
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(300);
        assertThat(fx(() -> robot.lookup("#confirmOverlay").query().isVisible())).as("no second question").isFalse();
        awaitTransfersDone(robot);
        assertThat(Files.size(root.resolve("data/notes.md"))).isEqualTo(30);
        assertThat(Files.size(root.resolve("data/model.bin"))).isEqualTo(4000);

        // Cancel: nothing written
        Path readme2 = DirectoryStore.file(desktop.resolve("again"), "readme.txt", 1);
        upload(robot, List.of(readme2));
        awaitQuestion(robot, "“readme.txt” already exists");
        robot.clickOn("#confirmCancel");
        Thread.sleep(300);
        assertThat(Files.size(root.resolve("data/readme.txt"))).isEqualTo(99);
    }

    @Test
    void copyIntoTheSameFolderOffersKeepBothNotReplace(FxRobot robot) throws Exception {
        awaitRows(robot, "images", "model.bin", "notes.md", "readme.txt");
        robot.clickOn(cell(robot, "model.bin"));
        robot.clickOn("#copyToButton");
        await().atMost(WAIT).until(() -> fx(() -> robot.lookup("#confirmInput").query().isVisible()));
        robot.clickOn("#confirmAction"); // the default target: the folder shown
        awaitQuestion(robot, "“model.bin” already exists");
        assertThat(fx(() -> robot.lookup("#conflictReplace").tryQuery().isPresent())).as("no copying onto itself").isFalse();
        robot.clickOn("#conflictKeepBoth");
        awaitRows(robot, "images", "model (1).bin", "model.bin", "notes.md", "readme.txt");
        assertThat(Files.readAllBytes(root.resolve("data/model (1).bin"))).isEqualTo(Files.readAllBytes(root.resolve("data/model.bin")));
    }

    private void upload(FxRobot robot, List<Path> files) {
        robot.interact(() -> app.view().dropFiles(files.stream().map(Path::toFile).toList()));
    }

    private static void awaitQuestion(FxRobot robot, String title) {
        await().atMost(WAIT).until(() -> fx(() -> robot.lookup("#confirmOverlay").query().isVisible()
                && title.equals(text(robot, "#confirmTitle"))));
    }

    private void awaitTransfersDone(FxRobot robot) {
        await().atMost(WAIT).until(() -> fx(() -> app.model().transfers().transfers().stream()
                .allMatch(t -> t.getState().isFinished())));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static void awaitRows(FxRobot robot, String... names) {
        await().atMost(WAIT).until(() -> fx(() -> table(robot).getItems().stream().map(ExplorerEntry::name).sorted().toList()),
                n -> n.equals(List.of(names)));
    }

    @SuppressWarnings("unchecked")
    private static TableView<ExplorerEntry> table(FxRobot robot) {
        return robot.lookup("#entryTable").queryAs(TableView.class);
    }

    private static Node cell(FxRobot robot, String name) {
        return robot.lookup(".table-cell").match((Node n) -> n instanceof javafx.scene.control.TableCell<?, ?> c
                && c.getTableColumn() != null && "Name".equals(c.getTableColumn().getText())
                && name.equals(c.getText())).query();
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get();
    }
}
