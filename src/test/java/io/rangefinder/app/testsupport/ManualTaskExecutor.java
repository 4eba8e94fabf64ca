package io.rangefinder.app.testsupport;

import io.rangefinder.app.common.TaskExecutor;
import io.rangefinder.core.CancellationToken;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Holds submitted work until the test runs it, and delivers its outcome when the test says, so a
 * test can finish background work out of order, as threads may.
 */
public final class ManualTaskExecutor implements TaskExecutor {

    /** One submitted piece of work: run it, then deliver what it gave to the UI-thread callback. */
    public final class Job<T> {
        private final Work<T> work;
        private final Consumer<? super T> onSuccess;
        private final Consumer<? super Throwable> onFailure;
        private final CancellationToken token = CancellationToken.create();
        private T result;
        private Exception failure;
        private boolean ran;

        private Job(Work<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
            this.work = work;
            this.onSuccess = onSuccess;
            this.onFailure = onFailure;
        }

        /** Runs the work now (the "background thread"); the outcome waits for {@link #deliver()}. */
        public Job<T> run() {
            ran = true;
            try {
                result = work.run(new Progress() {
                    @Override
                    public void publish(Runnable update) {
                        update.run();
                    }

                    @Override
                    public CancellationToken token() {
                        return token;
                    }
                });
            } catch (Exception e) {
                failure = e;
            }
            return this;
        }

        /** Hands the outcome to the callback (the "UI thread"), unless the work was cancelled. */
        public void deliver() {
            if (!ran) {
                throw new IllegalStateException("run() first");
            }
            pending.remove(this);
            if (token.isCancelled()) {
                return;
            }
            if (failure != null) {
                onFailure.accept(failure);
            } else {
                onSuccess.accept(result);
            }
        }

        public void runAndDeliver() {
            run().deliver();
        }
    }

    private final List<Job<?>> pending = new ArrayList<>();

    @Override
    public <T> Handle submit(Work<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        Job<T> job = new Job<>(work, onSuccess, onFailure);
        pending.add(job);
        return () -> job.token.cancel("cancelled");
    }

    /** Submitted and not yet delivered, oldest first. */
    public List<Job<?>> pending() {
        return List.copyOf(pending);
    }

    /** The newest submitted job not yet delivered. */
    public Job<?> last() {
        return pending.getLast();
    }

    /** Runs and delivers everything, including what the callbacks submit, until nothing is left. */
    public void drain() {
        while (!pending.isEmpty()) {
            pending.getFirst().runAndDeliver();
        }
    }
}
