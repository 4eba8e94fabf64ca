package io.rangefinder.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A one-node Slurm cluster on loopback for the cluster tests, started once per JVM by
 * {@code scripts/services/slurm.sh} (which installs slurm-wlm and munge as root when missing) and
 * stopped when the JVM ends. Fails, saying what to install, where it cannot start.
 */
public final class SlurmCluster {

    private static SlurmCluster started;
    private final Path dir;

    private SlurmCluster(Path dir) {
        this.dir = dir;
    }

    public static synchronized SlurmCluster ensureStarted() {
        if (started != null) {
            return started;
        }
        Path script = Path.of("scripts/services/slurm.sh").toAbsolutePath();
        if (!Files.isRegularFile(script)) {
            throw new AssertionError("scripts/services/slurm.sh not found from " + Path.of("").toAbsolutePath());
        }
        Path dir;
        Path log;
        try {
            dir = Files.createDirectories(Path.of("target", "slurm").toAbsolutePath());
            log = dir.resolve("start.log");
            Process p = new ProcessBuilder("bash", "-c", "source \"$0\" && slurm_stop \"$1\"; slurm_start \"$1\"", script.toString(), dir.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(20, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new AssertionError("could not start a one-node Slurm cluster (needs slurm-wlm and munge: apt-get install"
                        + " slurm-wlm munge):\n" + Files.readString(log));
            }
        } catch (IOException e) {
            throw new AssertionError("could not start Slurm: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while starting Slurm");
        }
        SlurmCluster c = new SlurmCluster(dir);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                new ProcessBuilder("bash", "-c", "source \"$0\" && slurm_stop \"$1\"", script.toString(), dir.toString())
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(20, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException e) {
                // the JVM is going away
            }
        }));
        started = c;
        return c;
    }

    /** {@code srun} of {@code ntasks} tasks on the one node, more tasks than cores allowed. */
    public List<String> srunCommand(int ntasks) {
        return List.of("srun", "-N1", "-n", Integer.toString(ntasks), "--overcommit", "--kill-on-bad-exit=0", "--time=10");
    }

    /** What srun and sbatch need to find this cluster. */
    public Map<String, String> environment() {
        return Map.of("SLURM_CONF", dir.resolve("slurm.conf").toString());
    }

    public Path dir() {
        return dir;
    }
}
