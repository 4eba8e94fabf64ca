package io.rangefinder.app.lab;

import io.rangefinder.storage.ObjectUri;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The lab's settings as the CLI command that runs the same benchmark: what a cluster job runs on
 * every worker. Reads the settings as they are now (the sliders included).
 */
final class LabCommandLine {

    private LabCommandLine() {
    }

    /** {@code bench KIND URI FLAGS...} for the lab's current kind and settings; a blank URI is refused. */
    static List<String> benchArguments(LabViewModel m) {
        String uri = m.uriProperty().get() == null ? "" : m.uriProperty().get().strip();
        if (uri.isEmpty()) {
            throw new IllegalArgumentException("Enter the URI to benchmark first: an object (range) or a prefix (loader, put, mixed).");
        }
        ObjectUri.parse(uri);
        List<String> a = new ArrayList<>();
        a.add("bench");
        switch (m.kindProperty().get()) {
            case RANGE -> {
                a.addAll(List.of("range", uri, "--chunk-size", m.chunkSizeProperty().get().strip(),
                        "--min-split", m.minSplitSizeProperty().get().strip(),
                        "-c", Integer.toString(m.concurrencyProperty().get()),
                        "--range-timeout", number(m.rangeTimeoutSecondsProperty().get()),
                        "--repeats", Integer.toString(m.repeatsProperty().get())));
            }
            case LOADER -> {
                a.addAll(List.of("loader", uri, "-b", Integer.toString(m.batchSizeProperty().get()),
                        "-p", Integer.toString(m.concurrencyProperty().get()),
                        "--prefetch", Integer.toString(m.prefetchProperty().get()),
                        "--epochs", Integer.toString(m.epochsProperty().get())));
                if (m.shuffleProperty().get()) {
                    a.addAll(List.of("--shuffle", "--seed", Long.toString(m.seedProperty().get())));
                }
                if (m.computeMsProperty().get() > 0) {
                    a.addAll(List.of("--compute-ms", Integer.toString(m.computeMsProperty().get())));
                }
                if (m.loaderTypeProperty().get() == LabViewModel.LoaderType.ORDERED) {
                    a.add("--ordered");
                }
            }
            case PUT -> {
                a.addAll(List.of("put", uri, "-n", Integer.toString(m.putCountProperty().get()),
                        "--size", m.sizesProperty().get().strip(),
                        "-c", Integer.toString(m.concurrencyProperty().get()),
                        "--part-size", m.partSizeProperty().get().strip(),
                        "--parts-in-flight", Integer.toString(m.prefetchProperty().get()),
                        "--seed", Long.toString(m.seedProperty().get())));
                rate(m, a);
                if (m.keepObjectsProperty().get()) {
                    a.add("--keep");
                }
            }
            case MIXED -> {
                a.addAll(List.of("mixed", uri, "--mix", m.mixProperty().get().strip(),
                        "--duration", Integer.toString(m.mixedSecondsProperty().get()),
                        "--size", m.sizesProperty().get().strip(),
                        "--objects", Integer.toString(m.mixedObjectsProperty().get()),
                        "-c", Integer.toString(m.concurrencyProperty().get()),
                        "--seed", Long.toString(m.seedProperty().get())));
                rate(m, a);
                if (m.keepObjectsProperty().get()) {
                    a.add("--keep");
                }
            }
        }
        return a;
    }

    private static void rate(LabViewModel m, List<String> a) {
        if (m.targetRate() > 0) {
            a.addAll(List.of("--rate", number(m.targetRate())));
            if (m.poissonProperty().get()) {
                a.add("--poisson");
            }
        }
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }

    /**
     * A results URI beside the benchmarked one, new for each export: the bucket's (or folder's)
     * {@code rangefinder-results/KIND-yyyyMMdd-HHmmss/}.
     */
    static String defaultResults(ObjectUri target, String kind, java.time.Clock clock) {
        String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
                .format(java.time.LocalDateTime.now(clock));
        String base;
        if (target.scheme() == ObjectUri.Scheme.FILE) {
            String s = target.toString();
            int slash = s.endsWith("/") ? s.lastIndexOf('/', s.length() - 2) : s.lastIndexOf('/');
            base = s.substring(0, slash + 1);
        } else {
            base = target.scheme().prefix() + "://" + target.container() + "/";
        }
        return base + "rangefinder-results/" + kind.toLowerCase(Locale.ROOT) + "-" + stamp + "/";
    }
}
