package io.rangefinder.app.explorer;

import io.rangefinder.storage.ObjectUri;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/** What the explorer's empty table says for each listing state, with the Cancel of a listing that waits. */
final class ListingPlaceholder {

    private ListingPlaceholder() {
    }

    /**
     * What the empty table says. While a listing waits it counts the seconds and offers Cancel, so a
     * server that never answers is never a silent "Loading…".
     */
    static Node of(ExplorerViewModel model) {
        Label text = new Label();
        text.setId("tablePlaceholder");
        text.setWrapText(true);
        LoadingClock clock = new LoadingClock(model.stateProperty());
        text.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> switch (model.getState()) {
            case LOADING -> clock.seconds() < 2 ? "Loading…" : "Waiting for the store… " + clock.seconds() + " s";
            case LOADED -> model.missingProperty().get() ? missingText(model)
                    : model.filterProperty().get().isEmpty() ? "This folder is empty" : "Nothing matches the filter";
            case FAILED -> "Could not list this folder (see the message above)";
            case CANCELLED -> "Listing cancelled. Refresh (F5) tries again.";
            case IDLE -> "";
        }, model.stateProperty(), clock.secondsProperty(), model.missingProperty()));
        Button cancel = new Button("Cancel");
        cancel.setId("cancelLoadingButton");
        cancel.setOnAction(_ -> model.cancelLoading());
        cancel.visibleProperty().bind(model.stateProperty().isEqualTo(ExplorerViewModel.State.LOADING));
        cancel.managedProperty().bind(cancel.visibleProperty());
        VBox box = new VBox(8, text, cancel);
        box.setAlignment(Pos.CENTER);
        box.setMaxWidth(420);
        return box;
    }

    private static String missingText(ExplorerViewModel model) {
        return model.scheme() == ObjectUri.Scheme.FILE
                ? "This folder does not exist"
                : "Nothing is stored under this folder (in object stores a folder exists only while something is in it)";
    }

    /** Whole seconds since the state became LOADING; ticks only while loading. */
    private static final class LoadingClock {
        private final javafx.beans.property.IntegerProperty seconds = new javafx.beans.property.SimpleIntegerProperty();
        private final javafx.animation.Timeline tick = new javafx.animation.Timeline(
                new javafx.animation.KeyFrame(javafx.util.Duration.seconds(1), _ -> seconds.set(seconds.get() + 1)));

        LoadingClock(javafx.beans.value.ObservableValue<ExplorerViewModel.State> state) {
            tick.setCycleCount(javafx.animation.Animation.INDEFINITE);
            state.addListener((_, _, s) -> {
                seconds.set(0);
                if (s == ExplorerViewModel.State.LOADING) {
                    tick.playFromStart();
                } else {
                    tick.stop();
                }
            });
        }

        int seconds() {
            return seconds.get();
        }

        javafx.beans.property.IntegerProperty secondsProperty() {
            return seconds;
        }
    }

}
