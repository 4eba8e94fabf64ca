package io.rangefinder.app.explorer;

import io.rangefinder.core.Units;

import atlantafx.base.theme.Styles;

import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The details pane: what is known of the selection, filled in as the background stat returns. */
final class DetailsView {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss zzz").withZone(ZoneId.systemDefault());

    private final VBox root = new VBox(10);
    private final Label title = new Label();
    private final GridPane grid = new GridPane();
    private final ProgressIndicator spinner = new ProgressIndicator();
    private final Label loading = new Label("Loading…", spinner);
    private final Button copy = new Button("Copy URI", new FontIcon(Feather.COPY));
    private String uri = "";
    private final VBox share = new VBox(6);
    private final javafx.scene.control.ComboBox<Expiry> expiry = new javafx.scene.control.ComboBox<>();
    private final Button sign = new Button("Signed URL", new FontIcon(Feather.LINK));
    private final javafx.scene.control.TextField signedUrl = new javafx.scene.control.TextField();
    private final Button copySigned = new Button("Copy", new FontIcon(Feather.COPY));
    private final Label signProblem = new Label();

    /** How long a shared link works. */
    enum Expiry {
        MIN_15("15 min", java.time.Duration.ofMinutes(15)), HOUR_1("1 hour", java.time.Duration.ofHours(1)),
        DAY_1("1 day", java.time.Duration.ofDays(1)), DAYS_7("7 days", java.time.Duration.ofDays(7));

        final String label;
        final java.time.Duration duration;

        Expiry(String label, java.time.Duration duration) {
            this.label = label;
            this.duration = duration;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    DetailsView(ObservableValue<EntryDetails> details) {
        this(details, null);
    }

    DetailsView(ObservableValue<EntryDetails> details, ExplorerViewModel model) {
        root.setId("detailsPane");
        root.getStyleClass().add("details-pane");
        root.setPadding(new Insets(12));
        root.setMinWidth(0);
        title.setId("detailsTitle");
        title.getStyleClass().add(Styles.TITLE_4);
        title.setWrapText(true);
        spinner.setPrefSize(16, 16);
        loading.setId("detailsLoading");
        copy.setId("copyUriButton");
        copy.getStyleClass().add(Styles.SMALL);
        copy.setOnAction(_ -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(uri);
            Clipboard.getSystemClipboard().setContent(content);
        });
        grid.setHgap(10);
        grid.setVgap(6);
        ColumnConstraints keys = new ColumnConstraints();
        keys.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        values.setMinWidth(0);
        grid.getColumnConstraints().setAll(keys, values);
        ScrollPane scroll = new ScrollPane(grid);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add(Styles.DENSE);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        root.getChildren().setAll(title, new HBox(8, copy, loading), scroll);
        if (model != null) {
            buildShare(model);
            root.getChildren().add(share);
        }
        details.addListener((_, _, d) -> show(d));
        show(details.getValue());
    }

    /** A link anyone can GET the object with, made only when asked (it carries a signature). */
    private void buildShare(ExplorerViewModel model) {
        share.setId("sharePane");
        Label heading = new Label("Share link");
        heading.getStyleClass().addAll(Styles.TEXT_CAPTION, Styles.TEXT_MUTED);
        expiry.setId("expiryChoice");
        expiry.getItems().setAll(Expiry.values());
        expiry.setValue(Expiry.HOUR_1);
        expiry.getStyleClass().add(Styles.SMALL);
        sign.setId("signUrlButton");
        sign.getStyleClass().add(Styles.SMALL);
        sign.setTooltip(new javafx.scene.control.Tooltip("S3 presigned URL, Azure SAS URL or GCS signed URL"));
        sign.setOnAction(_ -> model.requestSignedUrl(expiry.getValue().duration));
        signedUrl.setId("signedUrlField");
        signedUrl.setEditable(false);
        signedUrl.getStyleClass().add(Styles.SMALL);
        HBox.setHgrow(signedUrl, Priority.ALWAYS);
        copySigned.setId("copySignedUrlButton");
        copySigned.getStyleClass().add(Styles.SMALL);
        copySigned.setOnAction(_ -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(signedUrl.getText());
            Clipboard.getSystemClipboard().setContent(content);
        });
        HBox urlRow = new HBox(6, signedUrl, copySigned);
        urlRow.visibleProperty().bind(model.signedLinks().urlProperty().isNotEmpty());
        urlRow.managedProperty().bind(urlRow.visibleProperty());
        signedUrl.textProperty().bind(model.signedLinks().urlProperty());
        signProblem.setId("signedUrlProblem");
        signProblem.setWrapText(true);
        signProblem.setMinHeight(Region.USE_PREF_SIZE);
        signProblem.textProperty().bind(model.signedLinks().problemProperty());
        signProblem.visibleProperty().bind(model.signedLinks().problemProperty().isNotEmpty());
        signProblem.managedProperty().bind(signProblem.visibleProperty());
        model.signedLinks().problemProperty().addListener((_, _, t) -> {
            signProblem.getStyleClass().remove(Styles.DANGER);
            if (!t.isEmpty() && !t.equals("Signing…")) {
                signProblem.getStyleClass().add(Styles.DANGER);
            }
        });
        Label expires = new Label("Expires in");
        expires.setMinWidth(Region.USE_PREF_SIZE);
        sign.setMinWidth(Region.USE_PREF_SIZE);
        HBox controls = new HBox(6, expires, expiry);
        controls.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        share.getChildren().setAll(heading, controls, sign, urlRow, signProblem);
    }

    VBox node() {
        return root;
    }

    private void show(EntryDetails d) {
        grid.getChildren().clear();
        uri = d.uri();
        copy.setDisable(d.uri().isEmpty());
        loading.setVisible(d.loading());
        loading.setManaged(d.loading());
        boolean object = d.isObject() && !d.uri().startsWith("file:");
        share.setVisible(object);
        share.setManaged(object);
        if (d.isEmpty()) {
            title.setText("Nothing selected");
            return;
        }
        title.setText(d.name());
        int row = 0;
        row = add(row, "URI", d.uri(), "detailUri");
        row = add(row, "Kind", d.kindLabel(), "detailKind");
        if (d.size() >= 0) {
            row = add(row, "Size", Units.formatSize(d.size()) + " (" + String.format(Locale.ROOT, "%,d", d.size()) + " bytes)",
                    "detailSize");
        }
        if (d.isObject()) {
            row = add(row, "ETag", d.etag(), "detailEtag");
            row = add(row, "Content type", d.contentType(), "detailContentType");
            row = add(row, "Storage class", d.storageClass(), "detailStorageClass");
        }
        if (d.lastModified() != null) {
            row = add(row, "Modified", TIME.format(d.lastModified()), "detailModified");
        }
        for (Map.Entry<String, String> m : new TreeMap<>(d.metadata()).entrySet()) {
            row = add(row, "meta: " + m.getKey(), m.getValue(), null);
        }
        if (d.error() != null) {
            Label error = new Label(d.error());
            error.setWrapText(true);
            error.getStyleClass().add(Styles.DANGER);
            grid.add(error, 0, row, 2, 1);
        }
    }

    private int add(int row, String key, String value, String id) {
        Label k = new Label(key);
        k.setMinWidth(Region.USE_PREF_SIZE);
        k.getStyleClass().add(Styles.TEXT_MUTED);
        Label v = new Label(value == null ? "—" : value);
        v.setWrapText(true);
        v.setMinWidth(0);
        if (id != null) {
            v.setId(id);
        }
        grid.addRow(row, k, v);
        return row + 1;
    }
}
