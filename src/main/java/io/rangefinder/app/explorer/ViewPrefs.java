package io.rangefinder.app.explorer;

import java.util.List;

/**
 * How the user left the explorer's look: theme, row density, the sorted column and the columns'
 * order, widths and visibility. The window saves it and gives it back on the next start.
 *
 * @param sortColumn id of the column sorted by, or null for the store's order
 */
public record ViewPrefs(boolean dark, boolean compact, String sortColumn, boolean ascending, List<Column> columns) {

    /** One column as left: its id, width in pixels and whether it shows. */
    public record Column(String id, double width, boolean visible) {
    }

    public static final ViewPrefs DEFAULT = new ViewPrefs(false, false, null, true, List.of());

    public ViewPrefs {
        columns = columns == null ? List.of() : List.copyOf(columns);
    }
}
