package io.rangefinder.cli;

import io.rangefinder.bench.BenchResult;
import io.rangefinder.bench.MixedBench;
import io.rangefinder.bench.SizeDistribution;
import io.rangefinder.core.CancellationToken;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.StorageException;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code bench mixed}: a weighted mix of GET, PUT, STAT, LIST and DELETE for a duration, closed or open loop. */
@Command(name = "mixed", mixinStandardHelpOptions = true,
        description = "Run a weighted mix of get, put, stat, list and delete over objects of its own under PREFIX for a duration.")
final class BenchMixedCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PREFIX", description = "Where to work, e.g. s3://bucket/bench/ (the run uses a folder of its own)")
    String prefix;

    @Option(names = "--mix", defaultValue = "get=60,put=20,stat=10,list=5,delete=5",
            description = "Weights of the operations (default: ${DEFAULT-VALUE}).")
    String mix;

    @Option(names = "--duration", defaultValue = "30", paramLabel = "SECONDS", description = "How long (default: ${DEFAULT-VALUE} s).")
    double durationSeconds;

    @Option(names = "--size", defaultValue = "64KiB", paramLabel = "SIZE",
            description = "Size of objects written: 1MiB, uniform(4KiB,1MiB) or lognormal(mean=..,stddev=..,min=..,max=..) (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--objects", defaultValue = "200", description = "Objects written before the clock starts, for reads (default: ${DEFAULT-VALUE}).")
    int objects;

    @Option(names = {"-c", "--workers"}, defaultValue = "16", description = "Operations in flight (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--rate", defaultValue = "0", paramLabel = "OPS",
            description = "Target operations per second, open loop (default: 0, as fast as the workers go).")
    double rate;

    @Option(names = "--poisson", description = "With --rate: Poisson arrivals instead of fixed spacing.")
    boolean poisson;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the mix, sizes and data (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--keep", description = "Keep the objects (default: delete the run's folder afterwards).")
    boolean keep;

    @Mixin
    BenchCommand.Output output;

    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() throws Exception {
        ObjectUri target = ObjectUri.parse(prefix);
        MixedBench.Config config;
        try {
            Map<MixedBench.Op, Integer> weights = MixedBench.parseMix(mix);
            config = new MixedBench.Config(Duration.ofMillis(Math.round(durationSeconds * 1000)), weights,
                    SizeDistribution.parse(size), seed, workers, objects, rate, poisson, keep);
        } catch (IllegalArgumentException e) {
            throw new StorageException.InvalidArgument(e.getMessage());
        }
        try (ClusterOptions.Worker worker = cluster.begin(spec);
             ObjectStore store = RangefinderCli.open(spec, target); CancellationToken token = CancellationToken.create()) {
            MixedBench bench = new MixedBench(store, worker.ownPrefix(target), config);
            BenchResult r = BenchCommand.runCleaningUpOnInterrupt(token, () -> worker.run(bench, token, () -> bench.run(token)));
            output.emit(r, spec.commandLine().getOut());
            if (!output.json && r.operations() != null) {
                PrintWriter out = spec.commandLine().getOut();
                r.operations().forEach((op, o) -> out.printf(Locale.ROOT,
                        "  %-6s %8d ops %8.1f ops/s  p50 %7.2f  p99 %7.2f ms  errors %d%n", op, o.count(),
                        r.seconds() > 0 ? o.count() / r.seconds() : 0, o.latencyMs().p50(), o.latencyMs().p99(), o.errors()));
                if (r.settings().containsKey("achievedRate")) {
                    out.printf(Locale.ROOT, "  rate: target %.1f ops/s, achieved %s ops/s (%.1f%% short)%n", rate,
                            r.settings().get("achievedRate"), ((Number) r.settings().get("rateShortfall")).doubleValue() * 100);
                }
            }
            return r.status().equals("ok") && r.errors() == 0 ? 0 : 1;
        }
    }
}
