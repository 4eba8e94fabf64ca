package io.rangefinder.app.lab;

import static io.rangefinder.app.lab.LabFx.fx;
import static io.rangefinder.app.lab.LabFx.fxRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rangefinder.bench.BenchResult;
import io.rangefinder.bench.RunStore;
import io.rangefinder.storage.ListRequest;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.StorageException;
import io.rangefinder.storage.StoreFactory;
import io.rangefinder.storage.config.ConnectionProfile;
import io.rangefinder.testing.S3ProxyServer;
import javafx.scene.Node;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The lab's Put and Mixed kinds in the real window against S3Proxy: picked with the kind buttons,
 * the sizes drawn before the run, per-operation lines while it runs, workers and rate retuned on
 * the running benchmark, and nothing left in the bucket afterwards.
 */
@ExtendWith(ApplicationExtension.class)
class LabWorkloadsWindowTest {

    private static final String BUCKET = "lab-workloads";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path shared;

    private static ConnectionProfile profile;

    private Stage stage;
    private LabView view;
    private LabViewModel model;

    @BeforeAll
    static void bucket() {
        profile = S3ProxyServer.get().profile();
        try (ObjectStore store = StoreFactory.open(ObjectUri.parse("s3://" + BUCKET + "/"), profile)) {
            try {
                store.createContainer(BUCKET);
            } catch (StorageException e) {
                // there from an earlier class in this JVM
            }
        }
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        model = new LabViewModel(uri -> StoreFactory.open(uri, profile), new RunStore(shared.resolve("runs")));
        view = new LabView(model);
        LabFx.show(stage, view);
    }

    @AfterEach
    void stopAnyRun() throws Exception {
        fxRun(() -> view.close());
        await().atMost(WAIT).until(() -> fx(() -> !model.runningProperty().get()));
    }

    private static List<String> keysUnder(String prefix) {
        try (ObjectStore store = StoreFactory.open(ObjectUri.parse("s3://" + BUCKET + "/"), profile)) {
            return store.list(ListRequest.recursive(BUCKET, prefix)).objects().stream().map(o -> o.key()).toList();
        }
    }

    private void type(String id, String text) throws Exception {
        fxRun(() -> ((TextField) view.node().lookup(id)).setText(text));
    }

    /** The ops chart's line of every operation together. */
    private java.util.List<XYChart.Data<Number, Number>> allOps() {
        return view.charts().ops.getData().stream().filter(x -> x.getName().equals("all")).findFirst().orElseThrow().getData();
    }

    private static double lastY(XYChart.Series<Number, Number> s) {
        return s.getData().isEmpty() ? -1 : s.getData().getLast().getYValue().doubleValue();
    }

    @Test
    void aMixedRunDrawsALinePerOperationAndFollowsTheWorkersAndRateItIsGiven(FxRobot robot) throws Exception {
        robot.clickOn("#lab-kind-mixed");
        assertThat(fx(() -> model.kindProperty().get())).isEqualTo(LabViewModel.Kind.MIXED);
        assertThat(fx(() -> view.concurrencyControl().caption())).isEqualTo("Workers");
        assertThat(fx(() -> LabFx.shown(view.prefetchControl()))).as("a mixed run has no second concurrency").isFalse();
        assertThat(fx(() -> LabFx.shown(view.rateControl()))).isTrue();
        type("#lab-uri", "s3://" + BUCKET + "/mixed/");
        type("#lab-sizes", "uniform(4KiB,64KiB)");
        fxRun(() -> {
            model.mixedSecondsProperty().set(120);
            model.mixedObjectsProperty().set(40);
            model.concurrencyProperty().set(2);
        });
        robot.clickOn("#lab-start");
        // a line per operation of the mix, fed while the run goes on
        await().atMost(WAIT).until(() -> fx(() -> view.charts().operationLines().keySet()),
                ops -> ops.containsAll(List.of("get", "put", "stat", "list", "delete")));
        await().atMost(WAIT).until(() -> fx(() -> lastY(view.charts().operationLines().get("get")) > 0));
        assertThat(fx(() -> view.charts().ops.getTitle())).isEqualTo("Operations per second, by operation");
        assertThat(fx(() -> view.charts().latency.getData().stream().map(XYChart.Series::getName).toList()))
                .contains("get p99", "put p99", "stat p99", "list p99", "delete p99").doesNotContain("p50");
        Thread.sleep(2000);

        // more workers: the run's own limit follows at once, and the chart marks the change
        fxRun(() -> view.concurrencyControl().slider().setValue(view.concurrencyControl().indexOf(16)));
        LiveRun.Mixed live = (LiveRun.Mixed) fx(() -> model.live());
        await().atMost(Duration.ofSeconds(1)).until(() -> live.bench().workers() == 16);
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> lastY(view.charts().inFlight.getData().get(1))) == 16);
        Thread.sleep(3000);
        double closedLoop = fx(() -> allOps().stream()
                .filter(d -> d.getXValue().doubleValue() > live.bench().elapsedSeconds() - 2)
                .mapToDouble(d -> d.getYValue().doubleValue()).average().orElse(0));
        System.out.printf("mixed run in the lab, 16 workers closed loop: %.0f ops/s%n", closedLoop);

        // a target rate well under what it does closed loop: the run slows to it
        // (low enough that 16 workers keep up even on a loaded machine, where an operation can take 300 ms)
        int target = (int) Math.max(5, Math.min(20, closedLoop / 10));
        fxRun(() -> model.rateProperty().set(target));
        robot.clickOn("#lab-rate-on");
        await().atMost(Duration.ofSeconds(1)).until(() -> live.bench().rate() == target);
        Thread.sleep(5000);
        double paced = fx(() -> allOps().stream()
                .filter(d -> d.getXValue().doubleValue() > live.bench().elapsedSeconds() - 3.5)
                .mapToDouble(d -> d.getYValue().doubleValue()).average().orElse(0));
        System.out.printf("mixed run in the lab, target %d ops/s: %.1f ops/s%n", target, paced);
        assertThat(paced).as("ops/s at a target of %d (closed loop it did %.0f)", target, closedLoop)
                .isBetween(target * 0.5, target * 1.5);
        assertThat(fx(() -> view.charts().ops.shownMarkers())).extracting(MarkedLineChart.Shown::label)
                .anyMatch(l -> l.contains("workers 2→16")).anyMatch(l -> l.contains("rate 0→" + target));
        LabFx.screenshot(stage, "lab-live-mixed.png");

        robot.clickOn("#lab-stop");
        await().atMost(WAIT).until(() -> fx(() -> !model.runningProperty().get()));
        BenchResult r = fx(() -> model.lastResultProperty().get());
        assertThat(r.kind()).isEqualTo("mixed");
        assertThat(r.status()).isEqualTo("cancelled");
        assertThat(r.operations()).containsKeys("get", "put", "stat", "list", "delete");
        assertThat(r.marks()).extracting(BenchResult.Mark::what).contains("workers", "rate");
        // the saved samples carry the per-operation rates too, for the Runs tab
        assertThat(r.series()).anyMatch(s -> s.ops() != null && s.ops().containsKey("delete"));
        assertThat(fx(() -> view.summary().p99Caption().getText())).isEqualTo("p99 all ops");
        assertThat(keysUnder("mixed/")).as("what the run wrote is deleted after a stop").isEmpty();
    }

    @Test
    void aPutRunDrawsItsSizesFirstWritesWhatItClaimsAndCleansUp(FxRobot robot) throws Exception {
        robot.clickOn("#lab-kind-put");
        assertThat(fx(() -> view.concurrencyControl().caption())).isEqualTo("Objects in flight");
        assertThat(fx(() -> view.prefetchControl().caption())).isEqualTo("Parts in flight");
        type("#lab-uri", "s3://" + BUCKET + "/put/");
        type("#lab-sizes", "lognormal(mean=256KiB,stddev=256KiB,min=4KiB,max=4MiB)");
        SizeHistogram histogram = fx(() -> (SizeHistogram) view.node().lookup("#lab-size-histogram"));
        long[] counts = fx(histogram::counts);
        assertThat(Arrays.stream(counts).sum()).isEqualTo(SizeHistogram.SAMPLES);
        assertThat(counts.length).isEqualTo(SizeHistogram.BINS);
        // a lognormal spans 4 KiB .. 4 MiB: drawn on a log scale (equal ratios per bin), bell-shaped there
        double[] edges = fx(histogram::edges);
        assertThat(edges[1] / edges[0]).isCloseTo(edges[SizeHistogram.BINS] / edges[SizeHistogram.BINS - 1],
                org.assertj.core.data.Percentage.withPercentage(1));
        long middle = Arrays.stream(counts, SizeHistogram.BINS / 3, 2 * SizeHistogram.BINS / 3).sum();
        assertThat(middle).as("most sizes in the middle third of the log range").isGreaterThan(SizeHistogram.SAMPLES / 2);
        assertThat(fx(histogram::caption)).contains("p50").contains("log scale");
        LabFx.screenshot(stage, "lab-put-settings.png");
        // a uniform one is flat, on a linear scale
        type("#lab-sizes", "uniform(16KiB,256KiB)");
        assertThat(Arrays.stream(fx(histogram::counts)).boxed().toList()).allSatisfy(c -> assertThat(c).isBetween(
                (long) (SizeHistogram.SAMPLES / SizeHistogram.BINS * 0.6), (long) (SizeHistogram.SAMPLES / SizeHistogram.BINS * 1.4)));
        assertThat(fx(histogram::caption)).doesNotContain("log scale");

        type("#lab-sizes", "lognormal(mean=1MiB)");
        assertThat(fx(histogram::caption)).contains("stddev");
        assertThat(fx(histogram::counts)).isEmpty();
        robot.clickOn("#lab-start");
        assertThat(fx(() -> model.runningProperty().get())).as("a size that does not parse starts nothing").isFalse();
        assertThat(fx(() -> ((Label) view.node().lookup("#labErrorMessage")).getText())).contains("stddev");

        type("#lab-sizes", "uniform(16KiB,256KiB)");
        fxRun(() -> {
            model.putCountProperty().set(60);
            model.concurrencyProperty().set(4);
        });
        robot.clickOn("#lab-start");
        await().atMost(WAIT).until(() -> fx(() -> !model.runningProperty().get()));
        BenchResult r = fx(() -> model.lastResultProperty().get());
        assertThat(r.kind()).isEqualTo("put");
        assertThat(r.status()).isEqualTo("ok");
        assertThat(r.objects()).isEqualTo(60);
        assertThat(r.operations().get("put").count()).isEqualTo(60);
        @SuppressWarnings("unchecked")
        Map<String, Object> written = (Map<String, Object>) r.settings().get("sizesWritten");
        assertThat(((Number) written.get("min")).longValue()).isGreaterThanOrEqualTo(16 << 10);
        assertThat(((Number) written.get("max")).longValue()).isLessThanOrEqualTo(256 << 10);
        assertThat(fx(() -> view.summary().p99Caption().getText())).isEqualTo("p99 per object");
        assertThat(keysUnder("put/")).as("the run deletes what it wrote").isEmpty();
    }

    @Test
    void aMixThatMakesNoSenseIsRefusedWithWhatIsWrong(FxRobot robot) throws Exception {
        robot.clickOn("#lab-kind-mixed");
        type("#lab-uri", "s3://" + BUCKET + "/mixed-bad/");
        for (String[] bad : new String[][] {{"get=60,copy=40", "unknown operation 'copy'"},
                {"get=0,put=0", "every weight is 0"}, {"get=sixty", "not a whole number"}}) {
            type("#lab-mix", bad[0]);
            robot.clickOn("#lab-start");
            assertThat(fx(() -> model.runningProperty().get())).isFalse();
            Node pane = fx(() -> view.node().lookup("#labErrorPane"));
            assertThat(fx(() -> LabFx.shown(pane))).isTrue();
            assertThat(fx(() -> ((Label) view.node().lookup("#labErrorMessage")).getText())).contains(bad[1]);
        }
        // a URI without a bucket cannot be written to
        type("#lab-mix", "get=1");
        type("#lab-uri", "s3://");
        robot.clickOn("#lab-start");
        assertThat(fx(() -> ((Label) view.node().lookup("#labErrorMessage")).getText())).contains("bucket");
        assertThat(keysUnder("mixed-bad/")).isEmpty();
    }
}
