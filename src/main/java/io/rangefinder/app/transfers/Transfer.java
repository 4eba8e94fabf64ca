package io.rangefinder.app.transfers;

import io.rangefinder.app.common.ErrorReport;
import io.rangefinder.core.CancellationToken;
import io.rangefinder.core.Units;
import io.rangefinder.engine.Download;

import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One row of the transfers panel. The background side only bumps plain counters (and points at the
 * engine's {@link Download}); the FX properties change only in {@link #sample}, which the
 * {@link TransferQueue}'s timer calls a few times a second, so no chunk ever posts to the FX thread.
 */
public final class Transfer {

    public enum Direction {
        DOWNLOAD("Download"), UPLOAD("Upload"), COPY("Copy");

        private final String label;

        Direction(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    public enum State {
        QUEUED, RUNNING, DONE, FAILED, CANCELLED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public boolean isFinished() {
            return this == DONE || this == FAILED || this == CANCELLED;
        }
    }

    /** The work of a transfer, run on a background thread; it reports bytes through the transfer's counters. */
    @FunctionalInterface
    public interface Job {
        void run(Transfer transfer, CancellationToken token) throws Exception;
    }

    private final String name;
    private final Direction direction;
    private final Job job;
    // a download's file (or folder) on this computer, for "Show in folder"; null when not known
    private final java.nio.file.Path localPath;

    // written by the worker, read by the sampler
    private final AtomicLong finishedBytes = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger verified = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger unchecked = new java.util.concurrent.atomic.AtomicInteger();
    private volatile String verifiedWith;
    private volatile Download current;
    private volatile long totalBytes = -1;

    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.QUEUED);
    private final ReadOnlyDoubleWrapper fraction = new ReadOnlyDoubleWrapper(this, "fraction", 0);
    private final ReadOnlyStringWrapper bytesText = new ReadOnlyStringWrapper(this, "bytes", "");
    private final ReadOnlyStringWrapper rateText = new ReadOnlyStringWrapper(this, "rate", "");
    private final ReadOnlyStringWrapper etaText = new ReadOnlyStringWrapper(this, "eta", "");
    private final ReadOnlyStringWrapper checkText = new ReadOnlyStringWrapper(this, "check", "");
    private final ReadOnlyObjectWrapper<ErrorReport> error = new ReadOnlyObjectWrapper<>(this, "error");

    // sampler state (FX thread only)
    private long lastBytes;
    private long lastNanos;
    private double rate;
    private long startNanos;
    private long finishedNanos;

    public Transfer(String name, Direction direction, Job job) {
        this(name, direction, job, null);
    }

    /** {@code localPath}: where a download writes (its file, or the folder it fills), for "Show in folder"; may be null. */
    public Transfer(String name, Direction direction, Job job, java.nio.file.Path localPath) {
        this.name = name;
        this.direction = direction;
        this.job = job;
        this.localPath = localPath;
    }

    /** Where a download writes on this computer, or null. */
    public java.nio.file.Path localPath() {
        return localPath;
    }

    public String name() {
        return name;
    }

    public Direction direction() {
        return direction;
    }

    Job job() {
        return job;
    }

    // ---- worker side (any thread) ----

    /** The whole transfer's size once known (after listing a prefix, or at once for one object). */
    public void setTotalBytes(long bytes) {
        totalBytes = bytes;
    }

    /** Bytes of a step (an upload chunk, a finished download) that are done for good. */
    public void addBytes(long n) {
        finishedBytes.addAndGet(n);
    }

    /** The engine download now running; the sampler reads its progress. */
    public void watch(Download download) {
        current = download;
    }

    /** Stops watching {@code download} and counts its bytes as done. */
    public void finished(Download download, long bytes) {
        current = null;
        finishedBytes.addAndGet(bytes);
    }

    /** Counts one downloaded object's integrity check, for the Check column. */
    public void checked(io.rangefinder.engine.Integrity integrity) {
        if (integrity.verified()) {
            verifiedWith = integrity.algorithm().name();
            verified.incrementAndGet();
        } else {
            unchecked.incrementAndGet();
        }
    }

    /** What the Check column says: "MD5 verified", "12 verified, 3 unchecked", "no checksum". */
    String checkSummary() {
        int ok = verified.get();
        int not = unchecked.get();
        if (ok == 0 && not == 0) {
            return "";
        }
        if (not == 0) {
            return ok == 1 ? verifiedWith + " verified" : ok + " verified";
        }
        return ok == 0 ? (not == 1 ? "no checksum" : "no checksums") : ok + " verified, " + not + " unchecked";
    }

    /** Bytes moved so far, from any thread. */
    public long bytesDone() {
        Download d = current;
        return finishedBytes.get() + (d == null ? 0 : d.progress().bytesDone());
    }

    public long totalBytes() {
        return totalBytes;
    }

    // ---- FX side ----

    void reset() {
        finishedBytes.set(0);
        current = null;
        lastBytes = 0;
        lastNanos = 0;
        rate = 0;
        startNanos = 0;
        finishedNanos = 0;
        error.set(null);
        fraction.set(0);
        rateText.set("");
        etaText.set("");
        verified.set(0);
        unchecked.set(0);
        checkText.set("");
    }

    void setState(State s) {
        state.set(s);
    }

    void fail(ErrorReport report) {
        error.set(report);
        state.set(State.FAILED);
    }

    /** Reads the counters and updates what the row shows; {@code nanos} is the sampler's clock. */
    void sample(long nanos) {
        long done = bytesDone();
        long total = totalBytes;
        if (state.get() == State.RUNNING && startNanos == 0) {
            startNanos = nanos;
        }
        if (state.get() == State.RUNNING) {
            if (lastNanos != 0 && nanos > lastNanos) {
                double instant = (done - lastBytes) * 1e9 / (nanos - lastNanos);
                // smoothed over about a second at 4 Hz, so the number is readable
                rate = rate == 0 ? instant : rate * 0.7 + instant * 0.3;
            }
            lastBytes = done;
            lastNanos = nanos;
            rateText.set(rate > 0 ? Units.formatRate(rate) : "");
            etaText.set(rate > 0 && total > 0 ? Units.formatDuration(Math.max(0, total - done) / rate) : "");
        } else if (state.get() == State.DONE) {
            // a done row keeps its average rate over the whole transfer
            if (finishedNanos == 0) {
                finishedNanos = nanos;
            }
            boolean timed = startNanos != 0 && finishedNanos > startNanos && done > 0;
            rateText.set(timed ? Units.formatRate(done * 1e9 / (finishedNanos - startNanos)) + " avg" : "");
            etaText.set("");
        } else {
            rateText.set("");
            etaText.set("");
        }
        if (state.get() == State.DONE && total >= 0) {
            done = Math.max(done, total);
        }
        fraction.set(total > 0 ? Math.min(1, (double) done / total)
                : total == 0 && state.get() == State.DONE ? 1 : state.get() == State.RUNNING ? -1 : 0);
        bytesText.set(total >= 0 ? Units.formatSize(done) + " / " + Units.formatSize(total) : Units.formatSize(done));
        checkText.set(checkSummary());
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public State getState() {
        return state.get();
    }

    /** 0..1 for the progress bar; -1 while the size is still unknown. */
    public ReadOnlyDoubleProperty fractionProperty() {
        return fraction.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty bytesTextProperty() {
        return bytesText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty rateTextProperty() {
        return rateText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty etaTextProperty() {
        return etaText.getReadOnlyProperty();
    }

    /** Why it failed, or {@code null}. */
    /** Whether downloaded bytes were checked against the store's checksums. */
    public ReadOnlyStringProperty checkTextProperty() {
        return checkText.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ErrorReport> errorProperty() {
        return error.getReadOnlyProperty();
    }
}
