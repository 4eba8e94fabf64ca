package io.rangefinder.app.lab;

import io.rangefinder.bench.SizeDistribution;
import io.rangefinder.core.Units;

import javafx.beans.value.ObservableValue;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.layout.Pane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;

import java.util.Arrays;
import java.util.Locale;

/**
 * The object sizes a put or mixed run will write, drawn before it starts: the distribution typed
 * in the settings, sampled exactly as the run will draw it (same seed, same indexes), as a
 * histogram with its median, mean and extremes. A distribution that does not parse shows why.
 * Drawing is a few thousand arithmetic steps on the FX thread: no I/O, no store.
 */
final class SizeHistogram extends VBox {

    /** Objects sampled for the picture (the first of the run's own indexes). */
    static final int SAMPLES = 4000;
    static final int BINS = 24;

    private final Canvas canvas = new Canvas(260, 56);
    private final Label caption = new Label();
    private long[] counts = new long[0];
    private double[] edges = new double[0];
    private boolean logScale;

    SizeHistogram(ObservableValue<String> text, ObservableValue<Number> seed) {
        setSpacing(2);
        getStyleClass().add("size-histogram");
        setId("lab-size-histogram");
        caption.setId("lab-size-caption");
        caption.setWrapText(true);
        caption.getStyleClass().add("size-caption");
        Pane holder = new Pane(canvas);
        holder.setMinHeight(canvas.getHeight());
        holder.setPrefHeight(canvas.getHeight());
        // the canvas follows the settings column's width
        holder.widthProperty().addListener((_, _, w) -> {
            canvas.setWidth(Math.max(60, w.doubleValue()));
            draw();
        });
        getChildren().addAll(holder, caption);
        text.addListener((_, _, t) -> update(t, seed.getValue().longValue()));
        seed.addListener((_, _, s) -> update(text.getValue(), s.longValue()));
        update(text.getValue(), seed.getValue().longValue());
    }

    private void update(String text, long seed) {
        SizeDistribution dist;
        try {
            dist = SizeDistribution.parse(text);
        } catch (IllegalArgumentException e) {
            counts = new long[0];
            edges = new double[0];
            caption.setText(e.getMessage());
            caption.getStyleClass().add("size-error");
            draw();
            return;
        }
        caption.getStyleClass().remove("size-error");
        long[] sizes = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            sizes[i] = dist.sizeOf(seed, i);
        }
        Arrays.sort(sizes);
        long min = sizes[0];
        long max = sizes[SAMPLES - 1];
        double mean = Arrays.stream(sizes).average().orElse(0);
        bin(sizes, min, max);
        caption.setText(min == max ? "every object " + Units.formatSize(min)
                : String.format(Locale.ROOT, "p50 %s · mean %s · %s … %s%s", Units.formatSize(sizes[SAMPLES / 2]),
                        Units.formatSize(Math.round(mean)), Units.formatSize(min), Units.formatSize(max),
                        logScale ? " (log scale)" : ""));
        draw();
    }

    /** Linear bins, or logarithmic ones when the sizes span more than 20× (a lognormal's tail). */
    private void bin(long[] sorted, long min, long max) {
        if (min == max) {
            counts = new long[] {sorted.length};
            edges = new double[] {min, max};
            logScale = false;
            return;
        }
        logScale = max > 20.0 * Math.max(1, min);
        double lo = logScale ? Math.log(Math.max(1, min)) : min;
        double hi = logScale ? Math.log(max) : max;
        counts = new long[BINS];
        edges = new double[BINS + 1];
        for (int i = 0; i <= BINS; i++) {
            double e = lo + (hi - lo) * i / BINS;
            edges[i] = logScale ? Math.exp(e) : e;
        }
        for (long v : sorted) {
            double x = logScale ? Math.log(Math.max(1, v)) : v;
            int b = (int) Math.min(BINS - 1, Math.floor((x - lo) / (hi - lo) * BINS));
            counts[Math.max(0, b)]++;
        }
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.clearRect(0, 0, w, h);
        long top = Arrays.stream(counts).max().orElse(0);
        if (top == 0) {
            return;
        }
        g.setFill(Color.web("#4a90d9"));
        double barWidth = w / counts.length;
        for (int i = 0; i < counts.length; i++) {
            double barHeight = (h - 2) * counts[i] / top;
            double x = i * barWidth;
            g.fillRect(x + (counts.length == 1 ? w * 0.4 : 0.5), h - barHeight,
                    counts.length == 1 ? w * 0.2 : Math.max(1, barWidth - 1), barHeight);
        }
        g.setStroke(Color.GRAY);
        g.strokeLine(0, h - 0.5, w, h - 0.5);
    }

    /** The objects in each bin, of {@link #SAMPLES}; empty when the text does not parse. */
    long[] counts() {
        return counts.clone();
    }

    /** Bin edges in bytes ({@code counts().length + 1} of them). */
    double[] edges() {
        return edges.clone();
    }

    String caption() {
        return caption.getText();
    }
}
