package io.rangefinder.cli;

import io.rangefinder.bench.BenchResult;
import io.rangefinder.bench.LoaderBench;
import io.rangefinder.bench.RangeBench;
import io.rangefinder.core.CancellationToken;
import io.rangefinder.core.Units;
import io.rangefinder.loader.Dataset;
import io.rangefinder.loader.LoaderOptions;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.StorageException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure throughput: range downloads of one object, a data loader over a prefix, or uploads.",
        subcommands = {BenchCommand.Range.class, BenchCommand.LoaderRun.class, BenchPutCommand.class, BenchMixedCommand.class,
                BenchTuneCommand.class})
final class BenchCommand {

    /**
     * Runs a benchmark that writes: Ctrl-C (SIGINT/SIGTERM) cancels {@code token} and gives the run
     * up to 30 s to delete what it wrote before the JVM goes.
     */
    static <T> T runCleaningUpOnInterrupt(CancellationToken token, java.util.function.Supplier<T> run) {
        java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
        Thread hook = new Thread(() -> {
            token.cancel("interrupted");
            try {
                finished.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "rf-bench-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return run.get();
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
        }
    }

    /** Output options shared by both benchmarks. */
    static final class Output {
        @Option(names = "--json", description = "Print the result as one JSON object on stdout.")
        boolean json;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Also save the JSON result to FILE.")
        Path output;

        void emit(BenchResult r, PrintWriter out) throws java.io.IOException {
            // Only when asked: Jackson's first use costs ~0.1-0.15 s of class loading (365 classes),
            // which the plain two-line summary does not need.
            String text = json || output != null ? Json.write(r) : null;
            if (output != null) {
                Path parent = output.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.writeString(output, text + System.lineSeparator());
            }
            if (json) {
                out.println(text);
            } else {
                out.printf(Locale.ROOT, "%s %s: %d bytes, %d objects in %.3f s = %s, %.1f ops/s, concurrency %d%n",
                        r.kind(), r.uri(), r.bytes(), r.objects(), r.seconds(), Units.formatRate(r.mbPerSec() * 1e6), r.opsPerSec(), r.concurrency());
                out.printf(Locale.ROOT, "latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f;  retries %d, errors %d, %s%n",
                        r.latencyMs().p50(), r.latencyMs().p90(), r.latencyMs().p99(), r.latencyMs().max(),
                        r.retries(), r.errors(), r.status());
            }
        }
    }

    @Command(name = "range", mixinStandardHelpOptions = true, description = "Download one object with the range engine into a discard sink.")
    static final class Range implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "URI")
        String uri;

        @Mixin
        EngineOptions engine;

        @Option(names = "--repeats", defaultValue = "1", description = "Downloads in a row (default: ${DEFAULT-VALUE}).")
        int repeats;

        @Option(names = "--single-request", description = "Read the whole object with one plain GET (the baseline ranges must beat).")
        boolean singleRequest;

        @Mixin
        Output output;

        @Mixin
        ClusterOptions cluster;

        @Override
        public Integer call() throws Exception {
            try (ClusterOptions.Worker worker = cluster.begin(spec)) {
                ObjectUri target = ObjectUri.parse(worker.ownObject(uri));
                try (ObjectStore store = RangefinderCli.open(spec, target); CancellationToken token = CancellationToken.create()) {
                    var config = engine.toConfig(io.rangefinder.bench.TunedSettings.connectionKey(
                            RangefinderCli.profile(spec, target)), spec.commandLine().getErr());
                    if (singleRequest) {
                        config = config.withMinSplitSize(Long.MAX_VALUE).withChunkSize(Long.MAX_VALUE).withMaxConcurrentRanges(1);
                    }
                    RangeBench bench = new RangeBench(store, target, config, repeats);
                    BenchResult r = worker.run(bench, token, () -> bench.run(token));
                    output.emit(r, spec.commandLine().getOut());
                    return r.status().equals("ok") ? 0 : 1;
                }
            }
        }
    }

    @Command(name = "loader", mixinStandardHelpOptions = true, description = "Read every object under a prefix in batches, as a training loop would.")
    static final class LoaderRun implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "PREFIX")
        String uri;

        @Option(names = {"-b", "--batch"}, defaultValue = "32", description = "Items per batch (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = {"-p", "--pool"}, defaultValue = "64", description = "Fetches in flight (default: ${DEFAULT-VALUE}).")
        int pool;

        @Option(names = "--prefetch", defaultValue = "4", description = "Batches queued ahead of the consumer (default: ${DEFAULT-VALUE}).")
        int prefetch;

        @Option(names = "--ordered", description = "Keep dataset order (DataLoader) instead of the async pool.")
        boolean ordered;

        @Option(names = "--epochs", defaultValue = "1")
        int epochs;

        @Option(names = "--shuffle", description = "Read every epoch in a new order: epoch e uses the permutation of seed + e.")
        boolean shuffle;

        @Option(names = "--seed", defaultValue = "42", description = "Seed of the shuffle (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--drop-last", description = "Drop each epoch's short last batch (and never emit a partial batch for stragglers).")
        boolean dropLast;

        @Option(names = "--item-timeout", paramLabel = "SECONDS", defaultValue = "120",
                description = "Abandon an attempt at one item after this long; it is retried, then fails the run (default: ${DEFAULT-VALUE}).")
        double itemTimeoutSeconds;

        @Option(names = "--retries", paramLabel = "N", defaultValue = "3",
                description = "Retries per item after a transient failure or a missed item timeout (default: ${DEFAULT-VALUE}).")
        int retries;

        @Option(names = "--ranged-part-size", paramLabel = "SIZE",
                description = "Read each item as range GETs of this size (e.g. 8MiB) instead of one GET.")
        String rangedPartSize;

        @Option(names = "--ranged-parts", paramLabel = "N",
                description = "Range GETs of one item in flight, with --ranged-part-size (default: 4).")
        Integer rangedParts;

        @Option(names = "--compute-ms", defaultValue = "0", description = "Simulated compute per batch, in ms (default: ${DEFAULT-VALUE}).")
        long computeMs;

        @Option(names = "--batch-timeout", defaultValue = "30", description = "Seconds before a partial batch is emitted (default: ${DEFAULT-VALUE}).")
        double batchTimeoutSeconds;

        @Mixin
        Output output;

        @Mixin
        ClusterOptions cluster;

        @Override
        public Integer call() throws Exception {
            long partSize = rangedPartSize == null ? 0 : Units.parseSize(rangedPartSize);
            if (rangedParts != null && partSize == 0) {
                throw new IllegalArgumentException("--ranged-parts needs --ranged-part-size (the size of each range GET)");
            }
            ObjectUri prefix = ObjectUri.parse(uri);
            try (ClusterOptions.Worker worker = cluster.begin(spec);
                 ObjectStore store = RangefinderCli.open(spec, prefix); CancellationToken token = CancellationToken.create()) {
                // Unshuffled, reading starts with the listing's first page instead of after its last.
                Dataset listed = shuffle ? Dataset.fromPrefix(store, prefix) : Dataset.listing(store, prefix);
                // one of several workers reads its own shard: disjoint, together the whole prefix
                Dataset dataset = worker.several() ? listed.shard(worker.info().rank(), worker.info().world()) : listed;
                if (listed.isEmpty()) {
                    throw new StorageException.NotFound("no objects under '" + prefix + "'; create some with: rangefinder gen "
                            + prefix + " --count 1000 --size 64KiB");
                }
                // The loader shuffles, anew each epoch, from the seed.
                LoaderOptions options = LoaderOptions.defaults().withBatchSize(batch).withConcurrency(pool)
                        .withPrefetch(prefetch).withEpochs(epochs).withDropLast(dropLast)
                        .withBatchTimeout(Duration.ofMillis((long) (batchTimeoutSeconds * 1000)))
                        .withShuffle(shuffle).withSeed(seed).withRetries(retries)
                        .withItemTimeout(Duration.ofMillis((long) (itemTimeoutSeconds * 1000)));
                LoaderBench bench = new LoaderBench(dataset, prefix.toString(), options, ordered, Duration.ofMillis(computeMs))
                        .withRangedReads(partSize, rangedParts == null ? 4 : rangedParts);
                if (worker.several()) {
                    bench.describe("shard", worker.info().rank() + "/" + worker.info().world());
                }
                BenchResult r = worker.run(bench, token, () -> bench.run(token));
                output.emit(r, spec.commandLine().getOut());
                return r.status().equals("ok") ? 0 : 1;
            }
        }
    }

}
