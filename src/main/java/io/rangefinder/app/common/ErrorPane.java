package io.rangefinder.app.common;

import atlantafx.base.theme.Styles;

import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** An error shown in place: one readable line, and a collapsed "Details" holding text to copy. No dialogs. */
public final class ErrorPane extends VBox {

    private final Label message = new Label();
    private final TextArea details = new TextArea();
    private final TitledPane expander = new TitledPane("Details", details);

    public ErrorPane(ObservableValue<ErrorReport> report, Runnable dismiss) {
        setId("errorPane");
        getStyleClass().add("error-pane");
        message.setId("errorMessage");
        message.setWrapText(true);
        message.setGraphic(new FontIcon(Feather.ALERT_TRIANGLE));
        message.getStyleClass().add(Styles.DANGER);
        message.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(message, Priority.ALWAYS);
        Button close = new Button(null, new FontIcon(Feather.X));
        close.setId("dismissError");
        close.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL);
        close.setOnAction(_ -> dismiss.run());
        HBox top = new HBox(8, message, close);
        top.setAlignment(Pos.TOP_LEFT);

        details.setId("errorDetails");
        details.setEditable(false);
        details.setWrapText(false);
        details.setPrefRowCount(8);
        details.getStyleClass().add("error-details");
        expander.setId("errorDetailsExpander");
        expander.setExpanded(false);
        expander.setAnimated(false);
        getChildren().setAll(top, expander);
        setSpacing(4);

        report.addListener((_, _, r) -> show(r));
        show(report.getValue());
    }

    private void show(ErrorReport r) {
        setVisible(r != null);
        setManaged(r != null);
        if (r != null) {
            message.setText(r.message());
            details.setText(r.details());
            expander.setExpanded(false);
        }
    }
}
