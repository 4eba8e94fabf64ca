package io.rangefinder.cli;

import io.rangefinder.bench.BenchResult;
import io.rangefinder.bench.PutBench;
import io.rangefinder.bench.SizeDistribution;
import io.rangefinder.core.CancellationToken;
import io.rangefinder.core.Units;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.StorageException;

import java.time.Duration;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code bench put}: write objects of a size distribution as fast as the store takes them. */
@Command(name = "put", mixinStandardHelpOptions = true,
        description = "Upload objects of a size or size distribution under PREFIX (in a folder of their own, deleted afterwards unless --keep).")
final class BenchPutCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PREFIX", description = "Where to write, e.g. s3://bucket/bench/")
    String prefix;

    @Option(names = {"-n", "--count"}, defaultValue = "100", description = "Objects to write (default: ${DEFAULT-VALUE}); with --duration, at most this many (0: no limit).")
    long count;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Write for this long instead of a fixed count.")
    Double durationSeconds;

    @Option(names = "--size", defaultValue = "1MiB", paramLabel = "SIZE",
            description = "1MiB, uniform(4KiB,1MiB) or lognormal(mean=1MiB,stddev=512KiB,min=4KiB,max=16MiB) (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of sizes and data (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-c", "--objects-in-flight"}, defaultValue = "16", description = "Objects written at once (default: ${DEFAULT-VALUE}).")
    int objectsInFlight;

    @Option(names = "--part-size", paramLabel = "SIZE", description = "Part (block) size for big objects (default: the store's).")
    String partSize;

    @Option(names = "--parts-in-flight", defaultValue = "0", description = "Parts of one object written at once (default: the store's).")
    int partsInFlight;

    @Option(names = "--compressibility", defaultValue = "1", description = "1: random data; 2: data that compresses to half; ... (default: ${DEFAULT-VALUE}).")
    double compressibility;

    @Option(names = "--rate", defaultValue = "0", paramLabel = "OPS",
            description = "Target puts per second, open loop (default: 0, as fast as objects in flight allow).")
    double rate;

    @Option(names = "--poisson", description = "With --rate: Poisson arrivals instead of fixed spacing.")
    boolean poisson;

    @Option(names = "--keep", description = "Keep the objects written (default: delete them after the run).")
    boolean keep;

    @Mixin
    BenchCommand.Output output;

    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() throws Exception {
        ObjectUri target = ObjectUri.parse(prefix);
        SizeDistribution sizes;
        PutBench.Config config;
        try {
            sizes = SizeDistribution.parse(size);
            config = new PutBench.Config(count, durationSeconds == null ? null : Duration.ofMillis(Math.round(durationSeconds * 1000)),
                    sizes, seed, objectsInFlight, partSize == null ? 0 : Units.parseSize(partSize), partsInFlight,
                    compressibility, keep);
            if (!(rate >= 0)) {
                throw new IllegalArgumentException("--rate must be 0 or a positive number of puts per second");
            }
        } catch (IllegalArgumentException e) {
            throw new StorageException.InvalidArgument(e.getMessage());
        }
        try (ClusterOptions.Worker worker = cluster.begin(spec);
             ObjectStore store = RangefinderCli.open(spec, target); CancellationToken token = CancellationToken.create()) {
            // one of several workers writes under a folder of its own: rank-00003/
            PutBench plain = new PutBench(store, worker.ownPrefix(target), config);
            PutBench bench = rate > 0 ? plain.withRate(rate, poisson) : plain;
            BenchResult r = BenchCommand.runCleaningUpOnInterrupt(token, () -> worker.run(bench, token, () -> bench.run(token)));
            output.emit(r, spec.commandLine().getOut());
            return r.status().equals("ok") ? 0 : 1;
        }
    }
}
