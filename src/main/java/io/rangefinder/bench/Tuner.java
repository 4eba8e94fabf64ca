package io.rangefinder.bench;

import io.rangefinder.core.CancellationToken;
import io.rangefinder.core.CancelledException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Finds the best value of one live setting (ranges in flight, pool size, prefetch, parts in
 * flight) on a benchmark that is already running, by turning the setting and watching the bytes.
 *
 * <p>Each step holds a value until throughput is steady: the last {@code minWindows} windows'
 * coefficient of variation at most {@code steadyCv} (a measured criterion; a step that never
 * settles ends after {@code maxWindows} and is marked unsteady). It climbs a doubling ladder
 * (1, 2, 4, 8, …) until two steps in a row fail to beat the best by more than the tolerance and
 * the noise, bisects the values between the last step that fell short and the first that did
 * not, and measures the pick once more before it recommends it: no verdict rests on one sample.
 * The recommendation is the knee, the smallest value within {@code tolerance} of the best seen.
 * Cancelling at any point returns what was measured, with a pick from those points.
 */
public final class Tuner {

    /** The setting being searched and the run it belongs to. Called from the tuner's thread only. */
    public interface Knob {
        /** E.g. {@code concurrency}, {@code prefetch}, {@code partsInFlight}. */
        String name();

        /** Applies the value to the running benchmark (which marks it on its charts). */
        void set(int value);

        /** Bytes the run has moved so far; never decreases. */
        long bytes();

        /** The run's current p99 request latency in ms, or NaN when it has none. */
        double p99Ms();

        /** What the value costs in buffers: bytes held by that many requests in flight. */
        long memoryBytes(int value);

        /** The run's clock (seconds since it started), as its samples and marks use. */
        double elapsedSeconds();

        /**
         * Bytes the requests in flight at {@code value} move between them (ranges × chunk size, items ×
         * item size, parts × part size), or 0 when unknown. With it the tuner sizes its readings from
         * the request time (Little's law: those bytes ÷ throughput), so a slow link is read over whole
         * requests rather than slices of one.
         */
        default long bytesInFlight(int value) {
            return 0;
        }

        /** Requests in flight at {@code value}: the value itself for a concurrency, pool or parts knob. */
        default int requestsInFlight(int value) {
            return value;
        }

        /**
         * Starts the transfer afresh at the current value, as a later run with that setting would
         * start (a range download's connections then begin together, not where the live changes left
         * them); false when the run cannot, and the pick is then not checked from a cold start.
         */
        default boolean restart() {
            return false;
        }
    }

    /**
     * @param ladder     the values that may be tried, ascending; the climb uses the doubling subset
     * @param window     one throughput reading
     * @param minWindows readings that must agree (and the size of the steadiness test)
     * @param maxWindows readings after which a step ends unsteady
     * @param steadyCv   the largest coefficient of variation that counts as steady
     * @param tolerance  how close to the best the knee must be (0.05 = within 5%)
     */
    public record Options(List<Integer> ladder, Duration window, int minWindows, int maxWindows, double steadyCv,
                          double tolerance) {
        public Options {
            if (ladder == null || ladder.isEmpty()) {
                throw new IllegalArgumentException("the ladder of values to try is empty");
            }
            ladder = List.copyOf(new TreeSet<>(ladder));
            if (ladder.getFirst() < 1) {
                throw new IllegalArgumentException("values to try must be at least 1, was " + ladder.getFirst());
            }
            if (minWindows < 2 || maxWindows < minWindows) {
                throw new IllegalArgumentException("need 2 <= minWindows <= maxWindows, was " + minWindows + ", " + maxWindows);
            }
            if (window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("window must be positive");
            }
            if (tolerance <= 0 || tolerance >= 0.5) {
                throw new IllegalArgumentException("tolerance must be in (0, 0.5), was " + tolerance);
            }
        }

        /**
         * Values 1..max on a ladder of two per doubling, 250 ms windows, 4 to 16 of them, 4% knee: the
         * knee may sit that far (plus half of it for noise) below the best, so a pick stays within
         * 95% of what an exhaustive grid finds even where the plateau is flat and noisy.
         */
        public static Options upTo(int max) {
            return new Options(ladder(1, max), Duration.ofMillis(250), 4, 16, 0.08, 0.04);
        }

        public Options withLadder(List<Integer> values) {
            return new Options(values, window, minWindows, maxWindows, steadyCv, tolerance);
        }

        public Options withWindow(Duration w) {
            return new Options(ladder, w, minWindows, maxWindows, steadyCv, tolerance);
        }

        public Options withTolerance(double t) {
            return new Options(ladder, window, minWindows, maxWindows, steadyCv, t);
        }

        /** 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, … between min and max (both included). */
        public static List<Integer> ladder(int min, int max) {
            TreeSet<Integer> out = new TreeSet<>();
            for (int p = 1; p <= Math.max(max, 1); p *= 2) {
                for (int v : new int[] {p, p + p / 2}) {
                    if (v >= min && v <= max) {
                        out.add(v);
                    }
                }
                if (p > Integer.MAX_VALUE / 2) {
                    break;
                }
            }
            out.add(Math.max(min, 1));
            out.add(max);
            return List.copyOf(out.subSet(Math.max(min, 1), true, max, true));
        }
    }

    /**
     * One held value.
     *
     * @param mbPerSec   mean of the steady readings
     * @param stddev     their standard deviation (the spread drawn around the point)
     * @param steady     whether the readings settled within {@code maxWindows}
     * @param startT     run clock when the value was set
     * @param endT       run clock when the step ended
     * @param phase      "climb", "bisect", "confirm" or "cold" (measured from a fresh start of the transfer)
     */
    public record Point(int value, double mbPerSec, double stddev, double minMbPerSec, double maxMbPerSec, int windows,
                        boolean steady, double p99Ms, long memoryBytes, double startT, double endT, String phase) {
    }

    /**
     * What a search found.
     *
     * @param recommended the knee, or {@code null} when nothing was measured
     * @param best        the value with the highest mean
     * @param status      "ok", or "cancelled" (the points so far are kept)
     * @param seconds     how long the search took
     */
    public record Result(String knob, List<Point> points, Integer recommended, Integer best, double bestMbPerSec,
                         double recommendedMbPerSec, String reason, String status, double seconds) {

        /** Mean over every point measured at {@code value} (a confirmed value has two). */
        public double meanAt(int value) {
            return Tuner.mean(points, value);
        }
    }

    private final Options options;
    /** A search stops by this time (System.nanoTime), with what it has measured; MAX_VALUE: none. */
    private long deadline = Long.MAX_VALUE;
    private Duration budget;

    public Tuner(Options options) {
        this.options = options;
    }

    /**
     * Bounds each search to {@code budget} (null: none): a step that cannot finish in what is left is
     * not started, a step under way ends at the budget with the readings it has, and the verdict is
     * taken from the points measured, its reason saying the budget ended the search.
     */
    public Tuner budget(Duration budget) {
        this.budget = budget;
        return this;
    }

    /** Thrown inside a search when its budget leaves no time for the next step. */
    private static final class OutOfBudget extends RuntimeException {
        OutOfBudget() {
            super(null, null, false, false);
        }
    }

    public Options options() {
        return options;
    }

    /** Searches {@code knob}; {@code onPoint} sees each point as it is measured (on this thread). */
    public Result tune(Knob knob, CancellationToken token, Consumer<Point> onPoint) {
        long t0 = System.nanoTime();
        deadline = budget == null ? Long.MAX_VALUE : t0 + budget.toNanos();
        lastValue = 0;
        lastRate = 0;
        List<Point> points = new ArrayList<>();
        String status = "ok";
        boolean outOfBudget = false;
        try {
            climbAndBisect(knob, token, p -> {
                points.add(p);
                if (onPoint != null) {
                    onPoint.accept(p);
                }
            }, points);
        } catch (CancelledException e) {
            status = "cancelled";
        } catch (OutOfBudget e) {
            outOfBudget = true;
        }
        Result r = verdict(knob.name(), points, status, (System.nanoTime() - t0) / 1e9, options.tolerance());
        if (outOfBudget) {
            r = new Result(r.knob(), r.points(), r.recommended(), r.best(), r.bestMbPerSec(), r.recommendedMbPerSec(),
                    r.reason() + String.format(java.util.Locale.ROOT, "; the time budget of %.1f s ended the search here",
                            budget.toMillis() / 1000.0), r.status(),
                    r.seconds());
        }
        if (r.recommended() != null && !token.isCancelled()) {
            knob.set(r.recommended());
        }
        return r;
    }

    private void climbAndBisect(Knob knob, CancellationToken token, Consumer<Point> add, List<Point> points) {
        List<Integer> ladder = options.ladder();
        List<Integer> coarse = new ArrayList<>();
        for (int v : ladder) {
            if (coarse.isEmpty() || v >= 2 * coarse.getLast()) {
                coarse.add(v);
            }
        }
        if (coarse.getLast() != ladder.getLast().intValue()) {
            coarse.add(ladder.getLast());
        }
        int flat = 0;
        for (int v : coarse) {
            double bestBefore = bestMean(points);
            Point p = measure(knob, v, "climb", token);
            add.accept(p);
            if (bestBefore > 0 && !gains(p, bestBefore, points)) {
                flat++;
            } else {
                flat = 0;
            }
            if (flat >= 2) {
                break;
            }
        }
        // Bisect between the last value that fell short of the knee band and the knee. A knee found by
        // turning the running transfer is first measured from a fresh start, as a later run will use
        // it; one that falls short there moves the knee up instead of the bisection down.
        boolean canRestart = true;
        int top = measuredValues(points).last();
        Integer next = null; // after a value fell short from a fresh start, the value above it
        while (true) {
            double best = bestMean(points);
            int knee = knee(points, best, options.tolerance());
            int candidate = next != null && next < knee ? next : knee;
            if (canRestart && candidate < top && !hasCold(points, candidate)) {
                Point cold = measure(knob, candidate, "cold", token);
                if (cold != null) {
                    add.accept(cold);
                    boolean held = cold.mbPerSec() >= plateau(points) * (1 - options.tolerance());
                    next = held ? null : ladder.stream().filter(v -> v > candidate).findFirst().orElse(null);
                    continue;
                }
                canRestart = false;
            }
            Integer below = measuredValues(points).lower(knee);
            final int lo = below == null ? 0 : below;
            List<Integer> between = ladder.stream().filter(v -> v > lo && v < knee).toList();
            if (between.isEmpty()) {
                break;
            }
            int mid = between.get(between.size() / 2);
            add.accept(measure(knob, mid, "bisect", token));
        }
        // A pick whose verdict is within the noise is measured again (the knee, or the value below it
        // that fell short by less than the noise), so no verdict rests on one step where it matters.
        // A knee that held from a fresh start has had its second look.
        for (int again = 0; again < 2; again++) {
            Integer doubtful = doubtful(points);
            if (doubtful == null || hasCold(points, doubtful)) {
                break;
            }
            add.accept(measure(knob, doubtful, "confirm", token));
        }
    }

    static boolean hasCold(List<Point> points, int value) {
        return points.stream().anyMatch(p -> p.value() == value && p.phase().equals("cold"));
    }

    /**
     * The value whose side of the knee band is within the noise: the knee when its mean is less than
     * two standard errors above the band's edge (or it was measured only once and never settled), else
     * the measured value just below it when it falls short by less than that; {@code null} when both
     * verdicts are clear.
     */
    private Integer doubtful(List<Point> points) {
        double best = bestMean(points);
        int knee = knee(points, best, options.tolerance());
        double edge = plateau(points) * (1 - options.tolerance());
        int bestValue = bestValue(points);
        double seBest = standardError(points, bestValue);
        // a knee let in by the noise alone: it is read once more (it holds fewer requests in flight,
        // so its step is the shorter), then the best
        if (knee != bestValue && mean(points, knee) < edge) {
            for (int v : new int[] {knee, bestValue}) {
                if (points.stream().filter(p -> p.value() == v).count() < 2) {
                    return v;
                }
            }
        }
        long kneeSteps = points.stream().filter(p -> p.value() == knee).count();
        boolean kneeSteady = points.stream().anyMatch(p -> p.value() == knee && p.steady());
        double seKnee = standardError(points, knee);
        if (kneeSteps < 2 && (!kneeSteady || mean(points, knee) - edge < 2 * Math.hypot(seKnee, seBest))) {
            return knee;
        }
        Integer below = measuredValues(points).lower(knee);
        if (below != null && points.stream().filter(p -> p.value() == below).count() < 2) {
            double seBelow = standardError(points, below);
            if (edge - mean(points, below) < 2 * Math.hypot(seBelow, seBest)) {
                return below;
            }
        }
        return null;
    }

    /** Whether {@code p} beats {@code bestBefore} by more than the tolerance and the noise. */
    private boolean gains(Point p, double bestBefore, List<Point> points) {
        int kept = p.steady() ? options.minWindows() : 2 * options.minWindows();
        double noise = 2 * p.stddev() / Math.sqrt(Math.max(1, Math.min(p.windows(), kept)));
        return p.mbPerSec() > bestBefore * (1 + options.tolerance()) && p.mbPerSec() - bestBefore > noise;
    }

    /** Holds {@code value} until steady; a "cold" step restarts the transfer first ({@code null} when it cannot). */
    private Point measure(Knob knob, int value, String phase, CancellationToken token) {
        token.throwIfCancelled();
        boolean cold = phase.equals("cold");
        long window = options.window().toNanos();
        if (deadline != Long.MAX_VALUE) {
            // a step needs its transition and at least two readings: one that cannot fit is not taken
            long firstReading = Math.min(MAX_WINDOW_NANOS, Math.max(window, 2 * requestNanos(knob, value, lastRate)));
            if (System.nanoTime() + transitionNanos(knob, cold ? value : lastValue, value, lastRate, cold)
                    + 2 * firstReading > deadline) {
                throw new OutOfBudget();
            }
        }
        double startT = knob.elapsedSeconds();
        int before = lastValue;
        double rateBefore = lastRate;
        knob.set(value);
        if (cold) {
            if (!knob.restart()) {
                return null;
            }
            before = value;
        }
        lastValue = value;
        token.sleep(Duration.ofNanos(transitionNanos(knob, before, value, rateBefore, cold)));
        long lastBytes = knob.bytes();
        long lastNanos = System.nanoTime();
        List<Double> readings = new ArrayList<>();
        boolean steady = false;
        double rate = rateBefore;
        while (readings.size() < options.maxWindows()) {
            // A reading spans two request times of one connection, so it is not a slice of one request;
            // with n connections their gaps interleave and the sum steadies about as 1/sqrt(n).
            long w = Math.min(MAX_WINDOW_NANOS, Math.max(window, (long) (2 * requestNanos(knob, value, rate)
                    / Math.sqrt(Math.max(1, knob.requestsInFlight(value))))));
            token.sleep(Duration.ofNanos(w));
            long b = knob.bytes();
            long now = System.nanoTime();
            readings.add((b - lastBytes) / 1e6 / ((now - lastNanos) / 1e9));
            lastBytes = b;
            lastNanos = now;
            rate = avg(readings);
            if (readings.size() >= 2 && now >= deadline) {
                break; // the budget is spent: the step keeps what it read (unsteady unless settled)
            }
            if (readings.size() >= options.minWindows()) {
                List<Double> last = readings.subList(readings.size() - options.minWindows(), readings.size());
                double m = avg(last);
                if (m > 0 && sd(last, m) / m <= options.steadyCv()) {
                    steady = true;
                    break;
                }
            }
            // Readings that scatter but whose mean is already known to half the steadiness bound end
            // the step too (the point keeps its spread and is marked unsteady).
            if (readings.size() >= 2 * options.minWindows()) {
                List<Double> last = readings.subList(readings.size() - 2 * options.minWindows(), readings.size());
                double m = avg(last);
                if (m > 0 && sd(last, m) / Math.sqrt(last.size()) / m <= options.steadyCv() / 2) {
                    break;
                }
            }
        }
        int keep = steady ? options.minWindows() : 2 * options.minWindows();
        List<Double> used = readings.subList(Math.max(0, readings.size() - keep), readings.size());
        double m = avg(used);
        lastRate = m;
        return new Point(value, m, sd(used, m), used.stream().mapToDouble(d -> d).min().orElse(0),
                used.stream().mapToDouble(d -> d).max().orElse(0), readings.size(), steady, knob.p99Ms(),
                knob.memoryBytes(value), startT, knob.elapsedSeconds(), phase);
    }

    /**
     * How long a step waits before its readings. Requests started under the old value drain and the
     * new ones fill the pipe within about one request time of either; that transition is waited out
     * and thrown away. After a fresh start ({@code cold}) connections that start together drift into
     * step (and idle together on each request's wait) over several requests: the reading starts once
     * that has had time to happen.
     */
    private long transitionNanos(Knob knob, int before, int value, double rate, boolean cold) {
        long window = options.window().toNanos();
        long transition = Math.max(window, Math.max(requestNanos(knob, before, rate), requestNanos(knob, value, rate)));
        if (cold) {
            transition = Math.max(Math.max(transition, 4 * requestNanos(knob, value, rate)), COLD_SETTLE_NANOS);
        }
        return Math.min(transition, MAX_WINDOW_NANOS);
    }

    /**
     * The least a fresh start settles before it is read: on shaped links, connections that start
     * together were seen still out of step after four request times (0.6 s) and in step by 1 s.
     */
    private static final long COLD_SETTLE_NANOS = 1_000_000_000L;

    /** Longest reading or transition: a link so slow that one request outlasts it is read in slices. */
    private static final long MAX_WINDOW_NANOS = 2_000_000_000L;

    // the value and throughput of the step before, for the next step's transition
    private int lastValue;
    private double lastRate;

    /** How long one request takes at {@code value} and {@code mbPerSec}: 0 when either is unknown. */
    private static long requestNanos(Knob knob, int value, double mbPerSec) {
        long inFlight = value <= 0 ? 0 : knob.bytesInFlight(value);
        if (inFlight <= 0 || mbPerSec <= 0) {
            return 0;
        }
        return (long) (inFlight / (mbPerSec * 1e6) * 1e9);
    }

    /** The recommendation from a set of points: the knee of their means, and why. */
    public static Result verdict(String knob, List<Point> points, String status, double seconds, double tolerance) {
        if (points.isEmpty()) {
            return new Result(knob, List.of(), null, null, 0, 0, "nothing was measured", status, seconds);
        }
        double best = bestMean(points);
        int bestValue = bestValue(points);
        int knee = knee(points, best, tolerance);
        double kneeMean = mean(points, knee);
        Integer next = null;
        for (int v : measuredValues(points)) {
            if (v > knee) {
                next = v;
                break;
            }
        }
        StringBuilder why = new StringBuilder(String.format(Locale.ROOT, "%s %d reaches %.1f MB/s", knob, knee, kneeMean));
        if (knee == bestValue) {
            why.append(", the best seen");
        } else {
            why.append(kneeMean >= best * (1 - tolerance)
                    ? String.format(Locale.ROOT, ", within %.0f%% of the best (%.1f MB/s at %d)", tolerance * 100, best, bestValue)
                    : String.format(Locale.ROOT, ", within the noise of the best (%.1f MB/s at %d)", best, bestValue));
        }
        if (next != null) {
            double gain = kneeMean > 0 ? (mean(points, next) / kneeMean - 1) * 100 : 0;
            why.append(String.format(Locale.ROOT, "; the next step up (%d) %s %.1f%%", next, gain >= 0 ? "adds" : "loses",
                    Math.abs(gain)));
        }
        if (!"ok".equals(status)) {
            why.append(" (").append(status).append(" after ").append(points.size()).append(" points)");
        }
        return new Result(knob, List.copyOf(points), knee, bestValue, best, kneeMean, why.toString(), status, seconds);
    }

    /**
     * The smallest measured value whose mean is within {@code tolerance} of {@code best}, or within
     * the noise of it: the best of several noisy means is biased upwards (the highest of a few
     * estimates of one plateau), so a value whose gap to the best is under two standard errors of
     * the difference counts as on the plateau too, up to one and a half times the tolerance below the best.
     */
    static int knee(List<Point> points, double best, double tolerance) {
        int bestValue = bestValue(points);
        double seBest = standardError(points, bestValue);
        double level = plateau(points);
        for (int v : measuredValues(points)) {
            double se = standardError(points, v);
            // the noise may widen the band, never by more than half the tolerance
            // (not for a value measured from a fresh start: a later run starts cold, and a pick that
            // only may hold there is not one)
            double noise = hasCold(points, v) ? 0 : Math.min(2 * Math.sqrt(se * se + seBest * seBest), tolerance / 2 * level);
            if (mean(points, v) >= level * (1 - tolerance) - noise) {
                return v;
            }
        }
        return bestValue;
    }

    /**
     * The level of the plateau: the mean of the values whose means cannot be told from the best's
     * (within two standard errors of the difference). The highest of several noisy means of one
     * plateau is biased upwards (the winner's curse); the knee band is measured from this instead.
     */
    static double plateau(List<Point> points) {
        int bestValue = bestValue(points);
        double best = mean(points, bestValue);
        double seBest = standardError(points, bestValue);
        double sum = 0;
        int n = 0;
        for (int v : measuredValues(points)) {
            double m = mean(points, v);
            double se = standardError(points, v);
            if (m >= best - 2 * Math.sqrt(se * se + seBest * seBest)) {
                sum += m;
                n++;
            }
        }
        return n == 0 ? best : sum / n;
    }

    /** The standard error of the mean at {@code value}: each point's spread over its readings, pooled. */
    static double standardError(List<Point> points, int value) {
        double var = 0;
        int n = 0;
        boolean cold = hasCold(points, value);
        for (Point p : points) {
            if (p.value() == value && (!cold || p.phase().equals("cold"))) {
                var += p.stddev() * p.stddev() / Math.max(1, Math.min(p.windows(), p.steady() ? 4 : 8));
                n++;
            }
        }
        return n == 0 ? 0 : Math.sqrt(var) / n;
    }

    static TreeSet<Integer> measuredValues(List<Point> points) {
        TreeSet<Integer> out = new TreeSet<>();
        points.forEach(p -> out.add(p.value()));
        return out;
    }

    /** The mean at {@code value}: of its cold-start points when it has any (what a later run will see). */
    static double mean(List<Point> points, int value) {
        boolean cold = hasCold(points, value);
        return points.stream().filter(p -> p.value() == value && (!cold || p.phase().equals("cold")))
                .mapToDouble(Point::mbPerSec).average().orElse(0);
    }

    static double bestMean(List<Point> points) {
        return points.isEmpty() ? 0 : mean(points, bestValue(points));
    }

    static int bestValue(List<Point> points) {
        TreeMap<Integer, Double> means = new TreeMap<>();
        for (int v : measuredValues(points)) {
            means.put(v, mean(points, v));
        }
        return means.entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    private static double avg(List<Double> xs) {
        return xs.stream().mapToDouble(d -> d).average().orElse(0);
    }

    private static double sd(List<Double> xs, double mean) {
        if (xs.size() < 2) {
            return 0;
        }
        double s = 0;
        for (double x : xs) {
            s += (x - mean) * (x - mean);
        }
        return Math.sqrt(s / (xs.size() - 1));
    }
}
