package io.rangefinder.loader;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.rangefinder.app.lab.LabViewModel;
import io.rangefinder.app.lab.LiveSample;
import io.rangefinder.bench.BenchResult;
import io.rangefinder.bench.LoaderBench;
import io.rangefinder.bench.RunStore;
import io.rangefinder.bench.SyntheticData;
import io.rangefinder.core.CancellationToken;
import io.rangefinder.storage.config.ConnectionProfile;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.PutOptions;
import io.rangefinder.storage.StorageException;
import io.rangefinder.storage.StoreFactory;
import io.rangefinder.testing.S3ProxyServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, "unbreakable": 50 cycles of start → retune → cancel of a loader benchmark against a real
 * S3 server (S3Proxy in-process) must leave nothing behind. Each cycle does what the lab does for one
 * run (LabViewModel.startLoaderBenchmark → LiveRun.Loading → Stop): open a store for the prefix, list
 * it into a dataset, run a {@link LoaderBench} on a background virtual thread, move the concurrency
 * and prefetch knobs while it reads, stop it through the run's token, close the store.
 *
 * <p>After warm-up the test measures, with the pools idle: platform threads (ThreadMXBean), virtual
 * threads (a JVM thread dump, which lists them) and the loaders' own worker count, ESTABLISHED TCP
 * connections to the server's port (/proc/net/tcp*, Linux only), and heap used after a full GC. It
 * asserts that cycles 10 → 50 add no threads or connections and only noise on the heap.
 */
class LoaderSoakTest {

    private static final String BUCKET = "soak";
    private static final String PREFIX = "train/";
    private static final int OBJECTS = 300;
    private static final int CYCLES = 50;
    private static final int BASELINE_CYCLE = 10;
    /** Heap noise allowed between cycle 10 and 50 (measured: ~0.5 MiB); a run kept alive per cycle (dataset, queued batches, series) adds more. */
    private static final long HEAP_SLACK = 4L << 20;

    private static ConnectionProfile profile;
    private static ObjectUri prefix;
    private static int serverPort;

    @TempDir
    Path tmp;

    private Snapshot midRun;

    @BeforeAll
    static void seed() {
        S3ProxyServer server = S3ProxyServer.get();
        profile = server.profile();
        serverPort = URI.create(server.endpoint()).getPort();
        prefix = ObjectUri.parse("s3://" + BUCKET + "/" + PREFIX);
        try (ObjectStore store = StoreFactory.open(prefix, profile)) {
            try {
                store.createContainer(BUCKET);
            } catch (StorageException e) {
                // made by an earlier run in this JVM
            }
            for (int i = 0; i < OBJECTS; i++) {
                int size = 2048 + 17 * i;
                store.put(BUCKET, String.format(Locale.ROOT, "%sitem-%04d", PREFIX, i),
                        new SyntheticData(size, i), size, PutOptions.DEFAULT);
            }
        }
    }

    /** A run as the lab's engine path does it: a store, a dataset, a {@link LoaderBench} on a virtual thread. */
    @Test
    void fiftyEngineRunsStartedRetunedAndCancelledLeakNoThreadsConnectionsOrHeap() throws Exception {
        soak("engine", this::cycle);
    }

    /**
     * The same through the lab's own view model: LabViewModel.start() on the FX thread, a TokenTask
     * per run, the concurrency and prefetch properties moved as the sliders move them, Stop, and the
     * saved result (runs folder, refresh) after each.
     */
    @Test
    void fiftyLabRunsStartedRetunedAndStoppedLeakNoThreadsConnectionsOrHeap() throws Exception {
        org.testfx.api.FxToolkit.registerPrimaryStage();
        LabViewModel model = fx(() -> new LabViewModel(uri -> StoreFactory.open(uri, profile),
                new RunStore(tmp.resolve("runs"))));
        try {
            soak("lab", cycle -> labCycle(model, cycle));
        } finally {
            fxRun(model::close);
        }
    }

    @FunctionalInterface
    interface Cycle {
        BenchResult run(int cycle) throws Exception;
    }

    private void soak(String what, Cycle cycles) throws Exception {
        long began = System.nanoTime();
        Snapshot before = null;
        Snapshot baseline = null;
        List<String> trace = new ArrayList<>();
        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            BenchResult r = cycles.run(cycle);
            assertThat(r.status()).as("cycle %d ended by the stop, not by itself or a failure", cycle).isEqualTo("cancelled");
            assertThat(r.objects()).as("cycle %d read objects before it was stopped", cycle).isPositive();
            assertThat(r.marks()).as("cycle %d recorded its retunes", cycle).hasSizeGreaterThanOrEqualTo(2);
            if (cycle == 1) {
                before = settle();
                trace.add("after 1: " + before);
            }
            if (cycle == BASELINE_CYCLE) {
                baseline = settle();
                trace.add("after " + cycle + ": " + baseline);
            }
        }
        Snapshot end = settle();
        trace.add("after " + CYCLES + ": " + end);
        trace.add(0, "during 1: " + midRun);
        String report = what + ":\n" + String.join("\n", trace) + String.format(Locale.ROOT, "%n%d cycles in %.1f s",
                CYCLES, (System.nanoTime() - began) / 1e9);
        if (end.heap > (1L << 30)) {
            // Something before this class keeps a lot reachable: name it (a test JVM's largest classes).
            report += "\nheap over 1 GiB after GC; largest classes:\n" + largestClasses(25);
            // -Drf.soak.heapdump=FILE (passed on by surefire): a heap dump to find what keeps it
            String dump = System.getProperty("rf.soak.heapdump");
            if (dump != null && !Files.exists(Path.of(dump))) {
                ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class).dumpHeap(dump, true);
                report += "\nheap dumped to " + dump;
            }
        }
        System.out.println(report);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "loader-soak-" + what + ".txt"), report + "\n");

        assertThat(midRun.rfVirtual).as("rf-* virtual threads seen while cycle 1 ran\n" + midRun).isPositive();
        assertThat(midRun.loaderWorkers).as("loader workers while cycle 1 ran").isPositive();
        assertThat(midRun.connections).as("connections seen while cycle 1 ran").isNotZero();
        assertThat(end.loaderWorkers).as("loader worker threads alive after every run was stopped\n" + report + "\n" + end.rfNames
                + "\n" + end.rfStacks).isZero();
        assertThat(end.rfVirtual).as("rf-* virtual threads alive after every run was stopped\n" + report + "\n" + end.rfNames
                + "\n" + end.rfStacks)
                .isZero();
        assertThat(end.platform - baseline.platform).as("platform threads added between cycle %d and %d\n%s",
                BASELINE_CYCLE, CYCLES, report).isLessThanOrEqualTo(2);
        assertThat(end.virtual - baseline.virtual).as("virtual threads added between cycle %d and %d\n%s",
                BASELINE_CYCLE, CYCLES, report).isLessThanOrEqualTo(2);
        assertThat(end.platform - before.platform).as("platform threads added over 49 cycles\n" + report)
                .isLessThanOrEqualTo(4);
        if (end.connections >= 0) {
            // Each run's store is closed after it, as in the lab, so its pool is gone with it.
            assertThat(end.connections).as("ESTABLISHED connections to the server's port with no store open\n" + report)
                    .isLessThanOrEqualTo(1);
        }
        assertThat(end.heap - baseline.heap).as("heap growth between cycle %d and %d\n%s", BASELINE_CYCLE, CYCLES, report)
                .isLessThan(HEAP_SLACK);
    }

    private BenchResult labCycle(LabViewModel model, int cycle) throws Exception {
        fxRun(() -> {
            model.uriProperty().set(prefix.toString());
            model.kindProperty().set(LabViewModel.Kind.LOADER);
            model.loaderTypeProperty().set(cycle % 2 == 0 ? LabViewModel.LoaderType.ORDERED : LabViewModel.LoaderType.ASYNC_POOL);
            model.shuffleProperty().set(true);
            model.seedProperty().set(cycle);
            model.epochsProperty().set(100);
            model.computeMsProperty().set(2);
            model.batchSizeProperty().set(8);
            model.concurrencyProperty().set(4);
            model.prefetchProperty().set(2);
            model.start();
        });
        waitFor(() -> bytesRead(model) >= 20 * 2048, "lab cycle " + cycle + " reading");
        fxRun(() -> {
            model.concurrencyProperty().set(16);
            model.prefetchProperty().set(6);
        });
        if (cycle == 1) {
            midRun = measure();
        }
        long bytes = bytesRead(model);
        waitFor(() -> bytesRead(model) >= bytes + 40 * 2048, "lab cycle " + cycle + " reading after a raise");
        fxRun(() -> {
            model.concurrencyProperty().set(2);
            model.prefetchProperty().set(1);
        });
        Thread.sleep(20);
        long stopAt = System.nanoTime();
        fxRun(model::stop);
        waitFor(() -> !fx(() -> model.runningProperty().get()), "lab cycle " + cycle + " stopping");
        assertThat((System.nanoTime() - stopAt) / 1e9).as("lab cycle %d stopped within a second", cycle).isLessThan(1.0);
        return fx(() -> model.lastResultProperty().get());
    }

    private static long bytesRead(LabViewModel model) {
        try {
            LiveSample s = fx(model::sample);
            return s == null ? 0 : s.bytes();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T fx(java.util.concurrent.Callable<T> c) throws Exception {
        return org.testfx.util.WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
    }

    private static void fxRun(Runnable r) throws Exception {
        fx(() -> {
            r.run();
            return null;
        });
    }

    /**
     * One lab run: open → list → run on a virtual thread → wait until it reads → retune → cancel → close.
     * Odd cycles use the async pool, even ones the ordered loader, so both loaders' workers are soaked.
     */
    private BenchResult cycle(int cycle) throws Exception {
        boolean ordered = cycle % 2 == 0;
        CancellationToken token = CancellationToken.create();
        CompletableFuture<LoaderBench> started = new CompletableFuture<>();
        CompletableFuture<BenchResult> result = new CompletableFuture<>();
        // Many epochs and a consumer that "computes" per batch: the run never ends by itself within a cycle.
        LoaderOptions options = LoaderOptions.defaults().withBatchSize(8).withConcurrency(4).withPrefetch(2).withEpochs(100);
        Thread.ofVirtual().name("soak-run").start(() -> {
            try (ObjectStore store = StoreFactory.open(prefix, profile)) {
                Dataset dataset = Dataset.fromPrefix(store, prefix).shuffled(cycle);
                LoaderBench bench = new LoaderBench(dataset, prefix.toString(), options, ordered, Duration.ofMillis(2))
                        .describe("cycle", cycle);
                started.complete(bench);
                result.complete(bench.run(token));
            } catch (Throwable t) {
                started.completeExceptionally(t);
                result.completeExceptionally(t);
            }
        });
        LoaderBench bench = started.get(20, TimeUnit.SECONDS);
        waitFor(() -> bench.loader() != null && bench.loader().stats().items() >= 20, "cycle " + cycle + " reading");
        bench.setConcurrency(16);
        bench.setPrefetch(6);
        if (cycle == 1) {
            // Proves the counters see a run's threads at all, so their zeros after the runs mean something.
            midRun = measure();
        }
        long items = bench.loader().stats().items();
        waitFor(() -> bench.loader().stats().items() >= items + 40, "cycle " + cycle + " reading after a raise");
        bench.setConcurrency(2);
        bench.setPrefetch(1);
        Thread.sleep(20);
        long stopAt = System.nanoTime();
        token.cancel("stopped by the soak test");
        BenchResult r = result.get(20, TimeUnit.SECONDS);
        assertThat((System.nanoTime() - stopAt) / 1e9).as("cycle %d stopped within a second", cycle).isLessThan(1.0);
        return r;
    }

    @FunctionalInterface
    interface Condition {
        boolean holds() throws Exception;
    }

    private static void waitFor(Condition condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(2);
        }
    }

    /** Gives stopped workers and closed sockets a moment to go, then measures. */
    private Snapshot settle() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Snapshot s = measure();
        while ((s.loaderWorkers > 0 || s.rfVirtual > 0 || s.connections > 0) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            s = measure();
        }
        return s;
    }

    private Snapshot measure() throws IOException {
        Snapshot s = new Snapshot();
        Map<String, Integer> names = new TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            // S3Proxy runs in this JVM: its Jetty pool grows under load and shrinks only after a
            // minute idle. Those are the server's threads, not the client's, and are counted apart.
            if (t.getName().startsWith("S3Proxy-Jetty") || t.getName().startsWith("Scheduler-")) {
                s.serverThreads++;
            } else {
                s.platform++;
                names.merge(t.getName().replaceAll("\\d+", "N"), 1, Integer::sum);
            }
        }
        s.platformNames = names.toString();
        countVirtualThreads(s);
        s.loaderWorkers = Loader.activeWorkers();
        s.connections = establishedTo(serverPort);
        s.heap = heapAfterGc();
        return s;
    }

    /**
     * Virtual threads are invisible to ThreadMXBean and getAllStackTraces; the JVM's thread dump lists
     * them (every virtual thread started with the Thread API is tracked by default).
     */
    private void countVirtualThreads(Snapshot s) throws IOException {
        Path dump = tmp.resolve("threads-" + System.nanoTime() + ".txt");
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
        Map<String, Integer> rf = new TreeMap<>();
        StringBuilder stacks = new StringBuilder();
        boolean inRf = false;
        for (String line : Files.readAllLines(dump)) {
            if (line.startsWith("#")) {
                inRf = false;
            } else if (inRf && !line.isBlank()) {
                stacks.append(line).append('\n'); // a frame of an rf-* thread: where a leaked one waits
            }
            // header lines look like: #123 "name" virtual TIMED_WAITING 2026-...Z (JDK 25)
            int close = line.lastIndexOf('"');
            if (line.startsWith("#") && close > 0 && line.startsWith(" virtual", close + 1)) {
                s.virtual++;
                int q1 = line.indexOf('"');
                int q2 = line.lastIndexOf('"');
                String name = q1 >= 0 && q2 > q1 ? line.substring(q1 + 1, q2) : "";
                if (name.startsWith("rf-")) {
                    s.rfVirtual++;
                    rf.merge(name, 1, Integer::sum);
                    inRf = true;
                    stacks.append(line).append('\n');
                }
            }
        }
        s.rfNames = rf.toString();
        s.rfStacks = stacks.toString();
        Files.delete(dump);
    }

    /** ESTABLISHED client sockets whose remote port is {@code port}; -1 where /proc/net is not there. */
    static int establishedTo(int port) throws IOException {
        Path tcp = Path.of("/proc/net/tcp");
        Path tcp6 = Path.of("/proc/net/tcp6");
        if (!Files.isReadable(tcp)) {
            return -1;
        }
        int n = 0;
        for (Path p : List.of(tcp, tcp6)) {
            if (!Files.isReadable(p)) {
                continue;
            }
            List<String> lines = Files.readAllLines(p);
            for (String line : lines.subList(1, lines.size())) {
                // sl local_address rem_address st ...: addresses are HEXIP:HEXPORT, st 01 = ESTABLISHED
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && f[3].equals("01")) {
                    int remotePort = Integer.parseInt(f[2].substring(f[2].indexOf(':') + 1), 16);
                    if (remotePort == port) {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    /** The first lines of the JVM's class histogram (as jcmd GC.class_histogram prints it). */
    private static String largestClasses(int lines) {
        try {
            Object out = ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            return String.join("\n", String.valueOf(out).lines().limit(lines + 3).toList());
        } catch (javax.management.JMException e) {
            return "(no class histogram: " + e + ")";
        }
    }

    private static long heapAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        long min = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            min = Math.min(min, memory.getHeapMemoryUsage().getUsed());
        }
        return min;
    }

    private static final class Snapshot {
        int platform;
        int serverThreads;
        int virtual;
        int rfVirtual;
        String rfNames = "";
        String rfStacks = "";
        String platformNames = "";
        int loaderWorkers;
        int connections;
        long heap;

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "platform threads %d (+ %d of the in-process server), virtual threads %d (rf-* %d), loader workers %d, "
                    + "connections to the server %d, heap after GC %.1f MiB", platform, serverThreads, virtual, rfVirtual, loaderWorkers,
                    connections, heap / 1048576.0) + "\n  " + platformNames;
        }
    }
}
