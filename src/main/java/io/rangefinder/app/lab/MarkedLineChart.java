package io.rangefinder.app.lab;

import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.control.Label;
import javafx.scene.shape.Line;

import java.util.ArrayList;
import java.util.List;

/**
 * A line chart (no symbols, no animation) with labelled vertical markers at chosen x values:
 * where a setting changed during the run. Changes that come close together (within
 * {@link #MERGE_SECONDS} of the one before, same run) are drawn as one marker that says where each
 * setting went overall, e.g. "concurrency 2→16", instead of a stack of unreadable labels.
 */
final class MarkedLineChart extends LineChart<Number, Number> {

    /** Changes closer together than this (seconds) share one marker. */
    static final double MERGE_SECONDS = 2.0;

    /**
     * One change of a setting at {@code x}.
     *
     * @param run what the marker belongs to when one chart shows several runs ("#1 "), else ""
     * @param knob the setting, e.g. "concurrency"
     * @param from its value before, NaN when unknown
     * @param to its value after
     */
    record Marker(double x, String run, String knob, double from, double to) {
    }

    /** A marker as drawn: where, and what it says. */
    record Shown(double x, String label) {
    }

    private final ObservableList<Marker> markers = FXCollections.observableArrayList();
    private final List<Shown> shown = new ArrayList<>();
    private final List<Node[]> markerNodes = new ArrayList<>();

    MarkedLineChart(String title, NumberAxis x, NumberAxis y) {
        super(x, y);
        setTitle(title);
        setAnimated(false);
        setCreateSymbols(false);
        setLegendVisible(true);
        getStyleClass().add("lab-chart");
        markers.addListener((ListChangeListener<Marker>) _ -> rebuildMarkers());
    }

    /** Every change, as it happened. */
    ObservableList<Marker> markers() {
        return markers;
    }

    /** What is drawn: the changes with close ones merged. */
    List<Shown> shownMarkers() {
        return List.copyOf(shown);
    }

    /** Groups changes of one run that follow each other within {@link #MERGE_SECONDS}; each group says first value → last value per setting. */
    static List<Shown> merge(List<Marker> changes) {
        List<Marker> sorted = new ArrayList<>(changes);
        sorted.sort(java.util.Comparator.comparing(Marker::run).thenComparingDouble(Marker::x));
        List<Shown> out = new ArrayList<>();
        List<Marker> group = new ArrayList<>();
        for (Marker m : sorted) {
            if (!group.isEmpty() && (!group.getLast().run().equals(m.run()) || m.x() - group.getLast().x() > MERGE_SECONDS)) {
                out.add(shown(group));
                group.clear();
            }
            group.add(m);
        }
        if (!group.isEmpty()) {
            out.add(shown(group));
        }
        out.sort(java.util.Comparator.comparingDouble(Shown::x));
        return out;
    }

    private static Shown shown(List<Marker> group) {
        java.util.Map<String, double[]> byKnob = new java.util.LinkedHashMap<>();
        for (Marker m : group) {
            byKnob.computeIfAbsent(m.knob(), _ -> new double[] {m.from(), m.to()})[1] = m.to();
        }
        StringBuilder label = new StringBuilder(group.getFirst().run());
        byKnob.forEach((knob, fromTo) -> {
            if (label.length() > group.getFirst().run().length()) {
                label.append(", ");
            }
            label.append(knob).append(' ');
            if (!Double.isNaN(fromTo[0])) {
                label.append(Math.round(fromTo[0]));
            }
            label.append('→').append(Math.round(fromTo[1]));
        });
        return new Shown(group.getLast().x(), label.toString());
    }

    private void rebuildMarkers() {
        for (Node[] nodes : markerNodes) {
            getPlotChildren().removeAll(nodes);
        }
        markerNodes.clear();
        shown.clear();
        shown.addAll(merge(markers));
        for (Shown m : shown) {
            Line line = new Line();
            line.getStyleClass().add("tuning-marker");
            line.setManaged(false);
            Label label = new Label(m.label());
            label.getStyleClass().add("tuning-marker-label");
            label.setManaged(false);
            markerNodes.add(new Node[] {line, label});
            getPlotChildren().addAll(line, label);
        }
        requestChartLayout();
    }

    @Override
    protected void layoutPlotChildren() {
        super.layoutPlotChildren();
        NumberAxis x = (NumberAxis) getXAxis();
        double height = getYAxis().getHeight();
        for (int i = 0; i < markerNodes.size() && i < shown.size(); i++) {
            Shown m = shown.get(i);
            Line line = (Line) markerNodes.get(i)[0];
            Label label = (Label) markerNodes.get(i)[1];
            boolean inside = m.x() >= x.getLowerBound() && m.x() <= x.getUpperBound();
            line.setVisible(inside);
            label.setVisible(inside);
            if (!inside) {
                continue;
            }
            double px = Math.round(x.getDisplayPosition(m.x())) + 0.5;
            line.setStartX(px);
            line.setEndX(px);
            line.setStartY(0);
            line.setEndY(height);
            label.autosize();
            // Labels of nearby markers are staggered so they do not sit on top of each other.
            label.relocate(px + 3, 2 + (i % 3) * (label.getHeight() + 1));
            line.toFront();
            label.toFront();
        }
    }
}
