package io.rangefinder.app.transfers;

import io.rangefinder.app.common.ErrorReport;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;

import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.util.Duration;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.List;
import java.util.function.Function;

/**
 * The collapsible transfers panel. One {@link Timeline} at 4 Hz samples every running transfer;
 * nothing else updates the rows, so a fast download costs the FX thread four small updates a second.
 */
public final class TransfersView {

    static final Duration SAMPLE_EVERY = Duration.millis(250);

    private final TransferQueue queue;
    private final TableView<Transfer> table = new TableView<>();
    private final TitledPane pane;
    private final Timeline sampler;

    public TransfersView(TransferQueue queue) {
        this.queue = queue;
        table.setId("transferTable");
        table.getStyleClass().addAll(Styles.DENSE, Tweaks.EDGE_TO_EDGE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No transfers yet: download or upload something"));
        table.setItems(queue.transfers());
        table.setPrefHeight(170);

        TableColumn<Transfer, String> name = text("Name", t -> new ReadOnlyObjectWrapper<>(t.name()), 230);
        TableColumn<Transfer, String> direction = text("Direction", t -> new ReadOnlyObjectWrapper<>(t.direction().toString()), 90);
        TableColumn<Transfer, Number> progress = new TableColumn<>("Progress");
        progress.setCellValueFactory(c -> c.getValue().fractionProperty());
        progress.setCellFactory(_ -> new ProgressCell());
        progress.setPrefWidth(150);
        TableColumn<Transfer, String> bytes = text("Bytes", t -> t.bytesTextProperty(), 160);
        TableColumn<Transfer, String> rate = text("Rate", t -> t.rateTextProperty(), 100);
        TableColumn<Transfer, String> eta = text("ETA", t -> t.etaTextProperty(), 70);
        TableColumn<Transfer, String> state = text("State", t -> t.stateProperty().map(Transfer.State::label), 80);
        TableColumn<Transfer, String> check = text("Check", t -> t.checkTextProperty(), 110);
        TableColumn<Transfer, Transfer> actions = new TableColumn<>("");
        actions.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        actions.setCellFactory(_ -> new ActionCell());
        actions.setPrefWidth(80);
        actions.setMinWidth(80);
        actions.setSortable(false);
        table.getColumns().setAll(List.of(name, direction, progress, bytes, rate, eta, state, check, actions));

        pane = new TitledPane();
        pane.setId("transfersPane");
        pane.setContent(table);
        pane.setAnimated(false);
        pane.setExpanded(false);
        pane.getStyleClass().add(Styles.DENSE);
        updateTitle();
        queue.transfers().addListener((ListChangeListener<Transfer>) _ -> {
            updateTitle();
            if (!queue.transfers().isEmpty()) {
                pane.setExpanded(true);
            }
        });

        sampler = new Timeline(new KeyFrame(SAMPLE_EVERY, _ -> {
            queue.sample();
            updateTitle();
        }));
        sampler.setCycleCount(Animation.INDEFINITE);
        sampler.play();
    }

    public TitledPane node() {
        return pane;
    }

    public void stop() {
        sampler.stop();
    }

    private void updateTitle() {
        long running = queue.transfers().stream().filter(t -> t.getState() == Transfer.State.RUNNING).count();
        long queued = queue.transfers().stream().filter(t -> t.getState() == Transfer.State.QUEUED).count();
        String title = "Transfers";
        if (running + queued > 0) {
            title += " — " + running + " running" + (queued > 0 ? ", " + queued + " queued" : "");
        } else if (!queue.transfers().isEmpty()) {
            title += " (" + queue.transfers().size() + ")";
        }
        pane.setText(title);
    }

    private static <V> TableColumn<Transfer, V> text(String title, Function<Transfer, ObservableValue<V>> value, double width) {
        TableColumn<Transfer, V> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> value.apply(d.getValue()));
        c.setPrefWidth(width);
        return c;
    }

    private static final class ProgressCell extends TableCell<Transfer, Number> {
        private final ProgressBar bar = new ProgressBar();

        ProgressCell() {
            bar.setMaxWidth(Double.MAX_VALUE);
            bar.getStyleClass().add(Styles.SMALL);
        }

        @Override
        protected void updateItem(Number value, boolean empty) {
            super.updateItem(value, empty);
            if (empty || value == null) {
                setGraphic(null);
                return;
            }
            bar.setProgress(value.doubleValue());
            setGraphic(bar);
        }
    }

    private final class ActionCell extends TableCell<Transfer, Transfer> {
        private final Button cancel = new Button(null, new FontIcon(Feather.X_CIRCLE));
        private final Button retry = new Button(null, new FontIcon(Feather.ROTATE_CW));
        private final HBox box = new HBox(4, cancel, retry);

        ActionCell() {
            cancel.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL, "transfer-cancel");
            retry.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL, "transfer-retry");
            cancel.setTooltip(new Tooltip("Cancel"));
            retry.setTooltip(new Tooltip("Retry"));
            cancel.setOnAction(_ -> queue.cancel(getItem()));
            retry.setOnAction(_ -> queue.retry(getItem()));
        }

        @Override
        protected void updateItem(Transfer t, boolean empty) {
            super.updateItem(t, empty);
            cancel.disableProperty().unbind();
            retry.disableProperty().unbind();
            if (empty || t == null) {
                setGraphic(null);
                setTooltip(null);
                return;
            }
            cancel.disableProperty().bind(t.stateProperty().map(Transfer.State::isFinished));
            retry.disableProperty().bind(t.stateProperty().map(s -> s != Transfer.State.FAILED && s != Transfer.State.CANCELLED));
            setGraphic(box);
            ErrorReport e = t.errorProperty().get();
            setTooltip(e == null ? null : new Tooltip(e.message()));
        }
    }
}
