package io.rangefinder.app.common;

import atlantafx.base.theme.Styles;

import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * A question over the window (not a separate dialog window): title, message, an optional name
 * field, Cancel and the action. Escape cancels; Enter confirms only in a name field, so a stray
 * Enter never deletes.
 */
public final class ConfirmOverlay extends StackPane {

    private final Label title = new Label();
    private final Label message = new Label();
    private final TextField input = new TextField();
    private final Button cancel = new Button("Cancel");
    private final Button action = new Button();
    private final HBox choiceButtons = new HBox(8);
    private final javafx.scene.control.CheckBox applyToAll = new javafx.scene.control.CheckBox();
    private final Runnable onCancel;

    public ConfirmOverlay(ObservableValue<Confirmation> question, java.util.function.Consumer<String> onConfirm, Runnable onCancel) {
        this.onCancel = onCancel;
        setId("confirmOverlay");
        applyToAll.setId("confirmApplyToAll");
        getStyleClass().add("confirm-overlay");
        title.setId("confirmTitle");
        title.getStyleClass().add(Styles.TITLE_3);
        title.setWrapText(true);
        message.setId("confirmMessage");
        message.setWrapText(true);
        input.setId("confirmInput");
        cancel.setId("confirmCancel");
        cancel.setCancelButton(true);
        action.setId("confirmAction");
        cancel.setOnAction(_ -> onCancel.run());
        action.setOnAction(_ -> onConfirm.accept(input.isManaged() ? input.getText() : null));
        input.setOnAction(_ -> action.fire());
        addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                onCancel.run();
                e.consume();
            }
        });
        Region spacer = new Region();
        HBox.setHgrow(spacer, javafx.scene.layout.Priority.ALWAYS);
        HBox buttons = new HBox(8, spacer, cancel, choiceButtons, action);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        VBox card = new VBox(12, title, message, input, applyToAll, buttons);
        card.getStyleClass().add("confirm-card");
        card.setMaxSize(460, Region.USE_PREF_SIZE);
        card.setPrefWidth(460);
        getChildren().add(card);
        setAlignment(Pos.CENTER);
        question.addListener((_, _, q) -> show(q));
        show(question.getValue());
    }

    private void show(Confirmation q) {
        setVisible(q != null);
        if (q == null) {
            return;
        }
        title.setText(q.title());
        message.setText(q.message());
        action.setText(q.actionLabel());
        action.getStyleClass().removeAll(Styles.DANGER, Styles.ACCENT);
        action.getStyleClass().add(q.destructive() ? Styles.DANGER : Styles.ACCENT);
        input.setVisible(q.wantsInput());
        input.setManaged(q.wantsInput());
        input.setText(q.wantsInput() ? q.input() : "");
        applyToAll.setVisible(q.applyToAll() != null);
        applyToAll.setManaged(q.applyToAll() != null);
        applyToAll.setText(q.applyToAll() == null ? "" : q.applyToAll());
        applyToAll.setSelected(false);
        choiceButtons.getChildren().clear();
        action.setVisible(!q.hasChoices());
        action.setManaged(!q.hasChoices());
        for (Confirmation.Choice c : q.choices()) {
            Button b = new Button(c.label());
            b.setId(c.id());
            if (c == q.choices().getLast()) {
                b.getStyleClass().add(Styles.ACCENT);
            }
            b.setOnAction(_ -> {
                boolean all = applyToAll.isSelected();
                onCancel.run(); // the question goes; the answer may ask the next one
                q.onChoice().accept(c, all);
            });
            choiceButtons.getChildren().add(b);
        }
        javafx.application.Platform.runLater(() -> (q.wantsInput() ? input : cancel).requestFocus());
    }
}
