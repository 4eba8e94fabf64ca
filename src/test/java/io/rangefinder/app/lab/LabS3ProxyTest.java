package io.rangefinder.app.lab;

import static io.rangefinder.app.lab.LabFx.fx;
import static io.rangefinder.app.lab.LabFx.fxRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rangefinder.bench.BenchResult;
import io.rangefinder.bench.RunStore;
import io.rangefinder.bench.SyntheticData;
import io.rangefinder.cli.RangefinderCli;
import io.rangefinder.core.TunableLimiter;
import io.rangefinder.storage.config.ConnectionProfile;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.PutOptions;
import io.rangefinder.storage.StorageException;
import io.rangefinder.storage.StoreFactory;
import io.rangefinder.testing.S3ProxyServer;
import javafx.animation.AnimationTimer;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The lab against a real S3 server (S3Proxy in-process): live retuning and Stop, and the GUI's
 * throughput next to the CLI's on the same object and settings, with the FX thread's cost.
 */
@ExtendWith(ApplicationExtension.class)
class LabS3ProxyTest {

    private static final String BUCKET = "lab";
    private static final String KEY = "big.bin";
    private static final long SIZE = 256L << 20;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path shared;

    private static ConnectionProfile profile;
    private static ObjectUri object;

    private LabView view;
    private LabViewModel model;
    private Stage stage;

    @BeforeAll
    static void upload() {
        S3ProxyServer server = S3ProxyServer.get();
        profile = server.profile();
        object = ObjectUri.parse("s3://" + BUCKET + "/" + KEY);
        try (ObjectStore store = StoreFactory.open(object, profile)) {
            try {
                store.createContainer(BUCKET);
            } catch (StorageException e) {
                // made by an earlier test class in this JVM
            }
            store.put(BUCKET, KEY, new SyntheticData(SIZE, 7), SIZE, PutOptions.DEFAULT);
        }
    }

    @Start
    void start(Stage stage) {
        model = new LabViewModel(uri -> StoreFactory.open(uri, profile), new RunStore(shared.resolve("runs")));
        view = new LabView(model);
        this.stage = stage;
        LabFx.show(stage, view);
    }

    @AfterEach
    void stopAnyRun() throws Exception {
        fxRun(() -> view.close());
        await().atMost(WAIT).until(() -> fx(() -> !model.runningProperty().get()));
    }

    @Test
    void sliderRetunesARunningS3DownloadAndStopKeepsTheResult() throws Exception {
        fxRun(() -> {
            model.chunkSizeProperty().set("4MiB");
            model.minSplitSizeProperty().set("4MiB");
            model.repeatsProperty().set(500);
            model.concurrencyProperty().set(2);
        });
        fxRun(() -> model.startRangeBenchmark(object));
        TunableLimiter first = await().atMost(WAIT).until(() -> fx(() -> model.live() == null ? null : model.live().limiter()),
                l -> l != null);
        assertThat(first.limit()).isEqualTo(2);
        Thread.sleep(1000);
        fxRun(() -> view.concurrencyControl().slider().setValue(view.concurrencyControl().indexOf(16)));
        long at = System.nanoTime();
        int maxInFlight = 0;
        while (System.nanoTime() - at < 1_000_000_000L) {
            TunableLimiter l = fx(() -> model.live().limiter());
            if (l != null) {
                assertThat(l.limit()).isEqualTo(16);
                maxInFlight = Math.max(maxInFlight, l.inFlight());
            }
            Thread.sleep(10);
        }
        assertThat(maxInFlight).as("in flight within a second of raising the limit to 16").isGreaterThan(2);
        long stopAt = System.nanoTime();
        fxRun(view::stop);
        await().atMost(Duration.ofSeconds(1)).until(() -> fx(() -> !model.runningProperty().get()));
        assertThat((System.nanoTime() - stopAt) / 1e9).isLessThan(1.0);
        BenchResult r = fx(() -> model.lastResultProperty().get());
        assertThat(r.status()).isEqualTo("cancelled");
        assertThat(r.uri()).isEqualTo("s3://lab/big.bin");
        assertThat(r.marks()).hasSize(1);
        assertThat(RunStore.toJson(r)).doesNotContain(profile.secretAccessKey().reveal());
    }

    /**
     * Same object, same settings, alternating CLI (in-process, no UI) and GUI (window shown, charts
     * at 10 Hz) for several rounds. Also measures the FX thread's CPU time during the GUI runs and
     * the longest gap between pulses (an AnimationTimer keeps pulses coming at 60 Hz).
     * A benchmark, not a unit test: on two shared cores one run's ratio moves by ±0.05, so it runs
     * on request (-Drangefinder.perf=true) on a quiet machine, as ExplorerPerfTest does.
     */
    @Test
    @EnabledIfSystemProperty(named = "rangefinder.perf", matches = "true")
    void guiThroughputMatchesTheCliAndTheFxThreadStaysFree() throws Exception {
        String endpoint = S3ProxyServer.get().endpoint();
        System.setProperty("aws.accessKeyId", S3ProxyServer.get().identity());
        System.setProperty("aws.secretAccessKey", S3ProxyServer.get().credential());
        int rounds = Integer.getInteger("lab.perf.rounds", 8);
        int repeats = 12;
        fxRun(() -> {
            model.chunkSizeProperty().set("8MiB");
            model.minSplitSizeProperty().set("8MiB");
            model.repeatsProperty().set(repeats);
            model.concurrencyProperty().set(16);
        });
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long fxThread = fx(() -> Thread.currentThread().threadId());
        long renderThread = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("QuantumRenderer")).findFirst().orElseThrow().threadId();
        PulseGaps gaps = fx(PulseGaps::new);
        GcPauses gc = new GcPauses();
        fxRun(gaps::start);
        LayoutPasses layout = new LayoutPasses();
        fxRun(() -> {
            stage.getScene().addPreLayoutPulseListener(layout::before);
            stage.getScene().addPostLayoutPulseListener(layout::after);
        });

        // baseline: the FX thread with only the pulse meter running, for as long as a run takes
        long idleCpu0 = threads.getThreadCpuTime(fxThread);
        long idleWall0 = System.nanoTime();
        fxRun(gaps::reset);
        Thread.sleep(3000);
        double idleCpuPct = 100.0 * (threads.getThreadCpuTime(fxThread) - idleCpu0) / (System.nanoTime() - idleWall0);
        double idleGapMs = fx(gaps::maxGapMs);

        // warm-up of both paths (JIT, connections)
        for (int w = 0; w < 2; w++) {
            cli(endpoint, repeats, shared.resolve("warm.json"));
            gui();
        }

        List<Double> cliMbps = new ArrayList<>();
        List<Double> guiMbps = new ArrayList<>();
        List<Double> guiCpuPct = new ArrayList<>();
        List<Double> guiMaxGapMs = new ArrayList<>();
        List<Long> guiTicks = new ArrayList<>();
        List<Double> renderCpuPct = new ArrayList<>();
        List<Double> gcMaxMs = new ArrayList<>();
        List<Double> tickMaxMs = new ArrayList<>();
        List<Double> probeMaxMs = new ArrayList<>();
        List<Double> layoutMaxMs = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            // alternate which goes first, so drift (GC, the server's memory) does not favour one side
            if (i % 2 == 0) {
                cliMbps.add(cli(endpoint, repeats, shared.resolve("cli-" + i + ".json")).mbPerSec());
            }
            long ticks0 = fx(() -> view.charts().ticks());
            fxRun(gaps::reset);
            fxRun(() -> view.charts().resetTickTimes());
            fxRun(layout::reset);
            gc.reset();
            long cpu0 = threads.getThreadCpuTime(fxThread);
            long render0 = threads.getThreadCpuTime(renderThread);
            long wall0 = System.nanoTime();
            BenchResult g = gui();
            long wall = System.nanoTime() - wall0;
            long cpu = threads.getThreadCpuTime(fxThread) - cpu0;
            renderCpuPct.add(100.0 * (threads.getThreadCpuTime(renderThread) - render0) / wall);
            guiMbps.add(g.mbPerSec());
            guiCpuPct.add(100.0 * cpu / wall);
            guiMaxGapMs.add(fx(gaps::maxGapMs));
            gcMaxMs.add(gc.maxMs());
            tickMaxMs.add(fx(() -> view.charts().maxTickNanos() / 1e6));
            probeMaxMs.add(fx(() -> view.charts().maxProbeNanos() / 1e6));
            layoutMaxMs.add(fx(layout::maxMs));
            guiTicks.add(fx(() -> view.charts().ticks()) - ticks0);
            if (i % 2 == 1) {
                cliMbps.add(cli(endpoint, repeats, shared.resolve("cli-" + i + ".json")).mbPerSec());
            }
        }
        fxRun(gaps::stop);
        double cliMedian = median(cliMbps);
        double guiMedian = median(guiMbps);
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            ratios.add(guiMbps.get(i) / cliMbps.get(i));
        }
        double fxWorkMaxMs = java.util.stream.Stream.concat(tickMaxMs.stream(), layoutMaxMs.stream())
                .mapToDouble(d -> d).max().orElse(0);
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "object %s, %d MiB, chunk 8 MiB, concurrency 16, %d repeats per run, %d rounds, %d cores%n",
                object, SIZE >> 20, repeats, rounds, Runtime.getRuntime().availableProcessors()));
        for (int i = 0; i < rounds; i++) {
            report.append(String.format(Locale.ROOT, "round %d: CLI %.0f MB/s, GUI %.0f MB/s, FX thread CPU %.2f %% of a core (render thread %.2f %%), longest pulse gap %.1f ms (longest GC pause %.1f ms, longest tick %.1f ms of which probe %.1f ms, longest CSS+layout pass %.1f ms), chart ticks %d%n",
                    i + 1, cliMbps.get(i), guiMbps.get(i), guiCpuPct.get(i), renderCpuPct.get(i), guiMaxGapMs.get(i), gcMaxMs.get(i),
                    tickMaxMs.get(i), probeMaxMs.get(i), layoutMaxMs.get(i), guiTicks.get(i)));
        }
        report.append(String.format(Locale.ROOT, "median: CLI %.0f MB/s, GUI %.0f MB/s, GUI/CLI of medians %.3f, median of per-round GUI/CLI %.3f; FX CPU median %.2f %% (idle baseline with only the pulse meter %.2f %%); worst pulse gap %.1f ms (idle %.1f ms); longest FX work item (tick or CSS+layout pass) %.1f ms%n",
                cliMedian, guiMedian, guiMedian / cliMedian, median(ratios), median(guiCpuPct), idleCpuPct,
                guiMaxGapMs.stream().mapToDouble(d -> d).max().orElse(0), idleGapMs, fxWorkMaxMs));
        System.out.print(report);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "lab-perf.txt"), report.toString());

        assertThat(median(ratios)).as("GUI/CLI throughput, median of rounds").isGreaterThanOrEqualTo(0.9);
        assertThat(median(guiCpuPct)).as("FX thread CPU %% of a core").isLessThan(5.0);
        assertThat(fxWorkMaxMs).as("longest piece of work on the FX thread").isLessThan(100.0);
        // Wall-clock pulse gaps also include OS scheduling: this box has 2 cores, which the download
        // threads and the in-process S3 server keep busy, so they are reported, and bounded loosely.
        assertThat(guiMaxGapMs.stream().mapToDouble(d -> d).max().orElse(0)).as("longest gap between pulses").isLessThan(500.0);
    }

    private BenchResult gui() throws Exception {
        fxRun(() -> model.startRangeBenchmark(object));
        await().atMost(WAIT).until(() -> fx(() -> model.runningProperty().get()));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> fx(() -> !model.runningProperty().get()));
        BenchResult r = fx(() -> model.lastResultProperty().get());
        assertThat(r.status()).isEqualTo("ok");
        return r;
    }

    private static BenchResult cli(String endpoint, int repeats, Path out) throws Exception {
        StringWriter err = new StringWriter();
        int code = RangefinderCli.run(new String[] {"--endpoint-url", endpoint, "--region", "us-east-1",
                "bench", "range", object.toString(), "--chunk-size", "8MiB", "--min-split", "8MiB", "-c", "16",
                "--repeats", Integer.toString(repeats), "--json", "-o", out.toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertThat(code).as(err.toString()).isZero();
        return RunStore.parse(Files.readString(out));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The longest CSS + layout pass of a scene: the FX thread's own work per pulse. */
    static final class LayoutPasses {
        private long began;
        private long max;

        void before() {
            began = System.nanoTime();
        }

        void after() {
            max = Math.max(max, System.nanoTime() - began);
        }

        void reset() {
            max = 0;
        }

        double maxMs() {
            return max / 1e6;
        }
    }

    /** The longest GC pause (all collectors) since the last reset, from the JVM's GC notifications. */
    static final class GcPauses {
        private volatile long maxMs;

        GcPauses() {
            for (var bean : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (bean instanceof javax.management.NotificationEmitter emitter) {
                    emitter.addNotificationListener((n, _) -> {
                        if (n.getType().equals(com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                            var info = com.sun.management.GarbageCollectionNotificationInfo.from(
                                    (javax.management.openmbean.CompositeData) n.getUserData());
                            if (!info.getGcAction().contains("concurrent") && !info.getGcName().contains("Concurrent")) {
                                maxMs = Math.max(maxMs, info.getGcInfo().getDuration());
                            }
                        }
                    }, null, null);
                }
            }
        }

        void reset() {
            maxMs = 0;
        }

        double maxMs() {
            return maxMs;
        }
    }

    /** The longest time between two pulses: how long the FX thread was ever busy or blocked. */
    static final class PulseGaps extends AnimationTimer {
        private long last;
        private long maxGap;
        private final AtomicInteger frames = new AtomicInteger();

        @Override
        public void handle(long now) {
            if (last != 0) {
                maxGap = Math.max(maxGap, now - last);
            }
            last = now;
            frames.incrementAndGet();
        }

        void reset() {
            last = 0;
            maxGap = 0;
        }

        double maxGapMs() {
            return maxGap / 1e6;
        }
    }
}
