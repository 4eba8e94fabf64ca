package io.rangefinder.app.common;

import io.rangefinder.core.CancellationToken;

import java.util.function.Consumer;

/**
 * Runs storage work off the UI thread and hands its results back on the UI thread. View models
 * depend on this interface only, so tests can run them synchronously without JavaFX running.
 */
public interface TaskExecutor {

    /** Work that may block on I/O; it runs on a background thread. */
    @FunctionalInterface
    interface Work<T> {
        T run(Progress progress) throws Exception;
    }

    /** What running work may use to talk back to the UI. */
    interface Progress {
        /**
         * Runs {@code update} on the UI thread, after earlier updates and before the completion
         * callback; dropped if the work was cancelled. Batch updates: one per page, not per item.
         */
        void publish(Runnable update);

        /** Cancelled when the work is; pass it to the engine so its I/O stops too. */
        CancellationToken token();

        default boolean isCancelled() {
            return token().isCancelled();
        }
    }

    /** A submitted piece of work. */
    interface Handle {
        /** Asks the work to stop (its token is cancelled); after this no update or callback of it runs. */
        void cancel();
    }

    /** Starts {@code work}; exactly one of {@code onSuccess} and {@code onFailure} runs on the UI thread unless cancelled. */
    <T> Handle submit(Work<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure);
}
