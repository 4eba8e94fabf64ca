package io.rangefinder.app.testsupport;

import io.rangefinder.app.common.TaskExecutor;
import io.rangefinder.core.CancellationToken;

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
        CancellationToken token = CancellationToken.create();
        T result;
        try {
            result = work.run(new Progress() {
                @Override
                public void publish(Runnable update) {
                    if (!token.isCancelled()) {
                        update.run();
                    }
                }

                @Override
                public CancellationToken token() {
                    return token;
                }
            });
        } catch (Exception e) {
            onFailure.accept(e);
            return token::cancel;
        }
        onSuccess.accept(result);
        return token::cancel;
    }
}
