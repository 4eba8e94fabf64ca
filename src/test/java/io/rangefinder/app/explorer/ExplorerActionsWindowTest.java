package io.rangefinder.app.explorer;

import io.rangefinder.app.RangefinderApp;
import io.rangefinder.app.common.SceneSnapshot;
import io.rangefinder.app.transfers.Transfer;
import io.rangefinder.app.WindowState;
import io.rangefinder.app.testsupport.DirectoryStore;
import io.rangefinder.engine.RangeEngine;
import io.rangefinder.engine.RangeEngineConfig;
import io.rangefinder.engine.ShapedStore;
import io.rangefinder.storage.file.FileStore;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
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
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The window's actions on a real FileStore over temp folders, headless: big listings, filter,
 * details, downloads (progress, cancel, retry), uploads by drop, delete, errors. Screenshots of
 * the main states go to target/screenshots/.
 */
@ExtendWith(ApplicationExtension.class)
class ExplorerActionsWindowTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path SHOTS = Path.of("target/screenshots");

    @TempDir
    Path root;
    @TempDir
    Path downloads;
    @TempDir
    Path config;

    private ShapedStore shaped;
    private DirectoryStore store;
    private RangefinderApp app;
    private Stage stage;

    @Start
    void start(Stage stage) {
        System.setProperty(WindowState.CONFIG_DIR_PROPERTY, config.toString());
        DirectoryStore.file(root, "data/readme.txt", 12);
        DirectoryStore.file(root, "data/big.bin", 8 << 20);
        DirectoryStore.file(root, "data/model.bin", 3 << 20);
        DirectoryStore.file(root, "data/images/cat.png", 2048);
        DirectoryStore.file(root, "data/images/dog.png", 4096);
        DirectoryStore.file(root, "data/images/raw/frame-0001.raw", 1 << 20);
        shaped = new ShapedStore(new FileStore(root));
        store = new DirectoryStore(shaped);
        this.stage = stage;
        app = new RangefinderApp(() -> store, Location.of("data", ""));
        app.start(stage);
        app.model().setRangeEngine(new RangeEngine(RangeEngineConfig.defaults().withChunkSize(1 << 20)
                .withMinSplitSize(1 << 20).withMaxConcurrentRanges(2).withRetries(1)
                .withRetryBackoff(Duration.ofMillis(10))));
        app.view().setDownloadFolderChooser(_ -> downloads);
    }

    @Stop
    void stop() {
        app.stop();
    }

    @AfterEach
    void storageNeverRanOnTheFxThread() {
        assertThat(store.callsOnFxThread()).as("store calls made on the FX thread").isZero();
    }

    @Test
    void pagesThrough5000ObjectsWithoutStallingTheFxThread(FxRobot robot) throws Exception {
        awaitLoaded(robot);
        Path many = Files.createDirectories(root.resolve("many"));
        for (int i = 0; i < 5000; i++) {
            Files.write(many.resolve("f%04d".formatted(i)), new byte[i % 7]);
        }
        robot.interact(() -> app.stallMeter().reset());
        robot.interact(() -> app.model().open(Location.of("many", "")));
        // scroll along while pages arrive, as a user would
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> fx(() -> {
            TableView<ExplorerEntry> t = table(robot);
            t.scrollTo(Math.max(0, t.getItems().size() - 1));
            return app.model().getState() == ExplorerViewModel.State.LOADED;
        }));
        assertThat(fx(() -> table(robot).getItems().size())).isEqualTo(5000);
        assertThat(fx(() -> status(robot).getText())).isEqualTo("5,000 items");
        assertThat(store.listCalls()).as("one request per page of 1000").isGreaterThanOrEqualTo(5);
        double stall = app.stallMeter().maxStallMillis();
        System.out.printf("5,000 rows: longest FX stall %.1f ms%n", stall);
        // A freeze detector, not a speed test: a page handed to the FX thread item by item, or a
        // listing run on it, stalls for seconds. The 100 ms target is measured by ExplorerPerfTest
        // (-Drangefinder.perf=true) on a quiet machine; here other processes share the 2 cores.
        assertThat(stall).as("longest FX pulse gap while loading, ms").isLessThan(500);

        // a plain name start in a big folder asks the store for that prefix
        robot.clickOn("#filterField").write("f01").type(KeyCode.ENTER);
        await().atMost(WAIT).until(() -> fx(() -> app.model().getState() == ExplorerViewModel.State.LOADED
                && table(robot).getItems().size() == 100));
        assertThat(fx(() -> app.model().getFilterMode())).isEqualTo(ExplorerViewModel.FilterMode.PREFIX_SERVER);
        assertThat(fx(() -> robot.lookup("#filterModeLabel").queryAs(Label.class).getText()))
                .contains("asked of the store").contains("f01");
        assertThat(fx(() -> table(robot).getItems().getFirst().name())).isEqualTo("f0100");

        // "*99" matches anywhere, over every loaded row
        robot.interact(() -> app.model().setFilter("*99"));
        await().atMost(WAIT).until(() -> fx(() -> app.model().getState() == ExplorerViewModel.State.LOADED
                && app.model().loadedCount() == 5000));
        long expected = java.util.stream.IntStream.range(0, 5000).filter(i -> "f%04d".formatted(i).contains("99")).count();
        assertThat(fx(() -> table(robot).getItems().size())).isEqualTo((int) expected);
        assertThat(fx(() -> app.model().getFilterMode())).isEqualTo(ExplorerViewModel.FilterMode.CONTAINS_LOADED);
        assertThat(fx(() -> status(robot).getText())).isEqualTo(expected + " of 5,000 items");
    }

    @Test
    void detailsShowTheStatAndCopyTheUri(FxRobot robot) throws Exception {
        awaitLoaded(robot);
        screenshot("explorer-local.png");
        robot.clickOn(cell(robot, "model.bin"));
        await().atMost(WAIT).until(() -> fx(() -> !app.model().getDetails().loading()
                && app.model().getDetails().isObject()));
        assertThat(fx(() -> text(robot, "#detailUri"))).isEqualTo("file:///data/model.bin");
        assertThat(fx(() -> text(robot, "#detailSize"))).isEqualTo("3.00 MiB (3,145,728 bytes)");
        assertThat(fx(() -> text(robot, "#detailEtag"))).isNotEqualTo("—");
        assertThat(fx(() -> text(robot, "#detailContentType"))).isNotEqualTo("—");
        robot.clickOn("#copyUriButton");
        assertThat(fx(() -> Clipboard.getSystemClipboard().getString())).isEqualTo("file:///data/model.bin");
        screenshot("explorer-details.png");

        robot.clickOn(cell(robot, "images"));
        await().atMost(WAIT).until(() -> fx(() -> text(robot, "#detailKind")), "folder"::equals);
        assertThat(fx(() -> text(robot, "#detailUri"))).isEqualTo("file:///data/images/");
    }

    @Test
    void downloadShowsProgressAndCancelHalfWayLeavesNoFileThenRetryCompletes(FxRobot robot) throws Exception {
        awaitLoaded(robot);
        shaped.bytesPerSecondPerStream = 1 << 20; // 2 ranges at 1 MiB/s: 8 MiB take ~4 s
        robot.clickOn(cell(robot, "big.bin"));
        robot.clickOn("#downloadButton");
        Transfer t = fx(() -> app.model().transfers().transfers().getFirst());
        await().atMost(WAIT).until(() -> t.bytesDone() > (2 << 20));
        await().atMost(WAIT).until(() -> fx(() -> t.fractionProperty().get() > 0.2));
        assertThat(fx(() -> t.getState())).isEqualTo(Transfer.State.RUNNING);
        assertThat(fx(() -> t.rateTextProperty().get())).endsWith("MB/s");
        assertThat(fx(() -> t.bytesTextProperty().get())).endsWith("/ 8.00 MiB");
        screenshot("explorer-transfers.png");

        robot.clickOn(robot.lookup(".transfer-cancel").queryAs(Node.class));
        assertThat(fx(() -> t.getState())).isEqualTo(Transfer.State.CANCELLED);
        long cancelledAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).until(() -> listing(downloads).isEmpty());
        System.out.printf("cancel to clean folder: %.0f ms%n", (System.nanoTime() - cancelledAt) / 1e6);
        assertThat(downloads.resolve("big.bin")).doesNotExist();

        shaped.bytesPerSecondPerStream = Long.MAX_VALUE;
        robot.clickOn(robot.lookup(".transfer-retry").queryAs(Node.class));
        await().atMost(WAIT).until(() -> fx(t::getState) == Transfer.State.DONE);
        assertThat(Files.size(downloads.resolve("big.bin"))).isEqualTo(8 << 20);
        assertThat(listing(downloads)).containsExactly("big.bin");
        // A local folder vouches for no checksum, and the Check column says so rather than nothing.
        assertThat(fx(() -> t.checkTextProperty().get())).isEqualTo("no checksum");
    }

    @Test
    void aFailedTransferShowsWhyAndRetrySucceeds(FxRobot robot) throws Exception {
        awaitLoaded(robot);
        shaped.failAfterBytes = 1000;
        shaped.failRequest = _ -> true;
        robot.interact(() -> app.model().open(Location.of("data", "images/")));
        await().atMost(WAIT).until(() -> fx(() -> app.model().getState() == ExplorerViewModel.State.LOADED
                && !table(robot).getItems().isEmpty()));
        robot.clickOn(cell(robot, "raw"));
        robot.clickOn("#downloadButton");
        Transfer t = fx(() -> app.model().transfers().transfers().getFirst());
        await().atMost(WAIT).until(() -> fx(t::getState) == Transfer.State.FAILED);
        assertThat(fx(() -> t.errorProperty().get().message())).contains("injected connection reset");
        assertThat(listing(downloads.resolve("raw"))).as("no partial file").isEmpty();

        shaped.failRequest = _ -> false;
        robot.clickOn(robot.lookup(".transfer-retry").queryAs(Node.class));
        await().atMost(WAIT).until(() -> fx(t::getState) == Transfer.State.DONE);
        assertThat(Files.size(downloads.resolve("raw/frame-0001.raw"))).isEqualTo(1 << 20);
    }

    @Test
    void droppedFilesAndFoldersUploadIntoTheFolderShown(FxRobot robot, @TempDir Path desktop) throws Exception {
        awaitLoaded(robot);
        Path photo = DirectoryStore.file(desktop, "photo.jpg", 5000);
        DirectoryStore.file(desktop, "album/a.txt", 10);
        DirectoryStore.file(desktop, "album/sub/b.txt", 20);
        boolean accepted = fx(() -> app.view().dropFiles(List.of(photo.toFile(), desktop.resolve("album").toFile())));
        assertThat(accepted).isTrue();
        await().atMost(WAIT).until(() -> fx(() -> app.model().transfers().transfers().stream()
                .allMatch(x -> x.getState() == Transfer.State.DONE)));
        assertThat(Files.size(root.resolve("data/photo.jpg"))).isEqualTo(5000);
        assertThat(Files.size(root.resolve("data/album/sub/b.txt"))).isEqualTo(20);
        await().atMost(WAIT).until(() -> fx(() -> names(robot)).containsAll(List.of("album", "photo.jpg")));
    }

    @Test
    void theUploadButtonSendsTheChosenFiles(FxRobot robot, @TempDir Path desktop) throws Exception {
        awaitLoaded(robot);
        Path notes = DirectoryStore.file(desktop, "notes.md", 777);
        app.view().setUploadFileChooser(_ -> List.of(notes));
        robot.clickOn("#uploadButton");
        robot.clickOn("Upload files…");
        await().atMost(WAIT).until(() -> Files.isRegularFile(root.resolve("data/notes.md")));
        assertThat(Files.size(root.resolve("data/notes.md"))).isEqualTo(777);
        await().atMost(WAIT).until(() -> fx(() -> names(robot)).contains("notes.md"));
        assertThat(fx(() -> app.model().transfers().transfers().getFirst().getState())).isEqualTo(Transfer.State.DONE);
    }

    @Test
    void deleteAsksFirstAndCancelKeepsEverything(FxRobot robot) throws Exception {
        awaitLoaded(robot);
        robot.clickOn(cell(robot, "images"));
        robot.type(KeyCode.DELETE);
        await().atMost(WAIT).until(() -> fx(() -> robot.lookup("#confirmOverlay").query().isVisible()));
        assertThat(fx(() -> text(robot, "#confirmTitle"))).isEqualTo("Delete “images”?");
        assertThat(fx(() -> text(robot, "#confirmMessage"))).startsWith("3 objects, 1.01 MiB in total");
        screenshot("explorer-delete-confirm.png");
        robot.clickOn("#confirmCancel");
        assertThat(fx(() -> robot.lookup("#confirmOverlay").query().isVisible())).isFalse();
        assertThat(root.resolve("data/images/raw/frame-0001.raw")).exists();

        robot.clickOn(cell(robot, "readme.txt"));
        robot.type(KeyCode.DELETE);
        await().atMost(WAIT).until(() -> fx(() -> robot.lookup("#confirmOverlay").query().isVisible()));
        assertThat(fx(() -> text(robot, "#confirmMessage"))).startsWith("readme.txt (12 B) will be deleted");
        robot.clickOn("#confirmAction");
        await().atMost(WAIT).until(() -> !Files.exists(root.resolve("data/readme.txt")));
        await().atMost(WAIT).until(() -> fx(() -> names(robot)), n -> !n.contains("readme.txt") && n.contains("images"));

        robot.clickOn(cell(robot, "images"));
        robot.type(KeyCode.DELETE);
        await().atMost(WAIT).until(() -> fx(() -> robot.lookup("#confirmOverlay").query().isVisible()));
        robot.clickOn("#confirmAction");
        await().atMost(WAIT).until(() -> !Files.exists(root.resolve("data/images")));
        await().atMost(WAIT).until(() -> fx(() -> names(robot)), n -> n.equals(List.of("big.bin", "model.bin")));
    }

    @Test
    void benchmarkSendsTheSelectionToTheLab(FxRobot robot) throws Exception {
        awaitLoaded(robot);
        robot.clickOn("big.bin");
        int readsBefore = shaped.requests.get();
        robot.clickOn("#benchButton");
        // The Lab tab comes to the front with a range run on that object set up, waiting for Start:
        // the user sees (and may change) the settings before anything is read.
        await().atMost(WAIT).until(() -> fx(() -> robot.lookup(".app-tabs").queryAs(javafx.scene.control.TabPane.class)
                .getSelectionModel().getSelectedItem().getText()), t -> t.equals("Lab"));
        await().atMost(WAIT).until(() -> fx(() -> robot.lookup("#lab-uri").queryAs(javafx.scene.control.TextField.class)
                .getText()), u -> u.endsWith("/data/big.bin"));
        Thread.sleep(500);
        assertThat(shaped.requests.get()).as("nothing read before Start").isEqualTo(readsBefore);
        robot.clickOn("#lab-start");
        await().atMost(WAIT).until(() -> shaped.requests.get() > readsBefore);
        robot.clickOn("#lab-stop");
    }

    @Test
    void aBadLocationShowsAReadableErrorInPlaceWithDetails(FxRobot robot) throws Exception {
        awaitLoaded(robot);
        // (An s3:// address would go to the environment's S3 connection, i.e. to the network; the
        // cloud errors are tested against local servers in ConnectionsWindowTest.)
        robot.press(KeyCode.CONTROL).press(KeyCode.L).release(KeyCode.L).release(KeyCode.CONTROL);
        robot.write("/missing-container/x/").type(KeyCode.ENTER);
        await().atMost(WAIT).until(() -> fx(() -> text(robot, "#errorMessage")), m -> m.startsWith("container 'missing-container' not found"));
        robot.clickOn(robot.lookup("#errorDetailsExpander").queryAs(TitledPane.class).lookup(".title"));
        await().atMost(WAIT).until(() -> fx(() -> robot.lookup("#errorDetailsExpander").queryAs(TitledPane.class).isExpanded()));
        assertThat(fx(() -> robot.lookup("#errorDetails").queryAs(TextArea.class).getText()))
                .contains("Could not list file:///missing-container/x/").contains("StorageException$NotFound");
        screenshot("explorer-error.png");
    }

    @Test
    void theWindowRemembersItsSizeAndLastLocation(FxRobot robot) throws Exception {
        awaitLoaded(robot);
        robot.interact(() -> app.model().open(Location.of("data", "images/")));
        await().atMost(WAIT).until(() -> fx(() -> app.model().getState() == ExplorerViewModel.State.LOADED));
        robot.interact(() -> app.saveWindowState(stage));
        Path saved = config.resolve(WindowState.FILE_NAME);
        assertThat(Files.readString(saved)).contains("\"lastLocation\" : \"file:///data/images/\"");
        assertThat(WindowState.load()).get().extracting(WindowState::lastLocation).isEqualTo("file:///data/images/");
        assertThat(WindowState.load().get().width()).isEqualTo(RangefinderApp.WIDTH);
    }

    // ---- helpers ----

    private void awaitLoaded(FxRobot robot) {
        await().atMost(WAIT).until(() -> fx(() -> app.model().getState() == ExplorerViewModel.State.LOADED
                && !table(robot).getItems().isEmpty()));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static <T> T fx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get();
    }

    private static List<String> listing(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    private static List<String> names(FxRobot robot) {
        return table(robot).getItems().stream().map(ExplorerEntry::name).toList();
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    @SuppressWarnings("unchecked")
    private static TableView<ExplorerEntry> table(FxRobot robot) {
        return robot.lookup("#entryTable").queryAs(TableView.class);
    }

    private static Label status(FxRobot robot) {
        return robot.lookup("#statusLabel").queryAs(Label.class);
    }

    private static Node cell(FxRobot robot, String name) {
        return robot.lookup(".table-cell").match((Node n) -> n instanceof javafx.scene.control.TableCell<?, ?> c
                && c.getTableColumn() != null && "Name".equals(c.getTableColumn().getText())
                && name.equals(c.getText())).query();
    }

    private void screenshot(String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(300); // one more sampler tick, so progress text is current
        WaitForAsyncUtils.waitForFxEvents();
        var image = fx(() -> SceneSnapshot.take(stage.getScene()));
        SceneSnapshot.writePng(image, SHOTS.resolve(name));
    }
}
