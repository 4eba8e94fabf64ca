package io.rangefinder.cluster;

import io.rangefinder.bench.BenchResult;
import io.rangefinder.bench.Histograms;
import io.rangefinder.bench.RunStore;
import io.rangefinder.storage.ListPage;
import io.rangefinder.storage.ListRequest;
import io.rangefinder.storage.ObjectInfo;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.StorageException;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;

/**
 * Adds up the workers of a cluster run into one result: totals, exact percentiles (each
 * operation's histograms added, not percentiles averaged), the throughput of the whole cluster on
 * the wall clock (each worker's samples moved by its own start), each worker's own line, and a
 * table of the workers with the stragglers flagged.
 *
 * <p>A worker with only a live snapshot (it died, or is still running) is marked failed and what
 * its snapshot says it did is kept in the totals (it has no histograms, so its latencies are
 * missing from the percentiles); a rank with nothing at all is marked failed too. Either makes the
 * merge incomplete.
 */
public final class Merge {

    private static final Pattern FINAL = Pattern.compile("(?:^|/)rank-(\\d{5,})\\.json$");
    private static final Pattern LIVE = Pattern.compile("(?:^|/)live/rank-(\\d{5,})\\.json$");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    /** The merged series' step: one point a second for the cluster and for each worker. */
    static final double BUCKET_SECONDS = 1.0;

    private Merge() {
    }

    /**
     * One worker in the merge.
     *
     * @param state     "ok"; its own status when it ended otherwise; "failed: …" with only a live snapshot or nothing
     * @param startedAt when its clock started (ISO), or null
     * @param ops       requests it completed (the sum over its operations)
     * @param running   it has a live snapshot and no final result (running, or died)
     * @param lastSeen  the instant its last snapshot or result covers, or null
     */
    public record Worker(int rank, String state, String host, String startedAt, double seconds, long bytes, long ops,
                         double mbPerSec, double opsPerSec, boolean straggler, boolean running, Instant lastSeen) {
    }

    /**
     * @param merged   the whole run as one result (status "ok" only when complete)
     * @param complete every rank left an ok final result
     * @param summary  one line saying so
     */
    public record Outcome(BenchResult merged, List<Worker> workers, boolean complete, String summary) {
    }

    /** Reads every worker's files under {@code results} (final and live; the meeting folder is skipped) and merges them. */
    public static Outcome read(ObjectStore store, ObjectUri results) {
        if (results.container().isEmpty()) {
            throw new StorageException.InvalidArgument("'" + results + "' has no bucket or container; give the URI the workers wrote to with --results");
        }
        String folder = ResultsWriter.folder(results);
        List<String> finals = new ArrayList<>();
        List<String> lives = new ArrayList<>();
        Iterator<ListPage> pages = store.pages(ListRequest.recursive(results.container(), folder));
        while (pages.hasNext()) {
            for (ObjectInfo o : pages.next().objects()) {
                String rel = o.key().substring(folder.length());
                if (rel.startsWith("_rendezvous/")) {
                    continue;
                }
                if (LIVE.matcher(rel).matches()) {
                    lives.add(o.key());
                } else if (FINAL.matcher(rel).matches() && !rel.contains("/")) {
                    finals.add(o.key());
                }
            }
        }
        if (finals.isEmpty() && lives.isEmpty()) {
            throw new StorageException.NotFound("no worker results under " + results + " (the workers write rank-00000.json there)");
        }
        List<BenchResult> f = readAll(store, results.container(), finals);
        List<BenchResult> l = readAll(store, results.container(), lives);
        return merge(f, l, null);
    }

    /** Reads the files with a few requests in flight (a thousand workers' results in seconds, not minutes). */
    private static List<BenchResult> readAll(ObjectStore store, String container, List<String> keys) {
        List<BenchResult> out = new ArrayList<>();
        Semaphore inFlight = new Semaphore(16);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<BenchResult>> futures = new ArrayList<>();
            for (String key : keys) {
                futures.add(pool.submit(() -> {
                    inFlight.acquire();
                    try (InputStream in = store.get(container, key)) {
                        return RunStore.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    } catch (StorageException.NotFound e) {
                        return null; // a live snapshot replaced by its final between the list and the read
                    } catch (IOException | RuntimeException e) {
                        return null; // half-written: the next read sees it whole
                    } finally {
                        inFlight.release();
                    }
                }));
            }
            for (Future<BenchResult> fu : futures) {
                try {
                    BenchResult r = fu.get();
                    if (r != null) {
                        out.add(r);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new io.rangefinder.core.CancelledException("interrupted while reading the workers' results");
                } catch (java.util.concurrent.ExecutionException e) {
                    // counted as missing
                }
            }
        }
        return out;
    }

    /** Merges final results and live snapshots; {@code worldHint} when the files do not say how many workers there were. */
    public static Outcome merge(List<BenchResult> finals, List<BenchResult> live, Integer worldHint) {
        Map<Integer, BenchResult> fin = byRank(finals);
        Map<Integer, BenchResult> liv = byRank(live);
        int world = worldHint == null ? 0 : worldHint;
        for (BenchResult r : concat(finals, live)) {
            world = Math.max(world, intSetting(r, "world", 0));
        }
        for (int r : fin.keySet()) {
            world = Math.max(world, r + 1);
        }
        for (int r : liv.keySet()) {
            world = Math.max(world, r + 1);
        }
        if (world == 0) {
            throw new StorageException.NotFound("no worker results to merge");
        }

        // every rank's part: its final result, else its last snapshot, else nothing
        BenchResult[] parts = new BenchResult[world];
        Instant[] starts = new Instant[world];
        Instant t0 = null;
        for (int r = 0; r < world; r++) {
            parts[r] = fin.containsKey(r) ? fin.get(r) : liv.get(r);
            starts[r] = parts[r] == null ? null : instant(parts[r].startedAt());
            if (starts[r] != null && (t0 == null || starts[r].isBefore(t0))) {
                t0 = starts[r];
            }
        }
        Instant firstStart = t0 == null ? Instant.now() : t0;

        long bytes = 0;
        long objects = 0;
        long retries = 0;
        long errors = 0;
        int concurrency = 0;
        double end = 0;
        Instant minStart = null;
        Instant maxStart = null;
        Map<String, List<Histogram>> hists = new LinkedHashMap<>();
        Map<String, long[]> opTotals = new LinkedHashMap<>(); // count, bytes, errors
        List<Worker> workers = new ArrayList<>();
        List<BenchResult.WorkerSeries> lines = new ArrayList<>();
        TreeMap<Integer, double[]> total = new TreeMap<>(); // bucket -> mb, ops, inFlight, limit, queue, capacity, p50max, p99max
        TreeMap<Integer, Map<String, double[]>> totalOps = new TreeMap<>();
        List<String> failed = new ArrayList<>();
        for (int r = 0; r < world; r++) {
            BenchResult p = parts[r];
            boolean isFinal = fin.containsKey(r);
            if (p == null) {
                workers.add(new Worker(r, "failed: never reported (no result and no live snapshot)", null, null, 0, 0, 0, 0, 0,
                        false, false, null));
                failed.add("rank " + r + " never reported");
                continue;
            }
            double offset = starts[r] == null ? 0 : seconds(Duration.between(firstStart, starts[r]));
            if (starts[r] != null) {
                minStart = minStart == null || starts[r].isBefore(minStart) ? starts[r] : minStart;
                maxStart = maxStart == null || starts[r].isAfter(maxStart) ? starts[r] : maxStart;
            }
            bytes += p.bytes();
            objects += p.objects();
            retries += p.retries();
            errors += p.errors();
            concurrency += p.concurrency();
            end = Math.max(end, offset + p.seconds());
            long ops = 0;
            if (p.operations() != null) {
                for (var e : p.operations().entrySet()) {
                    BenchResult.Operation op = e.getValue();
                    ops += op.count();
                    long[] t = opTotals.computeIfAbsent(e.getKey(), _ -> new long[3]);
                    t[0] += op.count();
                    t[1] += op.bytes();
                    t[2] += op.errors();
                    if (op.histogram() != null) {
                        hists.computeIfAbsent(e.getKey(), _ -> new ArrayList<>()).add(Histograms.decode(op.histogram()));
                    }
                }
            } else {
                ops = p.objects();
            }
            Instant lastSeen = starts[r] == null ? null : starts[r].plusNanos((long) (p.seconds() * 1e9));
            String state;
            if (isFinal) {
                state = "ok".equals(p.status()) ? "ok" : p.status() == null ? "failed: no status" : p.status();
                if (!"ok".equals(state)) {
                    failed.add("rank " + r + " " + state);
                }
            } else {
                state = "failed: no final result (last seen " + (lastSeen == null ? "?" : CLOCK.format(lastSeen))
                        + " UTC; its live snapshot is kept)";
                failed.add("rank " + r + " failed (last seen " + (lastSeen == null ? "?" : CLOCK.format(lastSeen)) + " UTC, live snapshot kept)");
            }
            double secs = p.seconds();
            workers.add(new Worker(r, state, stringSetting(p, "host"), p.startedAt(), secs, p.bytes(), ops,
                    p.mbPerSec(), secs > 0 ? ops / secs : 0, false, !isFinal, lastSeen));
            // its own line, and its share of the cluster's, one point a second on the merged clock
            List<BenchResult.Sample> own = bucketed(p.series(), offset, total, totalOps);
            lines.add(new BenchResult.WorkerSeries(r, state, own));
        }
        workers = flagStragglers(workers);

        Map<String, BenchResult.Operation> operations = new LinkedHashMap<>();
        List<Histogram> everything = new ArrayList<>();
        for (var e : opTotals.entrySet()) {
            Histogram h = Histograms.merge(hists.getOrDefault(e.getKey(), List.of()));
            everything.add(h);
            operations.put(e.getKey(), new BenchResult.Operation(e.getValue()[0], e.getValue()[1], e.getValue()[2],
                    Histograms.latency(h), Histograms.encode(h)));
        }
        Histogram all = Histograms.merge(everything);
        long totalOpsCount = opTotals.values().stream().mapToLong(t -> t[0]).sum();
        if (opTotals.isEmpty()) {
            totalOpsCount = objects;
        }
        double seconds = end;
        List<BenchResult.Sample> series = new ArrayList<>();
        for (var e : total.entrySet()) {
            double[] v = e.getValue();
            Map<String, BenchResult.OpSample> perOp = null;
            Map<String, double[]> o = totalOps.get(e.getKey());
            if (o != null && !o.isEmpty()) {
                perOp = new LinkedHashMap<>();
                for (var oe : o.entrySet()) {
                    perOp.put(oe.getKey(), new BenchResult.OpSample(oe.getValue()[0], oe.getValue()[1], oe.getValue()[2]));
                }
            }
            series.add(new BenchResult.Sample((e.getKey() + 1) * BUCKET_SECONDS, v[0], v[1], (int) Math.round(v[2]),
                    (int) Math.round(v[3]), (int) Math.round(v[4]), (int) Math.round(v[5]), v[6], v[7], 0, perOp));
        }

        boolean complete = failed.isEmpty();
        String kind = null;
        String uri = null;
        String version = null;
        int cores = 0;
        Map<String, Object> settings = new LinkedHashMap<>();
        for (BenchResult p : parts) {
            if (p != null) {
                kind = p.kind();
                uri = p.uri();
                version = p.version();
                cores = p.cores();
                if (p.settings() != null) {
                    settings.putAll(p.settings());
                }
                break;
            }
        }
        for (String identity : List.of("rank", "pid", "host", "startAt")) {
            settings.remove(identity);
        }
        settings.put("world", world);
        settings.put("merged", true);
        double spreadMs = minStart == null ? 0 : Duration.between(minStart, maxStart).toNanos() / 1e6;
        settings.put("startSpreadMs", Math.round(spreadMs * 1000) / 1000.0);
        settings.put("workersOk", workers.stream().filter(w -> w.state().equals("ok")).count());
        List<Integer> stragglers = workers.stream().filter(Worker::straggler).map(Worker::rank).toList();
        if (!stragglers.isEmpty()) {
            settings.put("stragglers", stragglers);
        }
        String status = complete ? "ok" : "incomplete: " + String.join("; ", failed.subList(0, Math.min(10, failed.size())))
                + (failed.size() > 10 ? "; and " + (failed.size() - 10) + " more" : "");
        BenchResult merged = new BenchResult(kind, uri, firstStart.toString(), version, cores, bytes, objects, seconds,
                seconds > 0 ? bytes / 1e6 / seconds : 0, seconds > 0 ? totalOpsCount / seconds : 0, concurrency,
                Histograms.latency(all), retries, errors, status, settings, null, series, null)
                .withOperations(operations).withWorkers(lines);
        long ok = workers.stream().filter(w -> w.state().equals("ok")).count();
        String summary = String.format(Locale.ROOT, "%d of %d workers ok%s: %s in %.1f s = %.1f MB/s, %.0f ops/s; started within %.1f ms%s",
                ok, world, complete ? " (complete)" : "", io.rangefinder.core.Units.formatSize(bytes), seconds, merged.mbPerSec(),
                merged.opsPerSec(), spreadMs, stragglers.isEmpty() ? "" : "; stragglers: " + stragglers);
        if (!complete) {
            summary += ". Incomplete: " + String.join("; ", failed.subList(0, Math.min(10, failed.size())));
        }
        return new Outcome(merged, List.copyOf(workers), complete, summary);
    }

    /**
     * One worker's samples on the merged clock, averaged per second; its share is added to the
     * cluster's totals (rates and in-flight summed, latencies as the worst worker's).
     */
    private static List<BenchResult.Sample> bucketed(List<BenchResult.Sample> samples, double offset,
                                                     TreeMap<Integer, double[]> total, TreeMap<Integer, Map<String, double[]>> totalOps) {
        if (samples == null || samples.isEmpty()) {
            return List.of();
        }
        TreeMap<Integer, List<BenchResult.Sample>> mine = new TreeMap<>();
        for (BenchResult.Sample s : samples) {
            int b = (int) Math.floor((offset + s.t()) / BUCKET_SECONDS - 1e-9);
            mine.computeIfAbsent(Math.max(0, b), _ -> new ArrayList<>()).add(s);
        }
        List<BenchResult.Sample> out = new ArrayList<>();
        for (var e : mine.entrySet()) {
            List<BenchResult.Sample> in = e.getValue();
            double n = in.size();
            double[] v = new double[8];
            Map<String, double[]> ops = new LinkedHashMap<>();
            for (BenchResult.Sample s : in) {
                v[0] += s.mbPerSec() / n;
                v[1] += s.opsPerSec() / n;
                v[2] += s.inFlight() / n;
                v[3] += s.limit() / n;
                v[4] += s.queueDepth() / n;
                v[5] += s.queueCapacity() / n;
                v[6] = Math.max(v[6], s.p50Ms());
                v[7] = Math.max(v[7], s.p99Ms());
                if (s.ops() != null) {
                    for (var oe : s.ops().entrySet()) {
                        double[] o = ops.computeIfAbsent(oe.getKey(), _ -> new double[3]);
                        o[0] += oe.getValue().opsPerSec() / n;
                        o[1] += oe.getValue().mbPerSec() / n;
                        o[2] = Math.max(o[2], oe.getValue().p99Ms());
                    }
                }
            }
            double[] t = total.computeIfAbsent(e.getKey(), _ -> new double[8]);
            for (int i = 0; i < 6; i++) {
                t[i] += v[i];
            }
            t[6] = Math.max(t[6], v[6]);
            t[7] = Math.max(t[7], v[7]);
            Map<String, double[]> to = totalOps.computeIfAbsent(e.getKey(), _ -> new LinkedHashMap<>());
            Map<String, BenchResult.OpSample> perOp = ops.isEmpty() ? null : new LinkedHashMap<>();
            for (var oe : ops.entrySet()) {
                double[] x = to.computeIfAbsent(oe.getKey(), _ -> new double[3]);
                x[0] += oe.getValue()[0];
                x[1] += oe.getValue()[1];
                x[2] = Math.max(x[2], oe.getValue()[2]);
                perOp.put(oe.getKey(), new BenchResult.OpSample(oe.getValue()[0], oe.getValue()[1], oe.getValue()[2]));
            }
            out.add(new BenchResult.Sample((e.getKey() + 1) * BUCKET_SECONDS, v[0], v[1], (int) Math.round(v[2]),
                    (int) Math.round(v[3]), (int) Math.round(v[4]), (int) Math.round(v[5]), v[6], v[7], 0, perOp));
        }
        return out;
    }

    /**
     * A straggler finished well after the others (more than max(2 s, 20%) past the median end) or
     * went well slower (under 0.7× the median ops/s). Needs three workers with data to have a median.
     */
    static List<Worker> flagStragglers(List<Worker> workers) {
        List<Worker> withData = workers.stream().filter(w -> w.startedAt() != null && w.seconds() > 0).toList();
        if (withData.size() < 3) {
            return workers;
        }
        Instant t0 = withData.stream().map(w -> instant(w.startedAt())).min(Instant::compareTo).orElseThrow();
        double[] ends = withData.stream().mapToDouble(w -> seconds(Duration.between(t0, instant(w.startedAt()))) + w.seconds()).sorted().toArray();
        double[] rates = withData.stream().mapToDouble(Worker::opsPerSec).sorted().toArray();
        double medianEnd = median(ends);
        double medianRate = median(rates);
        List<Worker> out = new ArrayList<>();
        for (Worker w : workers) {
            boolean slow = false;
            if (w.startedAt() != null && w.seconds() > 0) {
                double wEnd = seconds(Duration.between(t0, instant(w.startedAt()))) + w.seconds();
                slow = wEnd > medianEnd + Math.max(2.0, 0.2 * medianEnd) || (medianRate > 0 && w.opsPerSec() < 0.7 * medianRate);
            }
            out.add(slow == w.straggler() ? w : new Worker(w.rank(), w.state(), w.host(), w.startedAt(), w.seconds(), w.bytes(),
                    w.ops(), w.mbPerSec(), w.opsPerSec(), slow, w.running(), w.lastSeen()));
        }
        return out;
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static Map<Integer, BenchResult> byRank(List<BenchResult> results) {
        Map<Integer, BenchResult> m = new TreeMap<>();
        for (BenchResult r : results) {
            int rank = intSetting(r, "rank", -1);
            if (rank >= 0) {
                m.put(rank, r);
            }
        }
        return m;
    }

    private static List<BenchResult> concat(List<BenchResult> a, List<BenchResult> b) {
        List<BenchResult> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static int intSetting(BenchResult r, String key, int otherwise) {
        Object v = r.settings() == null ? null : r.settings().get(key);
        if (v instanceof Number n) {
            return n.intValue();
        }
        if (v instanceof String s) {
            try {
                return Integer.parseInt(s.strip());
            } catch (NumberFormatException e) {
                return otherwise;
            }
        }
        return otherwise;
    }

    private static String stringSetting(BenchResult r, String key) {
        Object v = r.settings() == null ? null : r.settings().get(key);
        return v == null ? null : v.toString();
    }

    private static Instant instant(String s) {
        try {
            return s == null ? null : Instant.parse(s);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
