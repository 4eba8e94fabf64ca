package io.rangefinder.app.connections;

import io.rangefinder.app.common.Confirmation;
import io.rangefinder.app.explorer.ExplorerViewModel;
import io.rangefinder.storage.config.AwsProfileNames;
import io.rangefinder.storage.config.ConnectionProfile;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The connections sidebar: Local and the saved connections; add, edit, remove (asked first). */
public final class ConnectionsView {

    private final ConnectionsViewModel model;
    private final ExplorerViewModel explorer;
    private final VBox root = new VBox(6);
    private final ListView<ConnectionProfile> list = new ListView<>();
    private final ConnectionDialog dialog;
    private boolean syncing;

    public ConnectionsView(ConnectionsViewModel model, ExplorerViewModel explorer) {
        this.model = model;
        this.explorer = explorer;
        this.dialog = new ConnectionDialog(model, AwsProfileNames::find);
        root.setId("connectionsPane");
        root.getStyleClass().add("connections-pane");
        root.setPadding(new Insets(8, 6, 8, 6));
        root.setMinWidth(0);

        Label header = new Label("Connections");
        header.getStyleClass().addAll(Styles.TEXT_CAPTION, Styles.TEXT_MUTED);
        header.setMinWidth(Region.USE_PREF_SIZE);
        Button add = icon("addConnection", Feather.PLUS, "Add a connection");
        add.setOnAction(_ -> dialog.showNew());
        Button edit = icon("editConnection", Feather.EDIT_2, "Edit the selected connection");
        edit.setOnAction(_ -> {
            ConnectionProfile c = list.getSelectionModel().getSelectedItem();
            if (c != null && !model.isLocal(c)) {
                dialog.showEdit(c);
            }
        });
        Button remove = icon("removeConnection", Feather.TRASH_2, "Remove the selected connection");
        remove.setOnAction(_ -> requestRemove());
        list.getSelectionModel().selectedItemProperty().addListener((_, _, c) -> {
            boolean saved = c != null && !model.isLocal(c);
            edit.setDisable(!saved);
            remove.setDisable(!saved);
            if (!syncing && c != null && c != model.getSelected()) {
                model.select(c);
            }
        });
        edit.setDisable(true);
        remove.setDisable(true);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox head = new HBox(2, header, spacer, add, edit, remove);
        head.setAlignment(Pos.CENTER_LEFT);

        Label problem = new Label();
        problem.setId("connectionsProblem");
        problem.setWrapText(true);
        problem.getStyleClass().addAll(Styles.DANGER, Styles.TEXT_SMALL);
        problem.textProperty().bind(model.problemProperty());
        problem.visibleProperty().bind(model.problemProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());
        problem.setMinHeight(Region.USE_PREF_SIZE);

        list.setId("connectionList");
        list.getStyleClass().addAll(Styles.DENSE, Tweaks.EDGE_TO_EDGE);
        list.setItems(model.connections());
        list.setCellFactory(_ -> new ConnectionCell());
        VBox.setVgrow(list, Priority.ALWAYS);
        model.selectedProperty().addListener((_, _, c) -> syncSelection(c));
        syncSelection(model.getSelected());
        root.getChildren().setAll(head, problem, list);
    }

    private void syncSelection(ConnectionProfile c) {
        syncing = true;
        try {
            if (c == null || !list.getItems().contains(c)) {
                list.getSelectionModel().clearSelection();
            } else {
                list.getSelectionModel().select(c);
            }
        } finally {
            syncing = false;
        }
    }

    private void requestRemove() {
        ConnectionProfile c = list.getSelectionModel().getSelectedItem();
        if (c == null || model.isLocal(c)) {
            return;
        }
        explorer.ask(new Confirmation("Remove connection “" + c.name() + "”?",
                "Rangefinder forgets how to reach " + ConnectionsViewModel.summary(c)
                        + " and any secret saved for it. Nothing in the store is deleted.",
                "Remove", true, null, _ -> model.remove(c)));
    }

    private static Button icon(String id, Ikon glyph, String tip) {
        Button b = new Button(null, new FontIcon(glyph));
        b.setId(id);
        b.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL);
        b.setTooltip(new Tooltip(tip));
        b.setFocusTraversable(false);
        return b;
    }

    public VBox node() {
        return root;
    }

    public ConnectionDialog dialog() {
        return dialog;
    }

    private static final class ConnectionCell extends ListCell<ConnectionProfile> {
        private final FontIcon icon = new FontIcon();
        private final Label name = new Label();
        private final Label detail = new Label();
        private final HBox box;

        ConnectionCell() {
            detail.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            VBox text = new VBox(0, name, detail);
            text.setMinWidth(0);
            box = new HBox(8, icon, text);
            box.setAlignment(Pos.CENTER_LEFT);
        }

        @Override
        protected void updateItem(ConnectionProfile c, boolean empty) {
            super.updateItem(c, empty);
            if (empty || c == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            icon.setIconCode(switch (c.kind()) {
                case FILE -> Feather.MONITOR;
                case S3 -> Feather.DATABASE;
                case AZURE -> Feather.CLOUD;
                case GCS -> Feather.CLOUD_DRIZZLE;
            });
            name.setText(c.name());
            detail.setText(ConnectionsViewModel.summary(c));
            setText(null);
            setGraphic(box);
        }
    }
}
