package io.rangefinder.app.testsupport;

import io.rangefinder.app.TaskExecutor;

import java.util.function.Consumer;

/** Runs work on the caller's thread, updates included, so view models can be tested step by step. */
public final class DirectTaskExecutor implements TaskExecutor {

    private int submitted;

    public int submitted() {
        return submitted;
    }

    @Override
    public <T> Handle submit(Work<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        submitted++;
        boolean[] cancelled = {false};
        T result;
        try {
            result = work.run(new Progress() {
                @Override
                public void publish(Runnable update) {
                    if (!cancelled[0]) {
                        update.run();
                    }
                }

                @Override
                public boolean isCancelled() {
                    return cancelled[0];
                }
            });
        } catch (Exception e) {
            onFailure.accept(e);
            return () -> cancelled[0] = true;
        }
        onSuccess.accept(result);
        return () -> cancelled[0] = true;
    }
}
