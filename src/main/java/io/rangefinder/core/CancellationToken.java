package io.rangefinder.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cooperative cancellation shared by a run and everything it starts. Cancelling runs each
 * registered callback exactly once (a callback registered after cancel runs at once) and cancels
 * every child. Closing a token cancels it, so try-with-resources stops whatever it scoped.
 */
public final class CancellationToken implements AutoCloseable {

    /**
     * In a holder, so SLF4J and logback start only when something is logged: their first
     * getLogger finds the provider, looks for config files on the whole class path and parses
     * logback.xml, 0.1-0.2 s of a short CLI run that would otherwise log nothing.
     */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(CancellationToken.class);
    }

    /** Deadlines share one daemon timer thread; callbacks run on the cancelling thread. */
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rangefinder-deadlines");
        t.setDaemon(true);
        return t;
    });

    private final AtomicReference<String> reason = new AtomicReference<>();
    // Hot paths register and drop a callback per request, so both are O(1); callbacks run in the
    // order they were registered.
    private final Set<Registration> callbacks = new LinkedHashSet<>();

    private CancellationToken() {
    }

    public static CancellationToken create() {
        return new CancellationToken();
    }

    /** A token cancelled when this one is; cancelling the child leaves the parent alone. */
    public CancellationToken child() {
        CancellationToken child = new CancellationToken();
        Registration link = onCancel(() -> child.cancel(reason()));
        // Once the child is done, it no longer needs to hear from the parent.
        child.onCancel(link::close);
        return child;
    }

    /** A child that also cancels itself after {@code timeout}. */
    public CancellationToken childWithDeadline(Duration timeout) {
        CancellationToken child = child();
        child.cancelAfter(timeout);
        return child;
    }

    /** Cancels this token after {@code timeout} unless it is cancelled before. */
    public void cancelAfter(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (isCancelled()) {
            return;
        }
        String why = "deadline of " + timeout.toMillis() + " ms passed";
        ScheduledFuture<?> timer = TIMER.schedule(() -> cancel(why), timeout.toNanos(), TimeUnit.NANOSECONDS);
        onCancel(() -> timer.cancel(false));
    }

    /**
     * Cancels the token: the first call wins and its reason is kept; later calls do nothing.
     * Callbacks run on this thread; one that throws is logged and the others still run.
     */
    public void cancel(String why) {
        if (!reason.compareAndSet(null, why == null ? "cancelled" : why)) {
            return;
        }
        List<Registration> toRun;
        synchronized (callbacks) {
            toRun = new ArrayList<>(callbacks);
            callbacks.clear();
        }
        for (Registration r : toRun) {
            r.fire();
        }
    }

    public void cancel() {
        cancel("cancelled");
    }

    public boolean isCancelled() {
        return reason.get() != null;
    }

    /** Why it was cancelled, or {@code null} while it is not. */
    public String reason() {
        return reason.get();
    }

    public void throwIfCancelled() {
        String why = reason.get();
        if (why != null) {
            throw new CancelledException(why);
        }
    }

    /**
     * Sleeps for {@code d}, waking every 20 ms to look at this token: throws {@link CancelledException}
     * as soon as it is cancelled (or the thread is interrupted), so a paced loop stops promptly.
     */
    public void sleep(java.time.Duration d) {
        long end = System.nanoTime() + d.toNanos();
        while (true) {
            throwIfCancelled();
            long left = end - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                Thread.sleep(java.time.Duration.ofNanos(Math.min(left, 20_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException("interrupted");
            }
        }
    }

    /**
     * Runs {@code callback} once when the token is cancelled, or right now if it already is.
     * Closing the returned registration drops the callback if it has not run yet.
     */
    public Registration onCancel(Runnable callback) {
        Registration r = new Registration(this, callback);
        synchronized (callbacks) {
            callbacks.add(r);
        }
        // Cancel may have swept the list just before we added: make sure the callback still runs.
        if (isCancelled()) {
            synchronized (callbacks) {
                callbacks.remove(r);
            }
            r.fire();
        }
        return r;
    }

    @Override
    public void close() {
        cancel("closed");
    }

    @Override
    public String toString() {
        String why = reason.get();
        return why == null ? "CancellationToken[active]" : "CancellationToken[cancelled: " + why + "]";
    }

    /** A registered callback; closing it unregisters. */
    public static final class Registration implements AutoCloseable {
        private final CancellationToken owner;
        private final AtomicReference<Runnable> callback;

        private Registration(CancellationToken owner, Runnable callback) {
            this.owner = owner;
            this.callback = new AtomicReference<>(Objects.requireNonNull(callback, "callback"));
        }

        private void fire() {
            Runnable r = callback.getAndSet(null);
            if (r != null) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    Log.LOG.warn("cancellation callback failed", e);
                }
            }
        }

        @Override
        public void close() {
            if (callback.getAndSet(null) != null) {
                synchronized (owner.callbacks) {
                    owner.callbacks.remove(this);
                }
            }
        }
    }
}
