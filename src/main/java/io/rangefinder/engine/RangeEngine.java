package io.rangefinder.engine;

import io.rangefinder.core.Retry;
import io.rangefinder.core.CancellationToken;
import io.rangefinder.core.CancelledException;
import io.rangefinder.core.TunableLimiter;
import io.rangefinder.storage.Checksum;
import io.rangefinder.storage.ChecksummedStream;
import io.rangefinder.storage.LocalFiles;
import io.rangefinder.storage.ObjectInfo;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads one object with concurrent range requests. Small objects get one request; larger ones
 * are cut into {@code chunkSize} ranges fetched on virtual threads, at most
 * {@code maxConcurrentRanges} at once (retunable through {@link Download#setConcurrency}). Each range
 * streams into the sink at its offset through a pooled buffer, so memory is buffer × in-flight.
 * A range that fails transiently or outlives {@code rangeTimeout} resumes where it stopped, after
 * a backoff. Cancelling closes every open range stream at once.
 */
public final class RangeEngine {

    /**
     * In a holder, so SLF4J and logback start only when something is logged: their first
     * getLogger finds the provider, looks for config files on the whole class path and parses
     * logback.xml, 0.1-0.2 s of a short CLI run that would otherwise log nothing.
     */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(RangeEngine.class);
    }
    private static final AtomicInteger ACTIVE_WORKERS = new AtomicInteger();
    private static final long LOCAL_STEP = 8L << 20;

    private final RangeEngineConfig config;

    public RangeEngine(RangeEngineConfig config) {
        this.config = config;
    }

    public RangeEngineConfig config() {
        return config;
    }

    /** Range worker threads alive across all downloads (for leak checks and diagnostics). */
    public static int activeWorkers() {
        return ACTIVE_WORKERS.get();
    }

    /** Downloads and waits; see {@link #start}. */
    public DownloadStats download(ObjectStore store, String container, String key, RangeSink sink, CancellationToken token) {
        return start(store, container, key, -1, sink, token).await();
    }

    /**
     * Starts a download in the background.
     *
     * @param knownSize the object's size if the caller already knows it (skips the stat), else -1
     * @param token cancels the download; the engine works under a child of it
     */
    public Download start(ObjectStore store, String container, String key, long knownSize, RangeSink sink,
                          CancellationToken token) {
        return start(store, container, key, knownSize, null, sink, token);
    }

    /**
     * Starts a download of an object the caller has listed or stat'ed: no stat, and the listing's
     * checksum (GCS lists CRC32C) is what the bytes are checked against.
     */
    public Download start(ObjectStore store, ObjectInfo known, RangeSink sink, CancellationToken token) {
        return start(store, known.container(), known.key(), known.size(), known.checksum(), sink, token);
    }

    private Download start(ObjectStore store, String container, String key, long knownSize,
                           Checksum knownChecksum, RangeSink sink, CancellationToken token) {
        CancellationToken run = token.child();
        Download d = new Download(container + "/" + key, new TunableLimiter(config.maxConcurrentRanges()), run);
        ACTIVE_WORKERS.incrementAndGet();
        Thread.ofVirtual().name("rf-download").start(() -> {
            try {
                d.state.result.complete(run(store, container, key, knownSize, knownChecksum, sink, run, d));
            } catch (Throwable t) {
                sink.abort();
                Throwable failure = t instanceof IOException io ? SinkFailure.of(io) : t;
                d.state.result.completeExceptionally(run.isCancelled() && !(failure instanceof StorageException)
                        ? new CancelledException(run.reason()) : failure);
            } finally {
                run.close();
                ACTIVE_WORKERS.decrementAndGet();
            }
        });
        return d;
    }

    private DownloadStats run(ObjectStore store, String container, String key, long knownSize,
                              Checksum knownChecksum, RangeSink sink,
                              CancellationToken token, Download d) throws IOException {
        long start = System.nanoTime();
        ObjectInfo info = knownSize >= 0 ? null : store.stat(container, key);
        long size = info == null ? knownSize : info.size();
        token.throwIfCancelled();
        d.state.sized(size);
        boolean single = size < config.minSplitSize() || size <= config.chunkSize();
        d.state.verifier = new Verifier(config.verify(), key, info == null ? knownChecksum : info.checksum(), size,
                config.chunkSize(), single);
        sink.open(size);
        AtomicLong firstByte = new AtomicLong();
        int ranges;
        if (size == 0) {
            ranges = 0;
        } else if (single) {
            d.state.planned(1);
            // One request: no stat-sized split overhead for small objects.
            d.limiter().acquire(token);
            try {
                fetchRange(store, container, key, 0, 0, size, sink, token, d, firstByte, new BufferPool(config.bufferSize()));
            } finally {
                d.limiter().release();
            }
            ranges = 1;
        } else {
            ranges = fetchRanges(store, container, key, size, sink, token, d, firstByte);
        }
        token.throwIfCancelled();
        Integrity integrity = d.state.verifier.finish(sink);
        token.throwIfCancelled();
        sink.commit();
        double seconds = (System.nanoTime() - start) / 1e9;
        long fb = firstByte.get();
        return new DownloadStats(d.state.bytes.total(), seconds, ranges, d.state.counts().retries(), d.limiter().limit(),
                d.state.rangeLatency.snapshot(), fb == 0 ? 0 : (fb - start) / 1e6, integrity);
    }

    private int fetchRanges(ObjectStore store, String container, String key, long size, RangeSink sink,
                            CancellationToken token, Download d, AtomicLong firstByte) {
        long chunk = config.chunkSize();
        int count = (int) ((size + chunk - 1) / chunk);
        d.state.planned(count);
        CountDownLatch done = new CountDownLatch(count);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        BufferPool buffers = new BufferPool(config.bufferSize());
        int started = 0;
        try {
            for (int i = 0; i < count; i++) {
                try {
                    d.limiter().acquire(token);
                } catch (CancelledException e) {
                    if (failure.get() == null) {
                        throw e;
                    }
                    break; // a range failed and cancelled the run: report that failure below
                }
                long offset = i * chunk;
                long length = Math.min(chunk, size - offset);
                int index = i;
                ACTIVE_WORKERS.incrementAndGet();
                try {
                    Thread.ofVirtual().name("rf-range-" + i).start(() -> {
                        try {
                            fetchRange(store, container, key, index, offset, length, sink, token, d, firstByte, buffers);
                        } catch (Throwable t) {
                            if (failure.compareAndSet(null, t) && !(t instanceof CancelledException)) {
                                token.cancel("range failed: " + t.getMessage());
                            }
                        } finally {
                            d.limiter().release();
                            ACTIVE_WORKERS.decrementAndGet();
                            done.countDown();
                        }
                    });
                } catch (Throwable t) {
                    d.limiter().release();
                    ACTIVE_WORKERS.decrementAndGet();
                    throw t;
                }
                started++;
            }
        } finally {
            // Whatever stopped the dispatch, wait for the ranges already running before the sink is touched again.
            for (int i = started; i < count; i++) {
                done.countDown();
            }
            awaitUninterruptibly(done);
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new UncheckedIOException(new IOException(t));
        }
        return count;
    }

    private void fetchRange(ObjectStore store, String container, String key, int index, long offset, long length,
                            RangeSink sink, CancellationToken token, Download d, AtomicLong firstByte,
                            BufferPool buffers) {
        long began = System.nanoTime();
        long done = 0;
        int attempt = 0;
        byte[] buffer = buffers.take();
        try {
            while (done < length) {
                token.throwIfCancelled();
                CancellationToken attemptToken = token.childWithDeadline(config.rangeTimeout());
                try {
                    done += copyRange(store, container, key, index, offset + done, length - done, offset + done, sink,
                            attemptToken, d, firstByte, buffer);
                } catch (RuntimeException e) {
                    if (e instanceof PartialRangeException p) {
                        done += p.copied;
                        e = p.failure("range " + offset + "+" + length + " of " + key);
                    }
                    if (token.isCancelled()) {
                        throw new CancelledException(token.reason());
                    }
                    boolean timedOut = attemptToken.isCancelled();
                    if (!(timedOut || Retry.isTransient(e)) || attempt >= config.retries()) {
                        throw timedOut
                                ? new StorageException.TransientIo("range " + offset + "+" + length + " of " + key
                                + " timed out after " + config.rangeTimeout().toMillis() + " ms, " + attempt + " retries", e)
                                : e;
                    }
                    attempt++;
                    d.state.retried();
                    Log.LOG.debug("retrying range {}+{} of {} (attempt {}): {}", offset, length, key, attempt, e.toString());
                    Retry.backoff(config.retryBackoff(), attempt, token);
                } finally {
                    attemptToken.close();
                }
            }
            d.state.rangeLatency.recordNanos(System.nanoTime() - began);
            d.state.rangeDone();
        } finally {
            buffers.give(buffer);
        }
    }

    /** One attempt: streams [position, position+length) into the sink; returns the bytes copied before any failure. */
    private long copyRange(ObjectStore store, String container, String key, int index, long position, long length,
                           long sinkPosition, RangeSink sink, CancellationToken attemptToken, Download d,
                           AtomicLong firstByte, byte[] buffer) {
        if (store instanceof LocalFiles local && sink instanceof FileSink file) {
            return copyLocal(local.localPath(container, key), key, position, length, file, attemptToken, d, firstByte);
        }
        long copied = 0;
        // The whole object in one request is a plain GET: no Range header for the server to honour.
        InputStream in = openRange(store, container, key, position, length, d.state.counts().size(), attemptToken);
        try (in; var abort = attemptToken.onCancel(() -> closeQuietly(in))) {
            if (in instanceof ChecksummedStream offered) {
                d.state.verifier.offered(offered.objectChecksum());
            }
            while (copied < length) {
                int want = (int) Math.min(buffer.length, length - copied);
                int n = in.read(buffer, 0, want);
                if (n < 0) {
                    throw new StorageException.TransientIo("the store ended range " + position + "+" + length
                            + " of " + key + " after " + copied + " bytes");
                }
                firstByte.compareAndSet(0, System.nanoTime());
                try {
                    sink.write(sinkPosition + copied, buffer, 0, n);
                } catch (IOException e) {
                    throw SinkFailure.of(e);
                }
                d.state.verifier.update(index, buffer, 0, n);
                copied += n;
                d.state.bytes.mark(n);
            }
            return copied;
        } catch (IOException | RuntimeException e) {
            throw PartialRangeException.after(copied, e);
        }
    }

    /**
     * Sends the request for a range. Until its response arrives there is no stream to close, so a
     * server that accepts the connection and never answers would hold the attempt for the client's
     * whole request timeout; instead the attempt's deadline interrupts this (virtual) thread, which
     * closes the socket it waits on. The interrupt is ours alone: it is never left set on the thread.
     */
    private static InputStream openRange(ObjectStore store, String container, String key, long position, long length,
                                         long size, CancellationToken attemptToken) {
        Thread worker = Thread.currentThread();
        // 0 waiting, 1 answered, 2 interrupting, 3 interrupted
        AtomicInteger phase = new AtomicInteger();
        try (var interrupt = attemptToken.onCancel(() -> {
            if (phase.compareAndSet(0, 2)) {
                worker.interrupt();
                phase.set(3);
            }
        })) {
            return position == 0 && length == size ? store.get(container, key)
                    : store.getRange(container, key, position, length);
        } finally {
            if (!phase.compareAndSet(0, 1)) {
                while (phase.get() != 3) {
                    Thread.onSpinWait();
                }
                Thread.interrupted(); // clear the interrupt we sent; the token tells the caller why
            }
        }
    }

    /** File to file: the kernel copies in steps of {@link #LOCAL_STEP}, so progress and cancel stay live. */
    private long copyLocal(Path source, String key, long position, long length, FileSink sink,
                           CancellationToken attemptToken, Download d, AtomicLong firstByte) {
        long copied = 0;
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
             var abort = attemptToken.onCancel(() -> closeQuietly(in))) {
            while (copied < length) {
                attemptToken.throwIfCancelled();
                in.position(position + copied);
                long n;
                try {
                    n = sink.transferFrom(in, position + copied, Math.min(LOCAL_STEP, length - copied));
                } catch (IOException e) {
                    if (!in.isOpen()) {
                        throw e; // aborted by cancel or timeout
                    }
                    throw SinkFailure.of(e);
                }
                if (n <= 0) {
                    throw new StorageException.TransientIo("'" + key + "' ended at " + (position + copied)
                            + " while reading range " + position + "+" + length + " (was it truncated?)");
                }
                firstByte.compareAndSet(0, System.nanoTime());
                copied += n;
                d.state.bytes.mark(n);
            }
            return copied;
        } catch (NoSuchFileException e) {
            throw new StorageException.NotFound("'" + key + "' no longer exists (" + source + ")", e);
        } catch (IOException | RuntimeException e) {
            throw PartialRangeException.after(copied, e);
        }
    }

    /** A range attempt that failed after copying some bytes; the retry resumes after them. */
    private static final class PartialRangeException extends RuntimeException {
        private final long copied;

        PartialRangeException(long copied, Throwable cause) {
            super(cause.getMessage(), cause, false, false);
            this.copied = copied;
        }

        /** What a range attempt that failed after {@code copied} bytes throws: I/O errors always carry the count; other errors only once bytes arrived. */
        static RuntimeException after(long copied, Exception e) {
            if (e instanceof RuntimeException re && copied == 0) {
                return re;
            }
            return new PartialRangeException(copied, e);
        }

        /** The cause to report; an I/O error mid-body gets named after the range it broke. */
        RuntimeException failure(String range) {
            Throwable c = getCause();
            return c instanceof RuntimeException re ? re : new StorageException.TransientIo(
                    "reading " + range + " broke off after " + copied + " bytes of this attempt: " + c.getMessage(), c);
        }
    }

    private static void closeQuietly(java.io.Closeable in) {
        try {
            in.close();
        } catch (IOException | RuntimeException ignored) {
            // closing is how a stuck read is aborted; its error is not the story
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Buffers handed between range workers so a long download allocates about one per in-flight range. */
    private static final class BufferPool {
        private final int size;
        private final ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();

        BufferPool(int size) {
            this.size = size;
        }

        byte[] take() {
            byte[] b = free.poll();
            return b != null ? b : new byte[size];
        }

        void give(byte[] b) {
            free.offer(b);
        }
    }
}
