package io.rangefinder.app.lab;

import static io.rangefinder.app.lab.LabFx.fx;
import static io.rangefinder.app.lab.LabFx.fxRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rangefinder.bench.BenchResult;
import io.rangefinder.bench.RunStore;
import io.rangefinder.cli.RangefinderCli;
import io.rangefinder.core.BoundedChannel;
import io.rangefinder.core.TunableLimiter;
import io.rangefinder.engine.ShapedStore;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.file.FileStore;
import javafx.scene.chart.XYChart;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import javax.imageio.ImageIO;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/** The lab window headless (Monocle) on real files through a shaped link, so a run lasts long enough to retune. */
@ExtendWith(ApplicationExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the compare screenshot shows the runs made before it
class LabWindowTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

    @TempDir
    static Path shared;

    private Stage stage;
    private LabView view;
    private LabViewModel model;
    private final AtomicReference<Function<ObjectUri, ObjectStore>> opener = new AtomicReference<>();

    @Start
    void start(Stage stage) {
        System.setProperty(RunStore.CONFIG_DIR_PROPERTY, shared.resolve("config").toString());
        this.stage = stage;
        model = new LabViewModel(uri -> opener.get().apply(uri), new RunStore(shared.resolve("runs")));
        view = new LabView(model);
        LabFx.show(stage, view);
    }

    @AfterEach
    void stopAnyRun() throws Exception {
        fxRun(() -> view.close());
        await().atMost(WAIT).until(() -> fx(() -> !model.runningProperty().get()));
    }

    static Path bigFile(String name, long size) throws Exception {
        Path f = shared.resolve(name);
        if (!Files.exists(f)) {
            try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
                raf.setLength(size);
                raf.seek(size - 1);
                raf.write(1);
            }
        }
        return f;
    }

    private void shapedFiles(long bytesPerSecondPerStream) {
        opener.set(_ -> {
            ShapedStore s = new ShapedStore(FileStore.local());
            s.bytesPerSecondPerStream = bytesPerSecondPerStream;
            return s;
        });
    }

    @Test
    @Order(1)
    void rangeRunOnAFileFollowsTheSliderAndStopKeepsTheResult(FxRobot robot) throws Exception {
        Path file = bigFile("big.bin", 256L << 20);
        shapedFiles(16_000_000);
        fxRun(() -> {
            model.chunkSizeProperty().set("1MiB");
            model.minSplitSizeProperty().set("1MiB");
            model.repeatsProperty().set(50);
            model.concurrencyProperty().set(2);
        });
        fxRun(() -> model.startRangeBenchmark(ObjectUri.parse(file.toUri().toString())));
        TunableLimiter limiter = await().atMost(WAIT).until(() -> fx(() -> model.live() == null ? null : model.live().limiter()),
                l -> l != null && l.inFlight() == 2);
        Thread.sleep(4000); // some history before the change

        fxRun(() -> view.concurrencyControl().slider().setValue(view.concurrencyControl().indexOf(16)));
        await().atMost(ONE_SECOND).until(() -> limiter.limit() == 16);
        await().atMost(ONE_SECOND).until(() -> limiter.inFlight() >= 12);
        // the chart follows too: its in-flight series reaches the new level within a second
        await().atMost(ONE_SECOND).until(() -> fx(() -> lastY(view.charts().inFlight.getData().get(0)) >= 12));
        assertThat(fx(() -> lastY(view.charts().inFlight.getData().get(1)))).isEqualTo(16);
        assertThat(fx(() -> view.charts().inFlight.shownMarkers())).extracting(MarkedLineChart.Shown::label)
                .containsExactly("concurrency 2→16");
        assertThat(fx(() -> view.concurrencyControl().spinner().getValue())).isEqualTo(16);
        Thread.sleep(6000);
        LabFx.screenshot(stage, "lab-live-range.png");

        long stopAt = System.nanoTime();
        robot.clickOn("#lab-stop");
        await().atMost(ONE_SECOND).until(() -> fx(() -> !model.runningProperty().get()));
        double stopSeconds = (System.nanoTime() - stopAt) / 1e9;
        assertThat(stopSeconds).isLessThan(1.0);
        BenchResult r = fx(() -> model.lastResultProperty().get());
        assertThat(r.status()).isEqualTo("cancelled");
        assertThat(r.bytes()).isPositive();
        assertThat(r.series()).isNotEmpty();
        assertThat(r.marks()).extracting(BenchResult.Mark::what, BenchResult.Mark::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("concurrency", 16.0));
        assertThat(r.uri()).isEqualTo(ObjectUri.parse(file.toUri().toString()).toString());
        await().atMost(WAIT).until(() -> fx(() -> model.runs().stream().anyMatch(e -> e.result().startedAt().equals(r.startedAt()))));
        assertThat(fx(() -> view.summary().statusLabel().getText())).isEqualTo("cancelled");

        // exports: JSON parses back, CSV has a header and rows, PNG is a readable non-empty image
        Path json = shared.resolve("export/run.json");
        Path csv = shared.resolve("export/run.csv");
        Path png = shared.resolve("export/charts.png");
        fx(() -> model.exportJson(r, json)).get();
        fx(() -> model.exportCsv(r, csv)).get();
        fx(() -> view.exportChartPng(png)).get(10, TimeUnit.SECONDS);
        BenchResult back = RunStore.parse(Files.readString(json));
        assertThat(back.status()).isEqualTo("cancelled");
        assertThat(back.series()).hasSameSizeAs(r.series());
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.getFirst()).startsWith("t,mbPerSec,");
        assertThat(lines).hasSize(r.series().size() + 1);
        var image = ImageIO.read(png.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isGreaterThan(400);
        assertThat(image.getHeight()).isGreaterThan(300);
    }

    @Test
    @Order(2)
    void loaderRunFollowsPoolAndPrefetchSliders(FxRobot robot) throws Exception {
        Path dir = shared.resolve("train");
        ObjectUri prefix = ObjectUri.parse(dir.toUri() + "/");
        opener.set(_ -> FileStore.local());
        // the dataset comes from the generator dialog, as a user would make it
        DatasetGeneratorDialog dialog = fx(() -> {
            DatasetGeneratorDialog d = new DatasetGeneratorDialog(model, stage);
            d.prefix.setText(prefix.toString());
            d.count.getValueFactory().setValue(400);
            d.size.setText("64KiB");
            d.show();
            d.start();
            return d;
        });
        await().atMost(WAIT).until(() -> fx(() -> dialog.outcomeProperty().get() == DatasetGeneratorDialog.Outcome.DONE));
        assertThat(fx(() -> dialog.progress.getProgress())).isEqualTo(1.0);
        fxRun(dialog::close);
        try (var files = Files.list(dir)) {
            assertThat(files.count()).isEqualTo(400);
        }

        shapedFiles(1_000_000); // ~65 ms per item per stream
        fxRun(() -> {
            model.loaderTypeProperty().set(LabViewModel.LoaderType.ASYNC_POOL);
            model.batchSizeProperty().set(8);
            model.concurrencyProperty().set(4);
            model.prefetchProperty().set(2);
            model.epochsProperty().set(20);
            model.computeMsProperty().set(30);
            model.shuffleProperty().set(true);
        });
        fxRun(() -> model.startLoaderBenchmark(prefix));
        BoundedChannel<?> channel = await().atMost(WAIT).until(() -> fx(() -> model.live() == null ? null : model.live().channel()),
                c -> c != null);
        TunableLimiter limiter = fx(() -> model.live().limiter());
        Thread.sleep(2000);
        fxRun(() -> view.concurrencyControl().slider().setValue(view.concurrencyControl().indexOf(16)));
        await().atMost(ONE_SECOND).until(() -> limiter.limit() == 16);
        await().atMost(ONE_SECOND).until(() -> limiter.inFlight() > 4);
        Thread.sleep(2000);
        fxRun(() -> view.prefetchControl().slider().setValue(view.prefetchControl().indexOf(16)));
        await().atMost(ONE_SECOND).until(() -> channel.capacity() == 16);
        await().atMost(ONE_SECOND).until(() -> fx(() -> lastY(view.charts().queue.getData().get(1)) == 16));
        Thread.sleep(5000);
        LabFx.screenshot(stage, "lab-live-loader.png");
        assertThat(fx(() -> view.charts().queue.markers())).extracting(MarkedLineChart.Marker::knob, MarkedLineChart.Marker::to)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("concurrency", 16.0),
                        org.assertj.core.groups.Tuple.tuple("prefetch", 16.0));

        robot.clickOn("#lab-stop");
        await().atMost(ONE_SECOND).until(() -> fx(() -> !model.runningProperty().get()));
        BenchResult r = fx(() -> model.lastResultProperty().get());
        assertThat(r.kind()).isEqualTo("loader");
        assertThat(r.status()).isEqualTo("cancelled");
        assertThat(r.objects()).isPositive();
        assertThat(r.settings()).containsEntry("shuffle", true).containsEntry("seed", 42L);
        assertThat(r.marks()).extracting(BenchResult.Mark::what).containsExactly("concurrency", "prefetch");
    }

    @Test
    @Order(3)
    void theGeneratorAsksBeforeWritingIntoAPrefixThatHoldsObjects() throws Exception {
        Path dir = shared.resolve("train");
        ObjectUri prefix = ObjectUri.parse(dir.toUri() + "/");
        opener.set(_ -> FileStore.local());
        long before = Files.getLastModifiedTime(dir.resolve("obj-000000.bin")).toMillis();
        DatasetGeneratorDialog dialog = fx(() -> {
            DatasetGeneratorDialog d = new DatasetGeneratorDialog(model, stage);
            d.prefix.setText(prefix.toString());
            d.count.getValueFactory().setValue(5);
            d.size.setText("1KiB");
            d.show();
            d.start();
            return d;
        });
        await().atMost(WAIT).until(() -> fx(() -> dialog.replace.isVisible()));
        assertThat(fx(() -> dialog.progressText.getText())).contains("already holds objects");
        assertThat(fx(() -> dialog.newFolder.getText())).isEqualTo("Use " + prefix.toString().replaceAll("/$", "") + "-2/");
        assertThat(fx(() -> dialog.outcomeProperty().get())).isEqualTo(DatasetGeneratorDialog.Outcome.NONE);

        // a new folder beside it: nothing in the old one changes
        fxRun(() -> dialog.newFolder.fire());
        await().atMost(WAIT).until(() -> fx(() -> dialog.outcomeProperty().get() == DatasetGeneratorDialog.Outcome.DONE));
        try (var files = Files.list(shared.resolve("train-2"))) {
            assertThat(files.count()).isEqualTo(5);
        }
        assertThat(Files.size(dir.resolve("obj-000000.bin"))).isEqualTo(64 << 10);
        assertThat(Files.getLastModifiedTime(dir.resolve("obj-000000.bin")).toMillis()).isEqualTo(before);

        // asked again for the old prefix, Replace writes over it
        fxRun(() -> {
            dialog.prefix.setText(prefix.toString());
            dialog.start();
        });
        await().atMost(WAIT).until(() -> fx(() -> dialog.replace.isVisible()));
        fxRun(() -> dialog.replace.fire());
        await().atMost(WAIT).until(() -> Files.size(dir.resolve("obj-000000.bin")) == 1024);
        await().atMost(WAIT).until(() -> fx(() -> dialog.outcomeProperty().get() == DatasetGeneratorDialog.Outcome.DONE));
        fxRun(dialog::close);
    }

    @Test
    @Order(3)
    void generatorCancelsWithinASecond() throws Exception {
        ObjectUri prefix = ObjectUri.parse(shared.resolve("slow").toUri() + "/");
        opener.set(_ -> {
            ShapedStore s = new ShapedStore(FileStore.local());
            return s;
        });
        DatasetGeneratorDialog dialog = fx(() -> {
            DatasetGeneratorDialog d = new DatasetGeneratorDialog(model, stage);
            d.prefix.setText(prefix.toString());
            d.count.getValueFactory().setValue(1_000_000);
            d.size.setText("256KiB");
            d.show();
            d.start();
            return d;
        });
        await().atMost(WAIT).until(() -> fx(() -> dialog.progress.getProgress() > 0));
        long at = System.nanoTime();
        fxRun(() -> dialog.cancel.fire());
        await().atMost(ONE_SECOND).until(() -> fx(() -> dialog.outcomeProperty().get() == DatasetGeneratorDialog.Outcome.CANCELLED));
        assertThat((System.nanoTime() - at) / 1e9).isLessThan(1.0);
        fxRun(dialog::close);
    }

    @Test
    @Order(5)
    void comparesRunsAndOpensACliResult(FxRobot robot) throws Exception {
        Path file = bigFile("compare.bin", 64L << 20);
        shapedFiles(8_000_000);
        fxRun(() -> {
            model.chunkSizeProperty().set("1MiB");
            model.minSplitSizeProperty().set("1MiB");
            model.repeatsProperty().set(1);
        });
        for (int c : new int[] {2, 8}) {
            fxRun(() -> model.concurrencyProperty().set(c));
            fxRun(() -> model.startRangeBenchmark(ObjectUri.parse(file.toUri().toString())));
            await().atMost(WAIT).until(() -> fx(() -> !model.runningProperty().get() && model.lastResultProperty().get() != null));
            assertThat(fx(() -> model.lastResultProperty().get().status())).isEqualTo("ok");
        }
        Path cliJson = shared.resolve("cli-result.json");
        StringWriter err = new StringWriter();
        int code = RangefinderCli.run(new String[] {"bench", "range", file.toUri().toString(), "--chunk-size", "4MiB",
                "--min-split", "4MiB", "-c", "4", "--repeats", "3", "--json", "-o", cliJson.toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertThat(code).as(err.toString()).isZero();
        fx(() -> model.importResult(cliJson)).get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> fx(() -> model.runs().size() >= 3));
        fxRun(() -> view.tabs().getSelectionModel().select(1));
        fxRun(() -> {
            var table = view.runsView().table();
            table.getSelectionModel().clearSelection();
            for (int i = 0; i < table.getItems().size(); i++) {
                BenchResult r = table.getItems().get(i).result();
                // the GUI's range runs: the two here and a longer one with a tuning change, if it ran before
                if (r.kind().equals("range") && r.series() != null && r.series().size() > 5) {
                    table.getSelectionModel().select(i);
                }
            }
        });
        int selected = fx(() -> view.runsView().table().getSelectionModel().getSelectedItems().size());
        assertThat(selected).isGreaterThanOrEqualTo(2);
        // the CLI's result is in the list as it came: same start time, kind and bytes
        BenchResult cli = RunStore.parse(Files.readString(cliJson));
        assertThat(fx(() -> model.runs().stream().map(RunStore.Entry::result)
                .anyMatch(r -> r.startedAt().equals(cli.startedAt()) && r.bytes() == cli.bytes() && r.kind().equals("range")))).isTrue();
        assertThat(fx(() -> view.runsView().overlay().getData().size())).isEqualTo(selected);
        assertThat(fx(() -> view.runsView().compareTable().getColumns().size())).isEqualTo(selected + 1);
        assertThat(fx(() -> view.runsView().compareTable().getItems().stream().anyMatch(r -> r[0].equals("MB/s")))).isTrue();
        Thread.sleep(300);
        LabFx.screenshot(stage, "lab-compare.png");
    }

    @Test
    @Order(6)
    void exportingSeveralSelectedRunsWritesEveryOne(FxRobot robot) throws Exception {
        // the runs the tests before made, plus two of our own so there are always at least two
        RunStore store = model.runStore();
        store.save(LabFx.sampleRun("2026-04-01T10:00:00Z", "range", "file:///x/a.bin", 100));
        store.save(LabFx.sampleRun("2026-04-01T11:00:00Z", "loader", "s3://bucket/with,comma/", 200));
        fxRun(() -> model.refreshRuns());
        await().atMost(WAIT).until(() -> fx(() -> model.runs().size() >= 2));
        Path jsonDir = shared.resolve("multi-json");
        Path csv = shared.resolve("multi.csv");
        fxRun(() -> {
            view.tabs().getSelectionModel().select(1);
            view.runsView().useChooser(new RunsView.Chooser() {
                @Override
                public java.util.Optional<Path> open() {
                    return java.util.Optional.empty();
                }

                @Override
                public java.util.Optional<Path> save(String what, String pattern, String initialName) {
                    return java.util.Optional.of(csv);
                }

                @Override
                public java.util.Optional<Path> folder(String title) {
                    return java.util.Optional.of(jsonDir);
                }
            });
            view.runsView().table().getSelectionModel().selectAll();
        });
        List<BenchResult> selected = fx(() -> view.runsView().table().getSelectionModel().getSelectedItems().stream()
                .map(RunStore.Entry::result).toList());
        assertThat(selected).hasSizeGreaterThanOrEqualTo(2);

        robot.clickOn("#lab-export-json");
        robot.clickOn("#lab-export-csv");
        await().atMost(WAIT).until(() -> Files.exists(csv) && Files.isDirectory(jsonDir));
        Thread.sleep(500); // both exports have landed (or the wrong number of files would show)

        // JSON: one result file per selected run, each one opening on its own
        List<BenchResult> written;
        try (var files = Files.list(jsonDir)) {
            written = files.map(f -> {
                try {
                    return RunStore.parse(Files.readString(f));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        assertThat(written).extracting(BenchResult::startedAt, BenchResult::kind)
                .containsExactlyInAnyOrderElementsOf(selected.stream()
                        .map(r -> org.assertj.core.groups.Tuple.tuple(r.startedAt(), r.kind())).toList());
        // CSV: a run column, and every sample of every selected run
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.getFirst()).startsWith("run,kind,startedAt,uri,t,mbPerSec,");
        for (int i = 0; i < selected.size(); i++) {
            String run = (i + 1) + ",";
            BenchResult r = selected.get(i);
            assertThat(lines.stream().skip(1).filter(l -> l.startsWith(run + r.kind() + "," + r.startedAt() + ",")))
                    .as("rows of run %s", run).hasSize(r.series() == null ? 0 : r.series().size());
        }
        assertThat(lines).anyMatch(l -> l.contains("\"s3://bucket/with,comma/\""));
        int samples = selected.stream().mapToInt(r -> r.series() == null ? 0 : r.series().size()).sum();
        assertThat(lines).hasSize(samples + 1);
    }

    @Test
    @Order(4)
    void hostsTheLabInATabNextToTheExplorerAndRejectsABadUri() throws Exception {
        List<String> tabs = fx(() -> {
            javafx.scene.Scene scene = new javafx.scene.Scene(new javafx.scene.control.Label("explorer"), 400, 300);
            LabView lab = LabHost.install(scene);
            assertThat(lab.model().runStore().dir()).isEqualTo(shared.resolve("config").resolve("runs"));
            return ((javafx.scene.control.TabPane) scene.getRoot()).getTabs().stream().map(javafx.scene.control.Tab::getText).toList();
        });
        assertThat(tabs).containsExactly("Explorer", "Lab");
        fxRun(() -> {
            model.uriProperty().set("ftp://nope/x");
            model.start();
        });
        assertThat(fx(() -> model.runningProperty().get())).isFalse();
        assertThat(fx(() -> model.messageProperty().get())).isNotBlank().doesNotContain("Exception");
        fxRun(() -> {
            model.chunkSizeProperty().set("lots");
            model.startRangeBenchmark(ObjectUri.parse("file:///tmp/x.bin"));
        });
        assertThat(fx(() -> model.runningProperty().get())).isFalse();
        assertThat(fx(() -> model.messageProperty().get())).contains("lots");
    }

    @Test
    @Order(10)
    void theSlidersStayPutWhenTheNumbersAroundThemGrow() throws Exception {
        fxRun(() -> {
            stage.setWidth(1100);
            stage.setHeight(700);
            model.kindProperty().set(LabViewModel.Kind.LOADER);
            model.concurrencyProperty().set(2);
            model.prefetchProperty().set(1);
            view.summary().clear();
        });
        Thread.sleep(300);
        double[] before = fx(this::sliderXs);
        fxRun(() -> {
            model.concurrencyProperty().set(128);
            model.prefetchProperty().set(64);
            // the widest numbers a run shows
            view.summary().show(new LiveSample(3599.9, 12345.6, 98765.4, 128, 128, 64, 64, 12345.6, 98765.4, 0.5,
                    999L << 30, 12345.6, 98765.4, 123456));
        });
        Thread.sleep(300);
        double[] after = fx(this::sliderXs);
        assertThat(after).as("x of the concurrency and prefetch sliders and spinners").containsExactly(before);
    }

    @Test
    @Order(11)
    void aClickOnTheTrackMovesOneStep(FxRobot robot) throws Exception {
        fxRun(() -> {
            view.tabs().getSelectionModel().select(0);
            model.kindProperty().set(LabViewModel.Kind.RANGE);
            model.concurrencyProperty().set(2);
        });
        Thread.sleep(200);
        javafx.geometry.Bounds track = fx(() -> {
            var t = view.concurrencyControl().slider().lookup(".track");
            return t.localToScreen(t.getLayoutBounds());
        });
        // far right of the thumb (2 sits at the second of eight steps): one step up, to 4
        robot.clickOn(new javafx.geometry.Point2D(track.getMinX() + track.getWidth() * 0.92, track.getCenterY()));
        await().atMost(ONE_SECOND).until(() -> fx(() -> model.concurrencyProperty().get()) != 2);
        assertThat(fx(() -> model.concurrencyProperty().get())).isEqualTo(4);
        assertThat(fx(() -> view.concurrencyControl().spinner().getValue())).isEqualTo(4);
        // and far left: one step down, back to 2
        robot.clickOn(new javafx.geometry.Point2D(track.getMinX() + 2, track.getCenterY()));
        await().atMost(ONE_SECOND).until(() -> fx(() -> model.concurrencyProperty().get()) == 2);
        // the spinner's arrows go by powers of two as well
        fxRun(() -> view.concurrencyControl().spinner().increment());
        assertThat(fx(() -> model.concurrencyProperty().get())).isEqualTo(4);
        fxRun(() -> view.concurrencyControl().spinner().getValueFactory().setValue(24));
        fxRun(() -> view.concurrencyControl().spinner().increment());
        assertThat(fx(() -> model.concurrencyProperty().get())).isEqualTo(32);
    }

    @Test
    @Order(12)
    void quickChangesShowAsOneMarkerWithTheFinalValue() throws Exception {
        Path file = bigFile("markers.bin", 64L << 20);
        shapedFiles(4_000_000);
        fxRun(() -> {
            model.chunkSizeProperty().set("1MiB");
            model.minSplitSizeProperty().set("1MiB");
            model.repeatsProperty().set(20);
            model.concurrencyProperty().set(2);
        });
        fxRun(() -> model.startRangeBenchmark(ObjectUri.parse(file.toUri().toString())));
        await().atMost(WAIT).until(() -> fx(() -> model.live() != null && model.live().limiter() != null));
        Thread.sleep(500);
        for (int step : new int[] {2, 3, 4, 5}) { // 4, 8, 16, 32 in quick succession
            fxRun(() -> view.concurrencyControl().slider().setValue(step));
            Thread.sleep(150);
        }
        await().atMost(ONE_SECOND).until(() -> fx(() -> view.charts().throughput.markers().size()) == 4);
        assertThat(fx(() -> view.charts().throughput.shownMarkers())).extracting(MarkedLineChart.Shown::label)
                .containsExactly("concurrency 2→32");
        Thread.sleep(300);
        long drawn = fx(() -> view.charts().throughput.lookupAll(".tuning-marker-label").stream()
                .filter(javafx.scene.Node::isVisible).count());
        assertThat(drawn).as("marker labels drawn on the chart").isEqualTo(1);
        fxRun(() -> model.stop());
        await().atMost(WAIT).until(() -> fx(() -> !model.runningProperty().get()));
        // the saved run shows the same one marker in the Runs tab
        BenchResult r = fx(() -> model.lastResultProperty().get());
        assertThat(r.marks()).hasSize(4);
        assertThat(MarkedLineChart.merge(LiveCharts.markers(r, "#1 "))).extracting(MarkedLineChart.Shown::label)
                .containsExactly("#1 concurrency 2→32");
    }

    @Test
    @Order(13)
    void aShortRunFillsTheTimeAxisAndTheLatencySaysWhatItIsOver() throws Exception {
        Path file = bigFile("short.bin", 8L << 20);
        shapedFiles(8_000_000); // two streams of 1 MiB ranges at 8 MB/s: about half a second a repeat
        fxRun(() -> {
            model.chunkSizeProperty().set("1MiB");
            model.minSplitSizeProperty().set("1MiB");
            model.repeatsProperty().set(2);
            model.concurrencyProperty().set(2);
        });
        fxRun(() -> model.startRangeBenchmark(ObjectUri.parse(file.toUri().toString())));
        assertThat(fx(() -> view.summary().p50Caption().getText())).isEqualTo("p50 per range");
        assertThat(fx(() -> view.charts().latency.getTitle())).isEqualTo("Latency per range (ms)");
        await().atMost(WAIT).until(() -> fx(() -> !model.runningProperty().get()));
        BenchResult r = fx(() -> model.lastResultProperty().get());
        assertThat(r.status()).isEqualTo("ok");
        assertThat(r.seconds()).isLessThan(5);
        javafx.scene.chart.NumberAxis x = (javafx.scene.chart.NumberAxis) view.charts().throughput.getXAxis();
        double upper = fx(x::getUpperBound);
        double lastT = fx(() -> view.charts().throughput.getData().getFirst().getData().getLast().getXValue().doubleValue());
        assertThat(upper).as("time axis of a %.1f s run", lastT).isGreaterThanOrEqualTo(lastT).isLessThanOrEqualTo(Math.max(2, lastT * 2.5));
        // the result's p50 is over every range of every repeat (one merged histogram), and the caption says so
        assertThat(fx(() -> view.summary().p50Caption().getText())).isEqualTo("p50 per range, all repeats");
        assertThat(fx(() -> view.summary().p99Caption().getText())).isEqualTo("p99 per range, all repeats");
        assertThat(fx(() -> view.summary().statusLabel().getText())).isEqualTo("ok");
        assertThat(fx(() -> view.node().lookup("#labErrorPane").isVisible())).isFalse();
    }

    @Test
    @Order(14)
    void aFailedRunSaysFailedAndShowsItsError() throws Exception {
        opener.set(_ -> FileStore.local());
        ObjectUri missing = ObjectUri.parse(shared.resolve("no-such-object.bin").toUri().toString());
        fxRun(() -> model.startRangeBenchmark(missing));
        await().atMost(WAIT).until(() -> fx(() -> !model.runningProperty().get()));
        assertThat(fx(() -> view.summary().statusLabel().getText())).isEqualTo("failed");
        assertThat(fx(() -> view.summary().statusLabel().getStyleClass())).contains("status-failed");
        javafx.scene.Node pane = fx(() -> view.node().lookup("#labErrorPane"));
        assertThat(fx(() -> LabFx.shown(pane))).as("error pane shown").isTrue();
        String shown = fx(() -> ((javafx.scene.control.Label) view.node().lookup("#labErrorMessage")).getText());
        assertThat(shown).contains("no-such-object.bin");
        // dismissing hides it; the next run starts without it
        fxRun(() -> ((javafx.scene.control.Button) view.node().lookup("#labDismissError")).fire());
        assertThat(fx(() -> pane.isVisible())).isFalse();
    }

    @Test
    @Order(15)
    void theExplorersBenchmarkOpensTheLabWithTheSettingsAndDoesNotStart() throws Exception {
        Path file = bigFile("compare.bin", 64L << 20);
        opener.set(_ -> FileStore.local());
        ObjectUri object = ObjectUri.parse(file.toUri().toString());
        ObjectUri prefix = ObjectUri.parse(shared.resolve("train").toUri() + "/");
        // in the app: the lab in a tab next to the explorer, the explorer's tab in front
        javafx.scene.control.Button explorerButton = new javafx.scene.control.Button("explorer");
        Stage other = fx(() -> {
            Stage s = new Stage();
            s.setScene(new javafx.scene.Scene(new javafx.scene.layout.StackPane(explorerButton), 1100, 700));
            return s;
        });
        LabView lab = fx(() -> {
            LabView l = LabHost.install(other.getScene(), opener.get(), () -> List.of(
                    io.rangefinder.storage.config.ConnectionProfile.builder(io.rangefinder.storage.config.ConnectionProfile.Kind.S3)
                            .name("prod-s3").build()));
            other.show();
            explorerButton.requestFocus();
            return l;
        });
        try {
            fxRun(() -> {
                LabHost.show(other.getScene());
                lab.startRangeBenchmark(object); // what the explorer's Benchmark calls
            });
            Thread.sleep(300);
            assertThat(fx(() -> lab.model().runningProperty().get())).as("a run started").isFalse();
            // the host hands the app's saved connections to the lab's picker
            assertThat(fx(() -> lab.model().connections())).extracting(io.rangefinder.storage.config.ConnectionProfile::name)
                    .containsExactly("prod-s3");
            assertThat(fx(() -> lab.model().uriProperty().get())).isEqualTo(object.toString());
            assertThat(fx(() -> lab.model().kindProperty().get())).isEqualTo(LabViewModel.Kind.RANGE);
            await().atMost(ONE_SECOND).until(() -> fx(() -> other.getScene().getFocusOwner() == lab.startButton()));

            fxRun(() -> lab.startLoaderBenchmark(prefix));
            Thread.sleep(200);
            assertThat(fx(() -> lab.model().runningProperty().get())).isFalse();
            assertThat(fx(() -> lab.model().kindProperty().get())).isEqualTo(LabViewModel.Kind.LOADER);
            assertThat(fx(() -> lab.model().uriProperty().get())).isEqualTo(prefix.toString());
            // the settings are there to change, and Start runs them
            fxRun(() -> lab.model().kindProperty().set(LabViewModel.Kind.RANGE));
            fxRun(() -> lab.model().uriProperty().set(object.toString()));
            fxRun(() -> lab.startButton().fire());
            assertThat(fx(() -> lab.model().runningProperty().get())).isTrue();
        } finally {
            fxRun(() -> {
                lab.close();
                other.close();
            });
        }
    }

    @Test
    @Order(16)
    void theConnectionPickerChoosesTheConnectionARunUses() throws Exception {
        Path file = bigFile("short.bin", 8L << 20);
        ObjectUri object = ObjectUri.parse(file.toUri().toString());
        var diskA = io.rangefinder.storage.config.ConnectionProfile.builder(io.rangefinder.storage.config.ConnectionProfile.Kind.FILE)
                .name("disk-a").build();
        var diskB = io.rangefinder.storage.config.ConnectionProfile.builder(io.rangefinder.storage.config.ConnectionProfile.Kind.FILE)
                .name("disk-b").build();
        var cloud = io.rangefinder.storage.config.ConnectionProfile.builder(io.rangefinder.storage.config.ConnectionProfile.Kind.S3)
                .name("cloud").endpoint("http://127.0.0.1:9").build();
        List<String> used = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicReference<List<io.rangefinder.storage.config.ConnectionProfile>> saved =
                new java.util.concurrent.atomic.AtomicReference<>(List.of(diskA, cloud));
        fxRun(() -> model.useConnections(saved::get, (uri, profile) -> {
            used.add(profile.name());
            return FileStore.local();
        }));
        @SuppressWarnings("unchecked")
        javafx.scene.control.ComboBox<LabView.Choice> picker = (javafx.scene.control.ComboBox<LabView.Choice>)
                fx(() -> view.node().lookup("#lab-connection"));
        assertThat(fx(() -> picker.getItems().stream().map(Object::toString).toList()))
                .containsExactly(LabViewModel.AUTOMATIC, "disk-a (file)", "cloud (s3)");
        // a connection saved since shows up when the picker opens
        saved.set(List.of(diskA, diskB, cloud));
        fxRun(picker::show);
        fxRun(picker::hide);
        assertThat(fx(() -> picker.getItems().stream().map(Object::toString).toList()))
                .containsExactly(LabViewModel.AUTOMATIC, "disk-a (file)", "disk-b (file)", "cloud (s3)");

        fxRun(() -> {
            picker.getSelectionModel().select(2); // disk-b
            model.chunkSizeProperty().set("4MiB");
            model.minSplitSizeProperty().set("4MiB");
            model.repeatsProperty().set(1);
        });
        assertThat(fx(() -> model.connectionProperty().get())).isEqualTo(diskB);
        fxRun(() -> model.startRangeBenchmark(object));
        await().atMost(WAIT).until(() -> fx(() -> !model.runningProperty().get()));
        assertThat(fx(() -> model.lastResultProperty().get().status())).isEqualTo("ok");
        assertThat(used).containsExactly("disk-b");

        // a connection that cannot reach the URI is refused before anything starts, in the error pane
        fxRun(() -> picker.getSelectionModel().select(3)); // cloud (s3) for a file:// URI
        fxRun(() -> model.startRangeBenchmark(object));
        assertThat(fx(() -> model.runningProperty().get())).isFalse();
        assertThat(fx(() -> LabFx.shown(view.node().lookup("#labErrorPane")))).isTrue();
        assertThat(fx(() -> ((javafx.scene.control.Label) view.node().lookup("#labErrorMessage")).getText())).contains("cloud");
        assertThat(used).containsExactly("disk-b");

        // "by the URI" goes back to the lab's own opener
        fxRun(() -> picker.getSelectionModel().select(0));
        assertThat(fx(() -> model.connectionProperty().get())).isNull();
        fxRun(() -> model.useConnections(List::of));
    }

    @Test
    @Order(20)
    void nothingIsCutOrOutsideTheWindowAt1100x700And900x600() throws Exception {
        RunStore store = model.runStore();
        store.save(LabFx.sampleRun("2026-05-01T10:00:00Z", "range",
                "s3://a-rather-long-bucket-name/datasets/some/deep/prefix/big-object.bin", 412.5));
        store.save(LabFx.sampleRun("2026-05-01T10:05:00Z", "loader", "s3://a-rather-long-bucket-name/train/", 88.25));
        fxRun(() -> model.refreshRuns());
        await().atMost(WAIT).until(() -> fx(() -> model.runs().size() >= 3));
        List<String> problems = new java.util.ArrayList<>();
        for (int[] size : new int[][] {{1100, 700}, {900, 600}}) {
            fxRun(() -> {
                stage.setWidth(size[0]);
                stage.setHeight(size[1]);
                view.tabs().getSelectionModel().select(0);
            });
            for (LabViewModel.Kind kind : LabViewModel.Kind.values()) {
                fxRun(() -> {
                    model.kindProperty().set(kind);
                    // the widest values a run shows, and the status a stopped run has
                    view.summary().show(new LiveSample(3599.9, 12345.6, 98765.4, 128, 128, 64, 64, 12345.6, 98765.4,
                            0.5, 999L << 30, 12345.6, 98765.4, 123456));
                    view.summary().show(model.runs().getFirst().result());
                });
                problems.addAll(check(size, "live " + kind));
                LabFx.screenshot(stage, "lab-" + size[0] + "x" + size[1] + "-live-" + kind.name().toLowerCase(java.util.Locale.ROOT) + ".png");
            }
            fxRun(() -> {
                view.tabs().getSelectionModel().select(1);
                view.runsView().table().getSelectionModel().selectAll();
            });
            problems.addAll(check(size, "runs"));
            LabFx.screenshot(stage, "lab-" + size[0] + "x" + size[1] + "-runs.png");
        }
        assertThat(problems).isEmpty();
        assertThat(fx(() -> LabFx.unnamedIconButtons(view.node()))).as("icon-only buttons without tooltip or accessible text").isEmpty();
    }

    private List<String> check(int[] size, String where) throws Exception {
        Thread.sleep(400); // layout, and the tables' column fitting after it
        return fx(() -> {
            view.node().applyCss();
            view.node().layout();
            List<String> out = new java.util.ArrayList<>();
            String at = size[0] + "x" + size[1] + " " + where + ": ";
            LabFx.truncated(view.node()).forEach(t -> out.add(at + "cut " + t));
            LabFx.buttonsOutside(stage.getScene()).forEach(b -> out.add(at + "outside " + b));
            return out;
        });
    }

    private double[] sliderXs() {
        view.node().applyCss();
        view.node().layout();
        return new double[] {
                view.concurrencyControl().slider().localToScene(0, 0).getX(),
                view.concurrencyControl().spinner().localToScene(0, 0).getX(),
                view.prefetchControl().slider().localToScene(0, 0).getX(),
                view.prefetchControl().spinner().localToScene(0, 0).getX()};
    }

    private static double lastY(XYChart.Series<Number, Number> s) {
        var data = s.getData();
        return data.isEmpty() ? -1 : data.getLast().getYValue().doubleValue();
    }
}
