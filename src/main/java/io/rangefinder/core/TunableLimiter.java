package io.rangefinder.core;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A permit gate whose limit can change while permits are held. Raising the limit lets waiters in
 * at once; lowering it never interrupts work in flight: new work simply waits until in-flight
 * drops below the new limit. Acquire is cancellable by a {@link CancellationToken}.
 */
public final class TunableLimiter {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private int limit;
    private int inFlight;
    private int waiting;
    private long acquired;

    public TunableLimiter(int limit) {
        this.limit = checkLimit(limit);
    }

    private static int checkLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        return limit;
    }

    /** Blocks until a permit is free or the token is cancelled (then throws {@link CancelledException}). */
    public void acquire(CancellationToken token) {
        token.throwIfCancelled();
        try (var wake = token.onCancel(this::wakeAll)) {
            lock.lock();
            try {
                waiting++;
                try {
                    while (inFlight >= limit) {
                        token.throwIfCancelled();
                        // A bounded wait guards against a wake-up lost between the check and the await.
                        changed.await(100, TimeUnit.MILLISECONDS);
                    }
                    token.throwIfCancelled();
                } finally {
                    waiting--;
                }
                inFlight++;
                acquired++;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException("interrupted");
            } finally {
                lock.unlock();
            }
        }
    }

    /** Takes a permit if one is free right now. */
    public boolean tryAcquire() {
        lock.lock();
        try {
            if (inFlight >= limit) {
                return false;
            }
            inFlight++;
            acquired++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    public void release() {
        lock.lock();
        try {
            if (inFlight == 0) {
                throw new IllegalStateException("release without acquire");
            }
            inFlight--;
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Changes the limit for new work; permits already held are kept. */
    public void setLimit(int newLimit) {
        checkLimit(newLimit);
        lock.lock();
        try {
            limit = newLimit;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public int limit() {
        lock.lock();
        try {
            return limit;
        } finally {
            lock.unlock();
        }
    }

    public int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    public int waiting() {
        lock.lock();
        try {
            return waiting;
        } finally {
            lock.unlock();
        }
    }

    /** A consistent view of limit, in-flight, waiting and the total permits ever granted. */
    public Snapshot snapshot() {
        lock.lock();
        try {
            return new Snapshot(limit, inFlight, waiting, acquired);
        } finally {
            lock.unlock();
        }
    }

    private void wakeAll() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public record Snapshot(int limit, int inFlight, int waiting, long acquired) {
    }
}
