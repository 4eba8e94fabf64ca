package io.rangefinder.storage.azure;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A blocking {@link InputStream} over a response body published as buffers. It asks the publisher
 * for a few buffers at a time and for more only as the reader drains them, so a slow reader makes
 * the HTTP client stop reading the socket instead of piling the body up in memory. Closing it
 * early cancels the subscription, which aborts the transfer (the connection is dropped, the rest
 * of the body is never read). Errors from the publisher reach the reader as {@link IOException}s
 * made by {@code errors}.
 */
final class BodyStream extends InputStream implements Subscriber<ByteBuffer>, io.rangefinder.storage.ChecksummedStream {

    private volatile io.rangefinder.storage.Checksum checksum;

    /** The blob's Content-MD5 as the response headers gave it. */
    void objectChecksum(io.rangefinder.storage.Checksum c) {
        checksum = c;
    }

    @Override
    public io.rangefinder.storage.Checksum objectChecksum() {
        return checksum;
    }


    /** Buffers requested ahead of the reader; the HTTP client's buffers are tens of KiB each. */
    private static final int PREFETCH = 16;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private final Function<Throwable, IOException> errors;
    private Subscription subscription;
    private ByteBuffer current;
    private boolean done;
    private Throwable failure;
    private boolean closed;
    private int drained;

    BodyStream(Function<Throwable, IOException> errors) {
        this.errors = errors;
    }

    @Override
    public void onSubscribe(Subscription s) {
        boolean cancel;
        lock.lock();
        try {
            subscription = s;
            cancel = closed;
        } finally {
            lock.unlock();
        }
        if (cancel) {
            s.cancel();
        } else {
            s.request(PREFETCH);
        }
    }

    @Override
    public void onNext(ByteBuffer buffer) {
        lock.lock();
        try {
            if (!closed) {
                queue.add(buffer);
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onError(Throwable t) {
        lock.lock();
        try {
            failure = t;
            done = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onComplete() {
        lock.lock();
        try {
            done = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n;
        do {
            n = read(one, 0, 1);
        } while (n == 0);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        int n = 0;
        int request = 0;
        lock.lock();
        try {
            while (true) {
                if (closed) {
                    throw new IOException("stream closed");
                }
                if (current != null && current.hasRemaining()) {
                    n = Math.min(len, current.remaining());
                    current.get(b, off, n);
                    if (!current.hasRemaining()) {
                        current = null;
                        drained++;
                        if (drained >= PREFETCH / 2 && !done) {
                            request = drained;
                            drained = 0;
                        }
                    }
                    break;
                }
                current = queue.poll();
                if (current != null) {
                    continue;
                }
                if (done) {
                    if (failure != null) {
                        throw errors.apply(failure);
                    }
                    return -1;
                }
                try {
                    changed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for data");
                }
            }
        } finally {
            lock.unlock();
        }
        if (request > 0) {
            subscription.request(request);
        }
        return n;
    }

    @Override
    public int available() {
        lock.lock();
        try {
            long sum = current == null ? 0 : current.remaining();
            for (ByteBuffer bb : queue) {
                sum += bb.remaining();
            }
            return (int) Math.min(Integer.MAX_VALUE, sum);
        } finally {
            lock.unlock();
        }
    }

    /** Stops the transfer: the subscription is cancelled, buffered data dropped, a blocked reader woken. */
    @Override
    public void close() {
        Subscription s;
        boolean cancel;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
            current = null;
            s = subscription;
            cancel = !done;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (s != null && cancel) {
            s.cancel();
        }
    }
}
