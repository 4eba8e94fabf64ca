package io.rangefinder.app.lab;

import io.rangefinder.bench.BenchResult;
import io.rangefinder.bench.RunStore;
import io.rangefinder.cluster.Merge;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.StorageException;

import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * Follows a cluster run from the desktop: every second, off the UI thread, reads the workers'
 * results (their live snapshots while they run, their final results once done) under the
 * results URI and merges them; the UI gets one merged outcome per second, never the workers'
 * requests. Stops by itself once every worker has finished (or failed), and saves the merged run
 * in Runs.
 */
final class ClusterFollower implements AutoCloseable {

    /** How often the results are read again: the workers rewrite their snapshots as often. */
    static final Duration PERIOD = Duration.ofSeconds(1);
    /** A worker whose live snapshot is older than this is no longer counted as running. */
    static final Duration SILENT = Duration.ofSeconds(10);

    private final Function<ObjectUri, ObjectStore> stores;
    private final RunStore runs;
    private final Runnable onSaved;
    private final ReadOnlyObjectWrapper<Merge.Outcome> outcome = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper following = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private volatile Thread loop;
    private volatile long generation;

    ClusterFollower(Function<ObjectUri, ObjectStore> stores, RunStore runs, Runnable onSaved) {
        this.stores = stores;
        this.runs = runs;
        this.onSaved = onSaved;
    }

    /** Starts following {@code results} (stopping whatever was followed before). Call on the FX thread. */
    void follow(ObjectUri results) {
        stop();
        long mine = ++generation;
        outcome.set(null);
        following.set(true);
        message.set("Waiting for the workers' results under " + results + " …");
        loop = Thread.ofVirtual().name("rf-cluster-follow").start(() -> run(results, mine));
    }

    /** Stops following; what was shown stays. Call on the FX thread. */
    void stop() {
        generation++;
        Thread t = loop;
        loop = null;
        if (t != null) {
            t.interrupt();
        }
        if (following.get()) {
            following.set(false);
            message.set("Stopped following. " + message.get());
        }
    }

    private void run(ObjectUri results, long mine) {
        try (ObjectStore store = stores.apply(results)) {
            while (generation == mine) {
                long began = System.nanoTime();
                try {
                    Merge.Outcome o = Merge.read(store, results);
                    boolean done = !anyRunning(o, Instant.now());
                    java.nio.file.Path saved = done ? save(o.merged()) : null;
                    Platform.runLater(() -> {
                        if (generation != mine) {
                            return;
                        }
                        outcome.set(o);
                        if (done) {
                            following.set(false);
                            message.set(o.summary() + (saved == null ? "" : " — saved in Runs."));
                            if (onSaved != null) {
                                onSaved.run();
                            }
                        } else {
                            message.set(liveSummary(o, Instant.now()));
                        }
                    });
                    if (done) {
                        return;
                    }
                } catch (StorageException.NotFound e) {
                    post(mine, "Waiting for the workers' results under " + results + " … (" + e.getMessage() + ")");
                } catch (RuntimeException e) {
                    // a hiccup of the store: say so, keep what is shown, try again next second
                    post(mine, "Could not read " + results + ": " + LabViewModel.describe(e) + " — trying again.");
                }
                long left = PERIOD.toNanos() - (System.nanoTime() - began);
                if (left > 0) {
                    Thread.sleep(Duration.ofNanos(left));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            post(mine, "Cannot follow " + results + ": " + LabViewModel.describe(e));
            Platform.runLater(() -> {
                if (generation == mine) {
                    following.set(false);
                }
            });
        }
    }

    private java.nio.file.Path save(BenchResult merged) {
        try {
            return runs.save(merged);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Says {@code text} where the follower's news goes (a bad URI typed, say). Call on the FX thread. */
    void report(String text) {
        message.set(text);
    }

    private void post(long mine, String text) {
        Platform.runLater(() -> {
            if (generation == mine) {
                message.set(text);
            }
        });
    }

    /** While the run goes on: how many workers run, are done or failed, and the cluster's rate in its last second. */
    static String liveSummary(Merge.Outcome o, Instant now) {
        long running = o.workers().stream().filter(w -> running(w, now)).count();
        long done = o.workers().stream().filter(w -> w.state().equals("ok")).count();
        long failed = o.workers().size() - running - done;
        BenchResult m = o.merged();
        BenchResult.Sample last = m.series() == null || m.series().isEmpty() ? null : m.series().getLast();
        Object spread = m.settings() == null ? null : m.settings().get("startSpreadMs");
        return String.format(java.util.Locale.ROOT, "Following %d workers: %d running, %d done%s — %s and %.0f ops/s in the last second;"
                        + " %s so far%s", o.workers().size(), running, done, failed > 0 ? ", " + failed + " failed or silent" : "",
                io.rangefinder.core.Units.formatRate((last == null ? 0 : last.mbPerSec()) * 1e6), last == null ? 0 : last.opsPerSec(),
                io.rangefinder.core.Units.formatSize(m.bytes()),
                spread instanceof Number n ? String.format(java.util.Locale.ROOT, "; started within %.1f ms", n.doubleValue()) : "");
    }

    /** Whether any worker may still be running: no final result yet, and heard from recently. */
    static boolean anyRunning(Merge.Outcome o, Instant now) {
        for (Merge.Worker w : o.workers()) {
            if (running(w, now)) {
                return true;
            }
        }
        return false;
    }

    static boolean running(Merge.Worker w, Instant now) {
        return w.running() && w.lastSeen() != null && Duration.between(w.lastSeen(), now).compareTo(SILENT) < 0;
    }

    ReadOnlyObjectProperty<Merge.Outcome> outcomeProperty() {
        return outcome.getReadOnlyProperty();
    }

    ReadOnlyBooleanProperty followingProperty() {
        return following.getReadOnlyProperty();
    }

    ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    @Override
    public void close() {
        stop();
    }
}
