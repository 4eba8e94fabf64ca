package io.rangefinder.app.lab;

import io.rangefinder.core.CancellationToken;

import javafx.concurrent.Task;

/**
 * A {@link Task} whose work runs under a {@link CancellationToken}. {@link #cancel(boolean)} cancels
 * the token too (the task ends as cancelled); {@link #stop(String)} cancels only the token, so work
 * that can stop early with a partial result (a benchmark) still succeeds with it.
 */
final class TokenTask<T> extends Task<T> {

    /** Work that honours the token. */
    @FunctionalInterface
    interface Work<T> {
        T run(CancellationToken token) throws Exception;
    }

    private final CancellationToken token = CancellationToken.create();
    private final Work<T> work;

    TokenTask(Work<T> work) {
        this.work = work;
    }

    @Override
    protected T call() throws Exception {
        try {
            return work.run(token);
        } finally {
            token.close();
        }
    }

    /** Asks the work to end now and deliver what it has. */
    void stop(String reason) {
        token.cancel(reason);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        token.cancel("cancelled");
        return super.cancel(mayInterruptIfRunning);
    }

    CancellationToken token() {
        return token;
    }

    /** Runs the task on a new virtual thread. */
    TokenTask<T> startOnVirtualThread(String name) {
        Thread.ofVirtual().name(name).start(this);
        return this;
    }
}
