package io.rangefinder.bench;

import io.rangefinder.core.Units;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Object sizes for generated data and uploads: one fixed size, uniform between two bounds, or
 * lognormal (the shape real object stores hold: many small objects, a long tail of big ones) with
 * a mean and standard deviation in bytes, clamped to bounds. Sizes are a pure function of the
 * seed and the object's index, so a run is reproducible and any object's size is known without
 * generating the ones before it.
 *
 * <p>Written as {@code 1MiB}, {@code uniform(4KiB,1MiB)} or
 * {@code lognormal(mean=1MiB,stddev=512KiB,min=4KiB,max=16MiB)}.
 */
public sealed interface SizeDistribution {

    /** The size of object {@code index} for {@code seed}. */
    long sizeOf(long seed, long index);

    /** Largest size it can give (buffers are sized by it). */
    long max();

    /** How it was written, for results and the lab. */
    String describe();

    record Fixed(long size) implements SizeDistribution {
        public Fixed {
            if (size < 0) {
                throw new IllegalArgumentException("size must not be negative, was " + size);
            }
        }

        @Override
        public long sizeOf(long seed, long index) {
            return size;
        }

        @Override
        public long max() {
            return size;
        }

        @Override
        public String describe() {
            return Units.formatSize(size);
        }
    }

    record Uniform(long min, long max) implements SizeDistribution {
        public Uniform {
            if (min < 0 || max < min) {
                throw new IllegalArgumentException("uniform sizes need 0 <= min <= max, got " + min + " and " + max);
            }
        }

        @Override
        public long sizeOf(long seed, long index) {
            return min == max ? min : random(seed, index).nextLong(min, max + 1);
        }

        @Override
        public String describe() {
            return "uniform(" + Units.formatSize(min) + "," + Units.formatSize(max) + ")";
        }
    }

    /** Lognormal with the given mean and standard deviation of the sizes themselves (not of their log). */
    record LogNormal(long mean, long stddev, long min, long max) implements SizeDistribution {
        public LogNormal {
            if (mean <= 0 || stddev < 0) {
                throw new IllegalArgumentException("lognormal sizes need mean > 0 and stddev >= 0, got " + mean + " and " + stddev);
            }
            if (min < 0 || max < min) {
                throw new IllegalArgumentException("lognormal bounds need 0 <= min <= max, got " + min + " and " + max);
            }
        }

        @Override
        public long sizeOf(long seed, long index) {
            // mean m, deviation s of X = exp(N(mu, sigma)): sigma² = ln(1 + s²/m²), mu = ln m − sigma²/2
            double ratio = (double) stddev / mean;
            double sigma2 = Math.log1p(ratio * ratio);
            double mu = Math.log(mean) - sigma2 / 2;
            double normal = gaussian(random(seed, index));
            double x = Math.exp(mu + Math.sqrt(sigma2) * normal);
            return Math.clamp(Math.round(x), min, max);
        }

        @Override
        public String describe() {
            return "lognormal(mean=" + Units.formatSize(mean) + ",stddev=" + Units.formatSize(stddev) + ",min="
                    + Units.formatSize(min) + ",max=" + Units.formatSize(max) + ")";
        }
    }

    private static SplittableRandom random(long seed, long index) {
        // one independent stream per object: the size of object i needs no other object
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL);
    }

    private static double gaussian(SplittableRandom r) {
        // Box–Muller: SplittableRandom has no nextGaussian of its own
        double u = 1.0 - r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    Pattern CALL = Pattern.compile("(?i)\\s*(uniform|lognormal)\\s*\\((.*)\\)\\s*");

    /** Reads {@code 1MiB}, {@code uniform(MIN,MAX)} or {@code lognormal(mean=..,stddev=..[,min=..][,max=..])}. */
    static SizeDistribution parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no size given: write e.g. 1MiB, uniform(4KiB,1MiB) or "
                    + "lognormal(mean=1MiB,stddev=512KiB,min=4KiB,max=16MiB)");
        }
        Matcher m = CALL.matcher(text);
        if (!m.matches()) {
            return new Fixed(size(text, "size"));
        }
        String kind = m.group(1).toLowerCase(Locale.ROOT);
        String[] args = m.group(2).split(",");
        if (kind.equals("uniform")) {
            if (args.length != 2) {
                throw new IllegalArgumentException("uniform takes two sizes, min and max, e.g. uniform(4KiB,1MiB); got '" + text + "'");
            }
            return new Uniform(size(args[0], "min"), size(args[1], "max"));
        }
        Long mean = null;
        Long stddev = null;
        long min = 0;
        long max = Long.MAX_VALUE;
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("lognormal takes name=size pairs (mean, stddev, min, max); got '" + arg.strip() + "'");
            }
            String name = kv[0].strip().toLowerCase(Locale.ROOT);
            long value = size(kv[1], name);
            switch (name) {
                case "mean" -> mean = value;
                case "stddev", "sd" -> stddev = value;
                case "min" -> min = value;
                case "max" -> max = value;
                default -> throw new IllegalArgumentException("lognormal has no '" + name + "': use mean, stddev, min and max");
            }
        }
        if (mean == null || stddev == null) {
            throw new IllegalArgumentException("lognormal needs mean= and stddev=, e.g. lognormal(mean=1MiB,stddev=512KiB)");
        }
        return new LogNormal(mean, stddev, min, max == Long.MAX_VALUE ? Math.max(mean * 64, mean) : max);
    }

    private static long size(String text, String what) {
        try {
            return Units.parseSize(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad " + what + " '" + text.strip() + "': " + e.getMessage(), e);
        }
    }
}
