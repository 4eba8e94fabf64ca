package io.rangefinder.app.explorer;

import io.rangefinder.app.RangefinderApp;
import io.rangefinder.app.WindowState;
import io.rangefinder.app.testsupport.GeneratedStore;

import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
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

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ten million objects in one folder: the window lists them all with its memory bounded (pages it
 * no longer shows are dropped and read again when scrolled back to), counts as it goes, and jumps
 * to a name near the end, both before the listing got there (a start-after listing) and after.
 */
@ExtendWith(ApplicationExtension.class)
class ExplorerMillionsWindowTest {

    private static final int OBJECTS = 10_000_000;

    @TempDir
    Path config;

    private final GeneratedStore store = new GeneratedStore(OBJECTS);
    private RangefinderApp app;
    private long heapBefore;

    @Start
    void start(Stage stage) {
        System.setProperty(WindowState.CONFIG_DIR_PROPERTY, config.toString());
        heapBefore = heapAfterGc();
        store.setPageDelayMillis(30); // a remote store's round trip per page: the first listing is still running
        app = new RangefinderApp(() -> store, Location.of(GeneratedStore.CONTAINER, ""));
        app.start(stage);
    }

    @Stop
    void stop() {
        app.stop();
    }

    @Test
    void tenMillionRowsInBoundedMemoryWithJumpsToANameNearTheEnd(FxRobot robot) throws Exception {
        // 1. a jump before the listing got there: the store starts listing at that name
        await().atMost(Duration.ofSeconds(30)).until(() -> fx(() -> status(robot)), s -> s.startsWith("Loading…"));
        String early = GeneratedStore.name(9_999_990);
        long t0 = System.nanoTime();
        goTo(robot, early);
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> selectedName(robot)), early::equals);
        double earlyJump = (System.nanoTime() - t0) / 1e9;
        assertThat(fx(() -> status(robot))).contains("from “" + early + "” on: 10 items");
        assertThat(fx(() -> table(robot).getItems().getFirst().name())).isEqualTo(early);

        // 2. the whole folder, counted as it grows, with memory bounded
        List<String> counts = new java.util.concurrent.CopyOnWriteArrayList<>();
        robot.interact(() -> robot.lookup("#statusLabel").queryAs(Label.class).textProperty().addListener((_, _, t) -> {
            if (t.endsWith("so far")) {
                counts.add(t);
            }
        }));
        store.setPageDelayMillis(0);
        robot.press(KeyCode.F5).release(KeyCode.F5);
        long listStart = System.nanoTime();
        await().atMost(Duration.ofMinutes(4)).until(() -> fx(() -> status(robot)), s -> s.equals("10,000,000 items"));
        double listed = (System.nanoTime() - listStart) / 1e9;
        assertThat(fx(() -> table(robot).getItems().size())).isEqualTo(OBJECTS);
        assertThat(counts).as("the count as it grows").hasSizeGreaterThan(10).contains("Loading… 5,000,000 items so far");
        assertThat(fx(() -> table(robot).getColumns().stream().noneMatch(TableColumn::isSortable)))
                .as("a listing kept as pages is shown in store order").isTrue();
        long heap = heapAfterGc() - heapBefore;
        System.out.printf(Locale.ROOT, "10M listing: %.1f s, window heap after GC +%d MiB%n", listed, heap >> 20);
        assertThat(heap).as("heap held by a 10,000,000-row listing").isLessThan(300L << 20);

        // 3. scrolling far away reads those rows again
        robot.interact(() -> table(robot).scrollTo(5_000_000));
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> visibleNames(robot)),
                names -> names.contains("obj-05000000") && names.stream().noneMatch("…"::equals));

        // 4. a jump once listed (at a remote store's pace): one page read again, the row selected and in view
        store.setPageDelayMillis(30);
        String late = GeneratedStore.name(9_876_543);
        goTo(robot, late.substring(0, 10)); // "obj-098765": the first name from there on
        long callsBefore = store.listCalls();
        long t1 = System.nanoTime();
        robot.interact(() -> robot.lookup("#confirmAction").queryAs(javafx.scene.control.Button.class).fire());
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> selectedName(robot)), GeneratedStore.name(9_876_500)::equals);
        double lateJump = (System.nanoTime() - t1) / 1e9;
        assertThat(store.listCalls() - callsBefore).as("pages read for the jump (a few, never the listing)").isBetween(1L, 3L);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> visibleNames(robot))).contains(GeneratedStore.name(9_876_500));
        System.out.printf(Locale.ROOT, "jump before listed: %.3f s (incl. typing), after: %.3f s%n", earlyJump, lateJump);

        // 5. type-ahead in the list does the same
        robot.clickOn(table(robot));
        // the keys as the table receives them, one after another on the FX thread (a loaded machine
        // can space a robot's keystrokes further apart than the type-ahead's one second)
        robot.interact(() -> {
            for (char c : "obj-09999999".toCharArray()) {
                javafx.event.Event.fireEvent(table(robot), new javafx.scene.input.KeyEvent(
                        javafx.scene.input.KeyEvent.KEY_TYPED, String.valueOf(c), "", KeyCode.UNDEFINED,
                        false, false, false, false));
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> selectedName(robot)), GeneratedStore.name(9_999_999)::equals);
    }

    /** Ctrl+G, the name typed into the question; Enter is left to the caller when text ends without it. */
    private void goTo(FxRobot robot, String name) throws Exception {
        robot.press(KeyCode.CONTROL).press(KeyCode.G).release(KeyCode.G).release(KeyCode.CONTROL);
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> robot.lookup("#confirmInput").tryQuery().isPresent()
                && robot.lookup("#confirmInput").query().isVisible()));
        robot.interact(() -> robot.lookup("#confirmInput").queryAs(TextField.class).setText(name));
        if (name.length() == 12) {
            robot.type(KeyCode.ENTER);
        }
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @SuppressWarnings("unchecked")
    private static TableView<ExplorerEntry> table(FxRobot robot) {
        return robot.lookup("#entryTable").queryAs(TableView.class);
    }

    private static String selectedName(FxRobot robot) {
        ExplorerEntry e = table(robot).getSelectionModel().getSelectedItem();
        return e == null ? null : e.name();
    }

    private static List<String> visibleNames(FxRobot robot) {
        return robot.lookup("#entryTable .table-row-cell").queryAll().stream()
                .map(n -> (javafx.scene.control.TableRow<?>) n)
                .filter(r -> !r.isEmpty() && r.getItem() != null && r.isVisible())
                .map(r -> ((ExplorerEntry) r.getItem()).name())
                .toList();
    }

    private static String status(FxRobot robot) {
        return robot.lookup("#statusLabel").queryAs(Label.class).getText();
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get();
    }
}
