package io.rangefinder.app.lab;

import static io.rangefinder.app.lab.LabFx.fx;
import static io.rangefinder.app.lab.LabFx.fxRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rangefinder.bench.BenchResult;
import io.rangefinder.bench.RunStore;
import io.rangefinder.bench.TunedSettings;
import io.rangefinder.bench.Tuner;
import io.rangefinder.engine.ShapedStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.config.ConfigDir;
import io.rangefinder.storage.file.FileStore;
import java.nio.file.Path;
import java.time.Duration;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * "Find best settings" in the real lab window: the tuning chart fills as the search goes, the pick
 * is applied to the connection and a later run starts from it; Stop half-way keeps the points.
 * Files through a per-stream cap (16 MB/s a stream), so more ranges in flight pay.
 */
@ExtendWith(ApplicationExtension.class)
class LabTuneWindowTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path shared;

    private Stage stage;
    private LabView view;
    private LabViewModel model;
    private String savedConfigDir;

    @Start
    void start(Stage stage) {
        savedConfigDir = System.getProperty(ConfigDir.PROPERTY);
        System.setProperty(ConfigDir.PROPERTY, shared.resolve("config").toString());
        this.stage = stage;
        model = new LabViewModel(_ -> {
            ShapedStore s = new ShapedStore(FileStore.local());
            s.bytesPerSecondPerStream = 16_000_000;
            return s;
        }, new RunStore(shared.resolve("runs")));
        view = new LabView(model);
        LabFx.show(stage, view);
        model.tuning().setOptions(Tuner.Options.upTo(8).withWindow(Duration.ofMillis(100)));
    }

    @AfterEach
    void stopAnyRun() throws Exception {
        fxRun(() -> view.close());
        await().atMost(WAIT).until(() -> fx(() -> !model.runningProperty().get()));
        if (savedConfigDir == null) {
            System.clearProperty(ConfigDir.PROPERTY);
        } else {
            System.setProperty(ConfigDir.PROPERTY, savedConfigDir);
        }
    }

    private String file() throws Exception {
        Path f = shared.resolve("tune.bin");
        if (!java.nio.file.Files.exists(f)) {
            try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(f.toFile(), "rw")) {
                raf.setLength(256L << 20);
            }
        }
        return ObjectUri.parse(f.toUri().toString()).toString();
    }

    @Test
    void findsTheBestSettingsAppliesThemAndALaterRunStartsFromThem(FxRobot robot) throws Exception {
        String uri = file();
        fxRun(() -> {
            model.uriProperty().set(uri);
            model.chunkSizeProperty().set("1MiB");
            model.minSplitSizeProperty().set("1MiB");
            model.concurrencyProperty().set(2);
        });
        robot.clickOn("#lab-tune");

        // the curve fills in while the run goes on, and the slider follows the tuner
        await().atMost(WAIT).until(() -> fx(() -> view.tuningChart().values().size()) >= 3);
        assertThat(fx(() -> model.runningProperty().get())).isTrue();
        assertThat(fx(() -> LabFx.shown(view.tuningChart()))).isTrue();
        await().atMost(Duration.ofSeconds(60)).until(() -> fx(() -> !model.runningProperty().get()));

        Tuner.Result r = fx(() -> model.tuning().resultProperty().get());
        assertThat(r.status()).isEqualTo("ok");
        // per-stream caps and no total cap: every step up pays, so the pick is the top of the ladder
        assertThat(r.recommended()).isEqualTo(8);
        assertThat(fx(() -> view.tuningChart().pick())).isEqualTo(8);
        assertThat(fx(() -> ((javafx.scene.control.Label) robot.lookup("#lab-tune-status").query()).getText()))
                .startsWith("Recommended: concurrency 8 — concurrency 8 reaches");
        // the steps were marked on the time charts as slider moves are
        assertThat(fx(() -> model.liveMarks())).extracting(BenchResult.Mark::value).contains(1.0, 2.0, 4.0, 8.0);
        // the run is saved with its search, as any run is
        BenchResult saved = fx(() -> model.lastResultProperty().get());
        assertThat(saved.tuning()).isNotNull();
        assertThat(saved.tuning().points()).hasSameSizeAs(r.points());
        assertThat(saved.status()).isEqualTo("ok");
        LabFx.screenshot(stage, "lab-tune.png");

        // opened in Runs like any run: the search drawn again, with the pick and why
        await().atMost(WAIT).until(() -> fx(() -> model.runs().stream().anyMatch(e -> e.result().startedAt().equals(saved.startedAt()))));
        fxRun(() -> {
            view.tabs().getSelectionModel().select(1);
            var table = view.runsView().table();
            table.getSelectionModel().clearSelection();
            for (int i = 0; i < table.getItems().size(); i++) {
                if (table.getItems().get(i).result().startedAt().equals(saved.startedAt())) {
                    table.getSelectionModel().select(i);
                }
            }
        });
        assertThat(fx(() -> view.runsView().tuningChart().values())).containsExactlyElementsOf(
                r.points().stream().map(Tuner.Point::value).distinct().sorted().toList());
        assertThat(fx(() -> view.runsView().tuningChart().pick())).isEqualTo(8);
        assertThat(fx(() -> ((javafx.scene.control.Label) robot.lookup("#lab-runs-tuning-reason").query()).getText()))
                .isEqualTo("Recommended: " + r.reason());
        fxRun(() -> view.tabs().getSelectionModel().select(0));

        // Apply: stored for the connection, and the next run starts from it
        fxRun(() -> model.concurrencyProperty().set(2));
        robot.clickOn("#lab-tune-apply");
        await().atMost(WAIT).until(() -> TunedSettings.open().value("file local", TunedSettings.RANGE_CONCURRENCY).orElse(0) == 8);
        await().atMost(WAIT).until(() -> fx(() -> model.concurrencyProperty().get()) == 8);
        fxRun(() -> model.repeatsProperty().set(1));
        robot.clickOn("#lab-start");
        await().atMost(WAIT).until(() -> fx(() -> !model.runningProperty().get()
                && model.lastResultProperty().get() != null && model.lastResultProperty().get().tuning() == null));
        assertThat(fx(() -> model.lastResultProperty().get().concurrency())).as("a later run on the connection").isEqualTo(8);

        // Reset: the connection is back to the defaults
        robot.clickOn("#lab-tune-reset");
        await().atMost(WAIT).until(() -> TunedSettings.open().forConnection("file local").isEmpty());
    }

    @Test
    void stopHalfWayKeepsThePointsMeasured(FxRobot robot) throws Exception {
        String uri = file();
        fxRun(() -> {
            model.uriProperty().set(uri);
            model.chunkSizeProperty().set("1MiB");
            model.minSplitSizeProperty().set("1MiB");
        });
        robot.clickOn("#lab-tune");
        await().atMost(WAIT).until(() -> fx(() -> model.tuning().points().size()) >= 2);
        robot.clickOn("#lab-stop");
        await().atMost(WAIT).until(() -> fx(() -> !model.runningProperty().get()));

        Tuner.Result r = fx(() -> model.tuning().resultProperty().get());
        assertThat(r.status()).isEqualTo("cancelled");
        assertThat(r.points()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(fx(() -> view.tuningChart().values())).hasSizeGreaterThanOrEqualTo(2);
        BenchResult saved = fx(() -> model.lastResultProperty().get());
        assertThat(saved.status()).isEqualTo("cancelled");
        assertThat(saved.tuning().points()).as("the saved run keeps what was measured").hasSizeGreaterThanOrEqualTo(2);
        assertThat(fx(() -> ((javafx.scene.control.Label) robot.lookup("#lab-tune-status").query()).getText()))
                .contains("cancelled after");
        assertThat(TunedSettings.open().forConnection("file local")).as("nothing applied by itself").isEmpty();
    }
}
