package io.rangefinder.cli;

import io.rangefinder.bench.BenchResult;
import io.rangefinder.bench.RunStore;
import io.rangefinder.cluster.Merge;
import io.rangefinder.core.Units;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.StorageException;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rangefinder merge RESULTS}: the workers of a cluster run as one result. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Add up the workers of a cluster run (what they wrote under --results URI): totals, exact merged percentiles,",
                "the whole cluster's throughput on the wall clock, a table of the workers with stragglers flagged.",
                "Exit 0 when every worker finished ok, 1 when some failed or never reported (the rest is kept), 2 for bad input."})
final class MergeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "URI", description = "The results URI the workers were given with --results.")
    String uri;

    @Option(names = "--json", description = "Print the merged result as one JSON object (the lab's saved-run format).")
    boolean json;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Also write the merged result's JSON to FILE.")
    Path output;

    @Option(names = "--save", description = "Also save the merged result in the lab's Runs.")
    boolean save;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ObjectUri results;
        try {
            results = ObjectUri.parse(uri);
        } catch (IllegalArgumentException | StorageException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        Merge.Outcome o;
        try (ObjectStore store = RangefinderCli.open(spec, results)) {
            o = Merge.read(store, results);
        } catch (StorageException.NotFound | StorageException.InvalidArgument e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        BenchResult merged = o.merged();
        if (output != null) {
            Path parent = output.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            RunStore.writeJson(merged, output);
        }
        if (save) {
            Path saved = RunStore.inConfigDir().save(merged);
            err.println("saved in the lab's Runs: " + saved);
        }
        if (json) {
            out.println(Json.write(merged));
        } else {
            print(o, out);
        }
        if (!o.complete()) {
            err.println("rangefinder merge: " + merged.status());
        }
        return o.complete() ? 0 : 1;
    }

    private static void print(Merge.Outcome o, PrintWriter out) {
        BenchResult m = o.merged();
        Instant t0 = Instant.parse(m.startedAt());
        out.printf(Locale.ROOT, "%-6s %-10s %-16s %9s %8s %10s %10s %8s%n", "rank", "state", "host", "start ms", "seconds", "MB/s", "ops/s", "");
        for (Merge.Worker w : o.workers()) {
            String offset = w.startedAt() == null ? "-" : String.format(Locale.ROOT, "%.1f",
                    Duration.between(t0, Instant.parse(w.startedAt())).toNanos() / 1e6);
            String state = w.state().startsWith("failed") ? "failed" : w.state();
            out.printf(Locale.ROOT, "%-6d %-10s %-16s %9s %8.2f %10.1f %10.1f %8s%n", w.rank(), clip(state, 10),
                    clip(w.host() == null ? "-" : w.host(), 16), offset, w.seconds(), w.mbPerSec(), w.opsPerSec(),
                    w.straggler() ? "straggler" : "");
        }
        out.printf(Locale.ROOT, "%s %s: %d bytes, %d objects in %.3f s = %s, %.1f ops/s over %s workers%n", m.kind(), m.uri(),
                m.bytes(), m.objects(), m.seconds(), Units.formatRate(m.mbPerSec() * 1e6), m.opsPerSec(), m.settings().get("world"));
        if (m.operations() != null) {
            for (var e : m.operations().entrySet()) {
                BenchResult.Latency l = e.getValue().latencyMs();
                out.printf(Locale.ROOT, "%-7s %d ok, %d errors; ms p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n", e.getKey(),
                        e.getValue().count(), e.getValue().errors(), l.p50(), l.p90(), l.p99(), l.p999(), l.max());
            }
        }
        out.println(o.summary());
        for (Merge.Worker w : o.workers()) {
            if (!w.state().equals("ok")) {
                out.println("rank " + w.rank() + ": " + w.state());
            }
        }
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
