package io.rangefinder.app.common;

import io.rangefinder.core.CancellationToken;

import javafx.concurrent.Task;

/**
 * The one bridge between a JavaFX {@link Task} and the engine's {@link CancellationToken}:
 * {@code cancel()} on the task cancels the token, so engine work (listing, stat, transfers) stops
 * through its own cancellation path, not by thread interruption alone.
 */
public final class TokenTask<T> extends Task<T> {

    /** Work that runs on a background thread and should stop soon after {@code token} is cancelled. */
    @FunctionalInterface
    public interface Body<T> {
        T run(CancellationToken token) throws Exception;
    }

    private final CancellationToken token = CancellationToken.create();
    private final Body<T> body;

    public TokenTask(Body<T> body) {
        this.body = body;
    }

    public CancellationToken token() {
        return token;
    }

    @Override
    protected T call() throws Exception {
        token.throwIfCancelled();
        return body.run(token);
    }

    /** Runs the task on a new virtual thread (for callers without a {@link TaskExecutor}). */
    public TokenTask<T> startOnVirtualThread(String name) {
        Thread.ofVirtual().name(name).start(this);
        return this;
    }

    /**
     * Asks the work to end now and deliver what it has: only the token is cancelled, so work that
     * can stop early with a partial result (a benchmark run) still succeeds with it.
     */
    public void stop(String reason) {
        token.cancel(reason);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        token.cancel("cancelled by the user");
        return super.cancel(mayInterruptIfRunning);
    }
}
