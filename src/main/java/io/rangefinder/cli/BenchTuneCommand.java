package io.rangefinder.cli;

import io.rangefinder.bench.BenchResult;
import io.rangefinder.bench.LoaderBench;
import io.rangefinder.bench.PutBench;
import io.rangefinder.bench.RangeBench;
import io.rangefinder.bench.TuneKnobs;
import io.rangefinder.bench.TunedSettings;
import io.rangefinder.bench.Tuner;
import io.rangefinder.core.CancellationToken;
import io.rangefinder.core.Units;
import io.rangefinder.engine.RangeEngineConfig;
import io.rangefinder.loader.Dataset;
import io.rangefinder.loader.LoaderOptions;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.StorageException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bench tune URI}: finds the best setting for a store on one running benchmark (ranges in
 * flight for an object, the loader's pool or prefetch for a prefix), prints the points and the pick,
 * and with {@code --apply} stores it for the connection, so {@code get}, {@code put} and the app
 * start from it.
 */
@Command(name = "tune", mixinStandardHelpOptions = true,
        description = {"Find the best setting on a running benchmark: ranges in flight for an object, the loader's "
                + "pool (or prefetch) for a prefix. Prints each point measured and the pick (the knee: the smallest "
                + "value within 4% of the best).",
                "--apply stores the pick for this connection: get, bench range, bench loader and the app's "
                        + "downloads on it then start from it unless told otherwise."})
final class BenchTuneCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "URI", description = "An object (range reads) or a prefix ending in '/' (a data loader).")
    String uri;

    @Option(names = "--max", paramLabel = "N", defaultValue = "64",
            description = "The highest value tried (default: ${DEFAULT-VALUE}); values 1, 2, 3, 4, 6, 8, 12, 16, … up to it "
                    + "(a chunk size: 1, 2, 4, … MiB).")
    int max;

    @Option(names = "--knob", paramLabel = "NAME", defaultValue = "concurrency",
            description = "What to search. An object: concurrency (ranges in flight) or chunk-size (MiB per range, "
                    + "1, 2, 4, … up to --max, at the connection's tuned concurrency or --concurrency). A prefix: "
                    + "concurrency (the loader's pool) or prefetch. Default: ${DEFAULT-VALUE}.")
    String knob;

    @Option(names = "--concurrency", paramLabel = "N",
            description = "With --knob chunk-size: ranges in flight (default: the connection's tuned value, else 16).")
    Integer concurrency;

    @Option(names = "--window", paramLabel = "MS", defaultValue = "250",
            description = "The shortest throughput reading, in ms (default: ${DEFAULT-VALUE}); slow links get longer "
                    + "ones, sized from the request time.")
    long windowMs;

    @Option(names = "--chunk-size", paramLabel = "SIZE", defaultValue = "8MiB",
            description = "Object: bytes per range request while tuning (default: ${DEFAULT-VALUE}).")
    String chunkSize;

    @Option(names = {"-b", "--batch"}, defaultValue = "32", description = "Prefix: items per batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--put", paramLabel = "SIZE",
            description = "Prefix: tune uploads of objects of SIZE (written under a folder of their own and deleted "
                    + "afterwards) instead of reads: --knob concurrency (objects in flight) or parts (parts of one "
                    + "object in flight, in --part-size parts).")
    String putSize;

    @Option(names = "--part-size", paramLabel = "SIZE", defaultValue = "8MiB",
            description = "With --put --knob parts: bytes per part (default: ${DEFAULT-VALUE}).")
    String partSize;

    @Option(names = "--apply", description = "Store the pick for this connection (see 'bench tune --reset').")
    boolean apply;

    @Option(names = "--reset", description = "Forget the settings stored for this connection, and do not tune.")
    boolean reset;

    @Mixin
    BenchCommand.Output output;

    @Override
    public Integer call() throws Exception {
        ObjectUri target = ObjectUri.parse(uri);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String key = TunedSettings.connectionKey(RangefinderCli.profile(spec, target));
        TunedSettings stored = TunedSettings.open();
        if (reset) {
            boolean had = stored.reset(key);
            err.println(had ? "forgot the tuned settings of " + key + "; the defaults apply again"
                    : "no tuned settings stored for " + key);
            return 0;
        }
        if (max < 1) {
            throw new StorageException.InvalidArgument("--max must be at least 1, was " + max);
        }
        Tuner tuner = new Tuner(options());
        try (ObjectStore store = RangefinderCli.open(spec, target);
             CancellationToken run = CancellationToken.create();
             CancellationToken search = CancellationToken.create()) {
            Tuned t = putSize != null ? put(store, target) : target.isPrefix() ? loader(store, target) : range(store, target, key);
            err.printf(Locale.ROOT, "tuning %s on %s (up to %d; Ctrl-C stops and keeps the points)%n", t.knob().name(),
                    target, max);
            CompletableFuture<BenchResult> running = CompletableFuture.supplyAsync(() -> t.run(run));
            // a run that ends by itself (a missing object, a store gone) ends the search with it
            running.whenComplete((r, e) -> search.cancel("the benchmark stopped"));
            // Ctrl-C stops the search; the JVM waits for the points to be printed
            return BenchCommand.runCleaningUpOnInterrupt(search, () -> {
                try {
                    return finish(t, tuner, search, run, running, key, stored, target, out, err);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }

    private int finish(Tuned t, Tuner tuner, CancellationToken search, CancellationToken run,
                       CompletableFuture<BenchResult> running, String key, TunedSettings stored, ObjectUri target,
                       PrintWriter out, PrintWriter err) throws java.io.IOException {
        {
            Tuner.Result result;
            try {
                result = tuner.tune(t.knob(), search, p -> {
                    if (!output.json) {
                        err.printf(Locale.ROOT, "  %s %d: %.1f MB/s ±%.1f (%s, %.1f s)%n", t.knob().name(), p.value(),
                                p.mbPerSec(), p.stddev(), p.phase(), p.endT() - p.startT());
                    }
                });
            } finally {
                run.cancel("tuned");
            }
            BenchResult r;
            try {
                r = running.join().withTuning(result);
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : e;
            }
            if (r.status().startsWith("failed")) {
                err.println("error: the benchmark under the tuner " + r.status());
                return 1;
            }
            if (output.json || output.output != null) {
                // the same data as the lab's saved run: the run, its marks, and the search
                output.emit(r, out);
            }
            if (!output.json) {
                out.println(HEADER);
                result.points().forEach(p -> out.println(row(p)));
                out.println(result.recommended() == null ? "no recommendation: " + result.reason()
                        : "recommended: " + result.reason());
            }
            if (apply && result.recommended() != null) {
                TunedSettings.Entry e = stored.apply(key, t.setting(), result, target.toString());
                err.printf(Locale.ROOT, "applied %s = %d for %s (%s); 'rangefinder bench tune --reset %s' forgets it%n",
                        t.setting(), e.value(), key, stored.file(), uri);
            }
            return result.status().equals("ok") ? 0 : 130;
        }
    }

    private record Tuned(io.rangefinder.bench.LiveBench bench, Tuner.Knob knob, String setting) {
        BenchResult run(CancellationToken token) {
            return switch (bench) {
                case RangeBench r -> r.run(token);
                case PutBench p -> p.run(token);
                default -> ((LoaderBench) bench).run(token);
            };
        }
    }

    private Tuned range(ObjectStore store, ObjectUri target, String key) {
        store.stat(target.container(), target.key()); // a missing object is said before any tuning starts
        switch (knob) {
            case "concurrency" -> {
                long chunk = Units.parseSize(chunkSize);
                RangeEngineConfig config = RangeEngineConfig.defaults().withChunkSize(chunk).withMinSplitSize(chunk)
                        .withMaxConcurrentRanges(1);
                RangeBench bench = new RangeBench(store, target, config, Integer.MAX_VALUE);
                return new Tuned(bench, TuneKnobs.rangeConcurrency(bench, config), TunedSettings.RANGE_CONCURRENCY);
            }
            case "chunk-size", "chunkSize" -> {
                int c = concurrency != null ? concurrency
                        : TunedSettings.open().value(key, TunedSettings.RANGE_CONCURRENCY).orElse(16);
                RangeEngineConfig config = RangeEngineConfig.defaults().withChunkSize(1 << 20).withMinSplitSize(1 << 20)
                        .withMaxConcurrentRanges(c);
                RangeBench bench = new RangeBench(store, target, config, Integer.MAX_VALUE);
                return new Tuned(bench, TuneKnobs.rangeChunkSizeMiB(bench, config), TunedSettings.RANGE_CHUNK_SIZE_MIB);
            }
            default -> throw new StorageException.InvalidArgument(
                    "--knob for an object must be concurrency or chunk-size, was " + knob);
        }
    }

    /** 1, 2, 3, 4, 6, … for counts; 1, 2, 4, 8, … MiB for a chunk size. */
    private Tuner.Options options() {
        Tuner.Options o = Tuner.Options.upTo(max).withWindow(Duration.ofMillis(Math.max(10, windowMs)));
        if (knob.equals("chunk-size") || knob.equals("chunkSize")) {
            java.util.List<Integer> powers = new java.util.ArrayList<>();
            for (int v = 1; v <= max && v > 0; v *= 2) {
                powers.add(v);
            }
            o = o.withLadder(powers);
        }
        return o;
    }

    private Tuned put(ObjectStore store, ObjectUri target) {
        if (!target.isPrefix()) {
            throw new StorageException.InvalidArgument("--put writes under a prefix: give a URI ending in '/'");
        }
        long size = Units.parseSize(putSize);
        long part = Units.parseSize(partSize);
        boolean parts = switch (knob) {
            case "concurrency", "objects" -> false;
            case "parts" -> true;
            default -> throw new StorageException.InvalidArgument("--knob with --put must be concurrency or parts, was " + knob);
        };
        // writes until the search ends; the run deletes what it wrote
        PutBench.Config config = new PutBench.Config(0, Duration.ofDays(1), io.rangefinder.bench.SizeDistribution.parse(putSize),
                1, parts ? 1 : 1, parts ? part : 0, parts ? 1 : 0, 1, false);
        PutBench bench = new PutBench(store, target, config);
        return parts
                ? new Tuned(bench, TuneKnobs.putPartsInFlight(bench, part), TunedSettings.PUT_PARTS_IN_FLIGHT)
                : new Tuned(bench, TuneKnobs.putObjectsInFlight(bench, size), TunedSettings.PUT_OBJECTS_IN_FLIGHT);
    }

    private Tuned loader(ObjectStore store, ObjectUri prefix) {
        boolean prefetch = switch (knob) {
            case "concurrency", "pool" -> false;
            case "prefetch" -> true;
            default -> throw new StorageException.InvalidArgument("--knob must be concurrency or prefetch, was " + knob);
        };
        Dataset dataset = Dataset.fromPrefix(store, prefix);
        if (dataset.isEmpty()) {
            throw new StorageException.NotFound("no objects under '" + prefix + "'; create some with: rangefinder gen "
                    + prefix + " --count 1000 --size 64KiB");
        }
        LoaderOptions options = LoaderOptions.defaults().withBatchSize(batch).withConcurrency(prefetch ? 16 : 1)
                .withPrefetch(prefetch ? 1 : 4).withEpochs(1_000_000);
        LoaderBench bench = new LoaderBench(dataset, prefix.toString(), options, false, Duration.ZERO);
        long mean = Math.max(1, dataset.knownBytes() / dataset.size());
        return prefetch
                ? new Tuned(bench, TuneKnobs.loaderPrefetch(bench, mean, batch), TunedSettings.LOADER_PREFETCH)
                : new Tuned(bench, TuneKnobs.loaderConcurrency(bench, mean, batch), TunedSettings.LOADER_CONCURRENCY);
    }

    static final String HEADER = String.format(Locale.ROOT, "%6s %9s %8s %9s %9s %9s %10s %7s  %s", "value", "MB/s", "±sd",
            "min", "max", "p99 ms", "memory", "secs", "step");

    static String row(Tuner.Point p) {
        return String.format(Locale.ROOT, "%6d %9.1f %8.1f %9.1f %9.1f %9.1f %10s %7.2f  %s%s", p.value(), p.mbPerSec(),
                p.stddev(), p.minMbPerSec(), p.maxMbPerSec(), p.p99Ms(), Units.formatSize(p.memoryBytes()),
                p.endT() - p.startT(), p.phase(), p.steady() ? "" : " (unsteady)");
    }
}
