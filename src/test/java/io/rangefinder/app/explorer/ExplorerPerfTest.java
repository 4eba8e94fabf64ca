package io.rangefinder.app.explorer;

import io.rangefinder.app.RangefinderApp;
import io.rangefinder.app.WindowState;
import io.rangefinder.app.testsupport.DirectoryStore;

import javafx.collections.ListChangeListener;
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

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

/**
 * The explorer's performance note, measured: 100,000 files in one folder on file://. Off by
 * default (it writes 100k files); run with
 * {@code ./mvnw -B -o test -Dtest=ExplorerPerfTest -Drangefinder.perf=true}. Figures go to stdout
 * (target/surefire-reports/io.rangefinder.app.explorer.ExplorerPerfTest-output.txt).
 */
@ExtendWith(ApplicationExtension.class)
class ExplorerPerfTest {

    private static final int FILES = Integer.getInteger("rangefinder.perf.files", 100_000);

    @TempDir
    Path root;
    @TempDir
    Path config;

    private RangefinderApp app;

    @Start
    void start(Stage stage) {
        System.setProperty(WindowState.CONFIG_DIR_PROPERTY, config.toString());
        DirectoryStore.file(root, "home/readme.txt", 1);
        app = new RangefinderApp(() -> new DirectoryStore(root), Location.of("home", ""));
        app.start(stage);
    }

    @Stop
    void stop() {
        app.stop();
    }

    @Test
    void hundredThousandFilesInOneFolder(FxRobot robot) throws Exception {
        assumeTrue(Boolean.getBoolean("rangefinder.perf"), "set -Drangefinder.perf=true to run the performance harness");
        Path dir = Files.createDirectories(root.resolve("big"));
        for (int i = 0; i < FILES; i++) {
            Files.createFile(dir.resolve("object-%06d.bin".formatted(i)));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> fx(() -> app.model().getState() == ExplorerViewModel.State.LOADED));
        long heapBefore = usedHeapAfterGc();

        AtomicLong firstRows = new AtomicLong();
        java.util.concurrent.atomic.AtomicReference<Double> firstPageStall = new java.util.concurrent.atomic.AtomicReference<>(0.0);
        AtomicLong opened = new AtomicLong();
        robot.interact(() -> {
            app.model().entries().addListener((ListChangeListener<ExplorerEntry>) c -> {
                if (!c.getList().isEmpty() && firstRows.compareAndSet(0, System.nanoTime())) {
                    // the pulse that builds the first visible rows runs on cold code; measure the rest apart
                    javafx.application.Platform.runLater(() -> javafx.application.Platform.runLater(() -> {
                        firstPageStall.set(app.stallMeter().maxStallMillis());
                        app.stallMeter().reset();
                    }));
                }
            });
            app.stallMeter().reset();
            opened.set(System.nanoTime());
            app.model().open(Location.of("big", ""));
        });
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20))
                .until(() -> fx(() -> app.model().getState() == ExplorerViewModel.State.LOADED));
        long loaded = System.nanoTime();
        double loadStall = app.stallMeter().maxStallMillis();
        assertThat(fx(() -> app.model().entries().size())).isEqualTo(FILES);

        robot.interact(() -> app.stallMeter().reset());
        TableView<?> table = robot.lookup("#entryTable").queryAs(TableView.class);
        for (int i = 0; i < FILES; i += 1000) {
            int row = i;
            robot.interact(() -> table.scrollTo(row));
            Thread.sleep(10);
        }
        robot.interact(() -> table.scrollTo(FILES - 1));
        WaitForAsyncUtils.waitForFxEvents();
        double scrollStall = app.stallMeter().maxStallMillis();
        long heapAfter = usedHeapAfterGc();
        System.out.printf("""
                PERF %,d files in one folder (file://, FileStore, pages of 1000)
                  first rows shown after   %.0f ms
                  all rows loaded after    %.0f ms
                  longest FX stall until the first rows %.1f ms
                  longest FX stall loading the rest %.1f ms
                  longest FX stall scroll  %.1f ms (100 jumps of 1000 rows, then to the end)
                  heap used after GC       %.1f MiB (before opening the folder %.1f MiB, the rows add %.1f MiB)
                """, FILES, (firstRows.get() - opened.get()) / 1e6, (loaded - opened.get()) / 1e6, firstPageStall.get(), loadStall, scrollStall,
                heapAfter / 1048576.0, heapBefore / 1048576.0, (heapAfter - heapBefore) / 1048576.0);
        assertThat(heapAfter).as("heap after loading, bytes").isLessThan(300L << 20);
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static <T> T fx(java.util.concurrent.Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get();
    }
}
