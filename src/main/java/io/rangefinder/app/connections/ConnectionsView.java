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

/**
 * The connections sidebar: Local, the saved connections (add, edit, remove, asked first), and the
 * discovered ones (credentials already in the environment, ~/.aws, ADC) with a "discovered" badge:
 * they can be saved as a connection but not edited in place or removed.
 */
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
        // in a narrow sidebar the title gives way ("Connect…"), never the buttons beside it
        header.setMinWidth(0);
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
        Button keep = icon("saveDiscovered", Feather.BOOKMARK, "Save the discovered connection as a connection of your own");
        keep.setOnAction(_ -> {
            ConnectionProfile c = list.getSelectionModel().getSelectedItem();
            if (model.isDiscovered(c)) {
                dialog.showSaveDiscovered(c);
            }
        });
        keep.managedProperty().bind(keep.visibleProperty());
        keep.setVisible(false);
        // a discovered connection is saved, not edited: its bookmark takes the pencil's place
        edit.managedProperty().bind(edit.visibleProperty());
        list.getSelectionModel().selectedItemProperty().addListener((_, _, c) -> {
            boolean found = model.isDiscovered(c);
            boolean saved = c != null && !model.isLocal(c) && !found;
            edit.setDisable(!saved);
            remove.setDisable(!saved);
            keep.setVisible(found);
            edit.setVisible(!found);
            if (!syncing && c != null && c != model.getSelected()) {
                model.select(c);
            }
        });
        edit.setDisable(true);
        remove.setDisable(true);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        for (Button b : new Button[] {keep, add, edit, remove}) {
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        HBox head = new HBox(2, header, spacer, keep, add, edit, remove);
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
        list.setCellFactory(_ -> new ConnectionCell(model));
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
        if (c == null || model.isLocal(c) || model.isDiscovered(c)) {
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

    /** The style class of a discovered connection's row, and of its badge. */
    static final String DISCOVERED_STYLE = "discovered-connection";
    static final String BADGE_STYLE = "discovered-badge";

    private static final class ConnectionCell extends ListCell<ConnectionProfile> {
        private final ConnectionsViewModel model;
        private final FontIcon icon = new FontIcon();
        private final Label name = new Label();
        private final Label badge = new Label("discovered");
        private final Label detail = new Label();
        private final HBox box;

        ConnectionCell(ConnectionsViewModel model) {
            this.model = model;
            detail.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            // a small outlined tag, in the theme's accent colour, next to the name
            badge.getStyleClass().addAll(BADGE_STYLE, Styles.TEXT_SMALL);
            badge.setStyle("-fx-background-color: -color-accent-subtle; -fx-text-fill: -color-accent-fg; "
                    + "-fx-background-radius: 4; -fx-padding: 0 4 0 4; -fx-font-size: 0.8em;");
            badge.setMinWidth(Region.USE_PREF_SIZE);
            name.setMinWidth(0);
            detail.setMinWidth(0);
            HBox.setHgrow(detail, Priority.ALWAYS);
            // as wide as the list, not as the text: long names end in "…" instead of scrolling sideways
            setPrefWidth(0);
            // the badge leads the second line, so the name keeps the whole width
            HBox second = new HBox(5, badge, detail);
            second.setAlignment(Pos.CENTER_LEFT);
            second.setMinWidth(0);
            VBox text = new VBox(0, name, second);
            text.setMinWidth(0);
            box = new HBox(8, icon, text);
            box.setAlignment(Pos.CENTER_LEFT);
        }

        @Override
        protected void updateItem(ConnectionProfile c, boolean empty) {
            super.updateItem(c, empty);
            if (empty || c == null) {
                getStyleClass().remove(DISCOVERED_STYLE);
                setTooltip(null);
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
            String from = model.discoveredFrom(c);
            boolean found = from != null;
            badge.setVisible(found);
            badge.setManaged(found);
            getStyleClass().remove(DISCOVERED_STYLE);
            if (found) {
                getStyleClass().add(DISCOVERED_STYLE);
            }
            icon.setOpacity(found ? 0.6 : 1);
            setTooltip(found ? new Tooltip("Discovered: " + from + ". Not saved; the bookmark button saves it as a connection.")
                    : null);
            setText(null);
            setGraphic(box);
        }
    }
}
