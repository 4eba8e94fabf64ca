package io.rangefinder.app.lab;

import static io.rangefinder.app.lab.LabFx.fx;
import static io.rangefinder.app.lab.LabFx.fxRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rangefinder.bench.BenchResult;
import io.rangefinder.bench.RunStore;
import io.rangefinder.cluster.ClusterJob;
import io.rangefinder.cluster.Merge;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.StorageException;
import io.rangefinder.storage.StoreFactory;
import io.rangefinder.storage.config.ConnectionProfile;
import io.rangefinder.testing.CliLauncher;
import io.rangefinder.testing.S3ProxyServer;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The lab's Cluster tab with four real worker processes on S3Proxy: it follows their results
 * prefix while they run (a thin line per worker under the total, the workers' table), saves the
 * merged run in Runs when they are done, and turns the lab's settings into a cluster job.
 */
@ExtendWith(ApplicationExtension.class)
class LabClusterWindowTest {

    private static final String BUCKET = "lab-cluster";
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    static Path shared;

    private static ConnectionProfile profile;

    private Stage stage;
    private LabView view;
    private LabViewModel model;
    private final List<Process> workers = new ArrayList<>();

    @BeforeAll
    static void bucket() {
        profile = S3ProxyServer.get().profile();
        try (ObjectStore store = StoreFactory.open(ObjectUri.parse("s3://" + BUCKET + "/"), profile)) {
            try {
                store.createContainer(BUCKET);
            } catch (StorageException e) {
                // there from an earlier class in this JVM
            }
        }
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        model = new LabViewModel(uri -> StoreFactory.open(uri, profile), new RunStore(shared.resolve("runs")));
        view = new LabView(model);
        LabFx.show(stage, view);
    }

    @AfterEach
    void stop() throws Exception {
        workers.forEach(Process::destroyForcibly);
        fxRun(() -> view.close());
    }

    private void startWorkers(String data, String results, int world) throws Exception {
        for (int r = 0; r < world; r++) {
            List<String> cmd = new ArrayList<>(CliLauncher.command());
            // a put of 60 objects at 14, 11, 8 and 5 a second: steady lines of their own, the last a straggler
            cmd.addAll(List.of("bench", "put", "s3://" + BUCKET + "/" + data, "-n", "60", "--size", "64KiB",
                    "--rate", Integer.toString(14 - 3 * r), "--rank", Integer.toString(r), "--world", Integer.toString(world),
                    "--results", results));
            ProcessBuilder pb = new ProcessBuilder(cmd);
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("OMPI_") || k.startsWith("SLURM_"));
            env.put("AWS_ACCESS_KEY_ID", S3ProxyServer.get().identity());
            env.put("AWS_SECRET_ACCESS_KEY", S3ProxyServer.get().credential());
            env.put("AWS_REGION", "us-east-1");
            env.put("AWS_ENDPOINT_URL", S3ProxyServer.get().endpoint());
            workers.add(pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        }
    }

    private LineChart<?, ?> chart(String id) {
        return (LineChart<?, ?>) view.node().lookup(id);
    }

    @SuppressWarnings("unchecked")
    private TableView<Merge.Worker> table() {
        return (TableView<Merge.Worker>) view.node().lookup("#lab-cluster-workers");
    }

    @Test
    void followsALiveFourWorkerRunThenSavesTheMergedRunInRuns(FxRobot robot) throws Exception {
        String results = "s3://" + BUCKET + "/results-" + Long.toString(System.nanoTime(), 36) + "/";
        startWorkers("data-" + Long.toString(System.nanoTime(), 36) + "/", results, 4);
        robot.clickOn("#lab-cluster-tab");
        fxRun(() -> ((TextField) view.node().lookup("#lab-cluster-uri")).setText(results));
        robot.clickOn("#lab-cluster-follow");
        assertThat(fx(() -> view.follower().followingProperty().get())).isTrue();
        // while they run: the total and a thin line per worker, the table with every rank, some running
        await().atMost(WAIT).until(() -> fx(() -> chart("#lab-cluster-mb-chart").getData().size() == 5
                && table().getItems().size() == 4
                && table().getItems().stream().filter(w -> ClusterFollower.running(w, java.time.Instant.now())).count() >= 3
                && chart("#lab-cluster-mb-chart").getData().getFirst().getData().size() >= 4));
        assertThat(fx(() -> ((Label) view.node().lookup("#lab-cluster-summary")).getText()))
                .startsWith("Following 4 workers: ").contains("running").contains("in the last second");
        assertThat(fx(() -> chart("#lab-cluster-mb-chart").getData().stream().skip(1).map(s -> s.getName()).toList()))
                .containsExactly("rank 0", "rank 1", "rank 2", "rank 3");
        assertThat(fx(() -> chart("#lab-cluster-mb-chart").getData().get(1).getNode().getStyleClass())).contains("worker-line");
        LabFx.screenshot(stage, "lab-cluster-live.png");

        // done: every worker ok, following stops by itself, the merged run is in Runs
        await().atMost(WAIT).until(() -> fx(() -> !view.follower().followingProperty().get()));
        String summary = fx(() -> ((Label) view.node().lookup("#lab-cluster-summary")).getText());
        assertThat(summary).contains("4 of 4 workers ok (complete)").contains("saved in Runs");
        assertThat(fx(() -> table().getItems().stream().map(Merge.Worker::state).toList())).containsOnly("ok");
        assertThat(fx(() -> table().getItems().get(3).straggler())).as("the slow last worker").isTrue();
        for (Process p : workers) {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        }
        await().atMost(WAIT).until(() -> fx(() -> model.runs().stream().anyMatch(e -> e.result().workers() != null)));
        BenchResult merged = fx(() -> model.runs().stream().filter(e -> e.result().workers() != null).findFirst().orElseThrow().result());
        assertThat(merged.objects()).isEqualTo(240);
        assertThat(merged.settings()).containsEntry("world", 4);

        // opened in Runs like any other run: the total and a thin line per worker
        robot.clickOn("#lab-runs-tab");
        fxRun(() -> {
            TableView<?> runs = (TableView<?>) view.node().lookup("#lab-runs-table");
            runs.getSelectionModel().clearSelection();
            for (int i = 0; i < runs.getItems().size(); i++) {
                if (((RunStore.Entry) runs.getItems().get(i)).result().workers() != null) {
                    runs.getSelectionModel().select(i);
                }
            }
        });
        assertThat(fx(() -> chart("#lab-compare-chart").getData().size())).isEqualTo(5);
    }

    @Test
    void theLabsSettingsBecomeAClusterJobThatCanBeFollowed(FxRobot robot) throws Exception {
        robot.clickOn("#lab-kind-put");
        fxRun(() -> {
            model.uriProperty().set("s3://" + BUCKET + "/bench/");
            model.putCountProperty().set(500);
            model.concurrencyProperty().set(8);
        });
        robot.clickOn("#lab-cluster-tab");
        robot.clickOn("#lab-cluster-job");
        Window dialog = await().atMost(WAIT).until(() -> fx(() -> Window.getWindows().stream()
                .filter(w -> w instanceof ClusterJobDialog).findFirst().orElse(null)), w -> w != null);
        ClusterJobDialog d = (ClusterJobDialog) dialog;
        String mpirun = fx(() -> d.mpirun.getText());
        assertThat(mpirun).startsWith("mpirun -np 4 ").contains("rangefinder bench put s3://" + BUCKET + "/bench/ -n 500")
                .contains("-c 8").contains("--results s3://" + BUCKET + "/rangefinder-results/put-")
                .doesNotContain(S3ProxyServer.get().credential());
        fxRun(() -> d.workers.getValueFactory().setValue(16));
        assertThat(fx(() -> d.sbatch.getText())).contains("#SBATCH --ntasks=16");
        assertThat(fx(() -> d.kubernetes.getText())).contains("completions: 16").contains("RF_WORLD_SIZE");
        // a results URI the job cannot use is said at once, and nothing can be copied from it
        fxRun(() -> d.results.setText("nope://x"));
        assertThat(fx(() -> d.message.getText())).isNotBlank();
        assertThat(fx(() -> d.copy.isDisabled())).isTrue();
        String results = "s3://" + BUCKET + "/rangefinder-results/followed/";
        fxRun(() -> d.results.setText(results));
        assertThat(fx(() -> d.job()).results()).isEqualTo(results);
        LabFx.screenshot(d, "lab-cluster-job.png");
        fxRun(() -> d.follow.fire());
        assertThat(fx(() -> view.tabs().getSelectionModel().getSelectedItem().getId())).isEqualTo("lab-cluster-tab");
        assertThat(fx(() -> ((TextField) view.node().lookup("#lab-cluster-uri")).getText())).isEqualTo(results);
        assertThat(fx(() -> view.follower().followingProperty().get())).isTrue();
        // nothing there yet: it waits, saying so, until stopped
        await().atMost(WAIT).until(() -> fx(() -> ((Label) view.node().lookup("#lab-cluster-summary")).getText()),
                t -> t.startsWith("Waiting for the workers' results"));
        robot.clickOn("#lab-cluster-stop");
        assertThat(fx(() -> view.follower().followingProperty().get())).isFalse();
        assertThat(ClusterJob.DEFAULT_IMAGE).isNotBlank();
        assertThat(fx(() -> ((TextArea) d.getScene().lookup("#cluster-job-k8s")).getText())).doesNotContain(S3ProxyServer.get().credential());
    }
}
