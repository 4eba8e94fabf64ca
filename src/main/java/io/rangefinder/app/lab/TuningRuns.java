package io.rangefinder.app.lab;

import io.rangefinder.app.common.TaskExecutor;
import io.rangefinder.app.lab.LabViewModel.Kind;
import io.rangefinder.bench.BenchResult;
import io.rangefinder.core.CancellationToken;
import io.rangefinder.storage.ObjectUri;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * What "Find best settings" does to the lab's runs: it arms the next range or loader run with a
 * search ({@link LabTuning}), gives that run's result the search made on it, and stores or resets
 * the pick for the connection the run went through (off the FX thread). FX thread, except
 * {@link #withTuning}, which the run's body calls.
 */
final class TuningRuns {

    private final LabViewModel lab;
    private final LabTuning tuning;
    private final LabConnections picker;
    private final TaskExecutor executor;
    private final Consumer<String> message;
    // whether the next run starts a search, and what the last search ran on
    private boolean tuneNext;
    private ObjectUri tunedUri;
    private Kind tunedKind;

    /** @param message the lab's status line */
    TuningRuns(LabViewModel lab, LabTuning tuning, LabConnections picker, TaskExecutor executor, Consumer<String> message) {
        this.lab = lab;
        this.tuning = tuning;
        this.picker = picker;
        this.executor = executor;
        this.message = message;
    }

    /** Starts the current range or loader run with a tuner on it (see {@link LabViewModel#findBestSettings()}). */
    void findBestSettings() {
        Kind k = lab.kindProperty().get();
        if (k != Kind.RANGE && k != Kind.LOADER) {
            lab.refuse("Find best settings searches range and loader runs: pick Range (an object) or Loader (a prefix).");
            return;
        }
        tuneNext = true;
        lab.start();
        tuneNext = false; // a refused start leaves nothing armed
    }

    /**
     * FX thread: whether this run carries a search (and the search's new points and pick are
     * cleared). {@code busy}: a run is in flight already, so this start is refused anyway.
     */
    boolean take(Kind k, ObjectUri target, boolean busy) {
        if (!tuneNext || busy) {
            return false;
        }
        tuneNext = false;
        tuning.reset();
        tunedUri = target;
        tunedKind = k;
        return true;
    }

    /** The run's result with the search made on it; a run the search ended once it had its answer is "ok". */
    BenchResult withTuning(boolean tuned, CancellationToken run, BenchResult r) {
        if (!tuned) {
            return r;
        }
        // a run that ended by itself (it failed, or read everything) ends the search with it
        run.cancel("the run ended");
        io.rangefinder.bench.Tuner.Result t = tuning.await(Duration.ofSeconds(5));
        if (t == null) {
            return r;
        }
        BenchResult out = r.withTuning(t);
        return "ok".equals(t.status()) && "cancelled".equals(r.status()) ? out.withStatus("ok") : out;
    }

    /**
     * Stores the last search's pick for its connection (off the FX thread): later lab runs start from
     * it (the start field is set now) and the explorer's downloads on that connection use it.
     */
    void apply() {
        io.rangefinder.bench.Tuner.Result r = tuning.resultProperty().get();
        if (r == null || r.recommended() == null || tunedUri == null) {
            message.accept("Nothing to apply: run “Find best settings” first.");
            return;
        }
        String key = picker.connectionKeyFor(tunedUri);
        String setting = tunedKind == Kind.LOADER ? io.rangefinder.bench.TunedSettings.LOADER_CONCURRENCY
                : io.rangefinder.bench.TunedSettings.RANGE_CONCURRENCY;
        String on = tunedUri.toString();
        executor.submit(_ -> LabTuning.apply(key, setting, r, on), e -> {
            lab.concurrencyProperty().set(e.value());
            tuning.statusProperty().set("Applied: " + setting + " = " + e.value() + " for " + key
                    + ". Downloads and runs on this connection start from it.");
            message.accept("Applied " + setting + " = " + e.value() + " for " + key);
        }, failure -> message.accept("Could not store the settings: " + LabViewModel.describe(failure)));
    }

    /** Returns the last search's connection (else the URI field's) to the defaults (off the FX thread). */
    void reset() {
        ObjectUri target = tunedUri;
        if (target == null) {
            String text = lab.uriProperty().get() == null ? "" : lab.uriProperty().get().strip();
            try {
                target = ObjectUri.parse(text);
            } catch (RuntimeException e) {
                lab.refuse("Enter the URI whose connection to reset first.");
                return;
            }
        }
        String key = picker.connectionKeyFor(target);
        executor.submit(_ -> io.rangefinder.bench.TunedSettings.open().reset(key), had -> {
            tuning.statusProperty().set(had ? "Reset: " + key + " uses the defaults again." : "Nothing stored for " + key + ".");
            message.accept(had ? "Reset the tuned settings of " + key : "No tuned settings stored for " + key);
        }, failure -> message.accept("Could not reset the settings: " + LabViewModel.describe(failure)));
    }
}
