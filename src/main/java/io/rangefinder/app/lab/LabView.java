package io.rangefinder.app.lab;


import io.rangefinder.bench.BenchResult;
import io.rangefinder.storage.ObjectUri;

import javafx.beans.property.Property;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.image.WritableImage;
import io.rangefinder.app.common.ErrorPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The throughput lab: a URI field and settings, Start/Stop, live charts with tuning sliders that act
 * on the running benchmark, a summary strip, and the saved runs (compare, import, export).
 */
public final class LabView {

    private final LabViewModel model;
    private final BorderPane root = new BorderPane();
    private final TabPane tabs = new TabPane();
    private final LiveCharts charts;
    private TuningPanel tuningPanel;
    private final SummaryStrip summary = new SummaryStrip();
    private final TuningControl concurrency;
    private final TuningControl prefetch;
    private final RateControl rate;
    private final RunsView runsView;
    private final ClusterFollower follower;
    private final ClusterView clusterView;
    private final Tab clusterTab;
    private final VBox liveCenter;
    private final Tab liveTab;
    private Button startButton;
    static final double SETTINGS_WIDTH = 300;
    // Bidirectional bindings hold their ends weakly; these keep the adapters alive.
    private final List<Object> keep = new ArrayList<>();

    public LabView(LabViewModel model) {
        this(model, LiveCharts.DEFAULT_HZ);
    }

    public LabView(LabViewModel model, int chartHz) {
        this.model = model;
        root.getStyleClass().add("lab");
        root.getStylesheets().add(LabView.class.getResource("lab.css").toExternalForm());
        charts = new LiveCharts(model::sample, summary::show, model.liveMarks(), chartHz);
        concurrency = new TuningControl("Concurrency", "Range requests in flight (range runs) or the pool size (loader runs), applied to the run in flight", "lab-concurrency",
                model.concurrencyProperty(), 1, 128);
        prefetch = new TuningControl("Prefetch", "Batches queued ahead of the consumer (the loader's channel capacity), applied to the run in flight", "lab-prefetch", model.prefetchProperty(), 1, 64);
        prefetch.disableProperty().bind(model.kindProperty().isEqualTo(LabViewModel.Kind.RANGE));
        // a mixed run has no second concurrency: the room goes to its rate
        prefetch.visibleProperty().bind(model.kindProperty().isNotEqualTo(LabViewModel.Kind.MIXED));
        prefetch.managedProperty().bind(prefetch.visibleProperty());
        rate = new RateControl(model.rateLimitedProperty(), model.rateProperty());
        rate.visibleProperty().bind(model.kindProperty().isEqualTo(LabViewModel.Kind.PUT)
                .or(model.kindProperty().isEqualTo(LabViewModel.Kind.MIXED)));
        rate.managedProperty().bind(rate.visibleProperty());
        captionKnobs(model.kindProperty().get());
        runsView = new RunsView(model);

        ErrorPane errorPane = new ErrorPane(model.errorProperty(), model::dismissError, "lab");
        errorPane.setPadding(new Insets(6, 10, 6, 10));
        Button dismiss = (Button) errorPane.lookup("#labDismissError");
        if (dismiss != null) {
            name(dismiss, "Dismiss the error");
        }
        root.setTop(new VBox(toolbar(), errorPane));
        Button exportPng = iconButton("Export charts as PNG…", Feather.IMAGE);
        exportPng.setId("lab-export-charts-png");
        exportPng.setOnAction(_ -> choosePng().ifPresent(this::exportChartPng));
        // Fixed-size controls that wrap onto a new line when the window is narrow: nothing
        // stretches or moves sideways when the numbers in them change.
        FlowPane tuning = new FlowPane(16, 6, concurrency, prefetch, rate, exportPng);
        tuning.setAlignment(Pos.CENTER_LEFT);
        tuning.getStyleClass().add("tuning-row");
        tuningPanel = new TuningPanel(model);
        liveCenter = new VBox(8, summary, tuning, charts.node(), tuningPanel.node());
        liveCenter.setPadding(new Insets(8));
        VBox.setVgrow(charts.node(), Priority.ALWAYS);
        // Below the charts' minimum size the live view scrolls rather than squeezing them unreadable.
        ScrollPane liveScroll = new ScrollPane(liveCenter);
        liveScroll.setFitToWidth(true);
        liveScroll.setFitToHeight(true);
        liveScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        liveScroll.getStyleClass().addAll("lab-live-scroll", "edge-to-edge");
        liveScroll.setId("lab-live-scroll");
        tuningPanel.keepInView(liveScroll);
        BorderPane live = new BorderPane(liveScroll);
        ScrollPane settings = new ScrollPane(settingsPanel());
        settings.setFitToWidth(true);
        settings.setPrefWidth(SETTINGS_WIDTH);
        settings.setMinWidth(SETTINGS_WIDTH);
        settings.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        settings.getStyleClass().addAll("lab-settings", "edge-to-edge");
        live.setLeft(settings);
        liveTab = new Tab("Live", live);
        liveTab.setId("lab-live-tab");
        Tab runsTab = new Tab("Runs", runsView.node());
        runsTab.setId("lab-runs-tab");
        // a cluster run's results may be on another store than the benchmark: opened by their own URI
        follower = new ClusterFollower(u -> model.storesFor(u).apply(u), model.runStore(), model::refreshRuns);
        clusterView = new ClusterView(model, follower, this::exportClusterJob);
        clusterTab = new Tab("Cluster", clusterView.node());
        clusterTab.setId("lab-cluster-tab");
        tabs.getTabs().addAll(liveTab, runsTab, clusterTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        root.setCenter(tabs);
        Label status = new Label();
        status.setId("lab-message");
        status.textProperty().bind(model.messageProperty());
        status.getStyleClass().add("lab-status");
        status.setMaxWidth(Double.MAX_VALUE);
        status.setWrapText(true); // a long URI in the message wraps instead of being cut
        status.setMinHeight(Label.USE_PREF_SIZE);
        root.setBottom(status);
        // the charts take as many columns as fit at a readable width
        liveScroll.viewportBoundsProperty().addListener((_, _, b) -> charts.setAvailableWidth(b.getWidth() - 16));

        model.runningProperty().addListener((_, _, running) -> {
            if (running) {
                summary.clear();
                LabViewModel.Kind k = model.runningKindProperty().get();
                summary.latencyOver(SummaryStrip.latencyUnit(k.name().toLowerCase(java.util.Locale.ROOT)), false, false);
                charts.start(k, model.knobStartValues(k));
                tabs.getSelectionModel().select(liveTab);
            } else {
                charts.stop();
                if (model.errorProperty().get() != null) {
                    summary.showFailed();
                }
            }
        });
        model.lastResultProperty().addListener((_, _, r) -> {
            if (r != null) {
                summary.show(r);
            }
        });
        model.kindProperty().addListener((_, _, k) -> {
            if (!model.runningProperty().get()) {
                charts.layoutFor(k);
                summary.latencyOver(SummaryStrip.latencyUnit(k.name().toLowerCase(java.util.Locale.ROOT)), false, false);
            }
            captionKnobs(k);
        });
        model.refreshRuns();
    }

    /** The sliders say what they change in this kind of run. */
    private void captionKnobs(LabViewModel.Kind k) {
        switch (k) {
            case RANGE, LOADER -> {
                concurrency.setCaption("Concurrency", "Range requests in flight (range runs) or the pool size (loader runs), applied to the run in flight");
                prefetch.setCaption("Prefetch", "Batches queued ahead of the consumer (the loader's channel capacity), applied to the run in flight");
            }
            case PUT -> {
                concurrency.setCaption("Objects in flight", "Objects written at once, applied to the run in flight");
                prefetch.setCaption("Parts in flight", "Parts of one big object written at once (multipart, blocks), for objects started from now on");
            }
            case MIXED -> {
                concurrency.setCaption("Workers", "Operations in flight at once, applied to the run in flight");
                prefetch.setCaption("Prefetch", "A mixed run has no second concurrency");
            }
        }
    }

    private Node toolbar() {
        ComboBox<Choice> picker = connectionPicker();
        TextField uri = new TextField();
        uri.setId("lab-uri");
        uri.setPromptText("s3://bucket/big.bin (range)  or  s3://bucket/train/ (loader, put, mixed)");
        uri.textProperty().bindBidirectional(model.uriProperty());
        uri.setOnAction(_ -> model.start());
        uri.setMinWidth(200);
        uri.setAccessibleText("Object or prefix URI to benchmark");
        HBox.setHgrow(uri, Priority.ALWAYS);
        ToggleGroup group = new ToggleGroup();
        ToggleButton range = new ToggleButton("Range");
        range.setId("lab-kind-range");
        range.setUserData(LabViewModel.Kind.RANGE);
        ToggleButton loader = new ToggleButton("Loader");
        loader.setId("lab-kind-loader");
        loader.setUserData(LabViewModel.Kind.LOADER);
        ToggleButton put = new ToggleButton("Put");
        put.setId("lab-kind-put");
        put.setUserData(LabViewModel.Kind.PUT);
        put.setTooltip(new Tooltip("Upload benchmark: writes objects under the prefix (and deletes them afterwards)"));
        ToggleButton mixed = new ToggleButton("Mixed");
        mixed.setId("lab-kind-mixed");
        mixed.setUserData(LabViewModel.Kind.MIXED);
        mixed.setTooltip(new Tooltip("A weighted mix of get, put, stat, list and delete under the prefix, for a duration"));
        range.setTooltip(new Tooltip("Download one object as concurrent range requests"));
        loader.setTooltip(new Tooltip("Read every object under the prefix through a data loader"));
        List<ToggleButton> kindButtons = List.of(range, loader, put, mixed);
        group.getToggles().addAll(kindButtons);
        java.util.function.Consumer<LabViewModel.Kind> show = k -> kindButtons.stream()
                .filter(b -> b.getUserData() == k).findFirst().ifPresent(group::selectToggle);
        show.accept(model.kindProperty().get());
        group.selectedToggleProperty().addListener((_, was, now) -> {
            if (now == null) {
                group.selectToggle(was); // one is always selected
            } else {
                model.kindProperty().set((LabViewModel.Kind) now.getUserData());
            }
        });
        model.kindProperty().addListener((_, _, k) -> show.accept(k));
        range.getStyleClass().add("left-pill");
        loader.getStyleClass().add("center-pill");
        put.getStyleClass().add("center-pill");
        mixed.getStyleClass().add("right-pill");
        HBox kinds = new HBox(range, loader, put, mixed);
        kinds.disableProperty().bind(model.runningProperty());
        kinds.setMinWidth(HBox.USE_PREF_SIZE);

        Button start = new Button("Start", new FontIcon(Feather.PLAY));
        start.setId("lab-start");
        start.getStyleClass().add("accent");
        start.setDefaultButton(false);
        start.disableProperty().bind(model.runningProperty());
        start.setOnAction(_ -> model.start());
        startButton = start;
        Button tune = TuningPanel.findButton(model);
        Button stop = new Button("Stop", new FontIcon(Feather.SQUARE));
        stop.setId("lab-stop");
        stop.getStyleClass().add("danger");
        stop.disableProperty().bind(model.runningProperty().not()
                .or(model.stateProperty().isEqualTo(LabViewModel.State.STOPPING)));
        stop.setOnAction(_ -> model.stop());
        Button generate = new Button("Generate dataset…", new FontIcon(Feather.DATABASE));
        generate.setId("lab-generate");
        generate.setOnAction(_ -> new DatasetGeneratorDialog(model, root.getScene().getWindow()).show());
        for (Button b : new Button[] {start, tune, stop, generate}) {
            b.setMinWidth(Button.USE_PREF_SIZE);
        }
        Label connectionCaption = new Label("Connection");
        connectionCaption.setMinWidth(Label.USE_PREF_SIZE);
        connectionCaption.setLabelFor(picker);
        Label uriCaption = new Label("URI");
        uriCaption.setMinWidth(Label.USE_PREF_SIZE);
        uriCaption.setLabelFor(uri);
        HBox where = new HBox(8, connectionCaption, picker, uriCaption, uri);
        where.setAlignment(Pos.CENTER_LEFT);
        HBox actions = new HBox(8, kinds, start, tune, stop, new Separator(javafx.geometry.Orientation.VERTICAL), generate);
        actions.setAlignment(Pos.CENTER_LEFT);
        actions.setMinWidth(HBox.USE_PREF_SIZE);
        // One row when there is room for the URI field next to the buttons, else the buttons go below.
        VBox bar = new VBox(6);
        HBox oneRow = new HBox(8);
        oneRow.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(where, Priority.ALWAYS);
        bar.getStyleClass().add("lab-toolbar");
        bar.setId("lab-toolbar");
        Runnable arrange = () -> {
            double w = bar.getWidth();
            // one row only if the URI field still gets a useful width (its minimum is 200)
            boolean wide = w <= 0 || w >= actions.prefWidth(-1) + where.minWidth(-1) + 220;
            if (wide && bar.getChildren().size() != 1) {
                bar.getChildren().clear();
                oneRow.getChildren().setAll(where, actions);
                bar.getChildren().setAll(oneRow);
            } else if (!wide && bar.getChildren().size() != 2) {
                bar.getChildren().clear();
                oneRow.getChildren().clear();
                bar.getChildren().setAll(where, actions);
            }
        };
        bar.widthProperty().addListener((_, _, _) -> arrange.run());
        arrange.run();
        return bar;
    }

    /** An entry of the connection picker: a saved connection, or none ("by the URI"). */
    record Choice(io.rangefinder.storage.config.ConnectionProfile profile) {
        @Override
        public String toString() {
            return profile == null ? LabViewModel.AUTOMATIC
                    : profile.name() + " (" + profile.kind().name().toLowerCase(java.util.Locale.ROOT) + ")";
        }
    }

    /**
     * Which saved connection the lab runs against, or "by the URI" (the store the URI's scheme
     * and the app's connections give). The list is re-read each time the picker opens.
     */
    private ComboBox<Choice> connectionPicker() {
        ComboBox<Choice> picker = new ComboBox<>();
        picker.setId("lab-connection");
        picker.setAccessibleText("Connection the benchmark runs against");
        picker.setTooltip(new Tooltip("The saved connection the benchmark uses; “" + LabViewModel.AUTOMATIC
                + "” picks one from the URI"));
        picker.setPrefWidth(170);
        picker.setMinWidth(140);
        Runnable fill = () -> {
            List<Choice> items = new ArrayList<>();
            items.add(new Choice(null));
            model.connections().forEach(c -> items.add(new Choice(c)));
            picker.getItems().setAll(items);
            picker.setValue(new Choice(model.connectionProperty().get()));
        };
        model.connections().addListener((javafx.collections.ListChangeListener<io.rangefinder.storage.config.ConnectionProfile>) _ -> fill.run());
        model.connectionProperty().addListener((_, _, c) -> picker.setValue(new Choice(c)));
        picker.valueProperty().addListener((_, _, c) -> {
            if (c != null && c.profile() != model.connectionProperty().get()) {
                model.connectionProperty().set(c.profile());
                String typed = model.uriProperty().get();
                if (c.profile() != null && (typed == null || typed.isBlank())) {
                    model.uriProperty().set(io.rangefinder.storage.ObjectUri.Scheme.valueOf(c.profile().kind().name()).prefix() + "://");
                }
            }
        });
        picker.setOnShowing(_ -> model.refreshConnections());
        picker.disableProperty().bind(model.runningProperty());
        fill.run();
        return picker;
    }

    TuningChart tuningChart() {
        return tuningPanel.chart();
    }

    private Node settingsPanel() {
        GridPane rangeGrid = grid();
        int r = 0;
        rangeGrid.add(heading("Range benchmark"), 0, r++, 2, 1);
        r = row(rangeGrid, r, "Chunk size", text(model.chunkSizeProperty(), "lab-chunk-size"), "Bytes per range request, e.g. 8MiB");
        r = row(rangeGrid, r, "Min split size", text(model.minSplitSizeProperty(), "lab-min-split"), "Smaller objects use one request");
        r = row(rangeGrid, r, "Max concurrent ranges", intSpinner(model.concurrencyProperty(), 1, 128, "lab-max-ranges"), "Start value; the slider changes it live");
        Spinner<Double> timeout = new Spinner<>(new SpinnerValueFactory.DoubleSpinnerValueFactory(0.5, 600,
                model.rangeTimeoutSecondsProperty().get(), 0.5));
        timeout.setEditable(true);
        timeout.setId("lab-range-timeout");
        Property<Double> timeoutValue = model.rangeTimeoutSecondsProperty().asObject();
        keep.add(timeoutValue);
        timeout.getValueFactory().valueProperty().bindBidirectional(timeoutValue);
        r = row(rangeGrid, r, "Range timeout (s)", timeout, "An attempt slower than this is aborted and retried");
        r = row(rangeGrid, r, "Repeats", intSpinner(model.repeatsProperty(), 1, 10_000, "lab-repeats"), "Downloads in a row");

        GridPane loaderGrid = grid();
        r = 0;
        loaderGrid.add(heading("Loader benchmark"), 0, r++, 2, 1);
        ComboBox<LabViewModel.LoaderType> type = new ComboBox<>();
        type.getItems().setAll(LabViewModel.LoaderType.values());
        type.valueProperty().bindBidirectional(model.loaderTypeProperty());
        type.setId("lab-loader-type");
        type.setMaxWidth(Double.MAX_VALUE);
        type.setMinWidth(ComboBox.USE_PREF_SIZE);
        r = row(loaderGrid, r, "Loader", type, "Ordered: DataLoader keeps dataset order; async pool: AsyncPoolDataLoader forms batches as items land");
        r = row(loaderGrid, r, "Batch size", intSpinner(model.batchSizeProperty(), 1, 100_000, "lab-batch"), "Items per batch");
        r = row(loaderGrid, r, "Pool size", intSpinner(model.concurrencyProperty(), 1, 128, "lab-pool"), "Fetches in flight; the slider changes it live");
        r = row(loaderGrid, r, "Prefetch (batches)", intSpinner(model.prefetchProperty(), 1, 64, "lab-prefetch-start"), "Batches queued ahead of the consumer");
        CheckBox shuffle = new CheckBox("Shuffle");
        shuffle.selectedProperty().bindBidirectional(model.shuffleProperty());
        shuffle.setId("lab-shuffle");
        TextField seed = new TextField(Long.toString(model.seedProperty().get()));
        seed.setId("lab-seed");
        seed.setPrefColumnCount(6);
        seed.textProperty().addListener((_, _, t) -> {
            try {
                model.seedProperty().set(Long.parseLong(t.strip()));
            } catch (NumberFormatException e) {
                // keep the last valid seed while typing
            }
        });
        seed.disableProperty().bind(shuffle.selectedProperty().not());
        r = row(loaderGrid, r, "Order", shuffle, "Shuffle the dataset once, with the seed below");
        r = row(loaderGrid, r, "Seed", seed, null);
        r = row(loaderGrid, r, "Epochs", intSpinner(model.epochsProperty(), 1, 1000, "lab-epochs"), null);
        r = row(loaderGrid, r, "Compute ms/batch", intSpinner(model.computeMsProperty(), 0, 60_000, "lab-compute"),
                "Simulated accelerator time per batch, as MLPerf Storage does");

        GridPane putGrid = grid();
        r = 0;
        putGrid.add(heading("Put benchmark"), 0, r++, 2, 1);
        r = row(putGrid, r, "Objects", intSpinner(model.putCountProperty(), 1, 100_000_000, "lab-put-count"), "How many objects to write");
        r = row(putGrid, r, "Part size", text(model.partSizeProperty(), "lab-part-size"), "Part (block) size of big objects, e.g. 8MiB");
        // objects and parts in flight: the sliders beside the charts (start values, and live)

        GridPane mixedGrid = grid();
        r = 0;
        mixedGrid.add(heading("Mixed benchmark"), 0, r++, 2, 1);
        TextField mixField = text(model.mixProperty(), "lab-mix");
        Label mixCaption = new Label("Mix (op=weight, …)");
        mixCaption.setLabelFor(mixField);
        String mixTip = "e.g. get=60,put=20,stat=10,list=5,delete=5; weights are relative and need not add up to 100";
        Tooltip.install(mixCaption, new Tooltip(mixTip));
        mixField.setTooltip(new Tooltip(mixTip));
        mixField.setPromptText("get=60,put=20,stat=10,list=5,delete=5");
        mixedGrid.add(mixCaption, 0, r++, 2, 1);
        mixedGrid.add(mixField, 0, r++, 2, 1);
        r = row(mixedGrid, r, "Duration (s)", intSpinner(model.mixedSecondsProperty(), 1, 86_400, "lab-mixed-seconds"), null);
        // workers and the rate: the slider and rate field beside the charts (start values, and live)
        r = row(mixedGrid, r, "Objects first", intSpinner(model.mixedObjectsProperty(), 0, 10_000_000, "lab-mixed-objects"),
                "Written before the clock starts, so gets, stats and deletes have objects to work on");

        // shared by put and mixed: what is written, whether it stays, and the arrivals
        GridPane writeGrid = grid();
        r = 0;
        writeGrid.add(heading("Objects written"), 0, r++, 2, 1);
        TextField sizesField = text(model.sizesProperty(), "lab-sizes");
        Label sizesCaption = new Label("Sizes (fixed, uniform, lognormal)");
        sizesCaption.setLabelFor(sizesField);
        String sizesTip = "e.g. 1MiB, uniform(4KiB,1MiB) or lognormal(mean=1MiB,stddev=512KiB,min=4KiB,max=16MiB)";
        Tooltip.install(sizesCaption, new Tooltip(sizesTip));
        sizesField.setTooltip(new Tooltip(sizesTip));
        sizesField.setPromptText("1MiB or uniform(4KiB,1MiB)");
        writeGrid.add(sizesCaption, 0, r++, 2, 1);
        writeGrid.add(sizesField, 0, r++, 2, 1);
        SizeHistogram histogram = new SizeHistogram(model.sizesProperty(), model.seedProperty());
        writeGrid.add(histogram, 0, r++, 2, 1);
        TextField writeSeed = new TextField(Long.toString(model.seedProperty().get()));
        writeSeed.setId("lab-write-seed");
        writeSeed.setPrefColumnCount(6);
        writeSeed.textProperty().addListener((_, _, t) -> {
            try {
                model.seedProperty().set(Long.parseLong(t.strip()));
            } catch (NumberFormatException e) {
                // keep the last valid seed while typing
            }
        });
        model.seedProperty().addListener((_, _, v) -> {
            if (!writeSeed.getText().strip().equals(Long.toString(v.longValue()))) {
                writeSeed.setText(Long.toString(v.longValue()));
            }
        });
        r = row(writeGrid, r, "Seed", writeSeed, "Sizes and data follow the seed: the same seed writes the same objects");
        CheckBox keepObjects = new CheckBox("Keep objects");
        keepObjects.setId("lab-keep");
        keepObjects.selectedProperty().bindBidirectional(model.keepObjectsProperty());
        keepObjects.setTooltip(new Tooltip("Off: the run deletes what it wrote, also when stopped"));
        CheckBox poisson = new CheckBox("Poisson");
        poisson.setId("lab-poisson");
        poisson.selectedProperty().bindBidirectional(model.poissonProperty());
        poisson.setTooltip(new Tooltip("With a target rate: random (Poisson) gaps between starts instead of fixed spacing"));
        HBox checks = new HBox(12, keepObjects, poisson);
        writeGrid.add(checks, 0, r++, 2, 1);

        VBox box = new VBox(12, rangeGrid, loaderGrid, putGrid, mixedGrid, writeGrid);
        box.setPadding(new Insets(10));
        putGrid.visibleProperty().bind(model.kindProperty().isEqualTo(LabViewModel.Kind.PUT));
        mixedGrid.visibleProperty().bind(model.kindProperty().isEqualTo(LabViewModel.Kind.MIXED));
        writeGrid.visibleProperty().bind(putGrid.visibleProperty().or(mixedGrid.visibleProperty()));
        for (GridPane g : List.of(putGrid, mixedGrid, writeGrid)) {
            g.managedProperty().bind(g.visibleProperty());
            g.disableProperty().bind(model.runningProperty());
        }
        rangeGrid.visibleProperty().bind(model.kindProperty().isEqualTo(LabViewModel.Kind.RANGE));
        rangeGrid.managedProperty().bind(rangeGrid.visibleProperty());
        loaderGrid.visibleProperty().bind(model.kindProperty().isEqualTo(LabViewModel.Kind.LOADER));
        loaderGrid.managedProperty().bind(loaderGrid.visibleProperty());
        rangeGrid.disableProperty().bind(model.runningProperty());
        loaderGrid.disableProperty().bind(model.runningProperty());
        return box;
    }

    private static GridPane grid() {
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(6);
        return g;
    }

    private static Label heading(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("settings-heading");
        return l;
    }

    private static int row(GridPane g, int r, String caption, Node control, String tip) {
        Label l = new Label(caption);
        l.setMinWidth(Label.USE_PREF_SIZE);
        if (tip != null) {
            Tooltip.install(l, new Tooltip(tip));
        }
        g.add(l, 0, r);
        g.add(control, 1, r);
        GridPane.setHgrow(control, Priority.ALWAYS);
        return r + 1;
    }

    private TextField text(javafx.beans.property.StringProperty p, String id) {
        TextField t = new TextField();
        t.setId(id);
        t.setPrefColumnCount(7);
        t.textProperty().bindBidirectional(p);
        return t;
    }

    private Spinner<Integer> intSpinner(javafx.beans.property.IntegerProperty p, int min, int max, String id) {
        Spinner<Integer> s = new Spinner<>(new SpinnerValueFactory.IntegerSpinnerValueFactory(min, max, p.get()));
        s.setEditable(true);
        s.setId(id);
        s.setPrefWidth(110);
        Property<Integer> value = p.asObject();
        keep.add(value);
        s.getValueFactory().valueProperty().bindBidirectional(value);
        return s;
    }

    static Button iconButton(String tip, Feather icon) {
        Button b = new Button(null, new FontIcon(icon));
        name(b, tip);
        b.getStyleClass().add("button-icon");
        return b;
    }

    /** An icon-only button says what it does: a tooltip for the mouse, accessible text for screen readers. */
    static void name(Button b, String what) {
        b.setTooltip(new Tooltip(what));
        b.setAccessibleText(what);
    }

    private java.util.Optional<Path> choosePng() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export charts as PNG");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG image", "*.png"));
        fc.setInitialFileName("rangefinder-lab.png");
        File f = fc.showSaveDialog(root.getScene().getWindow());
        return java.util.Optional.ofNullable(f).map(File::toPath);
    }

    // ------------------------------------------------------------------ public surface

    public Parent node() {
        return root;
    }

    public LabViewModel model() {
        return model;
    }

    /**
     * The explorer's "Benchmark": shows {@code target} in the lab with the current settings, as a
     * range run (an object) or a loader run ({@code prefix}), and puts the focus on Start. Nothing
     * starts until the user presses it, so the settings can be looked at and changed first.
     */
    public void openBenchmark(ObjectUri target, boolean prefix) {
        model.uriProperty().set(target.toString());
        model.kindProperty().set(prefix ? LabViewModel.Kind.LOADER : LabViewModel.Kind.RANGE);
        model.dismissError();
        tabs.getSelectionModel().select(liveTab);
        startButton.requestFocus();
        // the lab's tab may only now be coming to the front: focus again once it is laid out
        javafx.application.Platform.runLater(startButton::requestFocus);
    }

    /**
     * The explorer's entry point for an object: opens the lab on it with the settings to check;
     * does not start (see {@link #openBenchmark}).
     */
    public void startRangeBenchmark(ObjectUri object) {
        openBenchmark(object, false);
    }

    /** The explorer's entry point for a prefix: as {@link #startRangeBenchmark}, for a loader run. */
    public void startLoaderBenchmark(ObjectUri prefix) {
        openBenchmark(prefix, true);
    }

    public void stop() {
        model.stop();
    }

    /** On the FX thread: renders the live charts (with the summary and sliders) and writes a PNG off it. */
    public CompletableFuture<Path> exportChartPng(Path target) {
        return writePng(liveCenter, target, model);
    }

    static CompletableFuture<Path> writePng(Node node, Path target, LabViewModel model) {
        WritableImage image = node.snapshot(null, null);
        BufferedImage pixels = SwingFXUtils.fromFXImage(image, null);
        return model.export(target, () -> {
            try {
                Path dir = target.toAbsolutePath().getParent();
                Files.createDirectories(dir);
                if (!ImageIO.write(pixels, "png", target.toFile())) {
                    throw new IOException("no PNG writer");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not write " + target + ": " + e.getMessage(), e);
            }
        });
    }

    /**
     * "Run on a cluster…": the lab's settings as an mpirun line, an sbatch script and a Kubernetes
     * Indexed Job; "Follow" there watches the job's results in the Cluster tab.
     */
    void exportClusterJob() {
        ClusterJobDialog dialog;
        try {
            dialog = new ClusterJobDialog(model, root.getScene() == null ? null : root.getScene().getWindow(), this::followCluster);
        } catch (RuntimeException e) {
            model.refuse(LabViewModel.describe(e));
            return;
        }
        dialog.show();
    }

    /** Shows the Cluster tab following {@code results}. */
    void followCluster(String results) {
        tabs.getSelectionModel().select(clusterTab);
        try {
            clusterView.follow(io.rangefinder.storage.ObjectUri.parse(results));
        } catch (RuntimeException e) {
            follower.report(LabViewModel.describe(e));
        }
    }

    /** Stops sampling and any run (the window is closing). */
    public void close() {
        follower.close();
        charts.stop();
        model.close();
    }

    // for tests and the screenshots
    LiveCharts charts() {
        return charts;
    }

    TuningControl concurrencyControl() {
        return concurrency;
    }

    TuningControl prefetchControl() {
        return prefetch;
    }

    RateControl rateControl() {
        return rate;
    }

    RunsView runsView() {
        return runsView;
    }

    ClusterView clusterView() {
        return clusterView;
    }

    ClusterFollower follower() {
        return follower;
    }

    Button startButton() {
        return startButton;
    }

    TabPane tabs() {
        return tabs;
    }

    SummaryStrip summary() {
        return summary;
    }

    static String resultLabel(BenchResult r) {
        return r.kind() + " " + r.uri();
    }
}
