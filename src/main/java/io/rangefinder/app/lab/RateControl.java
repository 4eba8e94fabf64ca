package io.rangefinder.app.lab;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.Property;
import javafx.geometry.Pos;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;

/**
 * The open-loop rate of a put or mixed run: off (as fast as the workers go) or a target in
 * operations per second, which the run follows from the next operation on. Arrows double and
 * halve the target; any value can be typed. Each committed change is one retune (and one mark).
 */
final class RateControl extends HBox {

    static final int MAX_RATE = 1_000_000;

    private final Spinner<Integer> spinner;
    private final CheckBox on;
    // bidirectional bindings hold their ends weakly
    private final Property<Integer> value;

    RateControl(BooleanProperty limited, IntegerProperty rate) {
        setSpacing(8);
        setAlignment(Pos.CENTER_LEFT);
        getStyleClass().add("tuning-control");
        on = new CheckBox("Target rate");
        on.setId("lab-rate-on");
        on.setMinWidth(CheckBox.USE_PREF_SIZE);
        on.setTooltip(new Tooltip("On: start operations at this rate (open loop), to measure latency under a given load;"
                + " off: as fast as the workers go. Applied to the run in flight."));
        on.selectedProperty().bindBidirectional(limited);
        spinner = new Spinner<>(new DoublingFactory(1, MAX_RATE, Math.max(1, rate.get())));
        spinner.setId("lab-rate-spinner");
        spinner.setEditable(true);
        spinner.setAccessibleText("Target operations per second");
        spinner.setMinWidth(110);
        spinner.setPrefWidth(110);
        spinner.setMaxWidth(110);
        value = rate.asObject();
        spinner.getValueFactory().valueProperty().bindBidirectional(value);
        spinner.disableProperty().bind(on.selectedProperty().not());
        Label unit = new Label("ops/s");
        unit.setMinWidth(Label.USE_PREF_SIZE);
        getChildren().addAll(on, spinner, unit);
        setMinWidth(USE_PREF_SIZE);
        setMaxWidth(USE_PREF_SIZE);
    }

    Spinner<Integer> spinner() {
        return spinner;
    }

    CheckBox toggle() {
        return on;
    }

    /** Arrows double or halve the rate (100 → 200 → 400); typing any value in range is fine. */
    static final class DoublingFactory extends SpinnerValueFactory.IntegerSpinnerValueFactory {

        DoublingFactory(int min, int max, int initial) {
            super(min, max, initial);
        }

        @Override
        public void increment(int steps) {
            long v = getValue() == null ? getMin() : getValue();
            for (int i = 0; i < steps; i++) {
                v = Math.min(getMax(), v * 2);
            }
            setValue((int) v);
        }

        @Override
        public void decrement(int steps) {
            int v = getValue() == null ? getMin() : getValue();
            for (int i = 0; i < steps; i++) {
                v = Math.max(getMin(), v / 2);
            }
            setValue(v);
        }
    }
}
