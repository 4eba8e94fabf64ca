package io.rangefinder.app.common;

import io.rangefinder.core.CancellationToken;

import javafx.application.Platform;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/** Runs each piece of work as a {@link TokenTask} on its own virtual thread; updates go through {@link Platform#runLater}. */
public final class FxTaskExecutor implements TaskExecutor, AutoCloseable {

    private final ExecutorService threads =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("rf-storage-", 0).factory());

    @Override
    public <T> Handle submit(Work<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        TokenTask<T> task = new TokenTask<>(token -> work.run(new Progress() {
            @Override
            public void publish(Runnable update) {
                Platform.runLater(() -> {
                    if (!token.isCancelled()) {
                        update.run();
                    }
                });
            }

            @Override
            public CancellationToken token() {
                return token;
            }
        }));
        // Task fires these on the FX thread, after every runLater queued by publish()
        task.setOnSucceeded(_ -> onSuccess.accept(task.getValue()));
        task.setOnFailed(_ -> onFailure.accept(task.getException()));
        threads.execute(task);
        return () -> task.cancel(true);
    }

    /** Interrupts running work; does not wait for it. */
    @Override
    public void close() {
        threads.shutdownNow();
    }
}
