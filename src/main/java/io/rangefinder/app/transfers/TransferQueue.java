package io.rangefinder.app.transfers;

import io.rangefinder.app.common.ErrorReport;
import io.rangefinder.app.common.TaskExecutor;
import io.rangefinder.core.CancelledException;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * All transfers of a window: runs at most {@code maxRunning} at once (the rest wait as "queued"),
 * cancels and retries them. FX thread only; the work itself runs through the {@link TaskExecutor},
 * so a transfer's {@link TokenTask} cancel reaches the engine's token.
 */
public final class TransferQueue {

    private final TaskExecutor executor;
    private final int maxRunning;
    private final ObservableList<Transfer> transfers = FXCollections.observableArrayList();
    private final ObservableList<Transfer> readOnly = FXCollections.unmodifiableObservableList(transfers);
    private final Map<Transfer, TaskExecutor.Handle> running = new HashMap<>();
    private Consumer<Transfer> onDone = _ -> { };

    public TransferQueue(TaskExecutor executor, int maxRunning) {
        this.executor = executor;
        this.maxRunning = maxRunning;
    }

    public ObservableList<Transfer> transfers() {
        return readOnly;
    }

    /** Called on the FX thread after a transfer completes successfully (e.g. to refresh a listing). */
    /** Runs on the UI thread when a transfer ends: done, failed or cancelled. */
    public void setOnDone(Consumer<Transfer> onDone) {
        this.onDone = onDone;
    }

    public void add(Transfer transfer) {
        transfers.add(transfer);
        pump();
    }

    public void cancel(Transfer transfer) {
        TaskExecutor.Handle handle = running.remove(transfer);
        if (handle != null) {
            handle.cancel();
        }
        if (!transfer.getState().isFinished()) {
            transfer.setState(Transfer.State.CANCELLED);
            transfer.sample(System.nanoTime());
        }
        pump();
    }

    /** Runs a failed or cancelled transfer again from the start. */
    public void retry(Transfer transfer) {
        if (transfer.getState() == Transfer.State.FAILED || transfer.getState() == Transfer.State.CANCELLED) {
            transfer.reset();
            transfer.setState(Transfer.State.QUEUED);
            pump();
        }
    }

    public void cancelAll() {
        for (Transfer t : java.util.List.copyOf(transfers)) {
            if (!t.getState().isFinished()) {
                cancel(t);
            }
        }
    }

    /** Removes finished rows. */
    public void clearFinished() {
        transfers.removeIf(t -> t.getState().isFinished());
    }

    /** The sampler's tick: every unfinished row reads its counters. */
    public void sample() {
        long now = System.nanoTime();
        for (Transfer t : transfers) {
            if (t.getState() == Transfer.State.RUNNING) {
                t.sample(now);
            }
        }
    }

    public long runningCount() {
        return running.size();
    }

    private void pump() {
        for (Transfer t : transfers) {
            if (running.size() >= maxRunning) {
                return;
            }
            if (t.getState() == Transfer.State.QUEUED) {
                start(t);
            }
        }
    }

    private void start(Transfer t) {
        t.reset();
        t.setState(Transfer.State.RUNNING);
        t.sample(System.nanoTime());
        // a placeholder first, as a synchronous executor may finish the work inside submit()
        running.put(t, () -> { });
        TaskExecutor.Handle handle = executor.submit(progress -> {
            t.job().run(t, progress.token());
            return Boolean.TRUE;
        }, _ -> finish(t, null), error -> finish(t, error));
        if (running.containsKey(t)) {
            running.put(t, handle);
        }
    }

    private void finish(Transfer t, Throwable error) {
        if (running.remove(t) == null) {
            return; // cancelled meanwhile
        }
        if (error == null) {
            t.setState(Transfer.State.DONE);
        } else if (error instanceof CancelledException) {
            t.setState(Transfer.State.CANCELLED);
        } else {
            t.fail(ErrorReport.of(t.direction() + " of " + t.name() + " failed", error));
        }
        t.sample(System.nanoTime());
        onDone.accept(t); // also after a failure or cancel: part of the work may have landed
        pump();
    }
}
