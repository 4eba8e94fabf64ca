package io.rangefinder.storage.internal;

import io.rangefinder.core.CancellationToken;
import io.rangefinder.core.CancelledException;
import io.rangefinder.storage.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The upload routine of every store that takes an object in parts (S3 multipart parts, Azure
 * blocks): the data is read on the caller's thread into a fixed set of {@code inFlight} part
 * buffers, and each full buffer is sent on its own virtual thread; reading waits for a free
 * buffer, so memory stays at part size × parts in flight. The first failure wins and stops the
 * rest; a cancelled token stops everything. Every part has finished or failed when this returns
 * or throws, so the caller can commit, or abort and clean up, knowing nothing is still in flight.
 */
public final class ParallelParts {

    private static final long POLL_MILLIS = 50;

    /** Sends one part; called on its own virtual thread. Throws the store's own error. */
    @FunctionalInterface
    public interface PartSender {
        /** @param number from 1, in the order of the data */
        void send(int number, byte[] buffer, int length);
    }

    /** Sees each part's bytes on the reading thread, in order (e.g. to hash the whole object). */
    @FunctionalInterface
    public interface PartReader {
        void read(byte[] buffer, int length);
    }

    private ParallelParts() {
    }

    /**
     * Sends {@code first} (already read from {@code source}, {@code firstLength} bytes, of a buffer
     * of the part size) and then the rest of the source, part by part.
     *
     * @param tooManyParts the message when the data needs more than {@code maxParts} parts
     * @return how many parts were sent
     */
    public static int send(UploadSource source, byte[] first, int firstLength, int inFlight, int maxParts,
                           String tooManyParts, CancellationToken token, PartReader reader, PartSender sender) {
        int partSize = first.length;
        ArrayBlockingQueue<byte[]> free = new ArrayBlockingQueue<>(Math.max(1, inFlight));
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<Future<?>> running = new ArrayList<>();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try (var onCancel = token.onCancel(pool::shutdownNow)) {
            int allocated = 1;
            byte[] buffer = first;
            int n = firstLength;
            int number = 1;
            while (true) {
                if (number > maxParts) {
                    throw new StorageException.InvalidArgument(tooManyParts);
                }
                if (reader != null) {
                    reader.read(buffer, n);
                }
                running.add(submit(pool, number, buffer, n, free, failure, token, sender));
                running.removeIf(Future::isDone);
                if (source.ended(n, partSize)) {
                    break;
                }
                // the next buffer: a free one, a new one while fewer than inFlight exist, else wait for a part
                buffer = free.poll();
                if (buffer == null && allocated < inFlight) {
                    buffer = new byte[partSize];
                    allocated++;
                }
                while (buffer == null) {
                    throwIfFailed(failure, token);
                    try {
                        buffer = free.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new CancelledException("interrupted");
                    }
                }
                throwIfFailed(failure, token);
                n = source.next(buffer);
                if (n == 0) {
                    free.add(buffer);
                    break; // an unknown length that ended exactly at a part boundary
                }
                number++;
            }
            source.checkEnd();
            for (Future<?> f : running) {
                await(f, failure, token);
            }
            throwIfFailed(failure, token);
            return number;
        } finally {
            // on failure or cancel, stop the parts still running and wait for them before the caller aborts
            pool.shutdownNow();
            pool.close();
        }
    }

    private static Future<?> submit(ExecutorService pool, int number, byte[] buffer, int length,
                                    ArrayBlockingQueue<byte[]> free, AtomicReference<RuntimeException> failure,
                                    CancellationToken token, PartSender sender) {
        try {
            return pool.submit(() -> {
                try {
                    if (failure.get() == null && !token.isCancelled()) {
                        sender.send(number, buffer, length);
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, token.isCancelled() ? new CancelledException(token.reason()) : e);
                } finally {
                    free.add(buffer);
                }
            });
        } catch (RejectedExecutionException e) {
            free.add(buffer);
            token.throwIfCancelled();
            throw e;
        }
    }

    private static void await(Future<?> f, AtomicReference<RuntimeException> failure, CancellationToken token) {
        while (true) {
            throwIfFailed(failure, token);
            try {
                f.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                // check the token and the failure slot, and go on waiting
            } catch (java.util.concurrent.CancellationException | ExecutionException e) {
                return; // the task records its own failure
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException("interrupted");
            }
        }
    }

    private static void throwIfFailed(AtomicReference<RuntimeException> failure, CancellationToken token) {
        token.throwIfCancelled();
        RuntimeException e = failure.get();
        if (e != null) {
            throw e;
        }
    }
}
