package io.rangefinder.app;

import javafx.application.Platform;
import javafx.concurrent.Task;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/** Runs each piece of work as a {@link Task} on its own virtual thread; updates go through {@link Platform#runLater}. */
public final class FxTaskExecutor implements TaskExecutor, AutoCloseable {

    private final ExecutorService threads =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("rf-storage-", 0).factory());

    @Override
    public <T> Handle submit(Work<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        Task<T> task = new Task<>() {
            @Override
            protected T call() throws Exception {
                Task<T> self = this;
                return work.run(new Progress() {
                    @Override
                    public void publish(Runnable update) {
                        Platform.runLater(() -> {
                            if (!self.isCancelled()) {
                                update.run();
                            }
                        });
                    }

                    @Override
                    public boolean isCancelled() {
                        return self.isCancelled();
                    }
                });
            }
        };
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
