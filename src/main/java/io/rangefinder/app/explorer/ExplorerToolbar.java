package io.rangefinder.app.explorer;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import atlantafx.base.theme.Styles;

import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The explorer window's tool bar: back, forward, up and refresh, the address and filter fields,
 * the actions on the folder and the selection, and the toggles of the details pane, compact rows
 * and the dark theme. What the actions do with local files (the dialogs, the selection) is the
 * {@link ExplorerView}'s; the toggles' states are read back by it for the saved preferences.
 */
final class ExplorerToolbar {

    private final ExplorerView view;
    private final ExplorerViewModel model;
    private final TableView<ExplorerEntry> table;
    private final TextField address = new TextField();
    private final TextField filter = new TextField();
    private final ToggleButton detailsToggle = new ToggleButton(null, new FontIcon(Feather.SIDEBAR));
    private final ToggleButton themeToggle = new ToggleButton(null, new FontIcon(Feather.MOON));
    private final ToggleButton densityToggle = new ToggleButton(null, new FontIcon(Feather.ALIGN_JUSTIFY));
    private final HBox node;

    ExplorerToolbar(ExplorerView view, ExplorerViewModel model, TableView<ExplorerEntry> table) {
        this.view = view;
        this.model = model;
        this.table = table;
        this.node = build();
    }

    HBox node() {
        return node;
    }

    /** The address field (Ctrl+L focuses it). */
    TextField address() {
        return address;
    }

    /** Shows and hides the details pane; on: the pane is in the window. */
    ToggleButton detailsToggle() {
        return detailsToggle;
    }

    ToggleButton themeToggle() {
        return themeToggle;
    }

    ToggleButton densityToggle() {
        return densityToggle;
    }

    private HBox build() {
        Button back = iconButton("backButton", Feather.ARROW_LEFT, "Back (Alt+Left)");
        back.setOnAction(_ -> model.goBack());
        back.disableProperty().bind(model.canGoBackProperty().not());

        Button forward = iconButton("forwardButton", Feather.ARROW_RIGHT, "Forward (Alt+Right)");
        forward.setOnAction(_ -> model.goForward());
        forward.disableProperty().bind(model.canGoForwardProperty().not());

        Button up = iconButton("upButton", Feather.ARROW_UP, "Up (Alt+Up, Backspace)");
        up.setOnAction(_ -> model.goUp());
        up.disableProperty().bind(model.canGoUpProperty().not());

        Button refresh = iconButton("refreshButton", Feather.REFRESH_CW, "Refresh (F5)");
        refresh.setOnAction(_ -> model.refresh());

        address.setId("addressField");
        address.setPromptText("s3://bucket/, az://account/container/, gs://bucket/, file:///home/ or a local path");
        address.setTooltip(new Tooltip("Address (Ctrl+L); Enter opens it"));
        HBox.setHgrow(address, Priority.ALWAYS);
        address.setOnAction(_ -> model.openAddress(address.getText()));
        address.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                address.setText(model.addressProperty().get());
                table.requestFocus();
                e.consume();
            }
        });
        model.addressProperty().addListener((_, _, text) -> address.setText(text));
        address.setText(model.addressProperty().get());
        HBox addressBox = new HBox(address);
        addressBox.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(addressBox, Priority.ALWAYS);

        filter.setId("filterField");
        filter.setPromptText("Filter: name start, *text");
        filter.setTooltip(new Tooltip(ExplorerView.FILTER_PROMPT));
        filter.setPrefColumnCount(15);
        // one re-list per pause in typing, not per key
        PauseTransition settle = new PauseTransition(javafx.util.Duration.millis(250));
        settle.setOnFinished(_ -> model.setFilter(filter.getText()));
        filter.textProperty().addListener((_, _, _) -> settle.playFromStart());
        filter.setOnAction(_ -> {
            settle.stop();
            model.setFilter(filter.getText());
        });
        model.filterProperty().addListener((_, _, text) -> {
            if (!text.equals(filter.getText())) {
                settle.stop();
                filter.setText(text);
                settle.stop();
            }
        });

        Button newFolder = iconButton("newFolderButton", Feather.FOLDER_PLUS, "New folder");
        newFolder.setOnAction(_ -> model.requestCreateFolder());
        newFolder.disableProperty().bind(model.canGoUpProperty().not());

        MenuItem uploadFiles = new MenuItem("Upload files…", new FontIcon(Feather.FILE_PLUS));
        uploadFiles.setId("uploadFilesItem");
        uploadFiles.setOnAction(_ -> view.uploadFiles());
        MenuItem uploadFolder = new MenuItem("Upload folder…", new FontIcon(Feather.FOLDER_PLUS));
        uploadFolder.setId("uploadFolderItem");
        uploadFolder.setOnAction(_ -> view.uploadFolder());
        MenuButton upload = new MenuButton(null, new FontIcon(Feather.UPLOAD), uploadFiles, uploadFolder);
        upload.setId("uploadButton");
        upload.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        upload.setTooltip(new Tooltip("Upload files or a folder here (or drop them on the list)"));
        upload.setAccessibleText("Upload files or a folder here");
        upload.disableProperty().bind(model.canGoUpProperty().not());

        Button download = iconButton("downloadButton", Feather.DOWNLOAD, "Download the selection to a folder…");
        download.setOnAction(_ -> view.downloadSelection());
        download.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull()
                .or(model.canGoUpProperty().not()));

        Button delete = iconButton("deleteButton", Feather.TRASH_2, "Delete the selection (Delete)");
        delete.setOnAction(_ -> model.requestDelete(view.selection()));
        delete.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());

        Button newBucket = iconButton("newBucketButton", Feather.PLUS_SQUARE, "New bucket (container) here");
        newBucket.setOnAction(_ -> model.requestCreateContainer());
        newBucket.disableProperty().bind(model.canGoUpProperty());
        newBucket.visibleProperty().bind(model.canGoUpProperty().not());
        newBucket.managedProperty().bind(newBucket.visibleProperty());

        Button bench = iconButton("benchButton", Feather.ACTIVITY,
                "Benchmark in the Lab: an object with range requests, a folder with the data loader");
        bench.setOnAction(_ -> {
            ExplorerEntry e = table.getSelectionModel().getSelectedItem();
            if (e != null) {
                view.benchmark(e);
            }
        });
        bench.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());

        Button copyTo = iconButton("copyToButton", Feather.COPY, "Copy the selection to another folder or connection…");
        copyTo.setOnAction(_ -> model.requestCopyTo(view.selection()));
        copyTo.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull()
                .or(model.canGoUpProperty().not()));

        detailsToggle.setId("detailsToggle");
        detailsToggle.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        detailsToggle.setTooltip(new Tooltip("Details pane"));
        detailsToggle.setAccessibleText("Details pane");

        densityToggle.setId("densityToggle");
        densityToggle.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        densityToggle.setTooltip(new Tooltip("Compact rows"));
        densityToggle.setAccessibleText("Compact rows");
        densityToggle.selectedProperty().addListener((_, _, on) -> {
            table.setFixedCellSize(on ? ExplorerView.COMPACT_ROW_HEIGHT : ExplorerView.ROW_HEIGHT);
            table.getStyleClass().remove("compact");
            if (on) {
                table.getStyleClass().add("compact");
            }
        });

        ToggleButton dark = themeToggle;
        dark.setId("themeToggle");
        dark.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        dark.setTooltip(new Tooltip("Dark theme"));
        dark.setAccessibleText("Dark theme");
        dark.selectedProperty().addListener((_, _, on) -> {
            Application.setUserAgentStylesheet(on
                    ? new PrimerDark().getUserAgentStylesheet()
                    : new PrimerLight().getUserAgentStylesheet());
            dark.setGraphic(new FontIcon(on ? Feather.SUN : Feather.MOON));
            dark.getTooltip().setText(on ? "Light theme" : "Dark theme");
        });

        // an HBox, not a ToolBar: a ToolBar hides what does not fit behind ">>", where the address should give way instead
        address.setMinWidth(120);
        filter.setMinWidth(90);
        filter.setPrefColumnCount(12);
        HBox.setHgrow(filter, Priority.SOMETIMES);
        HBox bar = new HBox(4, back, forward, up, refresh, addressBox, filter, newBucket, newFolder, upload, download, copyTo,
                bench, delete, detailsToggle, densityToggle, dark);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("tool-bar");
        bar.setId("explorerToolbar");
        for (Node n : bar.getChildren()) {
            if (n instanceof ButtonBase) {
                ((ButtonBase) n).setMinWidth(Region.USE_PREF_SIZE);
            }
        }
        return bar;
    }

    private static Button iconButton(String id, Ikon icon, String tooltip) {
        Button button = new Button(null, new FontIcon(icon));
        button.setId(id);
        button.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        button.setTooltip(new Tooltip(tooltip));
        button.setAccessibleText(tooltip);
        button.setFocusTraversable(false);
        return button;
    }
}
