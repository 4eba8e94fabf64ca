package io.rangefinder.bench;

import io.rangefinder.core.BuildInfo;
import io.rangefinder.core.CancellationToken;
import io.rangefinder.core.CancelledException;
import io.rangefinder.core.LatencySnapshot;
import io.rangefinder.engine.DiscardSink;
import io.rangefinder.engine.Download;
import io.rangefinder.engine.DownloadStats;
import io.rangefinder.engine.RangeEngine;
import io.rangefinder.engine.RangeEngineConfig;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Downloads one object {@code repeats} times with the range engine into a discard sink and
 * reports throughput and range latency. The object is stat'ed once; repeats reuse its size.
 * Concurrency set while it runs applies to the current and every later repeat.
 */
public final class RangeBench implements LiveBench {

    private final ObjectStore store;
    private final ObjectUri uri;
    private final RangeEngineConfig config;
    private final int repeats;
    private volatile int concurrency;
    private volatile long chunkSize;
    private volatile Download current;
    // the current repeat's own token: cancelling it (restart) ends that repeat, not the run
    private volatile CancellationToken repeatToken;
    private volatile long startNanos;
    private volatile String startedAt;
    private volatile long objectSize = -1;
    private volatile Sampler sampler;
    private final List<BenchResult.Mark> marks = new java.util.concurrent.CopyOnWriteArrayList<>();
    // Totals of finished repeats, so a live view can add the current download's progress to them.
    private volatile Totals finished = new Totals(0, 0, 0, 0);
    // the download in progress with the bytes of the finished ones, swapped as one value so that a
    // reader never counts a finished repeat twice or not at all
    private volatile Moved moved = new Moved(null, 0);
    private int lastRangesDone;
    private Download lastSampled;

    public RangeBench(ObjectStore store, ObjectUri uri, RangeEngineConfig config, int repeats) {
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be at least 1, was " + repeats);
        }
        this.store = store;
        this.uri = uri;
        this.config = config;
        this.repeats = repeats;
        this.concurrency = config.maxConcurrentRanges();
        this.chunkSize = config.chunkSize();
    }

    /**
     * Bytes per range from the next download on (a download's ranges are cut when it starts); with
     * {@link #restart()} it applies at once. Marked on the charts, in MiB.
     */
    public void setChunkSize(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("chunk size must be at least 1 byte, was " + bytes);
        }
        chunkSize = bytes;
        if (startNanos != 0) {
            marks.add(new BenchResult.Mark(elapsedSeconds(), "chunkSizeMiB", bytes / (double) (1 << 20)));
        }
    }

    /** The chunk size the next download uses. */
    public long chunkSize() {
        return chunkSize;
    }

    public void setConcurrency(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + n);
        }
        concurrency = n;
        Download d = current;
        if (d != null) {
            d.setConcurrency(n);
        }
        if (startNanos != 0) {
            marks.add(new BenchResult.Mark(elapsedSeconds(), "concurrency", n));
        }
    }

    /** The run's newest sample, {@code null} before the first: what a live view or a tuner reads. */
    public BenchResult.Sample lastSample() {
        Sampler s = sampler;
        return s == null ? null : s.last();
    }

    /**
     * Ends the download in progress and starts the object again at the current concurrency, as a
     * later download would start: its connections begin together rather than where the live changes
     * left them. The bytes read so far count; the cut-off download is not a repeat. Any thread.
     */
    public void restart() {
        CancellationToken t = repeatToken;
        if (t != null) {
            t.cancel("restarted");
        }
        if (startNanos != 0) {
            marks.add(new BenchResult.Mark(elapsedSeconds(), "restart", concurrency));
        }
    }

    /** The size of the object read, once {@link #run} has stat'ed it; -1 before. */
    public long objectSize() {
        return objectSize;
    }

    /** The concurrency the current and later repeats use. */
    public int concurrency() {
        return concurrency;
    }

    /** Seconds since {@link #run} began (the clock of the samples and marks); 0 before. */
    public double elapsedSeconds() {
        long s = startNanos;
        return s == 0 ? 0 : (System.nanoTime() - s) / 1e9;
    }

    /** What finished repeats moved; add {@link #current()}'s progress for a live total. */
    public Totals finishedTotals() {
        return finished;
    }

    /** Bytes, ranges, retries and seconds of the repeats that finished. */
    public record Totals(long bytes, int ranges, long retries, double seconds) {
    }

    private record Moved(Download current, long before) {
    }

    /** Bytes moved so far by every repeat, the current one's progress included; never decreases. Any thread. */
    public long bytesMoved() {
        Moved m = moved;
        return m.before() + (m.current() == null ? 0 : m.current().progress().bytesDone());
    }

    /** The download in progress, for live sampling; {@code null} between repeats. */
    public Download current() {
        return current;
    }

    public BenchResult run(CancellationToken token) {
        String startedAt = Instant.now().toString();
        this.startedAt = startedAt;
        startNanos = System.nanoTime();
        long size = store.stat(uri.container(), uri.key()).size();
        objectSize = size;
        RangeEngine engine = new RangeEngine(config);
        long engineChunk = config.chunkSize();
        List<BenchResult.Repeat> done = new ArrayList<>();
        List<org.HdrHistogram.Histogram> latencies = new ArrayList<>();
        String status = "ok";
        long totalBytes = 0;
        double totalSeconds = 0;
        long retries = 0;
        long errors = 0;
        int ranges = 0;
        try (Sampler sampler = new Sampler((long) (SAMPLE_SECONDS * 1000), this::sample)) {
            this.sampler = sampler;
            try {
                for (int i = 0; i < repeats; i++) {
                    token.throwIfCancelled();
                    long chunk = chunkSize;
                    int c = concurrency;
                    if (chunk != engineChunk || c != engine.config().maxConcurrentRanges()) {
                        // ranges of the new size (an object split before stays split), and a repeat
                        // that starts at the concurrency set live, not at the config's (which would
                        // dispatch that many ranges before setConcurrency below could lower it)
                        engine = new RangeEngine(config.withChunkSize(chunk)
                                .withMinSplitSize(Math.min(config.minSplitSize(), chunk)).withMaxConcurrentRanges(c));
                        engineChunk = chunk;
                    }
                    CancellationToken repeat = token.child();
                    repeatToken = repeat;
                    Download d = engine.start(store, uri.container(), uri.key(), size, new DiscardSink(), repeat);
                    d.setConcurrency(concurrency);
                    current = d;
                    moved = new Moved(d, moved.before());
                    DownloadStats s;
                    try {
                        s = d.await();
                        repeat.close(); // done with it: its link to the run's token goes too
                    } catch (CancelledException e) {
                        if (token.isCancelled() || !repeat.isCancelled()) {
                            throw e;
                        }
                        // restarted: what it read counts, and the same repeat begins again
                        Download.Progress p = d.progress();
                        current = null;
                        moved = new Moved(null, moved.before() + p.bytesDone());
                        latencies.add(d.rangeHistogram());
                        totalBytes += p.bytesDone();
                        totalSeconds += p.elapsedSeconds();
                        retries += p.retries();
                        ranges += p.rangesDone();
                        finished = new Totals(totalBytes, ranges, retries, totalSeconds);
                        i--;
                        continue;
                    }
                    current = null;
                    moved = new Moved(null, moved.before() + s.bytes());
                    done.add(new BenchResult.Repeat(s.bytes(), s.seconds(), s.mbPerSec(), s.ranges(), s.retries(), s.ttfbMs()));
                    latencies.add(d.rangeHistogram());
                    totalBytes += s.bytes();
                    totalSeconds += s.seconds();
                    retries += s.retries();
                    ranges += s.ranges();
                    finished = new Totals(totalBytes, ranges, retries, totalSeconds);
                }
            } catch (CancelledException e) {
                status = "cancelled";
                // The interrupted repeat's bytes count: a stopped run keeps what it measured.
                Download d = current;
                if (d != null) {
                    Download.Progress p = d.progress();
                    totalBytes += p.bytesDone();
                    totalSeconds += p.elapsedSeconds();
                    retries += p.retries();
                    ranges += p.rangesDone();
                    latencies.add(d.rangeHistogram());
                }
            } catch (RuntimeException e) {
                status = "failed: " + e.getMessage();
                errors++;
            } finally {
                current = null;
            }
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("chunkSize", chunkSize);
            settings.put("maxConcurrentRanges", config.maxConcurrentRanges());
            settings.put("minSplitSize", config.minSplitSize());
            settings.put("rangeTimeoutMs", config.rangeTimeout().toMillis());
            settings.put("retries", config.retries());
            settings.put("repeats", repeats);
            settings.put("objectSize", size);
            settings.put("sink", "discard");
            // every range of every repeat in one histogram: the percentiles are of all ranges, not a worst-of
            org.HdrHistogram.Histogram all = Histograms.merge(latencies);
            BenchResult.Latency latency = Histograms.latency(all);
            return new BenchResult("range", uri.toString(), startedAt, BuildInfo.version(),
                    Runtime.getRuntime().availableProcessors(), totalBytes, done.size(), totalSeconds,
                    totalSeconds > 0 ? totalBytes / 1e6 / totalSeconds : 0,
                    totalSeconds > 0 ? ranges / totalSeconds : 0, concurrency, latency, retries, errors,
                    status, settings, done, sampler.series(), marks.isEmpty() ? null : List.copyOf(marks))
                    .withOperations(Map.of("get", new BenchResult.Operation(all.getTotalCount(), totalBytes, errors,
                            latency, Histograms.encode(all))));
        }
    }

    @Override
    public BenchResult snapshot() {
        Sampler s = sampler;
        if (s == null) {
            return null;
        }
        Totals done = finished;
        Download d = current;
        long bytes = done.bytes();
        long ranges = done.ranges();
        double seconds = done.seconds();
        if (d != null) {
            Download.Progress p = d.progress();
            bytes += p.bytesDone();
            ranges += p.rangesDone();
            seconds += p.elapsedSeconds();
        }
        return LiveBench.running("range", uri.toString(), startedAt, bytes, ranges, seconds, concurrency,
                Map.of("repeats", repeats), s.series());
    }

    // Runs on the sampler's one thread only.
    private BenchResult.Sample sample(double t) {
        Download d = current;
        if (d == null) {
            return new BenchResult.Sample(t, 0, 0, 0, concurrency, 0, 0, 0, 0, 0);
        }
        Download.Progress p = d.progress();
        if (d != lastSampled) {
            lastSampled = d;
            lastRangesDone = 0;
        }
        double ops = (p.rangesDone() - lastRangesDone) / SAMPLE_SECONDS;
        lastRangesDone = p.rangesDone();
        LatencySnapshot lat = d.rangeLatency();
        return new BenchResult.Sample(t, p.bytesPerSec() / 1e6, ops, p.inFlight(), p.limit(), 0, 0, lat.p50(), lat.p99(), 0);
    }

    private static final double SAMPLE_SECONDS = 0.1;
}
