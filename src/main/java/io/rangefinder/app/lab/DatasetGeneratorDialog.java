package io.rangefinder.app.lab;

import io.rangefinder.app.common.TokenTask;

import io.rangefinder.bench.DatasetGenerator;
import io.rangefinder.core.Units;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;

import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.Duration;

import java.util.Locale;

/**
 * Writes {@code count × size} synthetic objects under a prefix (for loader benchmarks), with a
 * progress bar sampled by a timeline and a Cancel that stops the writes within a second.
 */
final class DatasetGeneratorDialog extends Stage {

    enum Outcome { NONE, DONE, CANCELLED, FAILED }

    private final LabViewModel model;
    final TextField prefix = new TextField();
    final Spinner<Integer> count = new Spinner<>(1, 10_000_000, 1000);
    final TextField size = new TextField("64KiB");
    final Spinner<Integer> concurrency = new Spinner<>(1, 256, 16);
    final TextField seed = new TextField("1");
    final ProgressBar progress = new ProgressBar(0);
    final Label progressText = new Label("");
    final Button generate = new Button("Generate");
    final Button cancel = new Button("Close");
    final Button replace = new Button("Replace");
    final Button newFolder = new Button("New folder");
    private final HBox question = new HBox(8);
    private final Timeline poll = new Timeline();
    // the prefix the user agreed to write over (asked once per prefix)
    private String agreed;
    private final ReadOnlyObjectWrapper<Outcome> outcome = new ReadOnlyObjectWrapper<>(Outcome.NONE);
    private volatile DatasetGenerator generator;
    private TokenTask<Long> task;

    DatasetGeneratorDialog(LabViewModel model, Window owner) {
        this.model = model;
        if (owner != null) {
            initOwner(owner);
            initModality(Modality.WINDOW_MODAL);
        }
        setTitle("Generate dataset");
        String current = model.uriProperty().get();
        prefix.setText(current != null && current.endsWith("/") ? current : "");
        prefix.setPromptText("s3://bucket/train/");
        prefix.setId("gen-prefix");
        count.setEditable(true);
        count.setId("gen-count");
        size.setId("gen-size");
        concurrency.setEditable(true);
        seed.setPrefColumnCount(6);
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.setId("gen-progress");
        generate.getStyleClass().add("accent");
        generate.setId("gen-start");
        generate.setDefaultButton(true);
        cancel.setId("gen-cancel");
        cancel.setCancelButton(true);

        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(8);
        g.addRow(0, new Label("Into prefix"), prefix);
        g.addRow(1, new Label("Objects"), count);
        g.addRow(2, new Label("Size each"), size);
        size.setTooltip(new javafx.scene.control.Tooltip("64KiB, uniform(4KiB,1MiB) or lognormal(mean=1MiB,stddev=512KiB,min=4KiB,max=16MiB)"));
        g.addRow(3, new Label("Writes at once"), concurrency);
        g.addRow(4, new Label("Seed"), seed);
        GridPane.setHgrow(prefix, Priority.ALWAYS);
        HBox buttons = new HBox(8, generate, cancel);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        replace.setId("gen-replace");
        replace.getStyleClass().add("danger");
        newFolder.setId("gen-new-folder");
        newFolder.getStyleClass().add("accent");
        question.setAlignment(Pos.CENTER_RIGHT);
        question.getChildren().setAll(replace, newFolder);
        question.setVisible(false);
        question.setManaged(false);
        progressText.setWrapText(true);
        VBox box = new VBox(12, g, progress, progressText, question, buttons);
        box.setPadding(new Insets(14));
        box.setPrefWidth(460);
        setScene(new Scene(box));

        poll.getKeyFrames().add(new KeyFrame(Duration.millis(200), _ -> showProgress()));
        poll.setCycleCount(Animation.INDEFINITE);
        generate.setOnAction(_ -> start());
        cancel.setOnAction(_ -> {
            if (task != null) {
                task.cancel();
            } else {
                close();
            }
        });
        setOnCloseRequest(_ -> {
            if (task != null) {
                task.cancel();
            }
        });
    }

    /**
     * Generate: first, off the UI thread, whether the prefix holds anything; if it does, the user
     * chooses between writing over it and a new folder beside it, before a byte is written.
     */
    void start() {
        ObjectUri target;
        try {
            target = ObjectUri.parse(prefix.getText().strip());
            io.rangefinder.bench.SizeDistribution.parse(size.getText());
            Long.parseLong(seed.getText().strip());
        } catch (RuntimeException e) {
            progressText.setText(LabViewModel.describe(e));
            return;
        }
        if (target.toString().equals(agreed)) {
            write();
            return;
        }
        generate.setDisable(true);
        progressText.setText("Looking at " + target + " …");
        TokenTask<Boolean> look = new TokenTask<>(token -> {
            try (ObjectStore store = model.stores().apply(target)) {
                return !target.container().isEmpty() && store.list(io.rangefinder.storage.ListRequest
                        .recursive(target.container(), target.key()).withPageSize(1)).objects().size() > 0;
            } catch (io.rangefinder.storage.StorageException.NotFound e) {
                return false; // no such container yet: the generator says so itself
            }
        });
        look.setOnSucceeded(_ -> {
            generate.setDisable(false);
            if (!look.getValue()) {
                write();
                return;
            }
            String fresh = freeSibling(target);
            progressText.setText(target + " already holds objects. Generating writes obj-000000.bin … there and "
                    + "replaces any object of the same name. Replace them, or generate into " + fresh + " instead?");
            newFolder.setText("Use " + fresh);
            showQuestion(true);
            replace.setOnAction(_ -> {
                agreed = target.toString();
                showQuestion(false);
                write();
            });
            newFolder.setOnAction(_ -> {
                showQuestion(false);
                prefix.setText(fresh);
                start();
            });
        });
        look.setOnFailed(_ -> {
            generate.setDisable(false);
            progressText.setText("Failed: " + LabViewModel.describe(look.getException()));
        });
        look.startOnVirtualThread("rf-lab-generate-look");
    }

    private void showQuestion(boolean on) {
        question.setVisible(on);
        question.setManaged(on);
        generate.setDisable(on);
    }

    /** "s3://b/train/" → "s3://b/train-2/" (the next number not tried yet in this dialog). */
    static String freeSibling(ObjectUri target) {
        String text = target.toString();
        String base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(.*)-(\\d+)$").matcher(base);
        return m.matches() ? m.group(1) + "-" + (Long.parseLong(m.group(2)) + 1) + "/" : base + "-2/";
    }

    private void write() {
        ObjectUri target;
        io.rangefinder.bench.SizeDistribution bytes;
        long seedValue;
        try {
            target = ObjectUri.parse(prefix.getText().strip());
            bytes = io.rangefinder.bench.SizeDistribution.parse(size.getText());
            seedValue = Long.parseLong(seed.getText().strip());
        } catch (RuntimeException e) {
            progressText.setText(LabViewModel.describe(e));
            return;
        }
        int n = count.getValue();
        int writers = concurrency.getValue();
        outcome.set(Outcome.NONE);
        TokenTask<Long> t = new TokenTask<>(token -> {
            try (ObjectStore store = model.stores().apply(target)) {
                DatasetGenerator gen = new DatasetGenerator(store, target, n, bytes, seedValue, writers);
                generator = gen;
                gen.run(token);
                return gen.written();
            }
        });
        task = t;
        generate.setDisable(true);
        cancel.setText("Cancel");
        progress.setProgress(0);
        progressText.setText("Starting …");
        t.setOnSucceeded(_ -> end(Outcome.DONE, String.format(Locale.ROOT, "Wrote %d objects of %s under %s",
                t.getValue(), bytes.describe(), target)));
        t.setOnCancelled(_ -> end(Outcome.CANCELLED, "Cancelled after " + written() + " objects."));
        t.setOnFailed(_ -> end(Outcome.FAILED, "Failed: " + LabViewModel.describe(t.getException())));
        poll.play();
        t.startOnVirtualThread("rf-lab-generate");
        if (outcome.get() == Outcome.NONE) {
            model.uriProperty().set(target.toString());
            model.kindProperty().set(LabViewModel.Kind.LOADER);
        }
    }

    private long written() {
        DatasetGenerator g = generator;
        return g == null ? 0 : g.written();
    }

    private void showProgress() {
        DatasetGenerator g = generator;
        if (g == null) {
            return;
        }
        progress.setProgress((double) g.written() / g.count());
        progressText.setText(String.format(Locale.ROOT, "%d / %d objects · %s", g.written(), g.count(),
                Units.formatRate(g.byteRate().ratePerSec())));
    }

    private void end(Outcome how, String text) {
        poll.stop();
        showProgress();
        task = null;
        generate.setDisable(false);
        cancel.setText("Close");
        progressText.setText(text);
        outcome.set(how);
    }

    ReadOnlyObjectProperty<Outcome> outcomeProperty() {
        return outcome.getReadOnlyProperty();
    }

    boolean isGenerating() {
        return task != null;
    }
}
