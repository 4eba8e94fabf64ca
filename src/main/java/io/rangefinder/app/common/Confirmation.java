package io.rangefinder.app.common;

import java.util.function.Consumer;

/**
 * A question the window must ask before acting (delete, new folder name). The view model sets it;
 * the view shows it over the window and answers with {@link ExplorerViewModel#confirm(String)} or
 * {@link ExplorerViewModel#dismissConfirmation()}.
 *
 * @param input initial text of a name field, or {@code null} for a plain yes/no question
 * @param action runs with the field's text (or {@code null}) when the user confirms
 */
public record Confirmation(String title, String message, String actionLabel, boolean destructive, String input,
                           Consumer<String> action) {

    public boolean wantsInput() {
        return input != null;
    }
}
