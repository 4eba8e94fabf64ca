package io.rangefinder.engine;

import io.rangefinder.core.CancellationToken;
import io.rangefinder.core.CancelledException;
import io.rangefinder.core.LatencyRecorder;
import io.rangefinder.core.LatencySnapshot;
import io.rangefinder.core.Meter;
import io.rangefinder.core.TunableLimiter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running download: its concurrency can be changed, its progress sampled, and it can be
 * cancelled; {@link #await()} gives the stats or throws what stopped it.
 */
public final class Download {

    private final String label;
    private final TunableLimiter limiter;
    private final CancellationToken token;
    final Meter bytes = new Meter();
    final LatencyRecorder rangeLatency = new LatencyRecorder();
    final CompletableFuture<DownloadStats> result = new CompletableFuture<>();
    volatile long size = -1;
    volatile int rangesTotal;
    final AtomicInteger rangesDone = new AtomicInteger();
    final AtomicInteger retries = new AtomicInteger();
    volatile Verifier verifier;

    Download(String label, TunableLimiter limiter, CancellationToken token) {
        this.label = label;
        this.limiter = limiter;
        this.token = token;
    }

    public String label() {
        return label;
    }

    /** Changes how many ranges may be in flight; running ranges finish, new ones follow the new limit. */
    public void setConcurrency(int n) {
        limiter.setLimit(n);
    }

    public TunableLimiter limiter() {
        return limiter;
    }

    public void cancel(String reason) {
        token.cancel(reason);
    }

    public boolean isDone() {
        return result.isDone();
    }

    public CompletableFuture<DownloadStats> future() {
        return result;
    }

    /** Waits for the end of the download. */
    public DownloadStats await() {
        try {
            return result.get();
        } catch (InterruptedException e) {
            token.cancel("interrupted");
            Thread.currentThread().interrupt();
            throw new CancelledException("interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new CompletionException(cause);
        }
    }

    /** Per-range latency so far (cumulative over this download). */
    public LatencySnapshot rangeLatency() {
        return rangeLatency.snapshot();
    }

    public Progress progress() {
        Meter.Snapshot m = bytes.snapshot();
        TunableLimiter.Snapshot l = limiter.snapshot();
        return new Progress(m.total(), size, m.ratePerSec(), m.elapsedSeconds(), rangesDone.get(), rangesTotal, retries.get(),
                l.inFlight(), l.limit());
    }

    /** A point-in-time view for progress bars and charts. */
    public record Progress(long bytesDone, long totalBytes, double bytesPerSec, double elapsedSeconds,
                           int rangesDone, int rangesTotal, int retries, int inFlight, int limit) {

        /** 0..1, or -1 while the size is unknown. */
        public double fraction() {
            return totalBytes <= 0 ? (totalBytes == 0 ? 1 : -1) : (double) bytesDone / totalBytes;
        }
    }
}
