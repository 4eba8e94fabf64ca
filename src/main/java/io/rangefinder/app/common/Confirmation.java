package io.rangefinder.app.common;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A question the window must ask before acting (delete, new folder name, what to do with a name
 * that is taken). The view model sets it; the view shows it over the window and answers with
 * {@code confirm(String)} or {@code dismissConfirmation()}, or for a question with choices, with
 * the chosen one.
 *
 * @param input initial text of a name field, or {@code null} for a plain yes/no question
 * @param action runs with the field's text (or {@code null}) when the user confirms
 * @param choices buttons besides Cancel, the last one the default; empty for a yes/no question
 * @param applyToAll text of an "apply to all" check box, or {@code null} for none
 * @param onChoice runs with the chosen button and whether "apply to all" was ticked
 */
public record Confirmation(String title, String message, String actionLabel, boolean destructive, String input,
                           Consumer<String> action, List<Choice> choices, String applyToAll,
                           BiConsumer<Choice, Boolean> onChoice) {

    /** One button of a question with choices; {@code id} names it for tests and accessibility. */
    public record Choice(String id, String label) {
    }

    public Confirmation {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    public Confirmation(String title, String message, String actionLabel, boolean destructive, String input,
                        Consumer<String> action) {
        this(title, message, actionLabel, destructive, input, action, List.of(), null, null);
    }

    /** A question with several answers (Replace, Skip, Keep both…) and optionally "apply to all". */
    public static Confirmation choice(String title, String message, List<Choice> choices, String applyToAll,
                                      BiConsumer<Choice, Boolean> onChoice) {
        return new Confirmation(title, message, choices.getLast().label(), false, null, null, choices, applyToAll, onChoice);
    }

    public boolean wantsInput() {
        return input != null;
    }

    public boolean hasChoices() {
        return !choices.isEmpty();
    }
}
