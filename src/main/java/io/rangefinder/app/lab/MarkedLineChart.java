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
 * where a setting changed during the run.
 */
final class MarkedLineChart extends LineChart<Number, Number> {

    /** A vertical line at {@code x} with a short label. */
    record Marker(double x, String label) {
    }

    private final ObservableList<Marker> markers = FXCollections.observableArrayList();
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

    ObservableList<Marker> markers() {
        return markers;
    }

    private void rebuildMarkers() {
        for (Node[] nodes : markerNodes) {
            getPlotChildren().removeAll(nodes);
        }
        markerNodes.clear();
        for (Marker m : markers) {
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
        for (int i = 0; i < markerNodes.size() && i < markers.size(); i++) {
            Marker m = markers.get(i);
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
