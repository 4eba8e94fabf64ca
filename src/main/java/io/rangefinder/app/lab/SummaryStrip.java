package io.rangefinder.app.lab;

import io.rangefinder.bench.BenchResult;
import io.rangefinder.core.Units;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;

import java.util.List;
import java.util.Locale;

/**
 * The numbers of a run: now and average MB/s, ops/s, p50/p99, bytes, elapsed, retries, errors and
 * the run's state. The cells wrap onto a second line in a narrow window instead of pushing the
 * rest of the lab sideways, and each value has a minimum width so the cells do not jump as numbers
 * grow. The latency captions say what the percentile is over (per range or per item) and, for a
 * finished range run of several repeats, that it is the worst repeat's.
 */
final class SummaryStrip extends FlowPane {

    /** What the status tile can say. */
    enum State {
        IDLE("idle"), RUNNING("running"), OK("ok"), CANCELLED("cancelled"), FAILED("failed");

        final String text;

        State(String text) {
            this.text = text;
        }
    }

    private final Label now = value("mbps-now", 64);
    private final Label average = value("mbps-avg", 64);
    private final Label ops = value("ops", 64);
    private final Label p50 = value("p50", 72);
    private final Label p99 = value("p99", 72);
    private final Label bytes = value("bytes", 84);
    private final Label elapsed = value("elapsed", 64);
    private final Label retries = value("retries", 44);
    private final Label errors = value("errors", 44);
    private final Label status = value("status", 84);
    private final Label p50Caption = caption("p50");
    private final Label p99Caption = caption("p99");
    private State state = State.IDLE;

    SummaryStrip() {
        getStyleClass().add("summary-strip");
        setHgap(9); // all ten cells on one line in the default window, so the charts keep their height
        setVgap(4);
        setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(cell("MB/s now", now), cell("MB/s avg", average), cell("ops/s avg", ops),
                cell(p50Caption, p50), cell(p99Caption, p99), cell("moved", bytes), cell("elapsed", elapsed),
                cell("retries", retries), cell("errors", errors), cell("status", status));
        status.getStyleClass().add("summary-status");
        latencyOver(false, false);
        clear();
    }

    private static Label value(String id, double minWidth) {
        Label l = new Label();
        l.setId("summary-" + id);
        l.getStyleClass().add("summary-value");
        l.setMinWidth(minWidth);
        return l;
    }

    private static Label caption(String text) {
        Label c = new Label(text);
        c.getStyleClass().add("summary-caption");
        c.setMinWidth(Label.USE_PREF_SIZE);
        return c;
    }

    private static VBox cell(String caption, Label value) {
        return cell(caption(caption), value);
    }

    private static VBox cell(Label caption, Label value) {
        VBox box = new VBox(1, caption, value);
        box.setMinWidth(VBox.USE_PREF_SIZE);
        return box;
    }

    /** Says what p50 and p99 are over: ranges (range runs) or items (loader runs), and for a whole range run of several repeats,
     * over all of them (older result files: the worst repeat). */
    void latencyOver(boolean loader, boolean worstRepeat) {
        latencyOver(loader, worstRepeat, false);
    }

    void latencyOver(boolean loader, boolean worstRepeat, boolean allRepeats) {
        latencyOver(loader ? "per item" : "per range", worstRepeat, allRepeats);
    }

    /** What a run of {@code kind} ("range", "loader", "put", "mixed") measures its latency over. */
    static String latencyUnit(String kind) {
        return switch (kind == null ? "" : kind) {
            case "loader" -> "per item";
            case "put" -> "per object";
            case "mixed" -> "all ops";
            default -> "per range";
        };
    }

    void latencyOver(String over, boolean worstRepeat, boolean allRepeats) {
        String scope = worstRepeat ? ", worst repeat" : allRepeats ? ", all repeats" : "";
        p50Caption.setText("p50 " + over + scope);
        p99Caption.setText("p99 " + over + scope);
    }

    void clear() {
        for (Label l : new Label[] {now, average, ops, p50, p99, bytes, elapsed, retries, errors}) {
            l.setText("–");
        }
        setState(State.IDLE);
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
        setState(State.RUNNING);
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
        // results since schema 2 merge every repeat's ranges exactly; older files kept the worst repeat's
        boolean repeats = "range".equals(r.kind()) && r.repeats() != null && r.repeats().size() > 1;
        latencyOver(latencyUnit(r.kind()), repeats && r.schema() < 2, repeats && r.schema() >= 2);
        setState(stateOf(r));
    }

    /** A run that ended without a result (it could not start, or the store failed). */
    void showFailed() {
        setState(State.FAILED);
    }

    static State stateOf(BenchResult r) {
        String s = r.status() == null ? "" : r.status();
        if (s.startsWith("failed")) {
            return State.FAILED;
        }
        return s.equals("cancelled") ? State.CANCELLED : State.OK;
    }

    private void setState(State s) {
        state = s;
        status.setText(s.text);
        status.getStyleClass().removeAll(List.of("status-failed", "status-running", "status-cancelled"));
        switch (s) {
            case FAILED -> status.getStyleClass().add("status-failed");
            case RUNNING -> status.getStyleClass().add("status-running");
            case CANCELLED -> status.getStyleClass().add("status-cancelled");
            default -> {
            }
        }
    }

    State state() {
        return state;
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

    Label p50Caption() {
        return p50Caption;
    }

    Label p99Caption() {
        return p99Caption;
    }
}
