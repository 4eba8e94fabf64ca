package io.rangefinder.app.transfers;

import io.rangefinder.app.RangefinderApp;
import io.rangefinder.app.WindowState;
import io.rangefinder.app.common.SceneSnapshot;
import io.rangefinder.app.explorer.Location;
import io.rangefinder.app.testsupport.DirectoryStore;
import io.rangefinder.core.CancelledException;
import io.rangefinder.storage.StorageException;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.text.Text;
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
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The transfers panel in the real window, headless: newest row in view, states in full, rates kept, clear, show in folder. */
@ExtendWith(ApplicationExtension.class)
class TransfersWindowTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path SHOTS = Path.of("assets/screenshots");

    @TempDir
    Path root;
    @TempDir
    Path config;
    @TempDir
    Path downloads;

    private RangefinderApp app;
    private Stage stage;
    private final CountDownLatch release = new CountDownLatch(1);

    @Start
    void start(Stage stage) {
        System.setProperty(WindowState.CONFIG_DIR_PROPERTY, config.toString());
        DirectoryStore.file(root, "data/readme.txt", 12);
        DirectoryStore store = new DirectoryStore(root);
        this.stage = stage;
        app = new RangefinderApp(() -> store, Location.of("data", ""));
        app.start(stage);
    }

    @Stop
    void stop() {
        release.countDown();
        app.stop();
    }

    /** A job that moves {@code bytes} over about {@code millis}. */
    private static Transfer.Job timed(long bytes, long millis) {
        return (t, token) -> {
            t.setTotalBytes(bytes);
            for (int i = 0; i < 4; i++) {
                token.throwIfCancelled();
                Thread.sleep(millis / 4);
                t.addBytes(bytes / 4);
            }
        };
    }

    /** A job that runs until cancelled (or the test ends). */
    private Transfer.Job blocking() {
        return (t, token) -> {
            t.setTotalBytes(1000);
            while (!release.await(20, TimeUnit.MILLISECONDS)) {
                if (token.isCancelled()) {
                    throw new CancelledException("cancelled");
                }
            }
        };
    }

    @Test
    void theNewestRowShowsStatesReadInFullDoneRowsKeepTheirRateAndClearFinishedKeepsTheRest(FxRobot robot) throws Exception {
        TransferQueue queue = app.model().transfers();
        Transfer slow = new Transfer("slow.bin", Transfer.Direction.DOWNLOAD, timed(4_000_000, 800));
        Transfer stuck = new Transfer("stuck.bin", Transfer.Direction.UPLOAD, blocking());
        Transfer broken = new Transfer("broken.bin", Transfer.Direction.DOWNLOAD, (_, _) -> {
            throw new StorageException.NotFound("object 'broken.bin' not found");
        });
        Transfer waiting = new Transfer("to-cancel.bin", Transfer.Direction.DOWNLOAD, blocking());
        robot.interact(() -> {
            queue.add(slow);
            queue.add(stuck);
            queue.add(broken);
            queue.add(waiting);
        });
        for (int i = 0; i < 14; i++) {
            int n = i;
            robot.interact(() -> queue.add(new Transfer("file-" + n + ".bin", Transfer.Direction.DOWNLOAD, timed(1000, 40))));
        }
        Transfer newest = new Transfer("newest.bin", Transfer.Direction.DOWNLOAD, timed(1000, 40));
        robot.interact(() -> queue.add(newest));
        // the row just added is in view, not below the fold of the small panel
        await().atMost(WAIT).until(() -> fx(() -> rowInView(robot, newest)));

        await().atMost(WAIT).until(() -> fx(() -> slow.getState() == Transfer.State.DONE));
        robot.interact(() -> queue.cancel(waiting));
        await().atMost(WAIT).until(() -> fx(() -> queue.transfers().stream().map(t -> t.name() + "=" + t.getState()).toList()),
                states -> states.contains("newest.bin=DONE") && states.contains("broken.bin=FAILED"));
        // a done row keeps its average rate; 4 MB over about 0.8 s
        assertThat(fx(() -> slow.rateTextProperty().get())).matches("\\d+\\.\\d MB/s avg");
        double mbps = Double.parseDouble(fx(() -> slow.rateTextProperty().get()).split(" ")[0]);
        assertThat(mbps).isBetween(0.5, 20.0);
        assertThat(fx(() -> newest.rateTextProperty().get())).endsWith("MB/s avg");
        assertThat(fx(() -> broken.rateTextProperty().get())).isEmpty();

        // the state column shows "cancelled" whole
        robot.interact(() -> table(robot).scrollTo(waiting));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> shownText(stateCell(robot, waiting)))).isEqualTo("cancelled");
        robot.interact(() -> table(robot).scrollTo(slow));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> shownText(cellIn(robot, slow, "Rate")))).as("the rate in full").endsWith("MB/s avg");
        screenshot(SHOTS.resolve("transfers-panel.png"));

        // Clear finished: done, failed and cancelled rows go; the running one stays
        robot.clickOn(robot.lookup("#clearFinishedTransfers").queryAs(Button.class));
        assertThat(fx(() -> queue.transfers().stream().map(Transfer::name).toList())).containsExactly("stuck.bin");
        await().atMost(WAIT).until(() -> fx(() -> robot.lookup("#clearFinishedTransfers").queryAs(Button.class).isDisabled()));
        robot.interact(() -> queue.cancel(stuck));
        await().atMost(WAIT).until(() -> fx(() -> !robot.lookup("#clearFinishedTransfers").queryAs(Button.class).isDisabled()));
    }

    @Test
    void showInFolderOnAHeadlessMachineSaysWhereTheFileIsInsteadOfThrowing(FxRobot robot) throws Exception {
        Path file = Files.writeString(downloads.resolve("report.csv"), "a,b\n");
        Transfer done = new Transfer("report.csv", Transfer.Direction.DOWNLOAD, timed(4, 40), file);
        Transfer upload = new Transfer("up.bin", Transfer.Direction.UPLOAD, timed(4, 40));
        robot.interact(() -> {
            app.model().transfers().add(done);
            app.model().transfers().add(upload);
        });
        await().atMost(WAIT).until(() -> fx(() -> done.getState() == Transfer.State.DONE && upload.getState() == Transfer.State.DONE));
        WaitForAsyncUtils.waitForFxEvents();
        // only a download with a local file has the button
        assertThat(fx(() -> showButton(robot, upload).isVisible())).isFalse();
        Button show = fx(() -> showButton(robot, done));
        assertThat(fx(show::isVisible)).isTrue();
        assertThat(fx(show::isDisabled)).isFalse();
        robot.clickOn(show);
        await().atMost(WAIT).until(() -> fx(() -> robot.lookup("#transfersMessage").queryAs(Label.class).getText()),
                t -> t.contains("cannot open folders"));
        assertThat(fx(() -> robot.lookup("#transfersMessage").queryAs(Label.class).getText())).contains(downloads.toString());
    }

    @Test
    void showInFolderRunsTheOpenerOffTheFxThreadWithTheFile() throws Exception {
        Path file = Files.writeString(downloads.resolve("x.bin"), "x");
        CompletableFuture<String> seen = new CompletableFuture<>();
        Transfer done = new Transfer("x.bin", Transfer.Direction.DOWNLOAD, (_, _) -> { }, file);
        fx(() -> {
            TransferQueue q = new TransferQueue(new io.rangefinder.app.testsupport.DirectTaskExecutor(), 1);
            TransfersView view = new TransfersView(q);
            view.setFolderOpener(p -> seen.complete(p + " on " + (javafx.application.Platform.isFxApplicationThread() ? "fx" : "bg")));
            q.add(done);
            view.showInFolder(done);
            view.stop();
            return null;
        });
        assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo(file + " on bg");
    }

    // ---- helpers ----

    private static <T> T fx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get();
    }

    @SuppressWarnings("unchecked")
    private static TableView<Transfer> table(FxRobot robot) {
        return robot.lookup("#transferTable").queryAs(TableView.class);
    }

    private static TableRow<?> rowOf(FxRobot robot, Transfer t) {
        return robot.from(table(robot)).lookup((Node n) -> n instanceof TableRow<?> r && r.getItem() == t && r.isVisible())
                .tryQuery().map(n -> (TableRow<?>) n).orElse(null);
    }

    /** The row is laid out and lies inside the table's visible area. */
    private static boolean rowInView(FxRobot robot, Transfer t) {
        TableRow<?> row = rowOf(robot, t);
        if (row == null) {
            return false;
        }
        Bounds r = row.localToScene(row.getBoundsInLocal());
        Bounds tb = table(robot).localToScene(table(robot).getBoundsInLocal());
        return r.getMinY() >= tb.getMinY() && r.getMaxY() <= tb.getMaxY() + 1;
    }

    private static TableCell<?, ?> cellIn(FxRobot robot, Transfer t, String column) {
        return robot.from(rowOf(robot, t)).lookup((Node n) -> n instanceof TableCell<?, ?> c && c.getTableColumn() != null
                && column.equals(c.getTableColumn().getText())).queryAs(TableCell.class);
    }

    private static TableCell<?, ?> stateCell(FxRobot robot, Transfer t) {
        return cellIn(robot, t, "State");
    }

    /** What the cell actually draws: its text node, which says "cance…" when the column is too narrow. */
    private static String shownText(TableCell<?, ?> cell) {
        return cell.lookupAll(".text").stream().filter(n -> n instanceof Text).map(n -> ((Text) n).getText())
                .findFirst().orElse(cell.getText());
    }

    private static Button showButton(FxRobot robot, Transfer t) {
        return robot.from(rowOf(robot, t)).lookup(".transfer-show-in-folder").queryAs(Button.class);
    }

    private void screenshot(Path target) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Files.createDirectories(target.getParent());
        var image = fx(() -> SceneSnapshot.take(stage.getScene()));
        SceneSnapshot.writePng(image, target);
        assertThat(Files.size(target)).isPositive();
    }
}
