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
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The live charts of a run: a fixed sliding window of points per series, fed by ONE
 * {@link Timeline} that samples engine snapshots a few times a second (never per-request events).
 * Each tick also goes to a listener (the summary strip). The timeline runs only while a run does.
 */
final class LiveCharts {

    /** The longest stretch of a run the charts show; a longer run slides through it. */
    static final double WINDOW_SECONDS = 60;
    /** The shortest time axis: a run of a second or two still fills most of the chart. */
    static final double MIN_SECONDS = 2;
    /** Below this width per chart, the charts go to fewer columns (and the live view scrolls). */
    static final double COLUMN_WIDTH = 250;
    static final double CHART_MIN_HEIGHT = 170;
    static final int DEFAULT_HZ = 10;

    private final GridPane grid = new GridPane();
    private final Timeline timeline;
    private final Supplier<LiveSample> source;
    private final Consumer<LiveSample> onTick;

    final MarkedLineChart throughput = chart("Throughput (MB/s)");
    final MarkedLineChart ops = chart("Ranges per second");
    final MarkedLineChart inFlight = chart("In flight vs limit");
    final MarkedLineChart queue = chart("Queue vs capacity (batches)");
    final MarkedLineChart latency = chart("Latency per range (ms)");
    final MarkedLineChart wait = chart("Consumer waiting (% of time)");
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

    // mixed runs: one line per operation on the ops and latency charts, made as operations appear
    private final java.util.Map<String, XYChart.Series<Number, Number>> opRates = new java.util.LinkedHashMap<>();
    private final java.util.Map<String, XYChart.Series<Number, Number>> opP99 = new java.util.LinkedHashMap<>();

    private long ticks;
    // each knob's value before the next marker: the run's start values, then each change
    private final java.util.Map<String, Double> knobValues = new java.util.HashMap<>();
    private double lastT = -1;
    private LabViewModel.Kind laidOutFor;
    private int laidOutColumns;
    private double availableWidth = 3 * COLUMN_WIDTH;

    LiveCharts(Supplier<LiveSample> source, Consumer<LiveSample> onTick, ObservableList<BenchResult.Mark> marks, int hz) {
        this.source = source;
        this.onTick = onTick;
        timeline = new Timeline(new KeyFrame(Duration.millis(1000.0 / hz), _ -> tick()));
        timeline.setCycleCount(Animation.INDEFINITE);
        grid.getStyleClass().add("lab-charts");
        grid.setHgap(6);
        grid.setVgap(6);
        layoutFor(LabViewModel.Kind.RANGE);
        marks.addListener((ListChangeListener<BenchResult.Mark>) c -> {
            while (c.next()) {
                if (c.wasRemoved() && c.getList().isEmpty()) {
                    all.forEach(ch -> ch.markers().clear());
                }
                for (BenchResult.Mark m : c.getAddedSubList()) {
                    Double from = knobValues.put(m.what(), m.value());
                    MarkedLineChart.Marker marker = new MarkedLineChart.Marker(m.t(), "", m.what(),
                            from == null ? Double.NaN : from, m.value());
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

    /**
     * The markers of a saved run's marks; a mark's "from" is the mark before it of the same
     * setting, or the start value the run's settings record.
     */
    static List<MarkedLineChart.Marker> markers(BenchResult r, String run) {
        java.util.Map<String, Double> values = new java.util.HashMap<>();
        java.util.Map<String, Object> settings = r.settings() == null ? java.util.Map.of() : r.settings();
        for (String[] key : new String[][] {{"concurrency", "maxConcurrentRanges"}, {"concurrency", "poolSize"},
                {"prefetch", "prefetch"}, {"objects in flight", "objectsInFlight"}, {"parts in flight", "partsInFlight"},
                {"workers", "workers"}, {"rate", "targetRate"}}) {
            if (settings.get(key[1]) instanceof Number n) {
                values.put(key[0], n.doubleValue());
            }
        }
        List<MarkedLineChart.Marker> out = new java.util.ArrayList<>();
        if (r.marks() != null) {
            for (BenchResult.Mark m : r.marks()) {
                Double from = values.put(m.what(), m.value());
                out.add(new MarkedLineChart.Marker(m.t(), run, m.what(), from == null ? Double.NaN : from, m.value()));
            }
        }
        return out;
    }

    private static MarkedLineChart chart(String title) {
        NumberAxis x = new NumberAxis(0, MIN_SECONDS, 0.5);
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
        c.setMinSize(200, CHART_MIN_HEIGHT);
        return c;
    }

    private static XYChart.Series<Number, Number> series(MarkedLineChart chart, String name) {
        XYChart.Series<Number, Number> s = new XYChart.Series<>();
        s.setName(name);
        chart.getData().add(s);
        return s;
    }

    /** Loader runs show six charts (queue and consumer too), the others four. */
    void layoutFor(LabViewModel.Kind kind) {
        arrange(kind, availableWidth);
    }

    /** The width the charts have (the live view's); they take as many columns as fit at {@link #COLUMN_WIDTH}. */
    void setAvailableWidth(double width) {
        availableWidth = width;
        arrange(laidOutFor == null ? LabViewModel.Kind.RANGE : laidOutFor, width);
    }

    static int columnsFor(boolean loader, double width) {
        int fit = Math.max(1, (int) Math.floor((width + 6) / COLUMN_WIDTH));
        return Math.min(fit, loader ? 3 : 2);
    }

    private void arrange(LabViewModel.Kind kind, double width) {
        boolean loader = kind == LabViewModel.Kind.LOADER;
        int columns = columnsFor(loader, width);
        if (laidOutFor == kind && laidOutColumns == columns) {
            return; // re-adding the charts would re-apply all their CSS
        }
        laidOutFor = kind;
        laidOutColumns = columns;
        switch (kind) {
            case RANGE -> {
                ops.setTitle("Ranges per second");
                latency.setTitle("Latency per range (ms)");
                inFlight.setTitle("In flight vs limit");
            }
            case LOADER -> {
                ops.setTitle("Items per second");
                latency.setTitle("Latency per item (ms)");
                inFlight.setTitle("In flight vs limit");
            }
            case PUT -> {
                ops.setTitle("Objects written per second");
                latency.setTitle("Latency per object written (ms)");
                inFlight.setTitle("Objects in flight vs limit");
            }
            case MIXED -> {
                ops.setTitle("Operations per second, by operation");
                latency.setTitle("p99 latency by operation (ms)");
                inFlight.setTitle("Busy workers vs workers");
            }
        }
        // a mixed run draws a p99 line per operation instead of the run's p50 and p99
        boolean mixed = kind == LabViewModel.Kind.MIXED;
        if (mixed && latency.getData().contains(p50)) {
            latency.getData().removeAll(p50, p99);
        } else if (!mixed && !latency.getData().contains(p50)) {
            latency.getData().addAll(0, List.of(p50, p99));
        }
        grid.getChildren().clear();
        grid.getColumnConstraints().clear();
        grid.getRowConstraints().clear();
        List<MarkedLineChart> shown = loader ? all : List.of(throughput, ops, inFlight, latency);
        int rows = (shown.size() + columns - 1) / columns;
        for (int i = 0; i < columns; i++) {
            ColumnConstraints cc = new ColumnConstraints();
            cc.setPercentWidth(100.0 / columns);
            cc.setHgrow(Priority.ALWAYS);
            grid.getColumnConstraints().add(cc);
        }
        for (int i = 0; i < rows; i++) {
            RowConstraints rc = new RowConstraints();
            rc.setPercentHeight(100.0 / rows);
            rc.setMinHeight(CHART_MIN_HEIGHT);
            rc.setVgrow(Priority.ALWAYS);
            grid.getRowConstraints().add(rc);
        }
        for (int i = 0; i < shown.size(); i++) {
            grid.add(shown.get(i), i % columns, i / columns);
        }
    }

    /** Mixed runs: the per-operation lines of the ops chart, by operation. */
    java.util.Map<String, XYChart.Series<Number, Number>> operationLines() {
        return java.util.Collections.unmodifiableMap(opRates);
    }

    int columns() {
        return laidOutColumns;
    }

    GridPane node() {
        return grid;
    }

    /**
     * Clears the window and starts sampling; {@code startValues} (knob label to value, as the run's
     * marks name them) are where the first markers come from.
     */
    void start(LabViewModel.Kind kind, java.util.Map<String, Double> startValues) {
        knobValues.clear();
        knobValues.putAll(startValues);
        allSeries.forEach(s -> s.getData().clear());
        ops.getData().removeAll(opRates.values());
        latency.getData().removeAll(opP99.values());
        opRates.clear();
        opP99.clear();
        if (ops.getData().indexOf(opsps) != 0) {
            ops.getData().remove(opsps);
            ops.getData().add(0, opsps);
        }
        opsps.setName(kind == LabViewModel.Kind.MIXED ? "all" : "per second");
        all.forEach(c -> c.markers().clear());
        all.forEach(c -> setWindow(c, 0));
        all.forEach(c -> fitY(c, 0));
        layoutFor(kind);
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
        if (s.ops() != null) {
            if (opRates.isEmpty()) {
                // the operations take the chart's first colours, as in the latency chart; "all" comes after them
                ops.getData().remove(opsps);
                s.ops().keySet().forEach(op -> opRates.put(op, series(ops, op)));
                ops.getData().add(opsps);
            }
            s.ops().forEach((op, v) -> {
                add(opRates.computeIfAbsent(op, k -> series(ops, k)), t, v.opsPerSec());
                add(opP99.computeIfAbsent(op, k -> series(latency, k + " p99")), t, v.p99Ms());
            });
        }
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
        double[] range = timeAxis(t);
        if (x.getUpperBound() != range[1] || x.getLowerBound() != range[0]) {
            x.setLowerBound(range[0]);
            x.setUpperBound(range[1]);
            x.setTickUnit(range[2]);
        }
    }

    private static final double[][] NICE_SECONDS = {{2, 0.5}, {5, 1}, {10, 2}, {15, 3}, {20, 5}, {30, 5}, {45, 5}, {60, 10}};

    /**
     * The time axis for a run at {@code t} seconds, as {lower, upper, tick}: from 0 to a round
     * length just past {@code t} (at least {@link #MIN_SECONDS}), so the run fills the chart;
     * past {@link #WINDOW_SECONDS} the last minute slides along.
     */
    static double[] timeAxis(double t) {
        if (t > WINDOW_SECONDS) {
            double upper = Math.ceil(t);
            return new double[] {upper - WINDOW_SECONDS, upper, 10};
        }
        for (double[] nice : NICE_SECONDS) {
            if (t <= nice[0]) {
                return new double[] {0, nice[0], nice[1]};
            }
        }
        return new double[] {0, WINDOW_SECONDS, 10};
    }
}
