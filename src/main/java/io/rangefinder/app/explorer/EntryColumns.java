package io.rangefinder.app.explorer;

import io.rangefinder.core.Units;

import atlantafx.base.theme.Tweaks;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The columns of the explorer's listing (name, size, last modified, storage class) and their
 * cells. The column ids are what the saved preferences remember a column by.
 */
final class EntryColumns {

    private static final DateTimeFormatter MODIFIED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private EntryColumns() {
    }

    /** New columns, in their default order. */
    static List<TableColumn<ExplorerEntry, ?>> create() {
        TableColumn<ExplorerEntry, ExplorerEntry> name = new TableColumn<>("Name");
        name.setId("colName");
        name.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        name.setCellFactory(_ -> new NameCell());
        // folders before objects, then by name in natural order (file-2 before file-10), as file managers sort
        name.setComparator(Comparator.comparing((ExplorerEntry e) -> !e.isFolder())
                .thenComparing(ExplorerEntry::name, NaturalOrder.INSTANCE));
        name.setPrefWidth(220);
        name.setMinWidth(120);

        TableColumn<ExplorerEntry, Number> size = new TableColumn<>("Size");
        size.setId("colSize");
        size.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().size()));
        size.setCellFactory(_ -> new TextCell<>(n -> n.longValue() < 0 ? "" : Units.formatSize(n.longValue())));
        size.getStyleClass().add(Tweaks.ALIGN_RIGHT);
        // wide enough for the widest size text ("1,023.9 KiB"): the table shrinks other columns before
        // this one, which at 90 px was cut to "77…" in a 900 px window
        size.setPrefWidth(110);
        size.setMinWidth(105);

        TableColumn<ExplorerEntry, Instant> modified = new TableColumn<>("Last modified");
        modified.setId("colModified");
        modified.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().lastModified()));
        modified.setCellFactory(_ -> new TextCell<>(MODIFIED::format));
        modified.setPrefWidth(160);
        modified.setMinWidth(150);

        // "Class": S3's and GCS's storage class, Azure's access tier; the details pane spells it out.
        // A short header, as "Storage class" showed as "Stor…" beside the other columns at 900 px.
        TableColumn<ExplorerEntry, String> storageClass = new TableColumn<>("Class");
        storageClass.setId("colStorageClass");
        storageClass.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().storageClass()));
        storageClass.setCellFactory(_ -> new TextCell<>(s -> s));
        storageClass.setPrefWidth(110);
        // the table's resize policy gives the last column's width away first: without a minimum it
        // was squeezed to a sliver in a 900 px window with the details pane open
        storageClass.setMinWidth(70);

        return List.of(name, size, modified, storageClass);
    }

    /** Reuses its three icons: a cell is updated on every scroll step, and new nodes there cost CSS passes. */
    private static final class NameCell extends TableCell<ExplorerEntry, ExplorerEntry> {
        private final FontIcon container = icon(Feather.HARD_DRIVE, "folder-icon");
        private final FontIcon folder = icon(Feather.FOLDER, "folder-icon");
        private final FontIcon object = icon(Feather.FILE, "file-icon");

        private static FontIcon icon(Feather glyph, String style) {
            FontIcon icon = new FontIcon(glyph);
            icon.getStyleClass().add(style);
            return icon;
        }

        @Override
        protected void updateItem(ExplorerEntry entry, boolean empty) {
            super.updateItem(entry, empty);
            if (empty || entry == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            setText(entry.name());
            FontIcon icon = switch (entry.kind()) {
                case CONTAINER -> container;
                case FOLDER -> folder;
                case OBJECT -> object;
            };
            if (getGraphic() != icon) {
                setGraphic(icon);
            }
        }
    }

    private static final class TextCell<T> extends TableCell<ExplorerEntry, T> {
        private final Function<T, String> format;

        TextCell(Function<T, String> format) {
            this.format = format;
        }

        @Override
        protected void updateItem(T value, boolean empty) {
            super.updateItem(value, empty);
            setText(empty || value == null ? null : format.apply(value));
        }
    }
}
