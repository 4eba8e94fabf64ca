package io.rangefinder.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.config.ConnectionProfile;
import io.rangefinder.storage.config.Secret;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The job texts themselves: the manifest as Kubernetes reads it, the scripts as bash reads them, no secret in any. */
class ClusterJobTest {

    private static final List<String> PUT = List.of("bench", "put", "s3://bucket/data/", "-n", "100", "--size", "uniform(4KiB,1MiB)");

    private static ConnectionProfile s3WithSecrets() {
        return ConnectionProfile.builder(ConnectionProfile.Kind.S3).name("lab-s3").endpoint("http://10.0.0.5:9000")
                .region("eu-west-1").accessKeyId("AKIDEXAMPLE").secretAccessKey(Secret.of("wJalrXUtnFEMI-very-secret"))
                .sessionToken(Secret.of("session-token-secret")).build();
    }

    @Test
    void theManifestIsAnIndexedJobWithTheWorldSizeAndSecretsFromASecret() throws Exception {
        ClusterJob job = ClusterJob.of(PUT, 6, "s3://bucket/results/run 1/", ObjectUri.Scheme.S3, s3WithSecrets());
        JsonNode y = new YAMLMapper().readTree(job.kubernetes());
        assertThat(y.path("kind").asText()).isEqualTo("Job");
        JsonNode spec = y.path("spec");
        assertThat(spec.path("completionMode").asText()).isEqualTo("Indexed");
        assertThat(spec.path("completions").asInt()).isEqualTo(6);
        assertThat(spec.path("parallelism").asInt()).isEqualTo(6);
        JsonNode c = spec.path("template").path("spec").path("containers").get(0);
        List<String> args = new ArrayList<>();
        c.path("args").forEach(a -> args.add(a.asText()));
        // the command exactly, the odd characters surviving YAML, then the results
        assertThat(args).containsExactly("bench", "put", "s3://bucket/data/", "-n", "100", "--size", "uniform(4KiB,1MiB)",
                "--results", "s3://bucket/results/run 1/");
        String world = null;
        List<String> fromSecret = new ArrayList<>();
        for (JsonNode e : c.path("env")) {
            if (e.path("name").asText().equals("RF_WORLD_SIZE")) {
                world = e.path("value").asText();
            }
            if (e.has("valueFrom")) {
                assertThat(e.path("valueFrom").path("secretKeyRef").path("name").asText()).isEqualTo(ClusterJob.SECRET);
                fromSecret.add(e.path("name").asText());
            }
            if (e.path("name").asText().equals("AWS_ENDPOINT_URL")) {
                assertThat(e.path("value").asText()).isEqualTo("http://10.0.0.5:9000");
            }
        }
        assertThat(world).isEqualTo("6");
        assertThat(fromSecret).containsExactly("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN");
    }

    @Test
    void noSecretReachesAnyOfTheJobs() {
        ClusterJob job = ClusterJob.of(PUT, 4, "s3://bucket/results/", ObjectUri.Scheme.S3, s3WithSecrets());
        for (String text : List.of(job.mpirun(), job.sbatch(), job.kubernetes())) {
            assertThat(text).doesNotContain("wJalrXUtnFEMI").doesNotContain("session-token-secret").doesNotContain("AKIDEXAMPLE");
        }
        assertThat(job.mpirun()).contains("-x AWS_SECRET_ACCESS_KEY").contains("-x AWS_REGION=eu-west-1");
        ConnectionProfile azure = ConnectionProfile.builder(ConnectionProfile.Kind.AZURE).name("az")
                .connectionString(Secret.of("DefaultEndpointsProtocol=http;AccountName=dev;AccountKey=c2VjcmV0LWtleQ==")).build();
        ClusterJob az = ClusterJob.of(List.of("bench", "loader", "az://dev/train/"), 2, "az://dev/results/", ObjectUri.Scheme.AZURE, azure);
        for (String text : List.of(az.mpirun(), az.sbatch(), az.kubernetes())) {
            assertThat(text).doesNotContain("c2VjcmV0LWtleQ").contains("AZURE_STORAGE_CONNECTION_STRING");
        }
    }

    @Test
    void gcsCredentialsAreAFileMountedFromTheSecret() throws Exception {
        ClusterJob job = ClusterJob.of(List.of("bench", "loader", "gs://bkt/train/"), 3, "gs://bkt/results/", ObjectUri.Scheme.GCS, null);
        JsonNode pod = new YAMLMapper().readTree(job.kubernetes()).path("spec").path("template").path("spec");
        assertThat(pod.path("volumes").get(0).path("secret").path("secretName").asText()).isEqualTo(ClusterJob.SECRET);
        JsonNode c = pod.path("containers").get(0);
        assertThat(c.path("volumeMounts").get(0).path("mountPath").asText()).isEqualTo(ClusterJob.SECRET_DIR);
        boolean pointed = false;
        for (JsonNode e : c.path("env")) {
            pointed |= e.path("name").asText().equals("GOOGLE_APPLICATION_CREDENTIALS")
                    && e.path("value").asText().startsWith(ClusterJob.SECRET_DIR + "/");
        }
        assertThat(pointed).isTrue();
    }

    @Test
    void theScriptsAreValidShellAndTheSbatchAsksForOneTaskPerWorker() throws Exception {
        ClusterJob job = ClusterJob.of(List.of("bench", "mixed", "s3://bkt/p/", "--mix", "get=60,put=40", "--size", "lognormal(mean=1MiB,stddev=512KiB)"),
                8, "s3://bkt/results/it's/", ObjectUri.Scheme.S3, null);
        Path dir = Files.createTempDirectory("rf-job");
        Path sbatch = dir.resolve("job.sbatch");
        Path mpirun = dir.resolve("mpirun.sh");
        Files.writeString(sbatch, job.sbatch());
        Files.writeString(mpirun, job.mpirun() + "\n");
        for (Path p : List.of(sbatch, mpirun)) {
            Process check = new ProcessBuilder("bash", "-n", p.toString()).redirectErrorStream(true).start();
            assertThat(check.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(check.exitValue()).as(p + ": " + new String(check.getInputStream().readAllBytes())).isZero();
        }
        assertThat(job.sbatch()).contains("#SBATCH --ntasks=8\n").contains("\nsrun rangefinder bench mixed")
                .contains("\nrangefinder merge 's3://bkt/results/it'\\''s/'\n");
        // the words a shell makes of the mpirun line, as mpirun will see them
        String mpirunWords = job.mpirun().substring(0, job.mpirun().indexOf(" \\\n  ; rangefinder merge"));
        Process words = new ProcessBuilder("bash", "-c", "set -- " + mpirunWords + "; printf '%s\\n' \"$@\"")
                .redirectErrorStream(true).start();
        List<String> parsed = List.of(new String(words.getInputStream().readAllBytes()).split("\n"));
        assertThat(parsed).startsWith("mpirun", "-np", "8").contains("lognormal(mean=1MiB,stddev=512KiB)", "s3://bkt/results/it's/")
                .containsSequence("-x", "AWS_ACCESS_KEY_ID").endsWith("--results", "s3://bkt/results/it's/");
    }

    @Test
    void aJobThatCannotRunIsRefusedWhenItIsMade() {
        assertThatThrownBy(() -> ClusterJob.of(List.of("get", "s3://bkt/k"), 2, "s3://bkt/r/", ObjectUri.Scheme.S3, null))
                .hasMessageContaining("bench");
        assertThatThrownBy(() -> ClusterJob.of(PUT, 0, "s3://bkt/r/", ObjectUri.Scheme.S3, null)).hasMessageContaining("worker");
        assertThatThrownBy(() -> ClusterJob.of(PUT, 2, "nope://bkt/r/", ObjectUri.Scheme.S3, null)).isInstanceOf(RuntimeException.class);
    }
}
