package io.rangefinder.cli;

import io.rangefinder.core.Units;
import io.rangefinder.engine.Download;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Prints a download's progress on one stderr line twice a second until it ends. Closing it wipes
 * the line before it returns, so whatever is printed next (the summary, an error) starts on a
 * clean line instead of after the progress bar.
 */
final class Progress implements AutoCloseable {

    private static final Progress NONE = new Progress(null, null);

    private final Download download;
    private final PrintWriter err;
    private final Thread ticker;
    private boolean printed; // guarded by this
    private boolean closed; // guarded by this

    private Progress(Download download, PrintWriter err) {
        this.download = download;
        this.err = err;
        this.ticker = err == null ? null : Thread.ofVirtual().name("rf-cli-progress").unstarted(this::tick);
    }

    /** Starts printing; {@code err == null} prints nothing. */
    static Progress follow(Download d, PrintWriter err) {
        if (err == null) {
            return NONE;
        }
        Progress p = new Progress(d, err);
        p.ticker.start();
        return p;
    }

    private void tick() {
        while (!download.isDone()) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
            Download.Progress p = download.progress();
            double f = p.fraction();
            String eta = p.bytesPerSec() > 0 && p.totalBytes() > 0
                    ? Units.formatDuration((p.totalBytes() - p.bytesDone()) / p.bytesPerSec()) : "?";
            synchronized (this) {
                if (closed || download.isDone()) {
                    return;
                }
                err.printf(Locale.ROOT, "\r%s / %s  %5.1f%%  %s  in flight %d/%d  ETA %s   ",
                        Units.formatSize(p.bytesDone()), p.totalBytes() < 0 ? "?" : Units.formatSize(p.totalBytes()),
                        f < 0 ? 0 : f * 100, Units.formatRate(p.bytesPerSec()), p.inFlight(), p.limit(), eta);
                err.flush();
                printed = true;
            }
        }
    }

    /** Stops printing and wipes the progress line, if one was printed. */
    @Override
    public void close() {
        if (ticker == null) {
            return;
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (printed) {
                err.print("\r" + " ".repeat(100) + "\r");
                err.flush();
            }
        }
        ticker.interrupt();
    }
}
