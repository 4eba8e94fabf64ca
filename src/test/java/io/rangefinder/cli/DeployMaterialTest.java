package io.rangefinder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.rangefinder.cluster.Merge;
import io.rangefinder.cluster.WorldInfo;
import io.rangefinder.storage.ListRequest;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.StorageException;
import io.rangefinder.storage.StoreFactory;
import io.rangefinder.testing.CliLauncher;
import io.rangefinder.testing.Mpi;
import io.rangefinder.testing.S3ProxyServer;
import io.rangefinder.testing.SlurmCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * deploy/ as a user submits it: the sbatch script under a real (one-node) Slurm, the mpirun
 * wrapper under a real mpirun, both against S3Proxy; the Kubernetes manifest read as Kubernetes
 * reads it, its env giving each pod its rank, its args accepted by the CLI; the Dockerfile's
 * inputs present. (No registry is reachable here: the image itself is not built.)
 */
class DeployMaterialTest {

    private static final String BUCKET = "deploy-material";
    private static ObjectStore store;

    @BeforeAll
    static void bucket() {
        store = StoreFactory.open(ObjectUri.parse("s3://" + BUCKET + "/"), S3ProxyServer.get().profile());
        try {
            store.createContainer(BUCKET);
        } catch (StorageException e) {
            // there already
        }
    }

    private static String fresh(String what) {
        return what + "-" + Long.toString(System.nanoTime(), 36);
    }

    private static void s3(Map<String, String> env) {
        env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("OMPI_") || k.startsWith("SLURM_") || k.startsWith("PMI"));
        env.put("AWS_ACCESS_KEY_ID", S3ProxyServer.get().identity());
        env.put("AWS_SECRET_ACCESS_KEY", S3ProxyServer.get().credential());
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ENDPOINT_URL", S3ProxyServer.get().endpoint());
    }

    private static long count(String prefix) {
        long n = 0;
        var pages = store.pages(ListRequest.recursive(BUCKET, prefix));
        while (pages.hasNext()) {
            n += pages.next().objects().size();
        }
        return n;
    }

    private static String run(ProcessBuilder pb, int seconds, int expectedExit) throws Exception {
        Path log = Files.createTempFile("rf-deploy", ".log");
        Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("did not finish in " + seconds + " s: " + pb.command() + "\n" + Files.readString(log));
        }
        String out = Files.readString(log);
        assertThat(p.exitValue()).as(out).isEqualTo(expectedExit);
        return out;
    }

    @Test
    void theScriptsAreValidBash() throws Exception {
        for (String script : List.of("deploy/mpirun.sh", "deploy/rangefinder.sbatch", "scripts/services/slurm.sh")) {
            run(new ProcessBuilder("bash", "-n", script), 20, 0);
        }
        assertThat(Path.of("deploy/mpirun.sh").toFile().canExecute()).isTrue();
    }

    @Test
    void theSbatchScriptRunsUnderSlurmAndMerges() throws Exception {
        SlurmCluster slurm = SlurmCluster.ensureStarted();
        String data = fresh("sbatch") + "/";
        String results = "s3://" + BUCKET + "/" + fresh("results-sbatch") + "/";
        Path out = Files.createTempDirectory("rf-sbatch").resolve("job.out");
        ProcessBuilder pb = new ProcessBuilder("sbatch", "--wait", "--ntasks=3", "--overcommit", "-o", out.toString(),
                Path.of("deploy/rangefinder.sbatch").toAbsolutePath().toString(),
                "bench", "put", "s3://" + BUCKET + "/" + data, "-n", "6", "--size", "8KiB", "-c", "2", "--keep");
        s3(pb.environment());
        pb.environment().putAll(slurm.environment());
        pb.environment().put("RF_RESULTS", results);
        pb.environment().put("RF_LAUNCHER", CliLauncher.executable().toString());
        run(pb, 300, 0);
        String job = Files.readString(out);
        assertThat(job).contains("3 of 3 workers ok (complete)").contains("rank 2 of 3 (Slurm)");
        assertThat(count(data)).isEqualTo(18);
        assertThat(Merge.read(store, ObjectUri.parse(results)).complete()).isTrue();
    }

    @Test
    void theMpirunWrapperRunsTheRanksAndMerges() throws Exception {
        Mpi.require();
        String data = fresh("mpirun") + "/";
        String results = "s3://" + BUCKET + "/" + fresh("results-mpirun") + "/";
        List<String> cmd = new ArrayList<>(List.of("deploy/mpirun.sh"));
        cmd.addAll(Mpi.mpirunCommand(3).subList(1, Mpi.mpirunCommand(3).size())); // its options, not the mpirun path
        cmd.addAll(List.of("--", "bench", "put", "s3://" + BUCKET + "/" + data, "-n", "5", "--size", "8KiB", "--keep",
                "--results", results));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        s3(pb.environment());
        Mpi.environment(pb.environment());
        pb.environment().put("RF_LAUNCHER", CliLauncher.executable().toString());
        String out = run(pb, 300, 0);
        assertThat(out).contains("rank 0 of 3 (Open MPI)").contains("3 of 3 workers ok (complete)");
        assertThat(count(data)).isEqualTo(15);
        // without --results it says what is missing and runs nothing
        String refused = run(new ProcessBuilder("deploy/mpirun.sh", "-np", "2", "--", "bench", "put", "s3://" + BUCKET + "/x/"), 30, 2);
        assertThat(refused).contains("add --results URI");
    }

    @Test
    void theManifestGivesEachPodItsRankAndTheCliAcceptsItsArgs() throws Exception {
        JsonNode job = new YAMLMapper().readTree(Path.of("deploy/k8s/indexed-job.yaml").toFile());
        JsonNode spec = job.path("spec");
        assertThat(spec.path("completionMode").asText()).isEqualTo("Indexed");
        int completions = spec.path("completions").asInt();
        assertThat(spec.path("parallelism").asInt()).isEqualTo(completions);
        JsonNode c = spec.path("template").path("spec").path("containers").get(0);
        Map<String, String> env = new HashMap<>();
        for (JsonNode e : c.path("env")) {
            String name = e.path("name").asText();
            if (e.has("valueFrom")) {
                assertThat(e.path("valueFrom").path("secretKeyRef").path("name").asText()).isEqualTo("rangefinder-credentials");
                env.put(name, "from-secret");
            } else {
                assertThat(name).as("a secret written as a value").doesNotContain("SECRET").doesNotContain("KEY").doesNotContain("TOKEN");
                env.put(name, e.path("value").asText());
            }
        }
        assertThat(env).containsKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
        assertThat(env.get(WorldInfo.WORLD_SIZE_VARIABLE)).isEqualTo(Integer.toString(completions));
        List<String> args = new ArrayList<>();
        c.path("args").forEach(a -> args.add(a.asText()));
        assertThat(args).contains("--results");
        // what each pod learns: Kubernetes sets JOB_COMPLETION_INDEX 0..completions-1
        for (int i = 0; i < completions; i++) {
            Map<String, String> pod = new HashMap<>(env);
            pod.put("JOB_COMPLETION_INDEX", Integer.toString(i));
            assertThat(WorldInfo.detect(pod, null, null)).isEqualTo(new WorldInfo(i, completions, "Kubernetes Indexed Job"));
        }
        // the CLI parses the args as given (a typo in an option would fail here, not in the cluster)
        CommandLine cli = new CommandLine(new RangefinderCli());
        RangefinderCli.addSubcommands(cli, args.toArray(String[]::new));
        CommandLine.ParseResult parsed = cli.parseArgs(args.toArray(String[]::new));
        assertThat(parsed.subcommand().subcommand().commandSpec().name()).isEqualTo(args.get(1));
    }

    @Test
    void theDockerfileCopiesWhatTheRepositoryHasAndRunsTheCli() throws Exception {
        String dockerfile = Files.readString(Path.of("deploy/Dockerfile"));
        Matcher m = Pattern.compile("(?m)^COPY (?!--from)(.+) \\S+$").matcher(dockerfile);
        int copies = 0;
        while (m.find()) {
            for (String src : m.group(1).trim().split("\\s+")) {
                assertThat(Path.of(src)).as("COPY %s", src).exists();
                copies++;
            }
        }
        assertThat(copies).isGreaterThanOrEqualTo(4);
        assertThat(dockerfile).contains("io.rangefinder.cli.CliMain").contains("ENTRYPOINT");
        Class.forName("io.rangefinder.cli.CliMain");
        assertThat(Files.readString(Path.of(".dockerignore"))).contains("target/");
    }
}
