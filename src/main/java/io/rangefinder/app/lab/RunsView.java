package io.rangefinder.app.lab;

import io.rangefinder.bench.BenchResult;
import io.rangefinder.bench.RunStore;
import io.rangefinder.core.Units;

import javafx.beans.property.SimpleStringProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.geometry.Side;
import javafx.scene.Node;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Saved runs: pick one to export it, two or more to overlay their MB/s curves and compare their
 * summaries side by side. "Open result…" imports a JSON result (the CLI's too) into the runs folder.
 */
final class RunsView {

    private final LabViewModel model;
    private final TableView<RunStore.Entry> table = new TableView<>();
    private final MarkedLineChart overlay;
    private final TableView<String[]> compare = new TableView<>();
    private final VBox compareBox;
    private final javafx.collections.ObservableList<io.rangefinder.bench.Tuner.Point> tuningPoints =
            javafx.collections.FXCollections.observableArrayList();
    private final TuningChart tuningChart;
    private final Label tuningReason = new Label();
    private final SplitPane root;

    RunsView(LabViewModel model) {
        this.model = model;
        table.setId("lab-runs-table");
        table.setItems(model.runs());
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setPlaceholder(new Label("No runs yet: start one, or open a result file."));
        table.getColumns().add(column("Started", e -> shortTime(e.result().startedAt()), 125));
        table.getColumns().add(column("Kind", e -> e.result().kind(), 62));
        table.getColumns().add(column("MB/s", e -> SummaryStrip.fmt(e.result().mbPerSec()), 62));
        table.getColumns().add(column("Status", e -> SummaryStrip.stateOf(e.result()).text, 82));
        table.getColumns().add(column("URI", e -> e.result().uri(), 200));
        // Columns as wide as what they hold (a long URI scrolls sideways rather than being cut).
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        table.setRowFactory(_ -> {
            javafx.scene.control.TableRow<RunStore.Entry> row = new javafx.scene.control.TableRow<>();
            row.itemProperty().addListener((_, _, e) -> row.setTooltip(e == null || e.result().status() == null
                    || SummaryStrip.stateOf(e.result()) != SummaryStrip.State.FAILED ? null
                    : new javafx.scene.control.Tooltip(e.result().status())));
            return row;
        });
        fitColumnsWhenShown(table);

        Button open = new Button("Open result…", new FontIcon(Feather.FOLDER));
        open.setId("lab-open-result");
        open.setOnAction(_ -> chooser.open().ifPresent(model::importResult));
        Button json = new Button("JSON…", new FontIcon(Feather.DOWNLOAD));
        json.setId("lab-export-json");
        json.setOnAction(_ -> exportJson());
        Button csv = new Button("CSV…", new FontIcon(Feather.DOWNLOAD));
        csv.setId("lab-export-csv");
        csv.setOnAction(_ -> exportCsv());
        Button png = new Button("PNG…", new FontIcon(Feather.IMAGE));
        png.setId("lab-export-compare-png");
        Button delete = LabView.iconButton("Delete the selected runs", Feather.TRASH_2);
        delete.setId("lab-delete-run");
        delete.getStyleClass().add("danger");
        delete.setOnAction(_ -> List.copyOf(table.getSelectionModel().getSelectedItems()).forEach(model::deleteRun));
        json.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        csv.disableProperty().bind(json.disableProperty());
        delete.disableProperty().bind(json.disableProperty());
        Label exportCaption = new Label("Export:");
        exportCaption.setMinWidth(Label.USE_PREF_SIZE);
        HBox export = new HBox(6, exportCaption, json, csv, png);
        export.setAlignment(Pos.CENTER_LEFT);
        for (Button b : new Button[] {open, json, csv, png}) {
            b.setMinWidth(Button.USE_PREF_SIZE);
        }
        // the buttons wrap onto a second line rather than shrinking to "JS…"
        FlowPane buttons = new FlowPane(12, 6, open, export, delete);
        buttons.setAlignment(Pos.CENTER_LEFT);
        buttons.setId("lab-runs-buttons");
        VBox top = new VBox(6, table, buttons);
        VBox.setVgrow(table, Priority.ALWAYS);
        top.setPadding(new Insets(8));
        table.setMinHeight(120);

        NumberAxis x = new NumberAxis();
        x.setLabel("seconds since start");
        NumberAxis y = new NumberAxis();
        y.setLabel("MB/s");
        x.setAnimated(false);
        y.setAnimated(false);
        overlay = new MarkedLineChart("Throughput of the selected runs (MB/s)", x, y);
        overlay.setId("lab-compare-chart");
        overlay.setLegendSide(Side.TOP);
        compare.setId("lab-compare-table");
        compare.setPlaceholder(new Label("Select two or more runs to compare them."));
        compare.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        compare.setMinHeight(120);
        fitColumnsWhenShown(compare);
        overlay.setMinSize(260, 180);
        // chart and summary side by side under the list of runs: the list gets the whole width
        SplitPane compareSplit = new SplitPane(overlay, compare);
        compareSplit.setDividerPositions(0.55);
        // a tuning run alone in the selection: its search, as the lab drew it, and the pick with why
        tuningChart = new TuningChart(tuningPoints);
        tuningChart.setId("lab-runs-tuning-chart");
        tuningReason.setId("lab-runs-tuning-reason");
        tuningReason.setWrapText(true);
        tuningReason.setMinHeight(Label.USE_PREF_SIZE);
        VBox tuningBox = new VBox(4, tuningChart, tuningReason);
        tuningBox.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(tuningPoints));
        tuningBox.managedProperty().bind(tuningBox.visibleProperty());
        compareBox = new VBox(6, compareSplit, tuningBox);
        VBox.setVgrow(compareSplit, Priority.ALWAYS);
        compareBox.setPadding(new Insets(0, 8, 8, 8));
        png.setOnAction(_ -> chooser.save("PNG image", "*.png", "rangefinder-compare.png")
                .ifPresent(p -> LabView.writePng(compareBox, p, model)));

        root = new SplitPane(top, compareBox);
        root.setOrientation(Orientation.VERTICAL);
        root.setDividerPositions(0.42);
        table.getSelectionModel().getSelectedItems()
                .addListener((ListChangeListener<RunStore.Entry>) _ -> showSelection());
    }

    private static TableColumn<RunStore.Entry, String> column(String title, Function<RunStore.Entry, String> value,
                                                              double width) {
        TableColumn<RunStore.Entry, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cd -> new SimpleStringProperty(value.apply(cd.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    static String shortTime(String iso) {
        if (iso == null) {
            return "";
        }
        // 2025-01-02T03:04:05.678Z -> 01-02 03:04:05 (UTC, as stored)
        String s = iso.replace('T', ' ').replace("Z", "");
        int dot = s.indexOf('.');
        s = dot > 0 ? s.substring(0, dot) : s;
        return s.length() > 5 && s.charAt(4) == '-' ? s.substring(5) : s;
    }

    private static String name(BenchResult r, String ext) {
        return SavedRuns.fileName(r) + ext;
    }

    private List<BenchResult> selectedResults() {
        return table.getSelectionModel().getSelectedItems().stream().map(RunStore.Entry::result).toList();
    }

    /**
     * One run: a save dialog for its file. Several: a folder, and one file per run in it (the
     * format "Open result…" and the CLI read), never one run for the lot.
     */
    void exportJson() {
        List<BenchResult> picked = selectedResults();
        if (picked.size() == 1) {
            BenchResult r = picked.getFirst();
            chooser.save("JSON", "*.json", name(r, ".json")).ifPresent(p -> model.exportJson(r, p));
        } else if (!picked.isEmpty()) {
            chooser.folder("Export " + picked.size() + " runs as JSON (one file each) into")
                    .ifPresent(dir -> model.exportJsonEach(picked, dir));
        }
    }

    /** One run: its samples. Several: all their samples in one file, with a run column. */
    void exportCsv() {
        List<BenchResult> picked = selectedResults();
        if (picked.size() == 1) {
            BenchResult r = picked.getFirst();
            chooser.save("CSV", "*.csv", name(r, ".csv")).ifPresent(p -> model.exportCsv(r, p));
        } else if (!picked.isEmpty()) {
            chooser.save("CSV", "*.csv", "rangefinder-" + picked.size() + "-runs.csv")
                    .ifPresent(p -> model.exportCsvAll(picked, p));
        }
    }

    /** The file dialogs the Runs tab opens; tests put their own answers in. */
    interface Chooser {
        Optional<Path> open();

        Optional<Path> save(String what, String pattern, String initialName);

        Optional<Path> folder(String title);
    }

    void useChooser(Chooser c) {
        chooser = c;
    }

    private Chooser chooser = new Chooser() {
        @Override
        public Optional<Path> open() {
            FileChooser fc = new FileChooser();
            fc.setTitle("Open a benchmark result");
            fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Rangefinder result (JSON)", "*.json"));
            File f = fc.showOpenDialog(root.getScene().getWindow());
            return Optional.ofNullable(f).map(File::toPath);
        }

        @Override
        public Optional<Path> save(String what, String pattern, String initialName) {
            FileChooser fc = new FileChooser();
            fc.setTitle("Export " + what);
            fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(what, pattern));
            fc.setInitialFileName(initialName);
            File f = fc.showSaveDialog(root.getScene().getWindow());
            return Optional.ofNullable(f).map(File::toPath);
        }

        @Override
        public Optional<Path> folder(String title) {
            DirectoryChooser dc = new DirectoryChooser();
            dc.setTitle(title);
            File f = dc.showDialog(root.getScene().getWindow());
            return Optional.ofNullable(f).map(File::toPath);
        }
    };

    TuningChart tuningChart() {
        return tuningChart;
    }

    /** Overlays the selected runs' MB/s series and fills the side-by-side summary. */
    void showSelection() {
        List<RunStore.Entry> picked = List.copyOf(table.getSelectionModel().getSelectedItems());
        io.rangefinder.bench.Tuner.Result tuned = picked.size() == 1 ? picked.getFirst().result().tuning() : null;
        tuningPoints.setAll(tuned == null ? List.of() : tuned.points());
        tuningChart.pick(tuned == null ? null : tuned.recommended());
        tuningReason.setText(tuned == null ? "" : (tuned.recommended() == null ? "No pick: " : "Recommended: ")
                + tuned.reason());
        overlay.getData().clear();
        overlay.markers().clear();
        compare.getColumns().clear();
        compare.getItems().clear();
        int i = 1;
        for (RunStore.Entry e : picked) {
            XYChart.Series<Number, Number> s = new XYChart.Series<>();
            s.setName("#" + i++ + " " + e.result().kind() + " " + Units.formatRate(e.result().mbPerSec() * 1e6));
            List<XYChart.Data<Number, Number>> points = new ArrayList<>();
            if (e.result().series() != null) {
                for (BenchResult.Sample sample : e.result().series()) {
                    points.add(new XYChart.Data<>(sample.t(), sample.mbPerSec()));
                }
            }
            s.getData().setAll(points);
            overlay.getData().add(s);
            overlay.markers().addAll(LiveCharts.markers(e.result(), "#" + (i - 1) + " "));
            // a merged cluster run, alone in the selection: one thin line per worker under its total
            if (picked.size() == 1 && e.result().workers() != null && e.result().workers().size() <= ClusterView.MAX_WORKER_LINES) {
                for (BenchResult.WorkerSeries w : e.result().workers()) {
                    XYChart.Series<Number, Number> ws = new XYChart.Series<>();
                    ws.setName("rank " + w.rank());
                    List<XYChart.Data<Number, Number>> wp = new ArrayList<>();
                    for (BenchResult.Sample sample : w.series()) {
                        wp.add(new XYChart.Data<>(sample.t(), sample.mbPerSec()));
                    }
                    ws.getData().setAll(wp);
                    overlay.getData().add(ws);
                    if (ws.getNode() != null) {
                        ws.getNode().getStyleClass().add("worker-line");
                    }
                }
            }
        }
        if (picked.isEmpty()) {
            return;
        }
        TableColumn<String[], String> metric = new TableColumn<>("");
        metric.setCellValueFactory(cd -> new SimpleStringProperty(cd.getValue()[0]));
        compare.getColumns().add(metric);
        for (int c = 0; c < picked.size(); c++) {
            int index = c + 1;
            TableColumn<String[], String> col = new TableColumn<>("#" + index);
            col.setCellValueFactory(cd -> new SimpleStringProperty(cd.getValue()[index]));
            compare.getColumns().add(col);
        }
        for (String[] row : rows(picked.stream().map(RunStore.Entry::result).toList())) {
            compare.getItems().add(row);
        }
        fitColumnsLater(compare);
    }

    /** Fits the columns once the table is on screen (its fonts known) and whenever its rows change. */
    private static <S> void fitColumnsWhenShown(TableView<S> t) {
        t.skinProperty().addListener((_, _, skin) -> {
            if (skin != null) {
                fitColumnsLater(t);
            }
        });
        t.getItems().addListener((ListChangeListener<S>) _ -> fitColumnsLater(t));
        t.itemsProperty().addListener((_, _, items) -> {
            if (items != null) {
                items.addListener((ListChangeListener<S>) _ -> fitColumnsLater(t));
            }
            fitColumnsLater(t);
        });
    }

    private static <S> void fitColumnsLater(TableView<S> t) {
        javafx.application.Platform.runLater(() -> fitColumns(t));
    }

    /** Makes each column as wide as its header and its widest value (all rows), in the fonts the table draws with. */
    static <S> void fitColumns(TableView<S> t) {
        if (t.getScene() == null) {
            return;
        }
        t.applyCss();
        Font cellFont = Font.getDefault();
        double cellPad = 24;
        for (Node n : t.lookupAll(".table-cell")) {
            if (n instanceof javafx.scene.control.TableCell<?, ?> c) {
                cellFont = c.getFont();
                cellPad = c.snappedLeftInset() + c.snappedRightInset() + 6;
                break;
            }
        }
        Font headerFont = cellFont;
        double headerPad = 30;
        for (Node n : t.lookupAll(".column-header .label")) {
            if (n instanceof Label l) {
                headerFont = l.getFont();
                Node header = l.getParent();
                double outer = header instanceof javafx.scene.layout.Region r ? r.snappedLeftInset() + r.snappedRightInset() : 0;
                headerPad = l.snappedLeftInset() + l.snappedRightInset() + outer + 14; // room for a sort arrow
                break;
            }
        }
        for (TableColumn<S, ?> c : t.getColumns()) {
            double w = width(c.getText(), headerFont) + headerPad;
            for (S item : t.getItems()) {
                var v = c.getCellObservableValue(item);
                Object value = v == null ? null : v.getValue();
                if (value != null) {
                    w = Math.max(w, width(value.toString(), cellFont) + cellPad);
                }
            }
            w = Math.ceil(w);
            c.setMinWidth(w);
            c.setPrefWidth(w);
        }
    }

    private static double width(String s, Font font) {
        if (s == null || s.isEmpty()) {
            return 0;
        }
        Text text = new Text(s);
        text.setFont(font);
        return text.getLayoutBounds().getWidth();
    }

    static List<String[]> rows(List<BenchResult> runs) {
        List<String[]> rows = new ArrayList<>();
        rows.add(row("kind", runs, BenchResult::kind));
        rows.add(row("object / prefix", runs, r -> r.uri() == null ? "" : r.uri().substring(r.uri().lastIndexOf('/', r.uri().length() - 2) + 1)));
        rows.add(row("started", runs, r -> shortTime(r.startedAt())));
        rows.add(row("status", runs, BenchResult::status));
        rows.add(row("MB/s", runs, r -> SummaryStrip.fmt(r.mbPerSec())));
        rows.add(row("ops/s", runs, r -> SummaryStrip.fmt(r.opsPerSec())));
        rows.add(row("moved", runs, r -> Units.formatSize(r.bytes())));
        rows.add(row("seconds", runs, r -> String.format(Locale.ROOT, "%.2f", r.seconds())));
        rows.add(row("concurrency (end)", runs, r -> Integer.toString(r.concurrency())));
        rows.add(row("p50", runs, r -> r.latencyMs() == null ? "" : SummaryStrip.ms(r.latencyMs().p50())));
        rows.add(row("p99", runs, r -> r.latencyMs() == null ? "" : SummaryStrip.ms(r.latencyMs().p99())));
        rows.add(row("retries / errors", runs, r -> r.retries() + " / " + r.errors()));
        rows.add(row("tuning changes", runs, r -> r.marks() == null ? "0" : Integer.toString(r.marks().size())));
        for (String key : List.of("chunkSize", "repeats", "loader", "batchSize", "poolSize", "prefetch", "computeMsPerBatch")) {
            if (runs.stream().anyMatch(r -> r.settings() != null && r.settings().containsKey(key))) {
                rows.add(row(key, runs, r -> setting(r.settings(), key)));
            }
        }
        rows.add(row("cores / version", runs, r -> r.cores() + " / " + r.version()));
        return rows;
    }

    private static String setting(Map<String, Object> settings, String key) {
        Object v = settings == null ? null : settings.get(key);
        if (v == null) {
            return "";
        }
        if (key.equals("chunkSize") && v instanceof Number n) {
            return Units.formatSize(n.longValue());
        }
        return v.toString();
    }

    private static String[] row(String name, List<BenchResult> runs, Function<BenchResult, String> value) {
        String[] row = new String[runs.size() + 1];
        row[0] = name;
        for (int i = 0; i < runs.size(); i++) {
            String v = value.apply(runs.get(i));
            row[i + 1] = v == null ? "" : v;
        }
        return row;
    }

    Node node() {
        return root;
    }

    TableView<RunStore.Entry> table() {
        return table;
    }

    MarkedLineChart overlay() {
        return overlay;
    }

    TableView<String[]> compareTable() {
        return compare;
    }

    Node compareNode() {
        return compareBox;
    }
}
