package io.rangefinder.app.lab;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The lab's tuning panel, under the live charts. */
final class TuningPanel {

    private final TuningChart chart;
    private final Node node;
    private final LabViewModel model;

    /**
     * "Find best settings": throughput against the setting as the search goes, the pick and why, and
     * Apply / Reset for the connection. Hidden until a search has started.
     */
    TuningPanel(LabViewModel model) {
        this.model = model;
        LabTuning t = model.tuning();
        chart = new TuningChart(t.points());
        t.resultProperty().addListener((_, _, r) -> chart.pick(r == null ? null : r.recommended()));
        Label why = new Label();
        why.setId("lab-tune-status");
        why.textProperty().bind(t.statusProperty());
        why.setWrapText(true);
        why.setMaxWidth(Double.MAX_VALUE);
        why.setMinHeight(Label.USE_PREF_SIZE); // the whole reason, on as many lines as it takes
        HBox.setHgrow(why, Priority.ALWAYS);
        Button apply = new Button("Apply", new FontIcon(Feather.CHECK));
        apply.setId("lab-tune-apply");
        apply.setTooltip(new javafx.scene.control.Tooltip("Store the pick for this connection: later runs and the "
                + "explorer's downloads and uploads on it start from it"));
        apply.disableProperty().bind(t.resultProperty().isNull().or(t.searchingProperty()));
        apply.setOnAction(_ -> model.applyTuning());
        Button reset = new Button("Reset to defaults", new FontIcon(Feather.ROTATE_CCW));
        reset.setId("lab-tune-reset");
        reset.setOnAction(_ -> model.resetTuning());
        for (Button b : new Button[] {apply, reset}) {
            b.setMinWidth(Button.USE_PREF_SIZE);
        }
        HBox row = new HBox(8, why, apply, reset);
        row.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(6, chart, row);
        box.setId("lab-tune-panel");
        box.visibleProperty().bind(t.searchingProperty().or(t.resultProperty().isNotNull()));
        box.managedProperty().bind(box.visibleProperty());
        node = box;
    }


    /** A search's chart and its pick sit under the time charts: {@code scroll} brings them into view as they come. */
    void keepInView(javafx.scene.control.ScrollPane scroll) {
        LabTuning t = model.tuning();
        Runnable show = () -> javafx.application.Platform.runLater(() -> {
            scroll.layout();
            scroll.setVvalue(scroll.getVmax());
        });
        t.searchingProperty().addListener((_, _, on) -> {
            if (on) {
                show.run();
            }
        });
        t.resultProperty().addListener((_, _, r) -> {
            if (r != null) {
                show.run();
            }
        });
    }

    /** "Find best settings", beside Start: range and loader runs only. */
    static Button findButton(LabViewModel model) {
        Button tune = new Button("Find best settings", new FontIcon(Feather.TARGET));
        tune.setId("lab-tune");
        tune.setTooltip(new javafx.scene.control.Tooltip("Start the run and search its concurrency live: each step on "
                + "the charts, throughput against the setting below them, and the pick to apply to this connection"));
        tune.disableProperty().bind(model.runningProperty().or(model.kindProperty().isEqualTo(LabViewModel.Kind.PUT))
                .or(model.kindProperty().isEqualTo(LabViewModel.Kind.MIXED)));
        tune.setOnAction(_ -> model.findBestSettings());
        return tune;
    }

    Node node() {
        return node;
    }

    TuningChart chart() {
        return chart;
    }
}
