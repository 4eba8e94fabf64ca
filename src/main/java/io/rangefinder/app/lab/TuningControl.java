package io.rangefinder.app.lab;

import javafx.beans.property.IntegerProperty;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/**
 * A slider with a spinner for one integer knob. The property changes when the slider is released
 * (not on every pixel of a drag), on a click or key press, and on every spinner step, so each
 * change is one retune and one marker on the charts.
 */
final class TuningControl extends HBox {

    private final Slider slider;
    private final Spinner<Integer> spinner;

    TuningControl(String caption, String tip, String id, IntegerProperty value, int min, int max) {
        setSpacing(8);
        setAlignment(Pos.CENTER_LEFT);
        getStyleClass().add("tuning-control");
        Label label = new Label(caption);
        label.setMinWidth(Label.USE_PREF_SIZE);
        label.setTooltip(new javafx.scene.control.Tooltip(tip));
        slider = new Slider(min, max, value.get());
        slider.setId(id + "-slider");
        slider.setMajorTickUnit(Math.max(1, (max - min) / 4.0));
        slider.setShowTickMarks(true);
        slider.setShowTickLabels(false); // the spinner shows the value; 1..128 has no round tick labels
        slider.setBlockIncrement(1);
        slider.setPrefWidth(220);
        HBox.setHgrow(slider, Priority.ALWAYS);
        spinner = new Spinner<>(new SpinnerValueFactory.IntegerSpinnerValueFactory(min, max, value.get()));
        spinner.setId(id + "-spinner");
        spinner.setEditable(true);
        spinner.setPrefWidth(90);
        spinner.setMinWidth(90);
        slider.setMinWidth(120);
        getChildren().addAll(label, slider, spinner);

        slider.valueProperty().addListener((_, _, v) -> {
            if (!slider.isValueChanging()) {
                value.set((int) Math.round(v.doubleValue()));
            }
        });
        slider.valueChangingProperty().addListener((_, _, changing) -> {
            if (!changing) {
                value.set((int) Math.round(slider.getValue()));
            }
        });
        spinner.valueProperty().addListener((_, _, v) -> {
            if (v != null) {
                value.set(v);
            }
        });
        value.addListener((_, _, v) -> {
            int n = v.intValue();
            if (!slider.isValueChanging() && Math.round(slider.getValue()) != n) {
                slider.setValue(n);
            }
            if (!Integer.valueOf(n).equals(spinner.getValue())) {
                spinner.getValueFactory().setValue(n);
            }
        });
    }

    Slider slider() {
        return slider;
    }

    Spinner<Integer> spinner() {
        return spinner;
    }
}
