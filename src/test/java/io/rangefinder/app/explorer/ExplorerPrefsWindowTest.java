package io.rangefinder.app.explorer;

import io.rangefinder.app.RangefinderApp;
import io.rangefinder.app.WindowState;
import io.rangefinder.app.testsupport.DirectoryStore;

import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
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

/** Natural name order, compact rows, and a window that comes back as the user left it after Ctrl+Q. */
@ExtendWith(ApplicationExtension.class)
class ExplorerPrefsWindowTest {

    @TempDir
    Path root;
    @TempDir
    Path config;

    private RangefinderApp app;
    private RangefinderApp second;
    private Stage stage;

    @Start
    void start(Stage stage) {
        System.setProperty(WindowState.CONFIG_DIR_PROPERTY, config.toString());
        for (String n : List.of("file-1", "file-10", "file-11", "file-2", "File-3")) {
            DirectoryStore.file(root, "data/" + n, 10);
        }
        this.stage = stage;
        app = new RangefinderApp(() -> new DirectoryStore(root), Location.of("data", ""));
        app.setExitAfterQuit(() -> { }); // the toolkit stays up for the rest of the tests
        app.start(stage);
    }

    @Stop
    void stop() {
        app.stop();
        if (second != null) {
            second.stop();
        }
    }

    @Test
    void namesSortNaturallyRowsGoCompactAndCtrlQKeepsTheLookForTheNextStart(FxRobot robot) throws Exception {
        await().atMost(Duration.ofSeconds(15)).until(() -> fx(() -> names(robot)).size() == 5);
        assertThat(fx(() -> names(robot))).as("store order until a column is sorted")
                .containsExactly("File-3", "file-1", "file-10", "file-11", "file-2");
        robot.clickOn("#colName");
        assertThat(fx(() -> names(robot))).as("natural order").containsExactly("file-1", "file-2", "File-3", "file-10", "file-11");

        double regular = fx(() -> table(robot).getFixedCellSize());
        robot.clickOn("#densityToggle");
        assertThat(fx(() -> table(robot).getFixedCellSize())).isLessThan(regular).isEqualTo(ExplorerView.COMPACT_ROW_HEIGHT);
        robot.clickOn("#themeToggle");
        robot.interact(() -> column(robot, "colStorageClass").setVisible(false));
        robot.interact(() -> column(robot, "colSize").setPrefWidth(150));

        // Ctrl+Q closes the window and saves how it looks
        robot.press(KeyCode.CONTROL).press(KeyCode.Q).release(KeyCode.Q).release(KeyCode.CONTROL);
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> !stage.isShowing()));
        assertThat(Files.readString(config.resolve(WindowState.FILE_NAME))).contains("\"compact\" : true", "\"dark\" : true");

        // the next start shows it again
        Stage next = fx(Stage::new);
        robot.interact(() -> {
            second = new RangefinderApp(() -> new DirectoryStore(root), Location.of("data", ""));
            second.start(next);
        });
        await().atMost(Duration.ofSeconds(15)).until(() -> fx(() -> names(second)).size() == 5);
        assertThat(fx(() -> names(second))).containsExactly("file-1", "file-2", "File-3", "file-10", "file-11");
        assertThat(fx(() -> ((ToggleButton) next.getScene().lookup("#densityToggle")).isSelected())).isTrue();
        assertThat(fx(() -> ((ToggleButton) next.getScene().lookup("#themeToggle")).isSelected())).isTrue();
        assertThat(fx(() -> tableOf(next).getColumns().stream().filter(c -> c.getId().equals("colStorageClass"))
                .findFirst().orElseThrow().isVisible())).isFalse();
        assertThat(fx(() -> tableOf(next).getColumns().stream().filter(c -> c.getId().equals("colSize"))
                .findFirst().orElseThrow().getWidth())).as("wider than the 90 px default, as left").isBetween(115.0, 170.0);
        robot.interact(() -> javafx.application.Application.setUserAgentStylesheet(
                new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet()));
    }

    @Test
    void everyToolbarButtonShowsAt1100And900WideWithATooltipAndAName(FxRobot robot) throws Exception {
        await().atMost(Duration.ofSeconds(15)).until(() -> fx(() -> names(robot)).size() == 5);
        for (double[] size : new double[][] {{1100, 700}, {900, 600}}) {
            robot.interact(() -> {
                stage.setWidth(size[0]);
                stage.setHeight(size[1]);
            });
            WaitForAsyncUtils.waitForFxEvents();
            List<String> cut = fx(() -> {
                javafx.scene.Parent bar = (javafx.scene.Parent) stage.getScene().lookup("#explorerToolbar");
                double right = stage.getScene().getWidth();
                return bar.getChildrenUnmodifiable().stream()
                        .filter(n -> n instanceof javafx.scene.control.ButtonBase && n.isVisible())
                        .filter(n -> n.localToScene(n.getBoundsInLocal()).getMaxX() > right + 0.5
                                || n.getBoundsInLocal().getWidth() < 20)
                        .map(n -> n.getId()).toList();
            });
            assertThat(cut).as("toolbar buttons cut off at %s px", size[0]).isEmpty();
            List<String> unnamed = fx(() -> ((javafx.scene.Parent) stage.getScene().lookup("#explorerToolbar"))
                    .getChildrenUnmodifiable().stream()
                    .filter(n -> n instanceof javafx.scene.control.ButtonBase b && b.getText() == null
                            && (b.getTooltip() == null || b.getAccessibleText() == null))
                    .map(n -> n.getId()).toList());
            assertThat(unnamed).as("icon buttons without tooltip or accessible text").isEmpty();

            // the Size column once gave way first at 900 px ("775 B" showed as "77…"): a wide size fits at both
            double[] sizeWidths = fx(() -> {
                TableView<ExplorerEntry> t = tableOf(stage);
                TableColumn<ExplorerEntry, ?> col = t.getColumns().stream().filter(c -> "colSize".equals(c.getId()))
                        .findFirst().orElseThrow();
                javafx.scene.control.TableCell<?, ?> cell = sizeCells(t).getFirst();
                javafx.scene.text.Text widest = new javafx.scene.text.Text("1,023.9 KiB");
                widest.setFont(cell.getFont());
                return new double[] {col.getWidth(),
                        widest.getLayoutBounds().getWidth() + cell.snappedLeftInset() + cell.snappedRightInset()};
            });
            assertThat(sizeWidths[0]).as("Size column width at %s px", size[0]).isGreaterThanOrEqualTo(sizeWidths[1]);
            List<String> cutSizes = fx(() -> sizeCells(tableOf(stage)).stream()
                    .filter(c -> c.lookup(".text") instanceof javafx.scene.text.Text shown && !shown.getText().equals(c.getText()))
                    .map(c -> c.getText()).toList());
            assertThat(cutSizes).as("sizes shown cut off at %s px", size[0]).isEmpty();

            // the Storage class column, last, once gave all its width away at 900 px (a sliver past
            // Last modified): every column keeps a readable width (the table scrolls sideways if need be)
            List<Double> widths = fx(() -> tableOf(stage).getVisibleLeafColumns().stream()
                    .map(TableColumn::getWidth).toList());
            assertThat(widths).as("column widths at %s px", size[0]).hasSize(4).allMatch(w -> w >= 70);
            double[] modifiedWidths = fx(() -> {
                TableView<ExplorerEntry> t = tableOf(stage);
                javafx.scene.control.TableCell<?, ?> cell = sizeCells(t).getFirst();
                javafx.scene.text.Text widest = new javafx.scene.text.Text("2026-12-28 20:58");
                widest.setFont(cell.getFont());
                return new double[] {t.getColumns().stream().filter(c -> "colModified".equals(c.getId())).findFirst()
                        .orElseThrow().getWidth(), widest.getLayoutBounds().getWidth() + cell.snappedLeftInset()
                        + cell.snappedRightInset()};
            });
            assertThat(modifiedWidths[0]).as("Last modified column width at %s px", size[0])
                    .isGreaterThanOrEqualTo(modifiedWidths[1]);
        }
    }

    /** The Size column's cells that show a size. */
    private static List<javafx.scene.control.TableCell<?, ?>> sizeCells(TableView<ExplorerEntry> t) {
        return t.lookupAll(".table-cell").stream()
                .filter(n -> n instanceof javafx.scene.control.TableCell<?, ?> c && c.getTableColumn() != null
                        && "colSize".equals(c.getTableColumn().getId()) && c.getText() != null && !c.getText().isEmpty())
                .<javafx.scene.control.TableCell<?, ?>>map(n -> (javafx.scene.control.TableCell<?, ?>) n).toList();
    }

    @Test
    void theFirstWindowFitsTheScreen() {
        assertThat(sizes(1920, 1050)).containsExactly(1440L, 788L);
        assertThat(sizes(1366, 728)).containsExactly(1100L, 655L);
        assertThat(sizes(1000, 650)).as("a small screen: 90% of it").containsExactly(900L, 585L);
    }

    private static List<Long> sizes(double w, double h) {
        double[] s = RangefinderApp.defaultSize(w, h);
        return List.of(Math.round(s[0]), Math.round(s[1]));
    }

    private static List<String> names(FxRobot robot) {
        return table(robot).getItems().stream().map(ExplorerEntry::name).toList();
    }

    private static List<String> names(RangefinderApp app) {
        return app.model().entries().isEmpty() ? List.of()
                : tableOf((Stage) app.view().root().getScene().getWindow()).getItems().stream().map(ExplorerEntry::name).toList();
    }

    @SuppressWarnings("unchecked")
    private static TableView<ExplorerEntry> tableOf(Stage s) {
        return (TableView<ExplorerEntry>) s.getScene().lookup("#entryTable");
    }

    @SuppressWarnings("unchecked")
    private static TableView<ExplorerEntry> table(FxRobot robot) {
        return robot.lookup("#entryTable").queryAs(TableView.class);
    }

    private static TableColumn<ExplorerEntry, ?> column(FxRobot robot, String id) {
        return table(robot).getColumns().stream().filter(c -> id.equals(c.getId())).findFirst().orElseThrow();
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get();
    }
}
