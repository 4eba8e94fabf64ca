package io.rangefinder.app.lab;

import io.rangefinder.app.common.TaskExecutor;
import io.rangefinder.bench.BenchResult;
import io.rangefinder.bench.RunStore;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The lab's saved runs: the runs folder as listed (re-read off the UI thread, only the newest
 * reading shown), result files opened into it, runs deleted from it, and runs exported as JSON or
 * CSV. FX thread; every file is read and written through the executor. What it did, or why it
 * could not, goes to the lab's status line.
 */
final class SavedRuns {

    private final RunStore runStore;
    private final TaskExecutor executor;
    private final Consumer<String> message;
    private final ObservableList<RunStore.Entry> runs = FXCollections.observableArrayList();
    private final ObservableList<RunStore.Entry> runsView = FXCollections.unmodifiableObservableList(runs);
    // only the newest listing of the runs folder lands, however the background reads finish
    private long runsGeneration;

    /** @param message the lab's status line */
    SavedRuns(RunStore runStore, TaskExecutor executor, Consumer<String> message) {
        this.runStore = runStore;
        this.executor = executor;
        this.message = message;
    }

    /** The runs folder as last listed, newest reading only. */
    ObservableList<RunStore.Entry> runs() {
        return runsView;
    }

    /** Re-reads the runs folder in the background; only the newest reading is shown. */
    void refreshRuns() {
        long mine = ++runsGeneration;
        executor.submit(_ -> runStore.list(), list -> {
            if (mine == runsGeneration) {
                runs.setAll(list);
            }
        }, failure -> {
            if (mine == runsGeneration) {
                message.accept("Could not read the runs folder: " + LabViewModel.describe(failure));
            }
        });
    }

    /** Copies a result file (GUI or CLI {@code --json -o FILE}) into the runs folder. */
    CompletableFuture<Path> importResult(Path file) {
        return submit(() -> runStore.importFile(file), _ -> {
            message.accept("Opened " + file.getFileName());
            refreshRuns();
        }, e -> message.accept("Could not open " + file.getFileName() + ": " + LabViewModel.describe(e)));
    }

    /** Deletes a saved run; a failure says so and the run stays listed. */
    CompletableFuture<Path> deleteRun(RunStore.Entry entry) {
        return submit(() -> {
            runStore.delete(entry.file());
            return entry.file();
        }, _ -> refreshRuns(), e -> {
            message.accept("Could not delete the run " + entry.file().getFileName() + ": " + LabViewModel.describe(e));
            refreshRuns();
        });
    }

    CompletableFuture<Path> exportJson(BenchResult result, Path target) {
        return export(target, () -> RunStore.writeJson(result, target));
    }

    CompletableFuture<Path> exportCsv(BenchResult result, Path target) {
        return export(target, () -> RunStore.writeCsv(result, target));
    }

    /**
     * Several runs as JSON: one file per run in {@code dir}, each the same result file a single
     * export, the CLI's {@code --json} and "Open result…" use, so every file opens again on its own.
     * Names come from each run's kind and start time; an existing file is never overwritten.
     */
    CompletableFuture<Path> exportJsonEach(java.util.List<BenchResult> results, Path dir) {
        java.util.List<BenchResult> copy = java.util.List.copyOf(results);
        return submit(() -> {
            java.nio.file.Files.createDirectories(dir);
            for (BenchResult r : copy) {
                RunStore.writeJson(r, freeName(dir, fileName(r), ".json"));
            }
            return dir;
        }, _ -> message.accept("Exported " + copy.size() + " runs as JSON into " + dir),
                e -> message.accept("Export failed: " + LabViewModel.describe(e)));
    }

    /** Several runs in one CSV: every run's samples, each row starting with its run (1, 2, … in the given order). */
    CompletableFuture<Path> exportCsvAll(java.util.List<BenchResult> results, Path target) {
        java.util.List<BenchResult> copy = java.util.List.copyOf(results);
        return submit(() -> {
            String text = csvOfRuns(copy);
            Path parent = target.toAbsolutePath().getParent();
            if (parent != null) {
                java.nio.file.Files.createDirectories(parent);
            }
            java.nio.file.Files.writeString(target, text, java.nio.charset.StandardCharsets.UTF_8);
            return target;
        }, _ -> message.accept("Exported " + copy.size() + " runs to " + target),
                e -> message.accept("Export failed: " + LabViewModel.describe(e)));
    }

    /** The runs' time series in one table: {@code run,kind,startedAt,uri} then the single-run CSV's columns. */
    static String csvOfRuns(java.util.List<BenchResult> runs) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < runs.size(); i++) {
            BenchResult r = RunStore.sanitise(runs.get(i));
            String[] lines = RunStore.toCsv(r).split("\\R");
            if (i == 0) {
                sb.append("run,kind,startedAt,uri,").append(lines[0]).append('\n');
            }
            String prefix = (i + 1) + "," + csvField(r.kind()) + "," + csvField(r.startedAt()) + "," + csvField(r.uri()) + ",";
            for (int l = 1; l < lines.length; l++) {
                if (!lines[l].isBlank()) {
                    sb.append(prefix).append(lines[l]).append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static String csvField(String v) {
        if (v == null) {
            return "";
        }
        return v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    /** e.g. rangefinder-range-20250102030405678 */
    static String fileName(BenchResult r) {
        return "rangefinder-" + r.kind() + "-" + (r.startedAt() == null ? "run" : r.startedAt().replaceAll("[^0-9]", ""));
    }

    private static Path freeName(Path dir, String base, String ext) {
        Path p = dir.resolve(base + ext);
        for (int i = 2; java.nio.file.Files.exists(p); i++) {
            p = dir.resolve(base + "-" + i + ext);
        }
        return p;
    }

    CompletableFuture<Path> export(Path target, Runnable write) {
        return submit(() -> {
            write.run();
            return target;
        }, _ -> message.accept("Exported " + target), e -> message.accept("Export failed: " + LabViewModel.describe(e)));
    }

    /** File work off the UI thread; the future completes after the callback has run on the UI thread. */
    private CompletableFuture<Path> submit(Callable<Path> work, Consumer<Path> onSuccess, Consumer<Throwable> onFailure) {
        CompletableFuture<Path> done = new CompletableFuture<>();
        executor.submit(_ -> work.call(), p -> {
            onSuccess.accept(p);
            done.complete(p);
        }, e -> {
            onFailure.accept(e);
            done.completeExceptionally(e);
        });
        return done;
    }
}
