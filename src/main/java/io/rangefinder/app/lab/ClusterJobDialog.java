package io.rangefinder.app.lab;

import io.rangefinder.cluster.ClusterJob;
import io.rangefinder.storage.ObjectUri;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The lab's current benchmark as a cluster job: an mpirun line, an sbatch script and a Kubernetes
 * Indexed Job, for a number of workers and a results URI, ready to copy or save and submit; and
 * "Follow" to watch that results URI in the Cluster tab while the job runs.
 */
final class ClusterJobDialog extends Stage {

    final Spinner<Integer> workers = new Spinner<>(1, 100_000, 4);
    final TextField results = new TextField();
    final TextField image = new TextField(ClusterJob.DEFAULT_IMAGE);
    final TextArea mpirun = area("cluster-job-mpirun");
    final TextArea sbatch = area("cluster-job-sbatch");
    final TextArea kubernetes = area("cluster-job-k8s");
    final TabPane tabs = new TabPane();
    final Label message = new Label();
    final Button copy = new Button("Copy");
    final Button save = new Button("Save…");
    final Button follow = new Button("Follow in the Cluster tab");
    private final LabViewModel model;
    private final List<String> args;
    private ClusterJob job;

    ClusterJobDialog(LabViewModel model, Window owner, Consumer<String> onFollow) {
        this.model = model;
        if (owner != null) {
            initOwner(owner);
            initModality(Modality.WINDOW_MODAL);
        }
        setTitle("Run on a cluster");
        this.args = LabCommandLine.benchArguments(model); // refused (with the reason) before the dialog opens
        ObjectUri target = ObjectUri.parse(model.uriProperty().get().strip());
        results.setText(LabCommandLine.defaultResults(target, args.get(1), Clock.systemDefaultZone()));
        results.setId("cluster-job-results");
        workers.setEditable(true);
        workers.setId("cluster-job-workers");
        image.setId("cluster-job-image");
        image.setTooltip(new javafx.scene.control.Tooltip("The image deploy/Dockerfile builds, pushed to a registry your cluster pulls from"));

        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(8);
        g.addRow(0, new Label("Workers"), workers);
        g.addRow(1, new Label("Results URI"), results);
        g.addRow(2, new Label("Image (Kubernetes)"), image);
        GridPane.setHgrow(results, Priority.ALWAYS);
        Label what = new Label("Each worker runs: rangefinder " + String.join(" ", args)
                + " — rank and world come from the launcher, the workers meet under the results URI and start together.");
        what.setWrapText(true);
        what.setMinHeight(Label.USE_PREF_SIZE);
        what.setId("cluster-job-command");

        Tab a = new Tab("mpirun", mpirun);
        Tab b = new Tab("Slurm (sbatch)", sbatch);
        Tab c = new Tab("Kubernetes", kubernetes);
        a.setId("cluster-job-tab-mpirun");
        b.setId("cluster-job-tab-sbatch");
        c.setId("cluster-job-tab-k8s");
        tabs.getTabs().addAll(a, b, c);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        VBox.setVgrow(tabs, Priority.ALWAYS);

        copy.setId("cluster-job-copy");
        save.setId("cluster-job-save");
        follow.setId("cluster-job-follow");
        follow.getStyleClass().add("accent");
        Button close = new Button("Close");
        close.setCancelButton(true);
        close.setOnAction(_ -> close());
        copy.setOnAction(_ -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(current().getText());
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
            message.setText("Copied the " + tabs.getSelectionModel().getSelectedItem().getText() + " job.");
        });
        save.setOnAction(_ -> saveCurrent());
        follow.setOnAction(_ -> {
            onFollow.accept(results.getText().strip());
            close();
        });
        message.setId("cluster-job-message");
        message.setWrapText(true);
        message.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(message, Priority.ALWAYS);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.SOMETIMES);
        HBox buttons = new HBox(8, message, gap, copy, save, follow, close);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        for (Button x : new Button[] {copy, save, follow, close}) {
            x.setMinWidth(Button.USE_PREF_SIZE);
        }
        Label secrets = new Label("No secret is written into these jobs: credentials are passed on by name from the submitting"
                + " environment, or taken from the Kubernetes Secret “" + ClusterJob.SECRET + "”.");
        secrets.setWrapText(true);
        secrets.setMinHeight(Label.USE_PREF_SIZE);
        secrets.getStyleClass().add("text-muted");
        VBox box = new VBox(10, g, what, tabs, secrets, buttons);
        box.setPadding(new Insets(14));
        box.setPrefSize(760, 560);
        setScene(new Scene(box));

        workers.valueProperty().addListener((_, _, _) -> refresh());
        results.textProperty().addListener((_, _, _) -> refresh());
        image.textProperty().addListener((_, _, _) -> refresh());
        refresh();
    }

    private static TextArea area(String id) {
        TextArea t = new TextArea();
        t.setEditable(false);
        t.setWrapText(false);
        t.setId(id);
        t.setStyle("-fx-font-family: 'monospace';");
        return t;
    }

    /** The job for the fields as they are; a bad results URI is said, and the texts keep the last good job. */
    void refresh() {
        try {
            String uri = results.getText().strip();
            if (uri.isEmpty()) {
                throw new IllegalArgumentException("Give a results URI: the workers meet and write their results there.");
            }
            ObjectUri.parse(uri);
            ObjectUri target = ObjectUri.parse(args.get(2));
            job = ClusterJob.of(args, workers.getValue(), uri, target.scheme(), model.connectionProperty().get())
                    .withImage(image.getText());
            mpirun.setText(job.mpirun() + "\n");
            sbatch.setText(job.sbatch());
            kubernetes.setText(job.kubernetes());
            message.setText("");
            copy.setDisable(false);
            save.setDisable(false);
            follow.setDisable(false);
        } catch (RuntimeException e) {
            message.setText(LabViewModel.describe(e));
            copy.setDisable(true);
            save.setDisable(true);
            follow.setDisable(true);
        }
    }

    ClusterJob job() {
        return job;
    }

    private TextArea current() {
        int i = tabs.getSelectionModel().getSelectedIndex();
        return i == 1 ? sbatch : i == 2 ? kubernetes : mpirun;
    }

    private void saveCurrent() {
        int i = tabs.getSelectionModel().getSelectedIndex();
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Save the job");
        chooser.setInitialFileName(i == 1 ? "rangefinder.sbatch" : i == 2 ? "rangefinder-job.yaml" : "rangefinder-mpirun.sh");
        java.io.File f = chooser.showSaveDialog(this);
        if (f != null) {
            saveTo(f.toPath(), current().getText());
        }
    }

    /** Writes {@code text} to {@code file} off the UI thread and says how it went. */
    CompletableFuture<Void> saveTo(Path file, String text) {
        message.setText("Saving " + file.getFileName() + " …");
        return CompletableFuture.runAsync(() -> {
            try {
                Path tmp = file.resolveSibling(file.getFileName() + ".rfpart");
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, r -> Thread.ofVirtual().name("rf-cluster-job-save").start(r)).whenComplete((_, e) -> javafx.application.Platform.runLater(() ->
                message.setText(e == null ? "Saved " + file : "Could not save " + file + ": " + LabViewModel.describe(e))));
    }
}
