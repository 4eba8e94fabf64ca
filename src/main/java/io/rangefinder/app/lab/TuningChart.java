package io.rangefinder.app.lab;

import io.rangefinder.bench.Tuner;
import io.rangefinder.core.Units;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Tooltip;
import javafx.scene.shape.Line;
import javafx.scene.text.Text;

/**
 * Throughput against the setting a search turns: a line through the mean at each value, a bar from
 * the lowest to the highest reading of every step at that value (its spread), and under each value
 * its p99 latency and the memory it holds (buffers × in flight). The pick is drawn in the accent
 * colour. Fed from the tuner's points (a few per second at most), on the FX thread.
 */
final class TuningChart extends LineChart<Number, Number> {

    private final XYChart.Series<Number, Number> means = new XYChart.Series<>();
    private final List<Tuner.Point> points = new ArrayList<>();
    private final List<Line> bars = new ArrayList<>();
    private final List<Text> labels = new ArrayList<>();
    private Integer pick;

    TuningChart(ObservableList<Tuner.Point> source) {
        super(axis("setting"), axis("MB/s"));
        setId("lab-tuning-chart");
        setTitle("Throughput against the setting");
        setAnimated(false);
        setLegendVisible(false);
        setCreateSymbols(true);
        setMinHeight(220);
        setPrefHeight(260);
        means.setName("mean MB/s");
        // settings are whole numbers: no ticks between them
        ((NumberAxis) getXAxis()).setMinorTickVisible(false);
        ((NumberAxis) getXAxis()).setTickLabelFormatter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Number n) {
                double d = n.doubleValue();
                return d == Math.rint(d) ? Long.toString((long) d) : "";
            }

            @Override
            public Number fromString(String text) {
                return Double.parseDouble(text);
            }
        });
        getData().add(means);
        source.addListener((ListChangeListener<Tuner.Point>) _ -> show(source));
        show(source);
    }

    private static NumberAxis axis(String label) {
        NumberAxis a = new NumberAxis();
        a.setLabel(label);
        a.setForceZeroInRange(true);
        return a;
    }

    /** The points measured so far (a search's, or a saved run's). */
    void show(List<Tuner.Point> all) {
        points.clear();
        points.addAll(all);
        ((NumberAxis) getXAxis()).setLabel(all.isEmpty() ? "setting" : "setting (ranges or fetches in flight)");
        TreeMap<Integer, Double> byValue = new TreeMap<>();
        for (Tuner.Point p : all) {
            byValue.put(p.value(), meanAt(all, p.value()));
        }
        List<XYChart.Data<Number, Number>> data = new ArrayList<>();
        byValue.forEach((v, m) -> {
            XYChart.Data<Number, Number> d = new XYChart.Data<>(v, m);
            data.add(d);
        });
        means.getData().setAll(data);
        for (XYChart.Data<Number, Number> d : means.getData()) {
            int v = d.getXValue().intValue();
            Tuner.Point last = lastAt(all, v);
            if (d.getNode() != null && last != null) {
                Tooltip.install(d.getNode(), new Tooltip(describe(v, all)));
            }
        }
        requestChartLayout();
    }

    /** Marks the recommended value ({@code null}: none yet). */
    void pick(Integer value) {
        pick = value;
        requestChartLayout();
    }

    Integer pick() {
        return pick;
    }

    /** The values drawn, ascending: what a test reads. */
    List<Integer> values() {
        return means.getData().stream().map(d -> d.getXValue().intValue()).toList();
    }

    /** As the tuner judges a value: by its fresh-start readings when it has any. */
    private static double meanAt(List<Tuner.Point> all, int value) {
        boolean cold = all.stream().anyMatch(p -> p.value() == value && p.phase().equals("cold"));
        return all.stream().filter(p -> p.value() == value && (!cold || p.phase().equals("cold")))
                .mapToDouble(Tuner.Point::mbPerSec).average().orElse(0);
    }

    private static Tuner.Point lastAt(List<Tuner.Point> all, int value) {
        Tuner.Point last = null;
        for (Tuner.Point p : all) {
            if (p.value() == value) {
                last = p;
            }
        }
        return last;
    }

    private static String describe(int value, List<Tuner.Point> all) {
        StringBuilder b = new StringBuilder();
        for (Tuner.Point p : all) {
            if (p.value() == value) {
                b.append(String.format(Locale.ROOT, "%d (%s): %.1f MB/s ±%.1f, p99 %.1f ms, %s in buffers%s%n", value,
                        p.phase(), p.mbPerSec(), p.stddev(), p.p99Ms(), Units.formatSize(p.memoryBytes()),
                        p.steady() ? "" : ", unsteady"));
            }
        }
        return b.toString().strip();
    }

    @Override
    protected void layoutPlotChildren() {
        super.layoutPlotChildren();
        getPlotChildren().removeAll(bars);
        getPlotChildren().removeAll(labels);
        bars.clear();
        labels.clear();
        NumberAxis x = (NumberAxis) getXAxis();
        NumberAxis y = (NumberAxis) getYAxis();
        for (Tuner.Point p : points) {
            double px = x.getDisplayPosition(p.value());
            Line bar = new Line(px, y.getDisplayPosition(p.minMbPerSec()), px, y.getDisplayPosition(p.maxMbPerSec()));
            bar.getStyleClass().add("tuning-spread");
            bar.setStyle("-fx-stroke: " + (pick != null && pick == p.value() ? "-color-accent-emphasis" : "-color-fg-muted")
                    + "; -fx-stroke-width: 2;");
            bars.add(bar);
        }
        for (XYChart.Data<Number, Number> d : means.getData()) {
            int v = d.getXValue().intValue();
            Tuner.Point last = lastAt(points, v);
            if (last == null) {
                continue;
            }
            Text t = new Text(String.format(Locale.ROOT, "%s%s%n%s", Double.isNaN(last.p99Ms()) ? ""
                    : String.format(Locale.ROOT, "p99 %.0f ms", last.p99Ms()), pick != null && pick == v ? " ★" : "",
                    Units.formatSize(last.memoryBytes())));
            t.getStyleClass().add("tuning-label");
            t.setStyle("-fx-font-size: 10px; -fx-fill: -color-fg-muted;");
            double px = x.getDisplayPosition(v);
            double py = y.getDisplayPosition(d.getYValue());
            t.setX(px - t.getLayoutBounds().getWidth() / 2);
            t.setY(Math.max(12, py - 14 - t.getLayoutBounds().getHeight() / 2));
            labels.add(t);
        }
        getPlotChildren().addAll(bars);
        getPlotChildren().addAll(labels);
    }
}
