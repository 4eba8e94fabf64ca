package io.rangefinder.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.rangefinder.bench.BenchResult;
import io.rangefinder.bench.Histograms;
import io.rangefinder.bench.RunStore;
import io.rangefinder.storage.ListRequest;
import io.rangefinder.storage.ObjectInfo;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.StorageException;
import io.rangefinder.storage.StoreFactory;
import io.rangefinder.testing.CliLauncher;
import io.rangefinder.testing.Mpi;
import io.rangefinder.testing.S3ProxyServer;
import io.rangefinder.testing.SlurmCluster;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Four real worker processes against S3Proxy: under Open MPI's {@code mpirun} (rank and world
 * from its environment) and as plain processes with --rank/--world, meeting through the results
 * prefix, each writing its result there, and {@code merge} adding them up. Fails, saying what to
 * install, when mpirun is missing.
 */
class ClusterRunTest {

    private static final String BUCKET = "cluster-runs";
    private static ObjectStore store;
    private static long runs;

    @BeforeAll
    static void bucket() {
        store = StoreFactory.open(ObjectUri.parse("s3://" + BUCKET + "/"), S3ProxyServer.get().profile());
        try {
            store.createContainer(BUCKET);
        } catch (StorageException e) {
            // there from an earlier class
        }
    }

    private static String fresh(String what) {
        return what + "-" + Long.toString(System.currentTimeMillis(), 36) + "-" + (runs++);
    }

    private static List<String> cli() {
        return CliLauncher.command();
    }

    private static ProcessBuilder withS3(List<String> cmd) {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("OMPI_") || k.startsWith("PMI_") || k.startsWith("SLURM_"));
        env.put("AWS_ACCESS_KEY_ID", S3ProxyServer.get().identity());
        env.put("AWS_SECRET_ACCESS_KEY", S3ProxyServer.get().credential());
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ENDPOINT_URL", S3ProxyServer.get().endpoint());
        Mpi.environment(env);
        return pb;
    }

    record Ran(int code, String out, String err) {
    }

    private static Ran run(ProcessBuilder pb, int timeoutSeconds) throws Exception {
        Path out = Files.createTempFile("rf-cluster", ".out");
        Path err = Files.createTempFile("rf-cluster", ".err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("did not finish within " + timeoutSeconds + " s: " + pb.command()
                    + "\n" + Files.readString(err));
        }
        return new Ran(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static List<String> mpirun(int np) {
        Mpi.require(); // installs Open MPI where it can, else fails saying what to install
        return new ArrayList<>(Mpi.mpirunCommand(np));
    }

    private static Path launcherDir() throws IOException {
        return CliLauncher.dir();
    }

    private static BenchResult read(String key) throws IOException {
        try (InputStream in = store.get(BUCKET, key)) {
            return RunStore.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static List<ObjectInfo> list(String prefix) {
        List<ObjectInfo> all = new ArrayList<>();
        var pages = store.pages(ListRequest.recursive(BUCKET, prefix));
        while (pages.hasNext()) {
            all.addAll(pages.next().objects());
        }
        return all;
    }

    /** The p99 of one histogram holding every worker's samples of {@code op}. */
    private static double unionP99(String results, int world, String op) throws IOException {
        Histogram union = new Histogram(3);
        for (int r = 0; r < world; r++) {
            union.add(Histograms.decode(read(results + String.format("rank-%05d.json", r)).operations().get(op).histogram()));
        }
        return Histograms.latency(union).p99();
    }

    @Test
    void fourWorkersUnderMpirunWriteAndReadAndTheMergeAddsUp() throws Exception {
        String put = fresh("put") + "/";
        String putResults = fresh("results-put") + "/";
        List<String> cmd = mpirun(4);
        cmd.addAll(cli());
        cmd.addAll(List.of("bench", "put", "s3://" + BUCKET + "/" + put, "-n", "25", "--size", "16KiB", "-c", "4", "--keep",
                "--results", "s3://" + BUCKET + "/" + putResults));
        Ran ran = run(withS3(cmd), 240);
        assertThat(ran.code()).as(ran.err()).isZero();
        assertThat(ran.err()).contains("rank 0 of 4").contains("rank 3 of 4").contains("Open MPI");

        Merge.Outcome puts = Merge.read(store, ObjectUri.parse("s3://" + BUCKET + "/" + putResults));
        assertThat(puts.complete()).as(puts.summary()).isTrue();
        assertThat(puts.workers()).hasSize(4).allSatisfy(w -> assertThat(w.ops()).isEqualTo(25));
        assertThat(puts.merged().objects()).isEqualTo(100);
        assertThat(puts.merged().bytes()).isEqualTo(100L * 16 * 1024);
        // what the store holds: each rank under its own folder, 25 each
        List<ObjectInfo> written = list(put);
        assertThat(written).hasSize(100);
        for (int r = 0; r < 4; r++) {
            String folder = put + String.format("rank-%05d/", r);
            assertThat(written).filteredOn(o -> o.key().startsWith(folder)).hasSize(25);
        }
        double spread = ((Number) puts.merged().settings().get("startSpreadMs")).doubleValue();
        System.out.printf("mpirun put: 4 workers started within %.1f ms of each other%n", spread);
        assertThat(spread).as("workers' start instants (their own clocks, one machine): " + ran.err()).isLessThan(50);
        assertThat(puts.merged().operations().get("put").latencyMs().p99()).isEqualTo(unionP99(putResults, 4, "put"));

        // a loader over what they wrote: each reads its own shard, together every object once
        String loadResults = fresh("results-loader") + "/";
        List<String> load = mpirun(4);
        load.addAll(cli());
        load.addAll(List.of("bench", "loader", "s3://" + BUCKET + "/" + put, "--batch", "8", "--pool", "4",
                "--results", "s3://" + BUCKET + "/" + loadResults));
        Ran loaded = run(withS3(load), 240);
        assertThat(loaded.code()).as(loaded.err()).isZero();
        Merge.Outcome reads = Merge.read(store, ObjectUri.parse("s3://" + BUCKET + "/" + loadResults));
        assertThat(reads.complete()).as(reads.summary()).isTrue();
        assertThat(reads.merged().objects()).isEqualTo(100);
        assertThat(reads.merged().bytes()).isEqualTo(100L * 16 * 1024);
        assertThat(reads.workers()).allSatisfy(w -> assertThat(w.ops()).isEqualTo(25));
        assertThat(((Number) reads.merged().settings().get("startSpreadMs")).doubleValue()).as(loaded.err()).isLessThan(50);
        assertThat(reads.merged().operations().get("get").latencyMs().p99()).isEqualTo(unionP99(loadResults, 4, "get"));
    }

    @Test
    void aRankThatNeverStartsIsNamedAndTheOthersStopWaiting() throws Exception {
        String results = fresh("results-missing") + "/";
        List<Process> started = new ArrayList<>();
        List<Path> errs = new ArrayList<>();
        for (int r = 0; r < 3; r++) { // rank 3 of 4 never comes
            List<String> cmd = new ArrayList<>(cli());
            cmd.addAll(List.of("bench", "put", "s3://" + BUCKET + "/" + fresh("missing") + "/", "-n", "5", "--size", "4KiB",
                    "--rank", Integer.toString(r), "--world", "4", "--rendezvous-timeout", "6",
                    "--results", "s3://" + BUCKET + "/" + results));
            Path err = Files.createTempFile("rf-missing", ".err");
            errs.add(err);
            started.add(withS3(cmd).redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        }
        for (int i = 0; i < started.size(); i++) {
            Process p = started.get(i);
            assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("rank %d stopped waiting", i).isTrue();
            assertThat(p.exitValue()).isNotZero();
            assertThat(Files.readString(errs.get(i))).contains("3").containsIgnoringCase("did not arrive");
        }
        assertThat(list(results).stream().filter(o -> o.key().endsWith(".json") && !o.key().contains("/_rendezvous/")))
                .as("no results from a run that never started").isEmpty();
    }

    @Test
    void aWorkerKilledMidRunIsMarkedFailedAndTheOthersAreKept() throws Exception {
        String results = fresh("results-killed") + "/";
        String data = fresh("killed") + "/";
        List<Process> workers = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            List<String> cmd = new ArrayList<>(cli());
            // 40 puts at 10/s: four seconds, long enough to be killed in the middle
            cmd.addAll(List.of("bench", "put", "s3://" + BUCKET + "/" + data, "-n", "40", "--size", "4KiB", "--rate", "10",
                    "--rank", Integer.toString(r), "--world", "4", "--results", "s3://" + BUCKET + "/" + results));
            workers.add(withS3(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        }
        // rank 2 dies once it has left a live snapshot behind
        String live2 = results + "live/rank-00002.json";
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (list(live2).isEmpty()) {
            assertThat(System.nanoTime()).as("rank 2 wrote a live snapshot").isLessThan(until);
            Thread.sleep(100);
        }
        workers.get(2).destroyForcibly();
        for (int r = 0; r < 4; r++) {
            assertThat(workers.get(r).waitFor(120, TimeUnit.SECONDS)).isTrue();
        }
        Merge.Outcome merged = Merge.read(store, ObjectUri.parse("s3://" + BUCKET + "/" + results));
        assertThat(merged.complete()).isFalse();
        assertThat(merged.workers()).hasSize(4);
        assertThat(merged.workers().get(2).state()).startsWith("failed");
        assertThat(merged.workers()).filteredOn(w -> w.rank() != 2).allSatisfy(w -> {
            assertThat(w.state()).isEqualTo("ok");
            assertThat(w.ops()).isEqualTo(40);
        });
        assertThat(merged.merged().objects()).isGreaterThanOrEqualTo(120);
        assertThat(merged.merged().status()).contains("rank 2");

        // the CLI says so and exits non-zero
        List<String> cmd = new ArrayList<>(cli());
        cmd.addAll(List.of("merge", "s3://" + BUCKET + "/" + results));
        Ran ran = run(withS3(cmd), 120);
        assertThat(ran.code()).isEqualTo(1);
        assertThat(ran.out() + ran.err()).contains("rank 2");
    }
    /** What the lab's "Run on a cluster…" gives, run as it is: the mpirun line with a hostfile, then its merge. */
    @Test
    void theExportedMpirunJobRunsAsItIsAndMerges() throws Exception {
        Mpi.require();
        String data = fresh("exported") + "/";
        String results = "s3://" + BUCKET + "/" + fresh("results-exported") + "/";
        ClusterJob job = ClusterJob.of(List.of("bench", "put", "s3://" + BUCKET + "/" + data, "-n", "10", "--size", "8KiB",
                "-c", "2", "--keep"), 3, results, ObjectUri.Scheme.S3, null);
        Path dir = launcherDir();
        // the hostfile the line names: this machine, room for the workers
        Files.writeString(dir.resolve("hosts"), "localhost slots=8\n");
        ProcessBuilder pb = withS3(List.of("bash", "-c", job.mpirun())).directory(dir.toFile());
        pb.environment().put("PATH", dir + ":" + pb.environment().getOrDefault("PATH", "/usr/bin:/bin"));
        Ran ran = run(pb, 240);
        assertThat(ran.code()).as(ran.out() + ran.err()).isZero();
        assertThat(ran.out()).contains("complete");
        assertThat(list(data)).hasSize(30);
        Merge.Outcome merged = Merge.read(store, ObjectUri.parse(results));
        assertThat(merged.complete()).isTrue();
        assertThat(merged.workers()).extracting(Merge.Worker::rank).containsExactly(0, 1, 2);
    }

    /** Four workers as Slurm tasks (srun on a one-node cluster on loopback): put, then a loader over it, merged. */
    @Test
    void fourWorkersUnderSlurmWriteAndReadAndTheMergeAddsUp() throws Exception {
        SlurmCluster slurm = SlurmCluster.ensureStarted();
        String put = fresh("slurm-put") + "/";
        String putResults = fresh("results-slurm-put") + "/";
        List<String> cmd = new ArrayList<>(slurm.srunCommand(4));
        cmd.addAll(cli());
        cmd.addAll(List.of("bench", "put", "s3://" + BUCKET + "/" + put, "-n", "20", "--size", "16KiB", "-c", "4", "--keep",
                "--results", "s3://" + BUCKET + "/" + putResults));
        ProcessBuilder pb = withS3(cmd);
        pb.environment().putAll(slurm.environment());
        Ran ran = run(pb, 300);
        assertThat(ran.code()).as(ran.err()).isZero();
        assertThat(ran.err()).contains("rank 0 of 4").contains("rank 3 of 4").contains("Slurm");
        Merge.Outcome puts = Merge.read(store, ObjectUri.parse("s3://" + BUCKET + "/" + putResults));
        assertThat(puts.complete()).as(puts.summary()).isTrue();
        assertThat(puts.workers()).hasSize(4).allSatisfy(w -> assertThat(w.ops()).isEqualTo(20));
        assertThat(puts.merged().objects()).isEqualTo(80);
        assertThat(list(put)).hasSize(80);
        double spread = ((Number) puts.merged().settings().get("startSpreadMs")).doubleValue();
        System.out.printf("srun put: 4 workers started within %.1f ms of each other%n", spread);
        assertThat(spread).as(ran.err()).isLessThan(50);
        assertThat(puts.merged().operations().get("put").latencyMs().p99()).isEqualTo(unionP99(putResults, 4, "put"));

        String loadResults = fresh("results-slurm-loader") + "/";
        List<String> load = new ArrayList<>(slurm.srunCommand(4));
        load.addAll(cli());
        load.addAll(List.of("bench", "loader", "s3://" + BUCKET + "/" + put, "--batch", "8", "--pool", "4",
                "--results", "s3://" + BUCKET + "/" + loadResults));
        ProcessBuilder lb = withS3(load);
        lb.environment().putAll(slurm.environment());
        Ran loaded = run(lb, 300);
        assertThat(loaded.code()).as(loaded.err()).isZero();
        Merge.Outcome reads = Merge.read(store, ObjectUri.parse("s3://" + BUCKET + "/" + loadResults));
        assertThat(reads.complete()).as(reads.summary()).isTrue();
        assertThat(reads.merged().objects()).isEqualTo(80);
        assertThat(reads.merged().bytes()).isEqualTo(80L * 16 * 1024);
        assertThat(reads.workers()).allSatisfy(w -> assertThat(w.ops()).isEqualTo(20));
        assertThat(((Number) reads.merged().settings().get("startSpreadMs")).doubleValue()).as(loaded.err()).isLessThan(50);
        assertThat(reads.merged().operations().get("get").latencyMs().p99()).isEqualTo(unionP99(loadResults, 4, "get"));
    }
}
