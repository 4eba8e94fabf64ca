package io.rangefinder.app.lab;

import javafx.beans.property.IntegerProperty;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.util.StringConverter;

/**
 * A slider with a spinner for one integer knob. The slider moves in powers of two (1, 2, 4, … max):
 * each tick is one step, and a click on the track or an arrow key moves one step, never a jump
 * across the range. The spinner takes any typed value and its arrows also go by powers of two.
 * The property changes when the slider is released (not on every pixel of a drag), on a click or
 * key press, and on every spinner step, so each change is one retune and one marker on the charts.
 * Every part has a fixed width, so nothing moves sideways as numbers change.
 */
final class TuningControl extends HBox {

    static final double SLIDER_WIDTH = 176;
    static final double SPINNER_WIDTH = 86;

    private final StepSlider slider;
    private final Spinner<Integer> spinner;
    private final int min;
    private final int max;
    private final Label label;
    private boolean syncing;

    TuningControl(String caption, String tip, String id, IntegerProperty value, int min, int max) {
        this.min = min;
        this.max = max;
        setSpacing(8);
        setAlignment(Pos.CENTER_LEFT);
        getStyleClass().add("tuning-control");
        label = new Label(caption);
        label.setMinWidth(Label.USE_PREF_SIZE); // the caption never changes, so neither does its width
        label.setTooltip(new Tooltip(tip));
        slider = new StepSlider(0, steps(min, max) - 1, indexOf(value.get()));
        slider.setId(id + "-slider");
        slider.setMajorTickUnit(1);
        slider.setMinorTickCount(0);
        slider.setSnapToTicks(true);
        slider.setShowTickMarks(true);
        slider.setShowTickLabels(true);
        slider.setLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Double index) {
                return Integer.toString(valueAt((int) Math.round(index)));
            }

            @Override
            public Double fromString(String s) {
                return indexOf(Integer.parseInt(s));
            }
        });
        slider.setBlockIncrement(1);
        fix(slider, SLIDER_WIDTH);
        slider.setAccessibleText(caption);
        spinner = new Spinner<>(new PowerOfTwoFactory(min, max, value.get()));
        spinner.setId(id + "-spinner");
        spinner.setEditable(true);
        spinner.setAccessibleText(caption);
        fix(spinner, SPINNER_WIDTH);
        getChildren().addAll(label, slider, spinner);
        setMinWidth(USE_PREF_SIZE);
        setMaxWidth(USE_PREF_SIZE);

        slider.valueProperty().addListener((_, _, v) -> {
            if (!syncing && !slider.isValueChanging()) {
                value.set(valueAt((int) Math.round(v.doubleValue())));
            }
        });
        slider.valueChangingProperty().addListener((_, _, changing) -> {
            if (!changing) {
                value.set(valueAt((int) Math.round(slider.getValue())));
            }
        });
        spinner.valueProperty().addListener((_, _, v) -> {
            if (v != null) {
                value.set(v);
            }
        });
        value.addListener((_, _, v) -> {
            int n = v.intValue();
            if (!slider.isValueChanging() && valueAt((int) Math.round(slider.getValue())) != n) {
                syncing = true;
                try {
                    slider.setValue(indexOf(n));
                } finally {
                    syncing = false;
                }
            }
            if (!Integer.valueOf(n).equals(spinner.getValue())) {
                spinner.getValueFactory().setValue(n);
            }
        });
    }

    /** What the knob is called in this kind of run (e.g. "Objects in flight" for uploads). */
    void setCaption(String caption, String tip) {
        label.setText(caption);
        label.getTooltip().setText(tip);
        slider.setAccessibleText(caption);
        spinner.setAccessibleText(caption);
    }

    String caption() {
        return label.getText();
    }

    private static void fix(javafx.scene.layout.Region r, double width) {
        r.setMinWidth(width);
        r.setPrefWidth(width);
        r.setMaxWidth(width);
    }

    /** 1..128 has 8 steps (1, 2, 4, … 128); a max that is no power of two is the last step. */
    static int steps(int min, int max) {
        int n = 1;
        for (long v = min; v < max; v *= 2) {
            n++;
        }
        return n;
    }

    /** The knob's value at slider step {@code index}. */
    int valueAt(int index) {
        long v = (long) min << Math.max(0, index);
        return (int) Math.min(max, v);
    }

    /** Where {@code value} sits on the slider: a whole step for powers of two, between steps otherwise. */
    double indexOf(int value) {
        int v = Math.clamp(value, min, max);
        return Math.clamp(Math.log((double) v / min) / Math.log(2), 0, steps(min, max) - 1);
    }

    Slider slider() {
        return slider;
    }

    Spinner<Integer> spinner() {
        return spinner;
    }

    /**
     * A slider on which a press on the track moves one step toward the press (the skin asks for
     * the value under the mouse through {@link #adjustValue}); a drag still goes anywhere and snaps.
     */
    static final class StepSlider extends Slider {

        StepSlider(double min, double max, double value) {
            super(min, max, value);
        }

        @Override
        public void adjustValue(double target) {
            double current = getValue();
            double next;
            if (Math.abs(target - current) < 0.5) {
                next = Math.round(current); // a drag ended here: settle on the nearest step
            } else if (target > current) {
                next = Math.floor(current) + 1;
            } else {
                next = Math.ceil(current) - 1;
            }
            setValue(Math.clamp(next, getMin(), getMax()));
        }
    }

    /** Arrows go to the next or previous power of two; typing any value in range is fine. */
    static final class PowerOfTwoFactory extends SpinnerValueFactory.IntegerSpinnerValueFactory {

        PowerOfTwoFactory(int min, int max, int initial) {
            super(min, max, initial);
        }

        @Override
        public void increment(int steps) {
            int v = getValue() == null ? getMin() : getValue();
            for (int i = 0; i < steps; i++) {
                v = Math.min(getMax(), Integer.highestOneBit(Math.max(1, v)) * 2);
            }
            setValue(v);
        }

        @Override
        public void decrement(int steps) {
            int v = getValue() == null ? getMin() : getValue();
            for (int i = 0; i < steps; i++) {
                int power = Integer.highestOneBit(Math.max(1, v));
                v = Math.max(getMin(), power == v ? v / 2 : power);
            }
            setValue(v);
        }
    }
}
