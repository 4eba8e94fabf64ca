package io.rangefinder.cli;

import io.rangefinder.bench.DatasetGenerator;
import io.rangefinder.core.CancellationToken;
import io.rangefinder.core.Units;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "gen", mixinStandardHelpOptions = true, description = "Write a synthetic dataset: COUNT objects of SIZE under a prefix (obj-000000.bin, ...).")
final class GenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "URI", description = "The prefix to write under, e.g. s3://bucket/data/ or /tmp/data/.")
    String uri;

    @Option(names = {"-n", "--count"}, required = true, paramLabel = "N")
    int count;

    @Option(names = {"-s", "--size"}, required = true, paramLabel = "SIZE", description = "Bytes per object: 64KiB, uniform(4KiB,1MiB) or lognormal(mean=1MiB,stddev=512KiB,min=4KiB,max=16MiB).")
    String size;

    @Option(names = "--seed", defaultValue = "1", description = "Content seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-c", "--concurrency"}, defaultValue = "16", description = "Uploads in flight (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Override
    public Integer call() {
        ObjectUri prefix = ObjectUri.parse(uri);
        io.rangefinder.bench.SizeDistribution sizes;
        try {
            sizes = io.rangefinder.bench.SizeDistribution.parse(size);
        } catch (IllegalArgumentException e) {
            throw new io.rangefinder.storage.StorageException.InvalidArgument(e.getMessage());
        }
        try (ObjectStore store = RangefinderCli.open(spec, prefix); CancellationToken token = CancellationToken.create()) {
            DatasetGenerator gen = new DatasetGenerator(store, prefix, count, sizes, seed, concurrency);
            long start = System.nanoTime();
            gen.run(token);
            double seconds = (System.nanoTime() - start) / 1e9;
            spec.commandLine().getErr().printf(Locale.ROOT, "wrote %d objects of %s under %s in %s (%.0f objects/s)%n",
                    count, sizes.describe(), prefix, Units.formatDuration(seconds), count / seconds);
            return 0;
        }
    }
}
