package io.rangefinder.app.lab;

import io.rangefinder.bench.BenchResult;

import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Side;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;
import javafx.util.Duration;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The live charts of a run: a fixed sliding window of points per series, fed by ONE
 * {@link Timeline} that samples engine snapshots a few times a second (never per-request events).
 * Each tick also goes to a listener (the summary strip). The timeline runs only while a run does.
 */
final class LiveCharts {

    static final double WINDOW_SECONDS = 60;
    static final int DEFAULT_HZ = 10;

    private final GridPane grid = new GridPane();
    private final Timeline timeline;
    private final Supplier<LiveSample> source;
    private final Consumer<LiveSample> onTick;

    final MarkedLineChart throughput = chart("Throughput (MB/s)");
    final MarkedLineChart ops = chart("Completed per second (ranges or items)");
    final MarkedLineChart inFlight = chart("Requests in flight vs limit");
    final MarkedLineChart queue = chart("Queue depth vs capacity (batches)");
    final MarkedLineChart latency = chart("Latency per range / item (ms)");
    final MarkedLineChart wait = chart("Consumer waiting for data (% of time)");
    private final List<MarkedLineChart> all = List.of(throughput, ops, inFlight, queue, latency, wait);

    private final XYChart.Series<Number, Number> mbps = series(throughput, "MB/s now");
    private final XYChart.Series<Number, Number> opsps = series(ops, "per second");
    private final XYChart.Series<Number, Number> inflight = series(inFlight, "in flight");
    private final XYChart.Series<Number, Number> limit = series(inFlight, "limit");
    private final XYChart.Series<Number, Number> depth = series(queue, "queue depth");
    private final XYChart.Series<Number, Number> capacity = series(queue, "capacity");
    private final XYChart.Series<Number, Number> p50 = series(latency, "p50");
    private final XYChart.Series<Number, Number> p99 = series(latency, "p99");
    private final XYChart.Series<Number, Number> starved = series(wait, "waiting");
    private final List<XYChart.Series<Number, Number>> allSeries =
            List.of(mbps, opsps, inflight, limit, depth, capacity, p50, p99, starved);

    private long ticks;
    private double lastT = -1;
    private Boolean laidOutForLoader;

    LiveCharts(Supplier<LiveSample> source, Consumer<LiveSample> onTick, ObservableList<BenchResult.Mark> marks, int hz) {
        this.source = source;
        this.onTick = onTick;
        timeline = new Timeline(new KeyFrame(Duration.millis(1000.0 / hz), _ -> tick()));
        timeline.setCycleCount(Animation.INDEFINITE);
        grid.getStyleClass().add("lab-charts");
        grid.setHgap(6);
        grid.setVgap(6);
        layoutFor(false);
        marks.addListener((ListChangeListener<BenchResult.Mark>) c -> {
            while (c.next()) {
                if (c.wasRemoved() && c.getList().isEmpty()) {
                    all.forEach(ch -> ch.markers().clear());
                }
                for (BenchResult.Mark m : c.getAddedSubList()) {
                    MarkedLineChart.Marker marker = new MarkedLineChart.Marker(m.t(), label(m));
                    all.forEach(ch -> ch.markers().add(marker));
                }
            }
        });
        // the limit and capacity lines are drawn dashed (see lab.css)
        limit.getNode().getStyleClass().add("limit-line");
        capacity.getNode().getStyleClass().add("limit-line");
        inFlight.getStyleClass().add("limit-chart");
        queue.getStyleClass().add("limit-chart");
    }

    static String label(BenchResult.Mark m) {
        return String.format(Locale.ROOT, "%s → %d", m.what().equals("prefetch") ? "prefetch" : "concurrency",
                Math.round(m.value()));
    }

    private static MarkedLineChart chart(String title) {
        NumberAxis x = new NumberAxis(0, WINDOW_SECONDS, 10);
        x.setAutoRanging(false);
        x.setAnimated(false);
        x.setMinorTickVisible(false);
        x.setLabel("seconds");
        // The y range is set by tick() with a little hysteresis: auto-ranging would re-lay the axis
        // (and re-measure every tick label) on every sample, which is most of a chart's cost.
        NumberAxis y = new NumberAxis(0, 1, 0.2);
        y.setAutoRanging(false);
        y.setAnimated(false);
        y.setMinorTickVisible(false);
        MarkedLineChart c = new MarkedLineChart(title, x, y);
        c.setLegendSide(Side.TOP);
        c.setMinSize(200, 150);
        return c;
    }

    private static XYChart.Series<Number, Number> series(MarkedLineChart chart, String name) {
        XYChart.Series<Number, Number> s = new XYChart.Series<>();
        s.setName(name);
        chart.getData().add(s);
        return s;
    }

    /** Range runs have no queue and no consumer: they show four charts, loaders six. */
    void layoutFor(boolean loader) {
        if (laidOutForLoader != null && laidOutForLoader == loader) {
            return; // re-adding the charts would re-apply all their CSS
        }
        laidOutForLoader = loader;
        grid.getChildren().clear();
        grid.getColumnConstraints().clear();
        grid.getRowConstraints().clear();
        List<MarkedLineChart> shown = loader ? all : List.of(throughput, ops, inFlight, latency);
        int columns = loader ? 3 : 2;
        for (int i = 0; i < columns; i++) {
            ColumnConstraints cc = new ColumnConstraints();
            cc.setPercentWidth(100.0 / columns);
            cc.setHgrow(Priority.ALWAYS);
            grid.getColumnConstraints().add(cc);
        }
        for (int i = 0; i < 2; i++) {
            RowConstraints rc = new RowConstraints();
            rc.setPercentHeight(50);
            rc.setVgrow(Priority.ALWAYS);
            grid.getRowConstraints().add(rc);
        }
        for (int i = 0; i < shown.size(); i++) {
            grid.add(shown.get(i), i % columns, i / columns);
        }
    }

    GridPane node() {
        return grid;
    }

    /** Clears the window and starts sampling. */
    void start(boolean loader) {
        allSeries.forEach(s -> s.getData().clear());
        all.forEach(c -> c.markers().clear());
        all.forEach(c -> setWindow(c, 0));
        all.forEach(c -> fitY(c, 0));
        layoutFor(loader);
        lastT = -1;
        timeline.play();
    }

    /** Takes a last sample and stops the timeline; the charts keep what they show. */
    void stop() {
        if (timeline.getStatus() == Animation.Status.RUNNING) {
            tick();
            timeline.stop();
        }
    }

    boolean isSampling() {
        return timeline.getStatus() == Animation.Status.RUNNING;
    }

    long ticks() {
        return ticks;
    }

    Timeline timeline() {
        return timeline;
    }

    /** The longest tick (probe + chart update) so far, in nanoseconds; for the perf test. */
    long maxTickNanos() {
        return maxTickNanos;
    }

    long maxProbeNanos() {
        return maxProbeNanos;
    }

    void resetTickTimes() {
        maxTickNanos = 0;
        maxProbeNanos = 0;
    }

    private long maxTickNanos;
    private long maxProbeNanos;

    private void tick() {
        long began = System.nanoTime();
        try {
            update();
        } finally {
            maxTickNanos = Math.max(maxTickNanos, System.nanoTime() - began);
        }
    }

    private void update() {
        long began = System.nanoTime();
        LiveSample s = source.get();
        maxProbeNanos = Math.max(maxProbeNanos, System.nanoTime() - began);
        if (s == null || s.t() <= lastT) {
            return;
        }
        lastT = s.t();
        ticks++;
        double t = s.t();
        add(mbps, t, s.mbPerSec());
        add(opsps, t, s.opsPerSec());
        add(inflight, t, s.inFlight());
        add(limit, t, s.limit());
        add(depth, t, s.queueDepth());
        add(capacity, t, s.queueCapacity());
        add(p50, t, s.p50Ms());
        add(p99, t, s.p99Ms());
        add(starved, t, s.consumerWait() * 100);
        for (MarkedLineChart c : all) {
            setWindow(c, t);
            fitY(c, c == wait ? Math.min(maxY(c), 90) : maxY(c)); // a share never needs more than 100 %
        }
        onTick.accept(s);
    }

    private static void add(XYChart.Series<Number, Number> series, double t, double value) {
        ObservableList<XYChart.Data<Number, Number>> data = series.getData();
        data.add(new XYChart.Data<>(t, value));
        double oldest = t - WINDOW_SECONDS - 1;
        int drop = 0;
        while (drop < data.size() && data.get(drop).getXValue().doubleValue() < oldest) {
            drop++;
        }
        if (drop > 0) {
            data.remove(0, drop);
        }
    }

    private static double maxY(MarkedLineChart c) {
        double max = 0;
        for (XYChart.Series<Number, Number> s : c.getData()) {
            for (XYChart.Data<Number, Number> d : s.getData()) {
                max = Math.max(max, d.getYValue().doubleValue());
            }
        }
        return max;
    }

    /**
     * Sets the y axis to a round upper bound above {@code max}; it grows at once but shrinks only
     * when the data fall below a third of it, so the axis rarely changes.
     */
    static void fitY(MarkedLineChart c, double max) {
        NumberAxis y = (NumberAxis) c.getYAxis();
        double upper = y.getUpperBound();
        if (max <= upper && max >= upper / 3 && upper > 0) {
            return;
        }
        double nice = niceCeiling(Math.max(max * 1.1, 1));
        if (nice != upper) {
            y.setLowerBound(0);
            y.setUpperBound(nice);
            y.setTickUnit(nice / 5);
        }
    }

    /** The smallest of 1, 2, 2.5, 5 × 10^k that is at least {@code v}. */
    static double niceCeiling(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static void setWindow(MarkedLineChart c, double t) {
        NumberAxis x = (NumberAxis) c.getXAxis();
        double upper = Math.max(WINDOW_SECONDS, Math.ceil(t));
        if (x.getUpperBound() != upper) {
            x.setLowerBound(upper - WINDOW_SECONDS);
            x.setUpperBound(upper);
        }
    }
}
