package io.rangefinder.app.explorer;

import io.rangefinder.app.RangefinderApp;
import io.rangefinder.app.common.SceneSnapshot;
import io.rangefinder.app.WindowState;
import io.rangefinder.app.testsupport.DirectoryStore;

import atlantafx.base.controls.Breadcrumbs;
import javafx.scene.Node;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The real window, headless (Monocle), on a real store over a temp dir. */
@ExtendWith(ApplicationExtension.class)
class ExplorerWindowTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path root;

    private DirectoryStore store;
    private RangefinderApp app;
    private Stage stage;

    @TempDir
    Path config;

    @Start
    void start(Stage stage) {
        System.setProperty(WindowState.CONFIG_DIR_PROPERTY, config.toString());
        DirectoryStore.file(root, "data/readme.txt", 12);
        DirectoryStore.file(root, "data/model.bin", 3 << 20);
        DirectoryStore.file(root, "data/notes.md", 1536);
        DirectoryStore.file(root, "data/images/cat.png", 2048);
        DirectoryStore.file(root, "data/images/dog.png", 4096);
        DirectoryStore.file(root, "data/images/raw/frame-0001.raw", 1 << 20);
        DirectoryStore.file(root, "data/logs/app.log", 100);
        DirectoryStore.file(root, "other/x", 1);
        store = new DirectoryStore(root);
        this.stage = stage;
        app = new RangefinderApp(() -> store, Location.of("data", ""));
        app.start(stage);
    }

    @Stop
    void stop() {
        app.stop();
    }

    @AfterEach
    void storageNeverRanOnTheFxThread() {
        assertThat(store.calls()).isPositive();
        assertThat(store.callsOnFxThread()).as("store calls made on the FX thread").isZero();
    }

    @Test
    void showsTheFolderAndOpensSubfoldersWithTheMouseAndKeyboard(FxRobot robot) throws Exception {
        awaitRows(robot, "images", "logs", "model.bin", "notes.md", "readme.txt");
        assertThat(fx(() -> status(robot).getText())).isEqualTo("5 items");
        assertThat(fx(() -> address(robot).getText())).isEqualTo("file:///data/");
        assertThat(fx(stage::getTitle)).isEqualTo("Rangefinder");
        assertThat(fx(() -> robot.lookup(".table-row-cell").queryAll().stream()
                .filter(n -> n.lookup(".table-cell") != null)
                .map(n -> n.lookupAll(".table-cell").stream().map(c -> ((javafx.scene.control.Labeled) c).getText()).toList())
                .filter(cells -> "model.bin".equals(cells.getFirst()))
                .findFirst().orElseThrow()))
                .as("size in binary units, as Units formats it").contains("3.00 MiB");
        screenshot(robot, Path.of("target/screenshots/explorer-first.png"));

        robot.doubleClickOn(cell(robot, "images"));
        awaitRows(robot, "cat.png", "dog.png", "raw");
        assertThat(fx(() -> crumbTexts(robot))).containsExactly("", "data", "images");
        assertThat(fx(() -> address(robot).getText())).isEqualTo("file:///data/images/");

        robot.clickOn(cell(robot, "cat.png"));
        robot.type(KeyCode.BACK_SPACE);
        awaitRows(robot, "images", "logs", "model.bin", "notes.md", "readme.txt");
        assertThat(fx(() -> crumbTexts(robot))).containsExactly("", "data");

        // keyboard only: the first row is selected, Enter opens it
        robot.clickOn(cell(robot, "images"));
        robot.type(KeyCode.ENTER);
        awaitRows(robot, "cat.png", "dog.png", "raw");
        robot.press(KeyCode.ALT).press(KeyCode.LEFT).release(KeyCode.LEFT).release(KeyCode.ALT);
        awaitRows(robot, "images", "logs", "model.bin", "notes.md", "readme.txt");

        // a breadcrumb segment navigates
        robot.doubleClickOn(cell(robot, "images"));
        awaitRows(robot, "cat.png", "dog.png", "raw");
        robot.doubleClickOn(cell(robot, "raw"));
        awaitRows(robot, "frame-0001.raw");
        robot.clickOn(crumb(robot, "images"));
        awaitRows(robot, "cat.png", "dog.png", "raw");
    }

    @Test
    void typedAddressNavigatesAndAMissingPathShowsAReadableError(FxRobot robot) throws Exception {
        awaitRows(robot, "images", "logs", "model.bin", "notes.md", "readme.txt");

        robot.clickOn(cell(robot, "readme.txt"));
        robot.press(KeyCode.CONTROL).press(KeyCode.L).release(KeyCode.L).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> address(robot).isFocused())).as("Ctrl+L focuses the address").isTrue();
        robot.write("file:///data/images/raw").type(KeyCode.ENTER);
        awaitRows(robot, "frame-0001.raw");
        assertThat(fx(() -> crumbTexts(robot))).containsExactly("", "data", "images", "raw");

        robot.press(KeyCode.CONTROL).press(KeyCode.L).release(KeyCode.L).release(KeyCode.CONTROL);
        robot.write("/nope/deeper").type(KeyCode.ENTER);
        await().atMost(WAIT).until(() -> fx(() -> status(robot).getText()), t -> t.startsWith("container 'nope' not found"));
        assertThat(fx(() -> robot.lookup("#errorPane").query().isVisible())).as("the error shows in place").isTrue();
        assertThat(fx(() -> robot.lookup("#errorMessage").queryAs(Label.class).getText())).startsWith("container 'nope' not found");
        assertThat(fx(() -> status(robot).getStyleClass())).contains("danger");
        assertThat(fx(() -> table(robot).getItems())).isEmpty();
        screenshot(robot, Path.of("target/screenshots/explorer-error-status.png"));

        // F5 after the folder appears recovers
        DirectoryStore.file(root, "nope/deeper/found.txt", 3);
        robot.clickOn(table(robot)).type(KeyCode.F5);
        awaitRows(robot, "found.txt");
        assertThat(fx(() -> status(robot).getText())).isEqualTo("1 item");
        assertThat(fx(() -> status(robot).getStyleClass())).doesNotContain("danger");
        assertThat(fx(() -> robot.lookup("#errorPane").query().isVisible())).isFalse();
    }

    @Test
    void aMissingFolderSaysSoARelativeAddressIsRefusedAndDialogsOpenAtHome(FxRobot robot) throws Exception {
        awaitRows(robot, "images", "logs", "model.bin", "notes.md", "readme.txt");
        Files.createDirectories(root.resolve("data/empty"));

        // an empty folder and a folder that is not there read differently
        robot.press(KeyCode.CONTROL).press(KeyCode.L).release(KeyCode.L).release(KeyCode.CONTROL);
        robot.write("file:///data/empty/").type(KeyCode.ENTER);
        await().atMost(WAIT).until(() -> fx(() -> placeholder(robot)), "This folder is empty"::equals);
        robot.press(KeyCode.CONTROL).press(KeyCode.L).release(KeyCode.L).release(KeyCode.CONTROL);
        robot.write("file:///data/no-such-folder/").type(KeyCode.ENTER);
        await().atMost(WAIT).until(() -> fx(() -> placeholder(robot)), "This folder does not exist"::equals);

        // "::::" is no location: a message, and the window stays where it was
        robot.press(KeyCode.CONTROL).press(KeyCode.L).release(KeyCode.L).release(KeyCode.CONTROL);
        robot.write("::::").type(KeyCode.ENTER);
        await().atMost(WAIT).until(() -> fx(() -> robot.lookup("#errorPane").query().isVisible()));
        assertThat(fx(() -> robot.lookup("#errorMessage").queryAs(Label.class).getText()))
                .startsWith("“::::” is not a location");
        assertThat(fx(() -> app.model().addressProperty().get())).as("still where it was")
                .isEqualTo("file:///data/no-such-folder/");
        assertThat(fx(() -> address(robot).getText())).as("the typed text stays to be fixed").isEqualTo("::::");

        // file dialogs start at home, then where the user last went
        assertThat(fx(() -> app.view().dialogStartFolder())).isEqualTo(Path.of(System.getProperty("user.home")));
        Path downloads = Files.createDirectories(root.resolveSibling(root.getFileName() + "-dl"));
        app.view().setDownloadFolderChooser(_ -> downloads);
        robot.press(KeyCode.CONTROL).press(KeyCode.L).release(KeyCode.L).release(KeyCode.CONTROL);
        robot.write("file:///data/").type(KeyCode.ENTER);
        awaitRows(robot, "empty", "images", "logs", "model.bin", "notes.md", "readme.txt");
        robot.clickOn(cell(robot, "readme.txt"));
        robot.clickOn("#downloadButton");
        assertThat(fx(() -> app.view().dialogStartFolder())).isEqualTo(downloads);
    }

    @Test
    void rightClickOffersWhatAppliesToARowAndToTheFolder(FxRobot robot) throws Exception {
        awaitRows(robot, "images", "logs", "model.bin", "notes.md", "readme.txt");
        robot.rightClickOn(cell(robot, "model.bin"));
        await().atMost(WAIT).until(() -> fx(() -> menuIds()), ids -> !ids.isEmpty());
        assertThat(fx(() -> menuIds())).containsExactly("ctxDetails", "ctxDownload", "ctxCopyTo", "ctxBenchmark",
                "ctxCopyAddress", null, "ctxDelete");
        assertThat(fx(() -> table(robot).getSelectionModel().getSelectedItem().name())).isEqualTo("model.bin");
        screenshot(robot, Path.of("target/screenshots/explorer-context-menu.png"));
        robot.clickOn("Delete…");
        await().atMost(WAIT).until(() -> fx(() -> robot.lookup("#confirmOverlay").query().isVisible()));
        assertThat(fx(() -> robot.lookup("#confirmTitle").queryAs(Label.class).getText())).isEqualTo("Delete “model.bin”?");
        robot.clickOn("#confirmCancel");

        // a folder row opens; empty space below the rows offers the folder's actions
        robot.rightClickOn(cell(robot, "images"));
        await().atMost(WAIT).until(() -> fx(() -> menuIds()), ids -> !ids.isEmpty() && ids.getFirst().equals("ctxOpen"));
        robot.clickOn("Open");
        awaitRows(robot, "cat.png", "dog.png", "raw");
        javafx.geometry.Bounds b = fx(() -> table(robot).localToScreen(table(robot).getBoundsInLocal()));
        robot.rightClickOn(b.getMinX() + 60, b.getMaxY() - 20);
        await().atMost(WAIT).until(() -> fx(() -> menuIds()), ids -> !ids.isEmpty() && ids.getFirst().equals("ctxUploadFiles"));
        assertThat(fx(() -> menuIds())).containsExactly("ctxUploadFiles", "ctxUploadFolder", "ctxNewFolder", "ctxGoTo",
                "ctxCopyAddress", null, "ctxRefresh");
        assertThat(fx(() -> table(robot).getSelectionModel().getSelectedItems())).isEmpty();
        robot.clickOn("New folder…");
        await().atMost(WAIT).until(() -> fx(() -> robot.lookup("#confirmInput").query().isVisible()));
        robot.clickOn("#confirmCancel");
    }

    /** The ids of the items of the context menu showing, or none. */
    private static List<String> menuIds() {
        return javafx.stage.Window.getWindows().stream()
                .filter(w -> w instanceof javafx.scene.control.ContextMenu m && m.isShowing() && "entryMenu".equals(m.getId()))
                .findFirst()
                .map(w -> ((javafx.scene.control.ContextMenu) w).getItems().stream().map(javafx.scene.control.MenuItem::getId).toList())
                .orElse(List.of());
    }

    private static String placeholder(FxRobot robot) {
        return robot.lookup("#tablePlaceholder").queryAs(Label.class).getText();
    }

    @Test
    void darkThemeToggleRendersTheSameWindow(FxRobot robot) throws Exception {
        awaitRows(robot, "images", "logs", "model.bin", "notes.md", "readme.txt");
        robot.clickOn("#themeToggle");
        WaitForAsyncUtils.waitForFxEvents();
        screenshot(robot, Path.of("target/screenshots/explorer-dark.png"));
        robot.clickOn("#themeToggle");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> javafx.application.Application.getUserAgentStylesheet())).contains("primer-light");
    }

    // ---- helpers ----

    private static <T> T fx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get();
    }

    @SuppressWarnings("unchecked")
    private static TableView<ExplorerEntry> table(FxRobot robot) {
        return robot.lookup("#entryTable").queryAs(TableView.class);
    }

    private static Label status(FxRobot robot) {
        return robot.lookup("#statusLabel").queryAs(Label.class);
    }

    private static TextField address(FxRobot robot) {
        return robot.lookup("#addressField").queryAs(TextField.class);
    }

    private static void awaitRows(FxRobot robot, String... names) {
        await().atMost(WAIT).until(() -> fx(() -> {
            var view = table(robot);
            return view.getItems().stream().map(ExplorerEntry::name).toList();
        }), shown -> shown.equals(List.of(names)));
        await().atMost(WAIT).until(() -> fx(() -> status(robot).getText()), t -> t.endsWith("items") || t.endsWith("item"));
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The Name cell showing {@code name}, to click on. */
    private static Node cell(FxRobot robot, String name) {
        return robot.lookup(".table-cell").match((Node n) -> n instanceof javafx.scene.control.TableCell<?, ?> c
                && c.getTableColumn() != null && "Name".equals(c.getTableColumn().getText())
                && name.equals(c.getText())).query();
    }

    private static Node crumb(FxRobot robot, String name) {
        return robot.from(robot.lookup("#breadcrumbs").queryAs(Breadcrumbs.class)).lookup((Node n) ->
                n instanceof ButtonBase b && name.equals(b.getText())).query();
    }

    private static List<String> crumbTexts(FxRobot robot) {
        Breadcrumbs<?> crumbs = robot.lookup("#breadcrumbs").queryAs(Breadcrumbs.class);
        return robot.from(crumbs).lookup((Node n) -> n instanceof ButtonBase).queryAllAs(ButtonBase.class).stream()
                .map(b -> b.getText() == null ? "" : b.getText())
                .toList();
    }

    private void screenshot(FxRobot robot, Path target) throws Exception {
        var image = fx(() -> SceneSnapshot.take(stage.getScene()));
        SceneSnapshot.writePng(image, target);
        assertThat(Files.size(target)).isPositive();
    }
}
