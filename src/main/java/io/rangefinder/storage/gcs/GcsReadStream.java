package io.rangefinder.storage.gcs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * The body of a read: the bytes read while opening, then the rest of the channel (the media
 * body, or the client's ReadChannel). The channel is
 * read by a pump thread of its own, a few chunks ahead, so that {@link #close()} from another
 * thread (a range timeout, a cancel) ends a read stuck on a stalled body at once: the client's
 * channel cannot be unblocked (closing it, or interrupting its reader, waits on a lock the stuck
 * read holds until the read timeout). The abandoned pump ends by itself at that timeout and
 * closes the channel; until then it holds one connection.
 */
final class GcsReadStream extends InputStream {
    private static final int PUMP_CHUNK = 256 * 1024;
    private static final int AHEAD = 2;
    private static final Object END = new Object();

    private final ByteBuffer first;
    private final java.nio.channels.ReadableByteChannel channel;
    /** Chunks ({@link ByteBuffer}), then {@link #END} or an {@link IOException}. */
    private final java.util.concurrent.BlockingQueue<Object> ready =
            new java.util.concurrent.ArrayBlockingQueue<>(AHEAD + 1);
    private final java.util.concurrent.BlockingQueue<byte[]> spare =
            new java.util.concurrent.ArrayBlockingQueue<>(AHEAD + 2);
    private volatile boolean closed;
    /** Guarded by this: whether the pump was started, and whether it is still running. */
    private boolean pumpStarted;
    private boolean pumping;
    private ByteBuffer current;
    private Object last;

    private final GcsErrors errors;

    GcsReadStream(ByteBuffer first, java.nio.channels.ReadableByteChannel channel, GcsErrors errors) {
        this.first = first;
        this.channel = channel;
        this.errors = errors;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("the stream was closed");
        }
        if (len == 0) {
            return 0;
        }
        if (first.hasRemaining()) {
            int n = Math.min(len, first.remaining());
            first.get(b, off, n);
            return n;
        }
        while (current == null || !current.hasRemaining()) {
            if (current != null) {
                spare.offer(current.array());
                current = null;
            }
            Object next = next();
            if (next instanceof ByteBuffer chunk) {
                current = chunk;
            } else if (next instanceof IOException e) {
                throw new IOException(e.getMessage(), e);
            } else {
                return -1;
            }
        }
        int n = Math.min(len, current.remaining());
        current.get(b, off, n);
        return n;
    }

    /** The pump's next chunk, end or failure; fails at once when the stream is closed meanwhile. */
    private Object next() throws IOException {
        if (last != null) {
            return last;
        }
        synchronized (this) {
            if (!pumpStarted) {
                pumpStarted = true;
                pumping = true;
                Thread.ofVirtual().name("gcs-read-pump").start(this::pump);
            }
        }
        try {
            Object next;
            while ((next = ready.poll(20, java.util.concurrent.TimeUnit.MILLISECONDS)) == null) {
                if (closed) {
                    throw new IOException("the stream was closed");
                }
            }
            if (!(next instanceof ByteBuffer)) {
                last = next;
            }
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while reading");
        }
    }

    private void pump() {
        Object end = END;
        try {
            while (!closed) {
                byte[] buf = spare.poll();
                ByteBuffer chunk = ByteBuffer.wrap(buf != null ? buf : new byte[PUMP_CHUNK]);
                int n = 0;
                while (chunk.hasRemaining() && (n = channel.read(chunk)) >= 0) {
                    // fill the chunk: fewer, larger hand-overs
                }
                chunk.flip();
                if (chunk.hasRemaining() && !handOver(chunk)) {
                    return;
                }
                if (n < 0) {
                    break;
                }
            }
        } catch (com.google.cloud.storage.StorageException e) {
            end = new IOException(errors.map(e, "reading", null, null).getMessage(), e);
        } catch (IOException | RuntimeException e) {
            end = e instanceof IOException io ? io : new IOException(GcsErrors.safeMessage(e), e);
        } finally {
            if (!closed) {
                handOver(end);
            }
            boolean closeNow;
            synchronized (this) {
                pumping = false;
                closeNow = closed;
            }
            if (closeNow) {
                GcsStore.closeQuietly(channel);
            }
        }
    }

    /** Waits for room ahead of the reader; false once the stream is closed. */
    private boolean handOver(Object item) {
        try {
            while (!ready.offer(item, 20, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                if (closed) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /** Safe from another thread: a read waiting on the network fails at once. */
    @Override
    public void close() {
        boolean closeNow;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            // a running pump closes the channel once its read returns; closing it here would wait for that read
            closeNow = !pumping;
        }
        if (closeNow) {
            GcsStore.closeQuietly(channel);
        }
    }

}
