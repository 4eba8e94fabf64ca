package io.rangefinder.core;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A FIFO hand-off between producers and consumers whose capacity can change at runtime. A full
 * channel blocks {@link #put} (backpressure); an empty one blocks {@link #take}. Lowering the
 * capacity keeps what is queued and blocks producers until the depth falls below the new capacity.
 * {@link #close()} lets consumers drain what is left; {@link #cancel} wakes everyone at once and
 * makes both sides fail.
 */
public final class BoundedChannel<T> implements Iterable<T>, AutoCloseable {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<T> items = new ArrayDeque<>();
    private int capacity;
    private boolean closed;
    private String cancelReason;
    private int maxDepth;

    public BoundedChannel(int capacity) {
        this.capacity = checkCapacity(capacity);
    }

    private static int checkCapacity(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        return capacity;
    }

    /**
     * Adds an item, waiting while the channel is full.
     *
     * @throws ClosedException if the channel is closed or cancelled
     * @throws CancelledException if {@code token} is cancelled while waiting
     */
    public void put(T item, CancellationToken token) {
        if (item == null) {
            throw new NullPointerException("item");
        }
        try (var wake = token.onCancel(this::wakeAll)) {
            lock.lock();
            try {
                while (true) {
                    failIfShut();
                    token.throwIfCancelled();
                    if (items.size() < capacity) {
                        break;
                    }
                    notFull.await(100, TimeUnit.MILLISECONDS);
                }
                items.addLast(item);
                maxDepth = Math.max(maxDepth, items.size());
                notEmpty.signal();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException("interrupted");
            } finally {
                lock.unlock();
            }
        }
    }

    /** Adds an item only if there is room now; false when full. */
    public boolean offer(T item) {
        lock.lock();
        try {
            failIfShut();
            if (items.size() >= capacity) {
                return false;
            }
            items.addLast(item);
            maxDepth = Math.max(maxDepth, items.size());
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the oldest item, waiting while the channel is empty.
     *
     * @return the item, or {@code null} once the channel is closed and drained
     * @throws ClosedException if the channel was cancelled
     * @throws CancelledException if {@code token} is cancelled while waiting
     */
    public T take(CancellationToken token) {
        try (var wake = token.onCancel(this::wakeAll)) {
            lock.lock();
            try {
                while (true) {
                    if (cancelReason != null) {
                        throw new ClosedException("channel cancelled: " + cancelReason);
                    }
                    T item = items.pollFirst();
                    if (item != null) {
                        notFull.signal();
                        return item;
                    }
                    if (closed) {
                        return null;
                    }
                    token.throwIfCancelled();
                    notEmpty.await(100, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException("interrupted");
            } finally {
                lock.unlock();
            }
        }
    }

    /** Takes an item if one is queued now, else {@code null}. */
    public T poll() {
        lock.lock();
        try {
            T item = items.pollFirst();
            if (item != null) {
                notFull.signal();
            }
            return item;
        } finally {
            lock.unlock();
        }
    }

    public void setCapacity(int newCapacity) {
        checkCapacity(newCapacity);
        lock.lock();
        try {
            capacity = newCapacity;
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public int capacity() {
        lock.lock();
        try {
            return capacity;
        } finally {
            lock.unlock();
        }
    }

    public int depth() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }

    /** Depth, capacity and the deepest the queue has been, read together. */
    public Snapshot snapshot() {
        lock.lock();
        try {
            return new Snapshot(items.size(), capacity, maxDepth, closed, cancelReason != null);
        } finally {
            lock.unlock();
        }
    }

    /** No more puts; consumers still get what is queued, then {@code null}. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            notFull.signalAll();
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Drops what is queued and fails every waiting and future put or take. */
    public void cancel(String reason) {
        lock.lock();
        try {
            if (cancelReason == null) {
                cancelReason = reason == null ? "cancelled" : reason;
            }
            closed = true;
            items.clear();
            notFull.signalAll();
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    private void failIfShut() {
        if (cancelReason != null) {
            throw new ClosedException("channel cancelled: " + cancelReason);
        }
        if (closed) {
            throw new ClosedException("channel closed");
        }
    }

    private void wakeAll() {
        lock.lock();
        try {
            notFull.signalAll();
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Consumes the channel until it is closed and drained; not cancellable from outside. */
    @Override
    public Iterator<T> iterator() {
        return iterator(CancellationToken.create());
    }

    public Iterator<T> iterator(CancellationToken token) {
        return new Iterator<>() {
            private T next;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (next == null && !done) {
                    next = take(token);
                    done = next == null;
                }
                return next != null;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                T item = next;
                next = null;
                return item;
            }
        };
    }

    public record Snapshot(int depth, int capacity, int maxDepth, boolean closed, boolean cancelled) {
    }

    /** The channel was closed (for producers) or cancelled (for both sides). */
    public static final class ClosedException extends RuntimeException {
        public ClosedException(String message) {
            super(message);
        }
    }
}
