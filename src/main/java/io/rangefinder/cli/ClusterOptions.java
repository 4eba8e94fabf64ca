package io.rangefinder.cli;

import io.rangefinder.bench.BenchResult;
import io.rangefinder.bench.LiveBench;
import io.rangefinder.cluster.Rendezvous;
import io.rangefinder.cluster.ResultsWriter;
import io.rangefinder.cluster.WorldInfo;
import io.rangefinder.core.CancellationToken;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Worker mode, shared by every bench command: which worker this is (from mpirun, srun, a
 * Kubernetes Indexed Job, or --rank/--world), the work that is its own (a shard of the dataset,
 * a folder per rank, an object per rank), a common start (met under --results, or --start-at),
 * and its results under --results for {@code rangefinder merge}. A single process without these
 * flags runs as before.
 */
final class ClusterOptions {

    @Option(names = "--rank", paramLabel = "N",
            description = "This worker's rank (default: from the launcher: mpirun, srun or a Kubernetes Indexed Job).")
    Integer rank;

    @Option(names = "--world", paramLabel = "N",
            description = "How many workers run (default: from the launcher; a Kubernetes Indexed Job gives it here or in RF_WORLD_SIZE).")
    Integer world;

    @Option(names = "--results", paramLabel = "URI",
            description = "Write this worker's result under URI (and a live snapshot every second); the workers also meet there to start together. Add them up with: rangefinder merge URI")
    String results;

    @Option(names = "--start-at", paramLabel = "INSTANT",
            description = "Start at this wall-clock instant (e.g. 2026-12-03T10:15:00Z) instead of meeting under --results; the machines' clocks must agree (NTP).")
    String startAt;

    @Option(names = "--rendezvous-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "How long workers wait for each other before giving up and naming the missing ranks (default: ${DEFAULT-VALUE}).")
    double rendezvousTimeoutSeconds;

    /** Works out who this process is; says so on stderr when it is one of several. */
    Worker begin(CommandSpec spec) {
        WorldInfo info = WorldInfo.detect(System.getenv(), rank, world);
        Instant at = null;
        if (startAt != null) {
            try {
                at = Instant.parse(startAt.strip());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--start-at '" + startAt + "' is not an instant; write it as 2026-12-03T10:15:00Z");
            }
        }
        if (!(rendezvousTimeoutSeconds > 0)) {
            throw new IllegalArgumentException("--rendezvous-timeout must be a positive number of seconds");
        }
        if (!info.single() && results == null && at == null) {
            throw new IllegalArgumentException(info.describe() + ": several workers need --results URI (where they meet"
                    + " and write their results) or --start-at INSTANT");
        }
        if (!info.single() || results != null) {
            spec.commandLine().getErr().println("rangefinder: " + info.describe());
            spec.commandLine().getErr().flush();
        }
        return new Worker(spec, info, results == null ? null : ObjectUri.parse(results), at,
                Duration.ofMillis(Math.round(rendezvousTimeoutSeconds * 1000)));
    }

    /** One process's part of a (possibly one-process) run. */
    static final class Worker implements AutoCloseable {
        private final WorldInfo info;
        private final ObjectUri resultsUri;
        private final ObjectStore resultsStore;
        private final Instant startAt;
        private final Duration timeout;
        private final java.io.PrintWriter err;

        Worker(CommandSpec spec, WorldInfo info, ObjectUri resultsUri, Instant startAt, Duration timeout) {
            this.err = spec.commandLine().getErr();
            this.info = info;
            this.resultsUri = resultsUri;
            this.resultsStore = resultsUri == null ? null : RangefinderCli.open(spec, resultsUri);
            this.startAt = startAt;
            this.timeout = timeout;
        }

        WorldInfo info() {
            return info;
        }

        boolean several() {
            return !info.single();
        }

        /** Put and mixed runs: each rank writes under its own folder of the prefix. */
        ObjectUri ownPrefix(ObjectUri prefix) {
            if (!several()) {
                return prefix;
            }
            String text = prefix.toString();
            return ObjectUri.parse((text.endsWith("/") ? text : text + "/") + String.format(Locale.ROOT, "rank-%05d/", info.rank()));
        }

        /** Range runs: {@code {rank}} in the URI becomes this worker's rank (one object each); without it all read the same object. */
        String ownObject(String uri) {
            return uri.replace("{rank}", Integer.toString(info.rank()));
        }

        /**
         * Meets the others (or waits for --start-at), runs {@code body}, writing live snapshots of
         * {@code bench} every second and the final result under --results.
         */
        BenchResult run(LiveBench bench, CancellationToken token, Supplier<BenchResult> body) {
            // who this worker is, found before the start: the host name may need a lookup, and a
            // worker that looked it up after the start instant began tens of ms behind the others
            Map<String, Object> identity = resultsStore == null ? null : identity();
            if (resultsStore != null) {
                refuseEarlierResults();
            }
            Instant start = startAt;
            if (start == null && several()) {
                ObjectUri meeting = ObjectUri.parse(resultsUri.toString().endsWith("/") ? resultsUri + "_rendezvous/"
                        : resultsUri + "/_rendezvous/");
                start = new Rendezvous(resultsStore, meeting, info, timeout).await(token);
            }
            if (start != null) {
                long lateMs = Duration.between(start, Instant.now()).toMillis();
                if (lateMs > 0) {
                    err.printf(Locale.ROOT, "rangefinder: warning: rank %d reached the start instant %d ms after it"
                            + " and starts that late%n", info.rank(), lateMs);
                    err.flush();
                }
            }
            if (resultsStore == null) {
                if (start != null) {
                    Rendezvous.sleepUntil(start, token);
                }
                return body.get();
            }
            if (start != null) {
                identity.put("startAt", start.toString());
            }
            try (ResultsWriter writer = new ResultsWriter(resultsStore, resultsUri, info.rank(), identity)) {
                writer.follow(bench); // its first snapshot comes a second in, when the run has begun
                if (start != null) {
                    Rendezvous.sleepUntil(start, token);
                }
                return writer.writeFinal(body.get());
            }
        }

        /** A results URI of an earlier run would mix two runs in one merge: each run gets its own. */
        private void refuseEarlierResults() {
            String key = ResultsWriter.finalKey(resultsUri, info.rank());
            try {
                resultsStore.stat(resultsUri.container(), key);
            } catch (io.rangefinder.storage.StorageException.NotFound e) {
                return;
            }
            throw new io.rangefinder.storage.StorageException.AlreadyExists(resultsUri + " already holds " + key.substring(key.lastIndexOf('/') + 1)
                    + " from an earlier run: give each run its own --results URI");
        }

        private Map<String, Object> identity() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rank", info.rank());
            m.put("world", info.world());
            m.put("launcher", info.launcher());
            m.put("host", host());
            m.put("pid", ProcessHandle.current().pid());
            return m;
        }

        private static String host() {
            String h = System.getenv("HOSTNAME");
            if (h != null && !h.isBlank()) {
                return h;
            }
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                return "unknown";
            }
        }

        @Override
        public void close() {
            if (resultsStore != null) {
                resultsStore.close();
            }
        }
    }
}
