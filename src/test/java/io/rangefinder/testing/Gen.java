package io.rangefinder.testing;

import static org.assertj.core.api.Assertions.fail;

import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Our own small property-testing support: seeded generators plus a loop that runs a property over
 * generated cases.
 *
 * <p>Every property derives its cases from one base seed ({@value #DEFAULT_SEED} unless
 * {@code -Drf.seed=...} is given) and its own method name, so a run is repeatable: a failure
 * reports the base seed, the try and the generated input, and rerunning that test with the same
 * {@code -Drf.seed} fails the same way. {@code -Drf.tries=N} overrides every property's number of
 * tries (for a longer hunt). There is no shrinking; generated sizes are biased small, with the edge
 * cases (empty, minimum, maximum, one off either) picked often, so failing inputs stay readable.
 */
public final class Gen {

    public static final long DEFAULT_SEED = 20261125L;

    private final SplittableRandom random;

    public Gen(long seed) {
        this.random = new SplittableRandom(seed);
    }

    // ------------------------------------------------------------------ running properties

    /** A property of one generated value. */
    @FunctionalInterface
    public interface Property<T> {
        void check(T value) throws Exception;
    }

    /** The base seed of this run: {@code -Drf.seed} (decimal or 0x-hex), else {@link #DEFAULT_SEED}. */
    public static long baseSeed() {
        String s = System.getProperty("rf.seed");
        return s == null || s.isBlank() ? DEFAULT_SEED : Long.decode(s.strip());
    }

    /**
     * Checks {@code property} for {@code tries} values of {@code generator} (or {@code -Drf.tries}).
     * On the first failure, fails with the seed, the try, how to rerun it and the input.
     */
    public static <T> void forAll(int tries, Function<Gen, ? extends T> generator, Property<? super T> property) {
        StackWalker.StackFrame caller = StackWalker.getInstance()
                .walk(frames -> frames.skip(1).findFirst().orElseThrow());
        String test = simpleName(caller.getClassName()) + "#" + caller.getMethodName();
        long base = baseSeed();
        int n = Integer.getInteger("rf.tries", tries);
        long propertySeed = mix(base ^ mix(test.hashCode()));
        for (int i = 0; i < n; i++) {
            Gen gen = new Gen(mix(propertySeed + i * 0x9E3779B97F4A7C15L));
            T value = generator.apply(gen);
            try {
                property.check(value);
            } catch (Exception | AssertionError e) {
                fail("property " + test + " failed at try " + (i + 1) + " of " + n + " with seed " + base
                        + "\n  rerun: ./mvnw -B -o -Dskip.npm test -Dtest=" + test + " -Drf.seed=" + base
                        + "\n  input: " + show(value)
                        + "\n  failure (full text in the cause below): " + brief(e.toString()), e);
            }
        }
    }

    /** The first lines of a failure, escaped and bounded, so the summary stays readable. */
    private static String brief(String text) {
        String s = text.strip();
        return escape(s.length() <= SHOWN_CHARS ? s : s.substring(0, SHOWN_CHARS) + "...(" + s.length() + " chars)");
    }

    private static String simpleName(String className) {
        String s = className.substring(className.lastIndexOf('.') + 1);
        int nested = s.indexOf('$');
        return nested < 0 ? s : s.substring(0, nested);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    // ------------------------------------------------------------------ showing inputs

    private static final int SHOWN_CHARS = 300;

    /** A readable, control-free, bounded description of a generated value. */
    public static String show(Object value) {
        StringBuilder sb = new StringBuilder();
        show(value, sb, 0);
        return sb.toString();
    }

    private static void show(Object value, StringBuilder sb, int depth) {
        if (depth > 6) {
            sb.append("...");
        } else if (value == null) {
            sb.append("null");
        } else if (value instanceof CharSequence s) {
            showText(s.toString(), sb);
        } else if (value instanceof Character c) {
            sb.append('\'').append(escape(String.valueOf(c))).append('\'');
        } else if (value instanceof byte[] b) {
            showBytes(b, sb);
        } else if (value instanceof Collection<?> c) {
            sb.append('[');
            int i = 0;
            for (Object o : c) {
                if (i > 0) {
                    sb.append(", ");
                }
                if (i++ == 20) {
                    sb.append("... ").append(c.size() - 20).append(" more");
                    break;
                }
                show(o, sb, depth + 1);
            }
            sb.append(']');
        } else if (value instanceof Map<?, ?> m) {
            show(m.entrySet(), sb, depth);
        } else if (value.getClass().isRecord()) {
            sb.append(value.getClass().getSimpleName()).append('[');
            RecordComponent[] components = value.getClass().getRecordComponents();
            for (int i = 0; i < components.length; i++) {
                sb.append(i > 0 ? ", " : "").append(components[i].getName()).append('=');
                try {
                    var accessor = components[i].getAccessor();
                    accessor.setAccessible(true);
                    show(accessor.invoke(value), sb, depth + 1);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    sb.append('?');
                }
            }
            sb.append(']');
        } else {
            showText(String.valueOf(value), sb);
        }
    }

    private static void showText(String s, StringBuilder sb) {
        if (s.length() <= SHOWN_CHARS) {
            sb.append('"').append(escape(s)).append('"');
        } else {
            sb.append('"').append(escape(s.substring(0, SHOWN_CHARS / 2))).append("\"...(")
                    .append(s.length()).append(" chars)...\"").append(escape(s.substring(s.length() - SHOWN_CHARS / 2)))
                    .append('"');
        }
    }

    private static void showBytes(byte[] b, StringBuilder sb) {
        sb.append("byte[").append(b.length).append("] ");
        showText(new String(b, StandardCharsets.ISO_8859_1), sb);
    }

    /** Java-style escapes for everything outside printable ASCII, so the message shows what was there. */
    public static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        sb.append(c);
                    } else {
                        sb.append(String.format("\\u%04X", (int) c));
                    }
                }
            }
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ numbers and choices

    /** Uniform in [min, max]. */
    public int between(int min, int max) {
        return random.nextInt(min, max + 1);
    }

    /** Uniform in [min, max]. */
    public long between(long min, long max) {
        return random.nextLong(min, max + 1);
    }

    /** Uniform in [min, max). */
    public double between(double min, double max) {
        return random.nextDouble(min, max);
    }

    public boolean bool() {
        return random.nextBoolean();
    }

    /** True with probability {@code p}. */
    public boolean chance(double p) {
        return random.nextDouble() < p;
    }

    /**
     * A size in [min, max], biased small: the edges (min, max, min+1, max-1) one time in five,
     * otherwise skewed towards min.
     */
    public int size(int min, int max) {
        if (max <= min) {
            return min;
        }
        return switch (random.nextInt(20)) {
            case 0, 1 -> min;
            case 2 -> max;
            case 3 -> min + 1;
            case 4 -> max - 1;
            default -> {
                double u = random.nextDouble();
                yield min + (int) ((max - min + 1) * u * u * u);
            }
        };
    }

    @SafeVarargs
    public final <T> T oneOf(T... values) {
        return values[random.nextInt(values.length)];
    }

    public <T> T oneOf(List<? extends T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** A value of one of the generators, each equally likely. */
    @SafeVarargs
    public final <T> T anyOf(Function<Gen, ? extends T>... generators) {
        return generators[random.nextInt(generators.length)].apply(this);
    }

    /** A weighted generator for {@link #frequency}. */
    public record Weighted<T>(int weight, Function<Gen, ? extends T> generator) {
    }

    public static <T> Weighted<T> weight(int weight, Function<Gen, ? extends T> generator) {
        return new Weighted<>(weight, generator);
    }

    /** A value of one of the generators, picked in proportion to its weight. */
    @SafeVarargs
    public final <T> T frequency(Weighted<? extends T>... options) {
        int total = 0;
        for (Weighted<? extends T> o : options) {
            total += o.weight();
        }
        int pick = random.nextInt(total);
        for (Weighted<? extends T> o : options) {
            pick -= o.weight();
            if (pick < 0) {
                return o.generator().apply(this);
            }
        }
        throw new IllegalStateException();
    }

    /** {@code null} with probability {@code p}, else a generated value. */
    public <T> T orNull(double p, Function<Gen, ? extends T> generator) {
        return chance(p) ? null : generator.apply(this);
    }

    /** A generated value that satisfies {@code accept} (regenerated until it does, a bounded number of times). */
    public <T> T filter(Function<Gen, ? extends T> generator, Predicate<? super T> accept) {
        for (int i = 0; i < 10_000; i++) {
            T t = generator.apply(this);
            if (accept.test(t)) {
                return t;
            }
        }
        throw new IllegalStateException("generator filter rejected 10,000 values in a row");
    }

    // ------------------------------------------------------------------ collections

    /** A list of {@link #size} elements. */
    public <T> List<T> list(int min, int max, Function<Gen, ? extends T> element) {
        int n = size(min, max);
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(element.apply(this));
        }
        return out;
    }

    /** A list of up to {@link #size} elements whose keys differ (duplicates are regenerated, then dropped). */
    public <T, K> List<T> uniqueList(int min, int max, Function<Gen, ? extends T> element,
                                     Function<? super T, ? extends K> key) {
        int n = size(min, max);
        List<T> out = new ArrayList<>(n);
        Set<K> seen = new HashSet<>();
        for (int attempts = 0; out.size() < n && attempts < 100 * (n + 1); attempts++) {
            T t = element.apply(this);
            if (seen.add(key.apply(t))) {
                out.add(t);
            }
        }
        if (out.size() < min) {
            throw new IllegalStateException("could not generate " + min + " distinct elements");
        }
        return out;
    }

    /** Random bytes, {@link #size} of them. */
    public byte[] bytes(int min, int max) {
        byte[] b = new byte[size(min, max)];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) random.nextInt(256);
        }
        return b;
    }

    // ------------------------------------------------------------------ text

    /**
     * A set of characters to draw from, made of parts (ranges or listed characters); each part is
     * equally likely, so a few hostile characters are not drowned by a large range.
     */
    public static final class Alphabet {
        private final List<char[]> parts;

        private Alphabet(List<char[]> parts) {
            this.parts = parts;
        }

        public static Alphabet chars(String chars) {
            return new Alphabet(List.of()).and(chars);
        }

        public static Alphabet chars(char... chars) {
            return new Alphabet(List.of(chars.clone()));
        }

        public static Alphabet range(char from, char to) {
            return new Alphabet(List.of()).andRange(from, to);
        }

        /** Also these characters (surrogate pairs in the text stay listed as their two halves). */
        public Alphabet and(String chars) {
            return with(chars.toCharArray());
        }

        public Alphabet and(char... chars) {
            return with(chars.clone());
        }

        public Alphabet andRange(char from, char to) {
            char[] r = new char[to - from + 1];
            for (int i = 0; i < r.length; i++) {
                r[i] = (char) (from + i);
            }
            return with(r);
        }

        private Alphabet with(char[] part) {
            List<char[]> p = new ArrayList<>(parts);
            p.add(part);
            return new Alphabet(List.copyOf(p));
        }

        char pick(SplittableRandom random) {
            char[] part = parts.get(random.nextInt(parts.size()));
            return part[random.nextInt(part.length)];
        }
    }

    /** Every UTF-16 code unit, lone surrogates and controls included. */
    public static final Alphabet ANY_CHAR = Alphabet.range('\u0000', '\uffff');
    public static final Alphabet LOWER_ALNUM = Alphabet.range('a', 'z').andRange('0', '9');
    /** C0 and C1 controls and DEL. */
    public static final Alphabet CONTROL = Alphabet.range('\u0000', '\u001f').andRange('\u007f', '\u009f');

    /** A string of {@link #size} characters from the alphabet. */
    public String string(Alphabet alphabet, int minLength, int maxLength) {
        int n = size(minLength, maxLength);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.pick(random));
        }
        return sb.toString();
    }

    /** One character from the alphabet. */
    public char character(Alphabet alphabet) {
        return alphabet.pick(random);
    }
}
