package io.rangefinder.app.explorer;

import io.rangefinder.app.common.ConfirmOverlay;
import io.rangefinder.app.common.ErrorPane;
import io.rangefinder.app.transfers.TransfersView;
import io.rangefinder.storage.ObjectUri;

import atlantafx.base.controls.Breadcrumbs;
import atlantafx.base.controls.Breadcrumbs.BreadCrumbItem;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;

import javafx.collections.ObservableList;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.MouseButton;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.StackPane;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.io.File;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/** The controls of an explorer window, bound to an {@link ExplorerViewModel}; holds no state of its own. */
public final class ExplorerView {

    static final String FILTER_PROMPT = "Filter: name start (asks the store in big folders) · *text = contains";

    private final ExplorerViewModel model;
    private final StackPane root = new StackPane();
    private final BorderPane main = new BorderPane();
    private final Breadcrumbs<Location> breadcrumbs = new Breadcrumbs<>();
    private final TableView<ExplorerEntry> table = new TableView<>();
    private final Label status = new Label();
    private final Label filterMode = new Label();
    private final SplitPane split = new SplitPane();
    private final DetailsView details;
    private final TransfersView transfers;
    private final ExplorerToolbar toolbar;
    private final ToggleButton detailsToggle;
    static final double ROW_HEIGHT = 32;
    static final double COMPACT_ROW_HEIGHT = 24;
    private Function<Window, Path> downloadFolderChooser = this::chooseDownloadFolder;
    private Function<Window, List<Path>> uploadFileChooser = this::chooseUploadFiles;
    private Function<Window, List<Path>> uploadFolderChooser = this::chooseUploadFolder;
    // where the file dialogs open: the last local folder used, else the user's home
    private Path lastLocalFolder;

    /** A sidebar left of the listing (the connections), and the dialog it lays over the window. */
    public record Sidebar(Node node, Node dialog) {
    }

    private final Sidebar connections;
    private java.util.function.BiConsumer<ObjectUri, Boolean> onBenchmark = (_, _) -> { };

    public ExplorerView(ExplorerViewModel model) {
        this(model, null);
    }

    /** With a sidebar (the connections) left of the listing, when {@code sidebar} is given. */
    public ExplorerView(ExplorerViewModel model, Sidebar sidebar) {
        this.model = model;
        this.connections = sidebar;
        this.details = new DetailsView(model.detailsProperty(), model);
        this.transfers = new TransfersView(model.transfers());
        this.toolbar = new ExplorerToolbar(this, model, table);
        this.detailsToggle = toolbar.detailsToggle();
        ErrorPane error = new ErrorPane(model.errorProperty(), model::dismissError);
        main.setTop(new VBox(toolbar.node(), breadcrumbBar(), error));
        split.setId("mainSplit");
        split.getItems().setAll(table(), details.node());
        split.setDividerPositions(0.72);
        if (connections != null) {
            split.getItems().addFirst(connections.node());
            SplitPane.setResizableWithParent(connections.node(), false);
            split.setDividerPositions(0.21, 0.74);
        }
        SplitPane.setResizableWithParent(details.node(), false);
        detailsToggle.setSelected(true);
        detailsToggle.selectedProperty().addListener((_, _, on) -> {
            if (on && !split.getItems().contains(details.node())) {
                split.getItems().add(details.node());
                split.setDividerPositions(connections == null ? new double[] {0.72} : new double[] {0.21, 0.74});
            } else if (!on) {
                split.getItems().remove(details.node());
            }
        });
        main.setCenter(split);
        main.setBottom(new VBox(transfers.node(), statusBar()));
        main.getStyleClass().add("explorer");
        // the window's height wins over the parts' minimum heights, so the status bar is never cut off
        main.setMinSize(0, 0);
        split.setMinHeight(0);
        ConfirmOverlay overlay = new ConfirmOverlay(model.confirmationProperty(), model::confirm, () -> {
            model.dismissConfirmation();
            table.requestFocus();
        });
        root.getChildren().setAll(main, overlay);
        if (connections != null) {
            root.getChildren().add(connections.dialog());
        }
        root.getStylesheets().add(ExplorerView.class.getResource("explorer.css").toExternalForm());
        root.getStyleClass().add("explorer");
        root.addEventFilter(KeyEvent.KEY_PRESSED, this::onShortcut);
    }

    public Parent root() {
        return root;
    }

    /** Gives the table the keyboard, so Enter and Backspace work as soon as the window shows. */
    public void focusTable() {
        table.requestFocus();
    }

    /** Stops the transfers sampler (when the window closes). */
    public void dispose() {
        transfers.stop();
    }

    /** Where downloads go; tests replace the native folder dialog with a fixed folder. */
    public void setDownloadFolderChooser(Function<Window, Path> chooser) {
        this.downloadFolderChooser = chooser;
    }

    /** Which files the Upload button sends; tests replace the native file dialog. */
    public void setUploadFileChooser(Function<Window, List<Path>> chooser) {
        this.uploadFileChooser = chooser;
    }

    public void setUploadFolderChooser(Function<Window, List<Path>> chooser) {
        this.uploadFolderChooser = chooser;
    }

    // ---- what the tool bar and the menus act on ----

    /** What "Benchmark" does with the selection's URI and whether it is a folder (prefix). */
    public void setOnBenchmark(java.util.function.BiConsumer<ObjectUri, Boolean> action) {
        onBenchmark = action;
    }

    private Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    List<ExplorerEntry> selection() {
        // rows of a kept listing still being read again are not yet anything to act on
        return table.getSelectionModel().getSelectedItems().stream().filter(e -> e != PagedRows.PENDING).toList();
    }

    void downloadSelection() {
        List<ExplorerEntry> chosen = selection();
        if (chosen.isEmpty()) {
            return;
        }
        Path target = downloadFolderChooser.apply(window());
        if (target != null) {
            lastLocalFolder = target;
            model.download(chosen, target);
        }
    }

    void uploadFiles() {
        List<Path> chosen = uploadFileChooser.apply(window());
        if (chosen != null && !chosen.isEmpty()) {
            rememberFolderOf(chosen.getFirst());
            model.upload(chosen);
        }
    }

    void uploadFolder() {
        List<Path> chosen = uploadFolderChooser.apply(window());
        if (chosen != null && !chosen.isEmpty()) {
            rememberFolderOf(chosen.getFirst());
            model.upload(chosen);
        }
    }

    /** Hands a row to whoever benchmarks it (the Lab): an object's range reads, a folder's data loader. */
    void benchmark(ExplorerEntry e) {
        onBenchmark.accept(model.uriOf(e), e.isFolder());
    }

    private void rememberFolderOf(Path chosen) {
        Path parent = chosen.toAbsolutePath().getParent();
        lastLocalFolder = parent != null ? parent : chosen;
    }

    /** Where the next file dialog opens: the last local folder used, else the user's home (never the app's working folder). */
    Path dialogStartFolder() {
        Path start = lastLocalFolder != null ? lastLocalFolder : Path.of(System.getProperty("user.home", "/"));
        return start.toFile().isDirectory() ? start : Path.of(System.getProperty("user.home", "/"));
    }

    private Path chooseDownloadFolder(Window owner) {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Download to folder");
        chooser.setInitialDirectory(dialogStartFolder().toFile());
        File dir = chooser.showDialog(owner);
        return dir == null ? null : dir.toPath();
    }

    private List<Path> chooseUploadFiles(Window owner) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Upload files");
        chooser.setInitialDirectory(dialogStartFolder().toFile());
        List<File> files = chooser.showOpenMultipleDialog(owner);
        return files == null ? List.of() : files.stream().map(File::toPath).toList();
    }

    private List<Path> chooseUploadFolder(Window owner) {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Upload folder");
        chooser.setInitialDirectory(dialogStartFolder().toFile());
        File dir = chooser.showDialog(owner);
        return dir == null ? List.of() : List.of(dir.toPath());
    }

    // ---- breadcrumbs ----

    private Node breadcrumbBar() {
        breadcrumbs.setId("breadcrumbs");
        breadcrumbs.setAutoNavigationEnabled(false);
        breadcrumbs.setCrumbFactory(this::crumb);
        breadcrumbs.setDividerFactory(item -> item == null || item.isLast() ? null : new FontIcon(Feather.CHEVRON_RIGHT));
        breadcrumbs.setOnCrumbAction(e -> model.open(e.getSelectedCrumb().getValue()));
        model.locationProperty().addListener((_, _, at) -> showCrumbs(at));
        showCrumbs(model.getLocation());
        HBox bar = new HBox(breadcrumbs);
        bar.getStyleClass().add("breadcrumb-bar");
        return bar;
    }

    private void showCrumbs(Location at) {
        if (at == null) {
            breadcrumbs.setSelectedCrumb(null);
            return;
        }
        List<Location> path = at.pathFromRoot();
        breadcrumbs.setSelectedCrumb(Breadcrumbs.buildTreeModel(path.toArray(Location[]::new)));
    }

    private ButtonBase crumb(BreadCrumbItem<Location> item) {
        Location at = item.getValue();
        boolean local = model.scheme() == null || model.scheme() == io.rangefinder.storage.ObjectUri.Scheme.FILE;
        Button button = at.isRoot()
                ? new Button(null, new FontIcon(local ? Feather.HARD_DRIVE : Feather.CLOUD))
                : new Button(at.name());
        button.getStyleClass().addAll(Styles.FLAT, Styles.SMALL, "crumb");
        button.setFocusTraversable(false);
        if (at.isRoot()) {
            button.setTooltip(new Tooltip(local ? "All top-level folders" : "All buckets (containers) of this connection"));
        }
        return button;
    }

    // ---- table ----

    private Node table() {
        table.setId("entryTable");
        table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        // one height for every row: the table then places row 9,000,000 by arithmetic, not by measuring
        table.setFixedCellSize(ROW_HEIGHT);
        table.setTableMenuButtonVisible(true); // the "+" at the right of the header shows and hides columns
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);

        table.getColumns().setAll(EntryColumns.create());
        for (TableColumn<ExplorerEntry, ?> column : table.getColumns()) {
            // a listing kept as pages cannot be sorted in the window: it is shown in the store's order
            column.sortableProperty().bind(model.pagedProperty().not());
        }

        // Store order until the user clicks a column header. A SortedList costs O(rows) per appended
        // row even without a comparator (a 1000-row page into 100k rows stalled the FX thread ~200 ms),
        // so the table shows the model's list directly and wraps it only while a column sorts.
        SortedList<ExplorerEntry> sorted = new SortedList<>(model.entries());
        table.setItems(model.entries());
        model.rowsProperty().addListener((_, _, list) -> {
            table.getSortOrder().clear();
            table.setItems(list);
        });
        model.jumpProperty().addListener((_, _, to) -> {
            if (to != null && to.index() < table.getItems().size()) {
                table.getSelectionModel().clearAndSelect(to.index());
                table.getFocusModel().focus(to.index());
                table.scrollTo(Math.max(0, to.index() - 3));
            }
        });
        table.addEventHandler(KeyEvent.KEY_TYPED, this::typeAhead);
        table.setSortPolicy(t -> {
            Comparator<ExplorerEntry> by = model.pagedProperty().get() ? null : t.getComparator();
            sorted.setComparator(by);
            ObservableList<ExplorerEntry> wanted = by == null ? model.entries() : sorted;
            if (t.getItems() != wanted) {
                t.setItems(wanted);
            }
            return true;
        });

        table.setPlaceholder(ListingPlaceholder.of(model));

        table.setRowFactory(_ -> {
            TableRow<ExplorerEntry> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !row.isEmpty()) {
                    model.open(row.getItem());
                }
            });
            return row;
        });
        table.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER) {
                ExplorerEntry selected = table.getSelectionModel().getSelectedItem();
                if (selected != null && selected.isFolder()) {
                    model.open(selected);
                } else if (selected != null) {
                    detailsToggle.setSelected(true);
                    model.showDetails(selection());
                }
                e.consume();
            } else if (e.getCode() == KeyCode.BACK_SPACE) {
                model.goUp();
                e.consume();
            } else if (e.getCode() == KeyCode.DELETE) {
                model.requestDelete(selection());
                e.consume();
            }
        });
        table.getSelectionModel().getSelectedItems().addListener(
                (javafx.collections.ListChangeListener<ExplorerEntry>) _ -> model.showDetails(selection()));
        // a new folder starts with its first row selected, so Enter works without the mouse
        model.entries().addListener((javafx.collections.ListChangeListener<ExplorerEntry>) _ -> {
            if (!table.getItems().isEmpty() && table.getSelectionModel().isEmpty()) {
                table.getSelectionModel().select(0);
                table.getFocusModel().focus(0);
            }
        });

        table.setOnContextMenuRequested(e -> {
            showContextMenu(e.getPickResult().getIntersectedNode(), e.getScreenX(), e.getScreenY());
            e.consume();
        });
        // some platforms (and the headless one) send no menu request for a right-click: the release opens it
        table.addEventHandler(javafx.scene.input.MouseEvent.MOUSE_RELEASED, e -> {
            if (e.getButton() == MouseButton.SECONDARY && !contextMenu.isShowing()) {
                showContextMenu(e.getPickResult().getIntersectedNode(), e.getScreenX(), e.getScreenY());
                e.consume();
            }
        });

        // files and folders dragged from the desktop upload into the folder shown
        table.setOnDragOver(this::onDragOver);
        table.setOnDragDropped(e -> {
            Dragboard board = e.getDragboard();
            boolean accepted = board.hasFiles() && dropFiles(board.getFiles());
            e.setDropCompleted(accepted);
            e.consume();
        });
        return table;
    }

    private final javafx.scene.control.ContextMenu contextMenu = new javafx.scene.control.ContextMenu();

    /**
     * Right-click: on a row, what can be done with the selection (the row joins it, or becomes it);
     * on empty space, what can be done in the folder shown.
     */
    private void showContextMenu(Node picked, double screenX, double screenY) {
        TableRow<?> row = null;
        for (Node n = picked; n != null && n != table; n = n.getParent()) {
            if (n instanceof TableRow<?> r) {
                row = r;
                break;
            }
        }
        if (row == null || row.isEmpty() || row.getItem() == PagedRows.PENDING) {
            table.getSelectionModel().clearSelection();
        } else if (!table.getSelectionModel().isSelected(row.getIndex())) {
            table.getSelectionModel().clearAndSelect(row.getIndex());
        }
        contextMenu.setId("entryMenu");
        contextMenu.getItems().setAll(menuItemsFor(selection()));
        contextMenu.show(table, screenX, screenY);
    }

    private List<MenuItem> menuItemsFor(List<ExplorerEntry> chosen) {
        boolean inContainer = model.canGoUpProperty().get();
        List<MenuItem> items = new java.util.ArrayList<>();
        if (chosen.isEmpty()) {
            if (inContainer) {
                items.add(item("ctxUploadFiles", "Upload files…", Feather.FILE_PLUS, this::uploadFiles));
                items.add(item("ctxUploadFolder", "Upload folder…", Feather.FOLDER_PLUS, this::uploadFolder));
                items.add(item("ctxNewFolder", "New folder…", Feather.FOLDER_PLUS, model::requestCreateFolder));
            } else {
                items.add(item("ctxNewBucket", "New " + model.containerWord() + "…", Feather.PLUS_SQUARE,
                        model::requestCreateContainer));
            }
            items.add(item("ctxGoTo", "Go to a name… (Ctrl+G)", Feather.CORNER_DOWN_RIGHT, model::requestJump));
            items.add(item("ctxCopyAddress", "Copy this folder's address", Feather.LINK,
                    () -> copyText(model.addressProperty().get())));
            items.add(new javafx.scene.control.SeparatorMenuItem());
            items.add(item("ctxRefresh", "Refresh (F5)", Feather.REFRESH_CW, model::refresh));
            return items;
        }
        ExplorerEntry first = chosen.getFirst();
        if (chosen.size() == 1 && first.isFolder()) {
            items.add(item("ctxOpen", "Open", Feather.FOLDER, () -> model.open(first)));
        }
        if (chosen.size() == 1 && !first.isFolder()) {
            items.add(item("ctxDetails", "Details", Feather.INFO, () -> {
                detailsToggle.setSelected(true);
                model.showDetails(chosen);
            }));
        }
        if (inContainer) {
            items.add(item("ctxDownload", "Download to a folder…", Feather.DOWNLOAD, this::downloadSelection));
            items.add(item("ctxCopyTo", "Copy to…", Feather.COPY, () -> model.requestCopyTo(chosen)));
        }
        if (chosen.size() == 1) {
            items.add(item("ctxBenchmark", first.isFolder() ? "Benchmark the data loader on it…" : "Benchmark range reads of it…",
                    Feather.ACTIVITY, () -> benchmark(first)));
        }
        items.add(item("ctxCopyAddress", chosen.size() == 1 ? "Copy address" : "Copy addresses", Feather.LINK,
                () -> copyText(String.join("\n", chosen.stream().map(x -> model.uriOf(x).toString()).toList()))));
        items.add(new javafx.scene.control.SeparatorMenuItem());
        MenuItem delete = item("ctxDelete", "Delete…", Feather.TRASH_2, () -> model.requestDelete(chosen));
        delete.getStyleClass().add(Styles.DANGER);
        items.add(delete);
        return items;
    }

    private static MenuItem item(String id, String text, Ikon icon, Runnable action) {
        MenuItem item = new MenuItem(text, new FontIcon(icon));
        item.setId(id);
        item.setOnAction(_ -> action.run());
        return item;
    }

    private static void copyText(String text) {
        javafx.scene.input.ClipboardContent content = new javafx.scene.input.ClipboardContent();
        content.putString(text);
        javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
    }

    private void onDragOver(DragEvent e) {
        if (e.getDragboard().hasFiles() && model.canGoUpProperty().get()) {
            e.acceptTransferModes(TransferMode.COPY);
        }
        e.consume();
    }

    private final StringBuilder typed = new StringBuilder();
    private long lastTyped;

    /**
     * Typing a name's beginning in the list goes to it (as in file managers): the keys typed within
     * a second of each other make one name. In store order the model finds it (also in listings too
     * big to hold); in a sorted table, the first row of the table starting with it.
     */
    private void typeAhead(KeyEvent e) {
        String ch = e.getCharacter();
        if (ch == null || ch.isEmpty() || Character.isISOControl(ch.charAt(0)) || e.isShortcutDown() || e.isAltDown()) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastTyped > 1_000_000_000L) {
            typed.setLength(0);
        }
        lastTyped = now;
        typed.append(ch);
        e.consume();
        String start = typed.toString();
        if (table.getItems() == model.entries()) {
            model.jumpTo(start);
            return;
        }
        String lower = start.toLowerCase(java.util.Locale.ROOT);
        for (int i = 0; i < table.getItems().size(); i++) {
            if (table.getItems().get(i).name().toLowerCase(java.util.Locale.ROOT).startsWith(lower)) {
                table.getSelectionModel().clearAndSelect(i);
                table.scrollTo(Math.max(0, i - 3));
                return;
            }
        }
    }

    /** What a drop of desktop files does: uploads them (folders recursively) here. False if nothing to do. */
    boolean dropFiles(List<File> files) {
        if (files == null || files.isEmpty() || !model.canGoUpProperty().get()) {
            return false;
        }
        model.upload(files.stream().map(File::toPath).toList());
        return true;
    }


    // ---- status bar ----

    private Node statusBar() {
        status.setId("statusLabel");
        status.textProperty().bind(model.statusProperty());
        status.setWrapText(false);
        model.stateProperty().addListener((_, _, s) -> {
            status.getStyleClass().remove(Styles.DANGER);
            if (s == ExplorerViewModel.State.FAILED) {
                status.getStyleClass().add(Styles.DANGER);
            }
        });
        filterMode.setId("filterModeLabel");
        filterMode.getStyleClass().add(Styles.TEXT_MUTED);
        Runnable describe = () -> filterMode.setText(model.filterDescription());
        model.filterModeProperty().addListener((_, _, _) -> describe.run());
        model.filterProperty().addListener((_, _, _) -> describe.run());
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(14, 14);
        busy.visibleProperty().bind(model.stateProperty().isEqualTo(ExplorerViewModel.State.LOADING));
        busy.managedProperty().bind(busy.visibleProperty());
        Button cancel = new Button("Cancel");
        cancel.setId("cancelLoadingBarButton");
        cancel.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
        cancel.setTooltip(new Tooltip("Stop listing this folder"));
        cancel.setOnAction(_ -> model.cancelLoading());
        cancel.visibleProperty().bind(busy.visibleProperty());
        cancel.managedProperty().bind(cancel.visibleProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(8, busy, status, cancel, spacer, filterMode);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("status-bar");
        return bar;
    }

    // ---- keyboard ----

    private static final KeyCombination FOCUS_ADDRESS = new KeyCodeCombination(KeyCode.L, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination UP = new KeyCodeCombination(KeyCode.UP, KeyCombination.ALT_DOWN);
    private static final KeyCombination BACK = new KeyCodeCombination(KeyCode.LEFT, KeyCombination.ALT_DOWN);
    private static final KeyCombination FORWARD = new KeyCodeCombination(KeyCode.RIGHT, KeyCombination.ALT_DOWN);
    private static final KeyCombination REFRESH = new KeyCodeCombination(KeyCode.F5);
    private static final KeyCombination GO_TO = new KeyCodeCombination(KeyCode.G, KeyCombination.SHORTCUT_DOWN);

    private void onShortcut(KeyEvent e) {
        if (model.getConfirmation() != null || (connections != null && connections.dialog().isVisible())) {
            return; // the question over the window has the keyboard
        }
        if (FOCUS_ADDRESS.match(e)) {
            toolbar.address().requestFocus();
            toolbar.address().selectAll();
        } else if (UP.match(e)) {
            model.goUp();
        } else if (BACK.match(e)) {
            model.goBack();
        } else if (FORWARD.match(e)) {
            model.goForward();
        } else if (REFRESH.match(e)) {
            model.refresh();
        } else if (GO_TO.match(e)) {
            model.requestJump();
        } else {
            return;
        }
        e.consume();
    }

    // ---- what the user chose, kept between runs ----

    /** Theme, density, sort and columns as the user left them. */
    public ViewPrefs prefs() {
        TableColumn<ExplorerEntry, ?> sortedBy = table.getSortOrder().isEmpty() ? null : table.getSortOrder().getFirst();
        return new ViewPrefs(toolbar.themeToggle().isSelected(), toolbar.densityToggle().isSelected(),
                sortedBy == null ? null : sortedBy.getId(),
                sortedBy == null || sortedBy.getSortType() == TableColumn.SortType.ASCENDING,
                table.getColumns().stream().map(c -> new ViewPrefs.Column(c.getId(), c.getWidth(), c.isVisible())).toList());
    }

    /** Puts theme, density, sort and columns back as saved; unknown columns are ignored, missing ones keep their place. */
    public void apply(ViewPrefs prefs) {
        toolbar.themeToggle().setSelected(prefs.dark());
        toolbar.densityToggle().setSelected(prefs.compact());
        List<TableColumn<ExplorerEntry, ?>> ordered = new java.util.ArrayList<>();
        for (ViewPrefs.Column saved : prefs.columns()) {
            table.getColumns().stream().filter(c -> c.getId().equals(saved.id())).findFirst().ifPresent(c -> {
                ordered.add(c);
                c.setVisible(saved.visible());
                if (saved.width() > 20) {
                    c.setPrefWidth(saved.width());
                }
            });
        }
        for (TableColumn<ExplorerEntry, ?> c : table.getColumns()) {
            if (!ordered.contains(c)) {
                ordered.add(c);
            }
        }
        table.getColumns().setAll(ordered);
        table.getSortOrder().clear();
        if (prefs.sortColumn() != null) {
            table.getColumns().stream().filter(c -> c.getId().equals(prefs.sortColumn())).findFirst().ifPresent(c -> {
                c.setSortType(prefs.ascending() ? TableColumn.SortType.ASCENDING : TableColumn.SortType.DESCENDING);
                table.getSortOrder().add(c);
            });
        }
    }

    /** A scene for this view at the given size. */
    public Scene newScene(double width, double height) {
        return new Scene(root, width, height);
    }
}
