package io.rangefinder.app.lab;

import io.rangefinder.bench.BenchResult;
import io.rangefinder.cluster.Merge;
import io.rangefinder.core.Units;
import io.rangefinder.storage.ObjectUri;

import javafx.beans.property.SimpleStringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.Side;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The lab's Cluster tab: a run of many workers (under mpirun, Slurm or Kubernetes) as one
 * benchmark. Follows a running one by its results URI (the workers' snapshots, once a second):
 * the whole cluster's throughput and ops/s with one thin line per worker, and a table of the
 * workers (running, done, failed, stragglers). "Run on a cluster…" turns the lab's settings into
 * the job that starts such a run.
 */
final class ClusterView {

    /** Past this many workers the charts draw the total only (a thousand thin lines say nothing). */
    static final int MAX_WORKER_LINES = 64;

    private final ClusterFollower follower;
    private final TextField uri = new TextField();
    private final Label summary = new Label("Follow a cluster run by its results URI (what --results names), or start one with “Run on a cluster…”.");
    private final LineChart<Number, Number> mbChart;
    private final LineChart<Number, Number> opsChart;
    private final TableView<Merge.Worker> workers = new TableView<>();
    private final VBox root;

    ClusterView(LabViewModel model, ClusterFollower follower, Runnable exportJob) {
        this.follower = follower;
        uri.setId("lab-cluster-uri");
        uri.setPromptText("s3://bucket/rangefinder-results/put-20261203-101500/");
        uri.setAccessibleText("Results URI of the cluster run to follow");
        uri.setOnAction(_ -> follow());
        HBox.setHgrow(uri, Priority.ALWAYS);
        Button followButton = new Button("Follow", new FontIcon(Feather.ACTIVITY));
        followButton.setId("lab-cluster-follow");
        followButton.getStyleClass().add("accent");
        followButton.setOnAction(_ -> follow());
        Button stop = new Button("Stop following", new FontIcon(Feather.SQUARE));
        stop.setId("lab-cluster-stop");
        stop.disableProperty().bind(follower.followingProperty().not());
        stop.setOnAction(_ -> follower.stop());
        Button job = new Button("Run on a cluster…", new FontIcon(Feather.SERVER));
        job.setId("lab-cluster-job");
        job.setOnAction(_ -> exportJob.run());
        for (Button b : new Button[] {followButton, stop, job}) {
            b.setMinWidth(Button.USE_PREF_SIZE);
        }
        Label caption = new Label("Results URI");
        caption.setMinWidth(Label.USE_PREF_SIZE);
        caption.setLabelFor(uri);
        HBox where = new HBox(8, caption, uri);
        where.setAlignment(Pos.CENTER_LEFT);
        where.setMinWidth(260);
        HBox.setHgrow(where, Priority.ALWAYS);
        HBox buttons = new HBox(8, followButton, stop, job);
        buttons.setAlignment(Pos.CENTER_LEFT);
        FlowPane bar = new FlowPane(8, 6, where, buttons);
        bar.setAlignment(Pos.CENTER_LEFT);
        where.prefWidthProperty().bind(bar.widthProperty().subtract(buttons.widthProperty()).subtract(24).map(w -> Math.max(260, w.doubleValue())));

        summary.setId("lab-cluster-summary");
        summary.setWrapText(true);
        summary.textProperty().bind(follower.messageProperty().map(m -> m.isEmpty()
                ? "Follow a cluster run by its results URI (what --results names), or start one with “Run on a cluster…”." : m));

        mbChart = chart("Whole cluster: MB/s (thin: each worker)", "MB/s", "lab-cluster-mb-chart");
        opsChart = chart("Whole cluster: ops/s (thin: each worker)", "ops/s", "lab-cluster-ops-chart");
        GridPane charts = new GridPane();
        charts.setHgap(8);
        charts.add(mbChart, 0, 0);
        charts.add(opsChart, 1, 0);
        for (Node n : List.of(mbChart, opsChart)) {
            GridPane.setHgrow(n, Priority.ALWAYS);
            GridPane.setVgrow(n, Priority.ALWAYS);
        }
        javafx.scene.layout.ColumnConstraints half = new javafx.scene.layout.ColumnConstraints();
        half.setPercentWidth(50);
        charts.getColumnConstraints().addAll(half, half);

        workers.setId("lab-cluster-workers");
        workers.setPlaceholder(new Label("No workers yet."));
        workers.getColumns().add(column("Rank", w -> Integer.toString(w.rank()), 64));
        workers.getColumns().add(column("State", w -> stateText(w), 260));
        workers.getColumns().add(column("Host", w -> w.host() == null ? "" : w.host(), 130));
        workers.getColumns().add(column("Seconds", w -> String.format(Locale.ROOT, "%.1f", w.seconds()), 84));
        workers.getColumns().add(column("MB/s", w -> SummaryStrip.fmt(w.mbPerSec()), 80));
        workers.getColumns().add(column("ops/s", w -> SummaryStrip.fmt(w.opsPerSec()), 80));
        workers.getColumns().add(column("Ops", w -> Long.toString(w.ops()), 80));
        workers.getColumns().add(column("Straggler", w -> w.straggler() ? "yes" : "", 90));
        workers.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        workers.setMinHeight(110);

        SplitPane split = new SplitPane(charts, workers);
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        split.setDividerPositions(0.62);
        VBox.setVgrow(split, Priority.ALWAYS);
        root = new VBox(8, bar, summary, split);
        root.setPadding(new Insets(8));
        root.setId("lab-cluster");
        follower.outcomeProperty().addListener((_, _, o) -> show(o));
    }

    private static LineChart<Number, Number> chart(String title, String unit, String id) {
        NumberAxis x = new NumberAxis();
        x.setLabel("seconds since the first worker started");
        x.setForceZeroInRange(true);
        NumberAxis y = new NumberAxis();
        y.setLabel(unit);
        x.setAnimated(false);
        y.setAnimated(false);
        LineChart<Number, Number> c = new LineChart<>(x, y);
        c.setTitle(title);
        c.setId(id);
        c.setAnimated(false);
        c.setCreateSymbols(false);
        c.setLegendSide(Side.TOP);
        c.getStyleClass().addAll("lab-chart", "cluster-chart");
        c.setMinSize(240, 170);
        return c;
    }

    private static TableColumn<Merge.Worker, String> column(String title, Function<Merge.Worker, String> value, double width) {
        TableColumn<Merge.Worker, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cd -> new SimpleStringProperty(value.apply(cd.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private static String stateText(Merge.Worker w) {
        return ClusterFollower.running(w, Instant.now()) ? "running" : w.state();
    }

    void follow() {
        String text = uri.getText() == null ? "" : uri.getText().strip();
        if (text.isEmpty()) {
            uri.requestFocus();
            return;
        }
        try {
            follow(ObjectUri.parse(text));
        } catch (RuntimeException e) {
            summaryFail(LabViewModel.describe(e));
        }
    }

    void follow(ObjectUri results) {
        uri.setText(results.toString());
        mbChart.getData().clear();
        opsChart.getData().clear();
        workers.getItems().clear();
        follower.follow(results);
    }

    private void summaryFail(String why) {
        follower.report(why);
    }

    /** One merged outcome (once a second): the total lines, a thin line per worker, the table. */
    private void show(Merge.Outcome o) {
        if (o == null) {
            return;
        }
        BenchResult merged = o.merged();
        List<Merge.Worker> ws = o.workers();
        workers.getItems().setAll(ws);
        boolean perWorker = ws.size() <= MAX_WORKER_LINES;
        mbChart.setLegendVisible(ws.size() <= 8);
        opsChart.setLegendVisible(ws.size() <= 8);
        draw(mbChart, merged, BenchResult.Sample::mbPerSec, perWorker);
        draw(opsChart, merged, BenchResult.Sample::opsPerSec, perWorker);
    }

    private static void draw(LineChart<Number, Number> chart, BenchResult merged, ToDoubleFunction<BenchResult.Sample> metric,
                             boolean perWorker) {
        List<XYChart.Series<Number, Number>> all = new ArrayList<>();
        XYChart.Series<Number, Number> total = new XYChart.Series<>();
        total.setName("all workers");
        total.getData().setAll(points(merged.series(), metric));
        all.add(total);
        if (perWorker) {
            for (BenchResult.WorkerSeries w : merged.workers() == null ? List.<BenchResult.WorkerSeries>of() : merged.workers()) {
                XYChart.Series<Number, Number> s = new XYChart.Series<>();
                s.setName("rank " + w.rank());
                s.getData().setAll(points(w.series(), metric));
                all.add(s);
            }
        }
        chart.getData().setAll(all);
        for (int i = 0; i < all.size(); i++) {
            Node line = all.get(i).getNode();
            if (line != null) {
                line.getStyleClass().add(i == 0 ? "cluster-total" : "worker-line");
            }
        }
    }

    private static List<XYChart.Data<Number, Number>> points(List<BenchResult.Sample> samples, ToDoubleFunction<BenchResult.Sample> metric) {
        List<XYChart.Data<Number, Number>> points = new ArrayList<>();
        if (samples != null) {
            for (BenchResult.Sample s : samples) {
                points.add(new XYChart.Data<>(s.t(), metric.applyAsDouble(s)));
            }
        }
        return points;
    }

    static String rate(double mbPerSec) {
        return Units.formatRate(mbPerSec * 1e6);
    }

    Node node() {
        return root;
    }

    TextField uriField() {
        return uri;
    }
}
