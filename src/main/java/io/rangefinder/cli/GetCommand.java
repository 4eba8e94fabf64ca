package io.rangefinder.cli;

import io.rangefinder.core.CancellationToken;
import io.rangefinder.core.Units;
import io.rangefinder.engine.Download;
import io.rangefinder.engine.DownloadStats;
import io.rangefinder.engine.FileSink;
import io.rangefinder.engine.LocalPaths;
import io.rangefinder.engine.RangeEngine;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.StorageException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "get", mixinStandardHelpOptions = true, description = "Download an object with concurrent range requests (progress on stderr).")
final class GetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URI")
    String uri;

    @Parameters(index = "1", paramLabel = "DEST", description = "A file, or a folder to download into under the object's name "
            + "(an existing folder, or any path ending in '/', which is created).")
    String dest;

    @Mixin
    EngineOptions engine;

    @Option(names = {"-q", "--quiet"}, description = "No progress output.")
    boolean quiet;

    @Option(names = "--json", description = "Print the download's stats as one JSON object on stdout.")
    boolean json;

    /** How long a signal waits for a cancelled download to clean up before the JVM exits anyway. */
    private static final Duration SIGNAL_CLEANUP = Duration.ofSeconds(10);

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        ObjectUri source = ObjectUri.parse(uri);
        if (source.isPrefix()) {
            throw new StorageException.InvalidArgument("'" + source + "' names a folder; give an object's URI to download");
        }
        Path destPath = Path.of(dest);
        // 'DIR/' names a folder even before it exists, as with aws s3 cp; without the slash a new name is a file.
        boolean folder = Files.isDirectory(destPath) || dest.endsWith("/") || dest.endsWith(java.io.File.separator);
        Path target = folder ? LocalPaths.under(destPath, source.name()) : destPath;
        try (ObjectStore store = RangefinderCli.open(spec, source); CancellationToken token = CancellationToken.create()) {
            // Ctrl-C or SIGTERM: cancel, and hold the JVM's exit until the engine has removed its
            // hidden part file (the JVM halts once the hooks return, whatever other threads are doing)
            AtomicReference<Download> running = new AtomicReference<>();
            Thread hook = new Thread(() -> {
                token.cancel("interrupted by signal");
                Download d = running.get();
                if (d != null) {
                    waitUntilDone(d, SIGNAL_CLEANUP);
                }
            });
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                var config = engine.toConfig(io.rangefinder.bench.TunedSettings.connectionKey(RangefinderCli.profile(spec, source)),
                        quiet || json ? null : err);
                Download d = new RangeEngine(config).start(store, source.container(), source.key(), -1,
                        new FileSink(target), token);
                running.set(d);
                DownloadStats s;
                try (Progress progress = Progress.follow(d, quiet || json ? null : err)) {
                    s = d.await();
                }
                if (json) {
                    java.util.Map<String, Object> r = new java.util.LinkedHashMap<>();
                    r.put("kind", "get");
                    r.put("uri", source.toString());
                    r.put("dest", target.toString());
                    r.put("bytes", s.bytes());
                    r.put("seconds", s.seconds());
                    r.put("mbPerSec", s.mbPerSec());
                    r.put("ranges", s.ranges());
                    r.put("retries", s.retries());
                    r.put("concurrency", s.concurrency());
                    r.put("ttfbMs", s.ttfbMs());
                    r.put("latencyMs", s.rangeLatency());
                    r.put("integrity", s.integrity());
                    spec.commandLine().getOut().println(Json.write(r));
                } else if (!quiet) {
                    err.printf(Locale.ROOT, "downloaded %s to %s in %s (%s, %d %s, %d %s; %s)%n",
                            Units.formatSize(s.bytes()), target, Units.formatDuration(s.seconds()),
                            Units.formatRate(s.mbPerSec() * 1e6),
                            s.ranges(), s.ranges() == 1 ? "range" : "ranges", s.retries(),
                            s.retries() == 1 ? "retry" : "retries", s.integrity().describe());
                }
                return 0;
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException ignored) {
                    // already shutting down
                }
            }
        }
    }

    private static void waitUntilDone(Download d, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!d.isDone() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
