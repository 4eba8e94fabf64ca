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
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.util.Duration;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.awt.Desktop;
import java.awt.GraphicsEnvironment;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * The collapsible transfers panel. One {@link Timeline} at 4 Hz samples every running transfer;
 * nothing else updates the rows, so a fast download costs the FX thread four small updates a second.
 * A new row scrolls into view; "Clear finished" drops done, failed and cancelled rows; a finished
 * download's folder opens from its row ("Show in folder"), off the FX thread.
 */
public final class TransfersView {

    static final Duration SAMPLE_EVERY = Duration.millis(250);

    /** Opens the folder of a file on this computer; runs on a background thread. */
    @FunctionalInterface
    public interface FolderOpener {
        /**
         * Shows {@code path} in the system's file manager (selected where it can), or throws
         * {@link UnsupportedOperationException} when this system cannot open folders for an app.
         */
        void show(Path path) throws Exception;
    }

    /** java.awt.Desktop: select the file where the platform can, else open its folder; unsupported when headless. */
    public static final FolderOpener DESKTOP = path -> {
        if (GraphicsEnvironment.isHeadless() || !Desktop.isDesktopSupported()) {
            throw new UnsupportedOperationException("no desktop to open folders on");
        }
        Desktop desktop = Desktop.getDesktop();
        File file = path.toFile();
        if (file.exists() && desktop.isSupported(Desktop.Action.BROWSE_FILE_DIR)) {
            desktop.browseFileDirectory(file);
        } else if (desktop.isSupported(Desktop.Action.OPEN)) {
            Path folder = file.isDirectory() ? path : path.toAbsolutePath().getParent();
            desktop.open(folder.toFile());
        } else {
            throw new UnsupportedOperationException("this desktop cannot open folders for an app");
        }
    };

    private final TransferQueue queue;
    private final TableView<Transfer> table = new TableView<>();
    private final TitledPane pane;
    private final Timeline sampler;
    private final Button clearFinished = new Button("Clear finished", new FontIcon(Feather.CHECK_SQUARE));
    private final Label message = new Label();
    private volatile FolderOpener folderOpener = DESKTOP;

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
        TableColumn<Transfer, String> rate = text("Rate", t -> t.rateTextProperty(), 125);
        TableColumn<Transfer, String> eta = text("ETA", t -> t.etaTextProperty(), 70);
        TableColumn<Transfer, String> state = text("State", t -> t.stateProperty().map(Transfer.State::label), 80);
        // wide enough for the longest state ("cancelled") in the table's font, padding included
        double stateWidth = 0;
        for (Transfer.State s : Transfer.State.values()) {
            stateWidth = Math.max(stateWidth, new Text(s.label()).getLayoutBounds().getWidth());
        }
        state.setMinWidth(Math.ceil(stateWidth * 1.15) + 24);
        state.setPrefWidth(Math.max(80, state.getMinWidth()));
        TableColumn<Transfer, String> check = text("Check", t -> t.checkTextProperty(), 110);
        TableColumn<Transfer, Transfer> actions = new TableColumn<>("");
        actions.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        actions.setCellFactory(_ -> new ActionCell());
        actions.setPrefWidth(110);
        actions.setMinWidth(110);
        actions.setSortable(false);
        table.getColumns().setAll(List.of(name, direction, progress, bytes, rate, eta, state, check, actions));

        clearFinished.setId("clearFinishedTransfers");
        clearFinished.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
        clearFinished.setTooltip(new Tooltip("Remove done, failed and cancelled transfers from the list"));
        clearFinished.setOnAction(_ -> {
            queue.clearFinished();
            message.setText("");
        });
        message.setId("transfersMessage");
        message.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        message.setMinWidth(0);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox bar = new HBox(8, message, gap, clearFinished);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(2, 6, 2, 6));
        VBox content = new VBox(bar, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        content.setPadding(Insets.EMPTY);

        pane = new TitledPane();
        pane.setId("transfersPane");
        pane.setContent(content);
        pane.setAnimated(false);
        pane.setExpanded(false);
        pane.getStyleClass().add(Styles.DENSE);
        updateTitle();
        queue.transfers().addListener((ListChangeListener<Transfer>) change -> {
            Transfer newest = null;
            while (change.next()) {
                if (change.wasAdded() && !change.getAddedSubList().isEmpty()) {
                    newest = change.getAddedSubList().getLast();
                }
            }
            updateTitle();
            if (!queue.transfers().isEmpty()) {
                pane.setExpanded(true);
            }
            if (newest != null) {
                // the newest row is the one the user just asked for: bring it into view, once the
                // table has its new row count (scrolling inside the change stops at the old last row)
                Transfer row = newest;
                Platform.runLater(() -> {
                    int i = table.getItems().indexOf(row);
                    if (i >= 0) {
                        table.scrollTo(i);
                    }
                });
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

    /** How "Show in folder" opens a folder ({@link #DESKTOP} unless set; the window may pass HostServices). */
    public void setFolderOpener(FolderOpener opener) {
        this.folderOpener = opener == null ? DESKTOP : opener;
    }

    /** Shows a finished download in the file manager, on a background thread; says so in place if this system cannot. */
    void showInFolder(Transfer t) {
        Path path = t.localPath();
        if (path == null || t.getState() != Transfer.State.DONE) {
            return;
        }
        FolderOpener opener = folderOpener;
        message.setText("Opening the folder of " + path.getFileName() + "…");
        Thread.ofVirtual().name("show-in-folder").start(() -> {
            String outcome;
            try {
                opener.show(path);
                outcome = "";
            } catch (UnsupportedOperationException e) {
                outcome = "This system cannot open folders from Rangefinder; the download is in " + folderOf(path);
            } catch (Exception | LinkageError e) {
                outcome = "Could not open the folder " + folderOf(path) + ": "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
            String text = outcome;
            Platform.runLater(() -> message.setText(text));
        });
    }

    private static Path folderOf(Path path) {
        Path abs = path.toAbsolutePath();
        return abs.getParent() == null ? abs : abs.getParent();
    }

    public void stop() {
        sampler.stop();
    }

    private void updateTitle() {
        clearFinished.setDisable(queue.transfers().stream().noneMatch(t -> t.getState().isFinished()));
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
        private final Button show = new Button(null, new FontIcon(Feather.FOLDER));
        private final HBox box = new HBox(4, cancel, retry, show);

        ActionCell() {
            cancel.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL, "transfer-cancel");
            retry.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL, "transfer-retry");
            show.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL, "transfer-show-in-folder");
            cancel.setTooltip(new Tooltip("Cancel"));
            retry.setTooltip(new Tooltip("Retry"));
            show.setTooltip(new Tooltip("Show in folder"));
            cancel.setOnAction(_ -> queue.cancel(getItem()));
            retry.setOnAction(_ -> queue.retry(getItem()));
            show.setOnAction(_ -> showInFolder(getItem()));
            show.managedProperty().bind(show.visibleProperty());
        }

        @Override
        protected void updateItem(Transfer t, boolean empty) {
            super.updateItem(t, empty);
            cancel.disableProperty().unbind();
            retry.disableProperty().unbind();
            show.disableProperty().unbind();
            if (empty || t == null) {
                setGraphic(null);
                setTooltip(null);
                return;
            }
            cancel.disableProperty().bind(t.stateProperty().map(Transfer.State::isFinished));
            retry.disableProperty().bind(t.stateProperty().map(s -> s != Transfer.State.FAILED && s != Transfer.State.CANCELLED));
            show.setVisible(t.direction() == Transfer.Direction.DOWNLOAD && t.localPath() != null);
            show.disableProperty().bind(t.stateProperty().map(s -> s != Transfer.State.DONE));
            setGraphic(box);
            ErrorReport e = t.errorProperty().get();
            setTooltip(e == null ? null : new Tooltip(e.message()));
        }
    }
}
