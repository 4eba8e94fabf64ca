package io.rangefinder.engine;

import io.rangefinder.core.CancellationToken;
import io.rangefinder.core.CancelledException;
import io.rangefinder.core.LatencySnapshot;
import io.rangefinder.core.Meter;
import io.rangefinder.core.TunableLimiter;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A running download: its concurrency can be changed, its progress sampled, and it can be
 * cancelled; {@link #await()} gives the stats or throws what stopped it.
 */
public final class Download {

    private final String label;
    private final TunableLimiter limiter;
    private final CancellationToken token;
    final DownloadState state = new DownloadState();

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
        return state.result.isDone();
    }

    /** Waits for the end of the download. */
    public DownloadStats await() {
        try {
            return state.result.get();
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
        return state.rangeLatency.snapshot();
    }

    /** Every range's wall time so far, in microseconds, as a histogram that merges exactly. */
    public org.HdrHistogram.Histogram rangeHistogram() {
        return state.rangeLatency.histogram();
    }

    /**
     * One consistent sample: the counters are read first and in one piece, then the bytes, which
     * only grow and are counted before their range is, so bytes never lag the ranges done.
     */
    public Progress progress() {
        DownloadState.Counts c = state.counts();
        Meter.Snapshot m = state.bytes.snapshot();
        TunableLimiter.Snapshot l = limiter.snapshot();
        return new Progress(m.total(), c.size(), m.ratePerSec(), m.elapsedSeconds(), c.rangesDone(), c.rangesTotal(),
                c.retries(), l.inFlight(), l.limit());
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
