package io.rangefinder.app.lab;

import io.rangefinder.bench.BenchResult;
import io.rangefinder.core.Units;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.util.Locale;

/** The numbers of a run in one row: now and average MB/s, ops/s, p50/p99, bytes, elapsed, retries, errors. */
final class SummaryStrip extends HBox {

    private final Label now = value("mbps-now");
    private final Label average = value("mbps-avg");
    private final Label ops = value("ops");
    private final Label p50 = value("p50");
    private final Label p99 = value("p99");
    private final Label bytes = value("bytes");
    private final Label elapsed = value("elapsed");
    private final Label retries = value("retries");
    private final Label errors = value("errors");
    private final Label status = value("status");

    SummaryStrip() {
        getStyleClass().add("summary-strip");
        setSpacing(18);
        setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(cell("MB/s now", now), cell("MB/s average", average), cell("per second (avg)", ops),
                cell("p50", p50), cell("p99", p99), cell("moved", bytes), cell("elapsed", elapsed),
                cell("retries", retries), cell("errors", errors), cell("status", status));
        clear();
    }

    private static Label value(String id) {
        Label l = new Label();
        l.setId("summary-" + id);
        l.getStyleClass().add("summary-value");
        return l;
    }

    private static VBox cell(String caption, Label value) {
        Label c = new Label(caption);
        c.getStyleClass().add("summary-caption");
        VBox box = new VBox(1, c, value);
        box.setMinWidth(VBox.USE_PREF_SIZE);
        return box;
    }

    void clear() {
        for (Label l : new Label[] {now, average, ops, p50, p99, bytes, elapsed, retries, errors}) {
            l.setText("–");
        }
        status.setText("idle");
    }

    void show(LiveSample s) {
        now.setText(fmt(s.mbPerSec()));
        average.setText(fmt(s.avgMbPerSec()));
        ops.setText(fmt(s.avgOpsPerSec()));
        p50.setText(ms(s.p50Ms()));
        p99.setText(ms(s.p99Ms()));
        bytes.setText(Units.formatSize(s.bytes()));
        elapsed.setText(Units.formatDuration(s.t()));
        retries.setText(Long.toString(s.retries()));
        errors.setText("0");
        status.setText("running");
    }

    void show(BenchResult r) {
        now.setText("–");
        average.setText(fmt(r.mbPerSec()));
        ops.setText(fmt(r.opsPerSec()));
        p50.setText(r.latencyMs() == null ? "–" : ms(r.latencyMs().p50()));
        p99.setText(r.latencyMs() == null ? "–" : ms(r.latencyMs().p99()));
        bytes.setText(Units.formatSize(r.bytes()));
        elapsed.setText(Units.formatDuration(r.seconds()));
        retries.setText(Long.toString(r.retries()));
        errors.setText(Long.toString(r.errors()));
        status.setText(r.status());
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.1f", v);
    }

    static String ms(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%.0f ms" : "%.1f ms", v);
    }

    Label statusLabel() {
        return status;
    }
}
