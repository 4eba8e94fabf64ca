package io.rangefinder.app.common;

import atlantafx.base.theme.Styles;

import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * An error shown in place: one readable line, and a collapsed "Details" with the causes in words
 * (one line each) and a "Copy for a bug report" button that puts the full text, stack trace
 * included, on the clipboard. Everything shown or copied is masked (see {@link ErrorReport}). No dialogs.
 */
public final class ErrorPane extends VBox {

    private final Label message = new Label();
    private final TextArea details = new TextArea();
    private final Button copy = new Button("Copy for a bug report", new FontIcon(Feather.CLIPBOARD));
    private final Label copied = new Label();
    private final TitledPane expander;
    private ErrorReport shown;

    public ErrorPane(ObservableValue<ErrorReport> report, Runnable dismiss) {
        this(report, dismiss, "");
    }

    /**
     * @param idPrefix names this pane's nodes apart from another's in the same window, e.g. "lab"
     *                 gives "labErrorPane", "labErrorMessage"; "" gives "errorPane", "errorMessage"
     */
    public ErrorPane(ObservableValue<ErrorReport> report, Runnable dismiss, String idPrefix) {
        java.util.function.UnaryOperator<String> id = name -> idPrefix.isEmpty() ? name
                : idPrefix + Character.toUpperCase(name.charAt(0)) + name.substring(1);
        setId(id.apply("errorPane"));
        getStyleClass().add("error-pane");
        message.setId(id.apply("errorMessage"));
        message.setWrapText(true);
        message.setGraphic(new FontIcon(Feather.ALERT_TRIANGLE));
        message.getStyleClass().add(Styles.DANGER);
        message.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(message, Priority.ALWAYS);
        Button close = new Button(null, new FontIcon(Feather.X));
        close.setId(id.apply("dismissError"));
        close.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL);
        close.setOnAction(_ -> dismiss.run());
        HBox top = new HBox(8, message, close);
        top.setAlignment(Pos.TOP_LEFT);

        details.setId(id.apply("errorDetails"));
        details.setEditable(false);
        details.setWrapText(true);
        details.setPrefRowCount(4);
        details.getStyleClass().add("error-details");
        copy.setId(id.apply("copyBugReport"));
        copy.getStyleClass().addAll(Styles.SMALL);
        copy.setTooltip(new Tooltip("Copies the error with its stack trace (secrets masked) to paste into a bug report"));
        copy.setOnAction(_ -> copyBugReport());
        copied.setId(id.apply("bugReportCopied"));
        copied.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        HBox actions = new HBox(8, copy, copied);
        actions.setAlignment(Pos.CENTER_LEFT);
        VBox body = new VBox(6, details, actions);
        expander = new TitledPane("Details", body);
        expander.setId(id.apply("errorDetailsExpander"));
        expander.setExpanded(false);
        expander.setAnimated(false);
        getChildren().setAll(top, expander);
        setSpacing(4);

        report.addListener((_, _, r) -> show(r));
        show(report.getValue());
    }

    private void show(ErrorReport r) {
        shown = r;
        setVisible(r != null);
        setManaged(r != null);
        copied.setText("");
        if (r != null) {
            message.setText(r.message());
            details.setText(r.details());
            expander.setExpanded(false);
        }
    }

    private void copyBugReport() {
        if (shown == null) {
            return;
        }
        ClipboardContent content = new ClipboardContent();
        content.putString(shown.bugReport());
        Clipboard.getSystemClipboard().setContent(content);
        copied.setText("Copied: paste it into the bug report.");
    }
}
