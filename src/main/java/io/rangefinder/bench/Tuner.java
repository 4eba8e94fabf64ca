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

        /** Values 1..max on a ladder of two per doubling, 250 ms windows, 4 to 16 of them, 5% knee. */
        public static Options upTo(int max) {
            return new Options(ladder(1, max), Duration.ofMillis(250), 4, 16, 0.08, 0.05);
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
     * @param phase      "climb", "bisect" or "confirm"
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

    public Tuner(Options options) {
        this.options = options;
    }

    public Options options() {
        return options;
    }

    /** Searches {@code knob}; {@code onPoint} sees each point as it is measured (on this thread). */
    public Result tune(Knob knob, CancellationToken token, Consumer<Point> onPoint) {
        long t0 = System.nanoTime();
        List<Point> points = new ArrayList<>();
        String status = "ok";
        try {
            climbAndBisect(knob, token, p -> {
                points.add(p);
                if (onPoint != null) {
                    onPoint.accept(p);
                }
            }, points);
        } catch (CancelledException e) {
            status = "cancelled";
        }
        Result r = verdict(knob.name(), points, status, (System.nanoTime() - t0) / 1e9, options.tolerance());
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
        // bisect between the last value that fell short of the knee band and the knee
        while (true) {
            double best = bestMean(points);
            int knee = knee(points, best, options.tolerance());
            Integer below = null;
            for (int v : measuredValues(points)) {
                if (v < knee) {
                    below = v;
                }
            }
            final int lo = below == null ? 0 : below;
            List<Integer> between = ladder.stream().filter(v -> v > lo && v < knee).toList();
            if (between.isEmpty()) {
                break;
            }
            int mid = between.get(between.size() / 2);
            add.accept(measure(knob, mid, "bisect", token));
        }
        // one more look at the pick, so it does not rest on one step
        double best = bestMean(points);
        int knee = knee(points, best, options.tolerance());
        add.accept(measure(knob, knee, "confirm", token));
    }

    /** Whether {@code p} beats {@code bestBefore} by more than the tolerance and the noise. */
    private boolean gains(Point p, double bestBefore, List<Point> points) {
        double noise = 2 * p.stddev() / Math.sqrt(Math.max(1, Math.min(p.windows(), options.minWindows())));
        return p.mbPerSec() > bestBefore * (1 + options.tolerance()) && p.mbPerSec() - bestBefore > noise;
    }

    private Point measure(Knob knob, int value, String phase, CancellationToken token) {
        token.throwIfCancelled();
        double startT = knob.elapsedSeconds();
        knob.set(value);
        long windowNanos = options.window().toNanos();
        // the first window after a change is the transition: it is read and thrown away
        token.sleep(Duration.ofNanos(windowNanos));
        long lastBytes = knob.bytes();
        long lastNanos = System.nanoTime();
        List<Double> readings = new ArrayList<>();
        boolean steady = false;
        while (readings.size() < options.maxWindows()) {
            token.sleep(Duration.ofNanos(windowNanos));
            long b = knob.bytes();
            long now = System.nanoTime();
            readings.add((b - lastBytes) / 1e6 / ((now - lastNanos) / 1e9));
            lastBytes = b;
            lastNanos = now;
            if (readings.size() >= options.minWindows()) {
                List<Double> last = readings.subList(readings.size() - options.minWindows(), readings.size());
                double m = avg(last);
                if (m > 0 && sd(last, m) / m <= options.steadyCv()) {
                    steady = true;
                    break;
                }
            }
        }
        List<Double> used = readings.subList(Math.max(0, readings.size() - options.minWindows()), readings.size());
        double m = avg(used);
        return new Point(value, m, sd(used, m), used.stream().mapToDouble(d -> d).min().orElse(0),
                used.stream().mapToDouble(d -> d).max().orElse(0), readings.size(), steady, knob.p99Ms(),
                knob.memoryBytes(value), startT, knob.elapsedSeconds(), phase);
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
     * the difference counts as on the plateau too, up to twice the tolerance below the best.
     */
    static int knee(List<Point> points, double best, double tolerance) {
        int bestValue = bestValue(points);
        double seBest = standardError(points, bestValue);
        for (int v : measuredValues(points)) {
            double se = standardError(points, v);
            // the noise may widen the band, never to more than twice the tolerance
            double noise = Math.min(2 * Math.sqrt(se * se + seBest * seBest), tolerance * best);
            if (mean(points, v) >= best * (1 - tolerance) - noise) {
                return v;
            }
        }
        return bestValue;
    }

    /** The standard error of the mean at {@code value}: each point's spread over its readings, pooled. */
    static double standardError(List<Point> points, int value) {
        double var = 0;
        int n = 0;
        for (Point p : points) {
            if (p.value() == value) {
                var += p.stddev() * p.stddev() / Math.max(1, Math.min(p.windows(), 4));
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

    static double mean(List<Point> points, int value) {
        return points.stream().filter(p -> p.value() == value).mapToDouble(Point::mbPerSec).average().orElse(0);
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
