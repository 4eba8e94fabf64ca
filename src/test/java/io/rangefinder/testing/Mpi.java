package io.rangefinder.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Open MPI's {@code mpirun} for the cluster tests: installed from Debian when missing and the
 * tests run as root (as CI does), else the tests fail saying what to install. They never skip.
 */
public final class Mpi {

    private static final Path MPIRUN = Path.of("/usr/bin/mpirun");
    private static volatile boolean checked;

    private Mpi() {
    }

    /** Makes sure mpirun is there, or fails the test with the install line. */
    public static synchronized void require() {
        if (checked) {
            return;
        }
        if (!Files.isExecutable(MPIRUN) && "root".equals(System.getProperty("user.name"))) {
            install();
        }
        if (!Files.isExecutable(MPIRUN)) {
            throw new AssertionError("mpirun is missing: install Open MPI (apt-get install openmpi-bin) to run the cluster tests");
        }
        checked = true;
    }

    private static void install() {
        try {
            Process p = new ProcessBuilder("bash", "-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive "
                    + "apt-get install -y -qq --no-install-recommends openmpi-bin").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor(15, TimeUnit.MINUTES);
        } catch (Exception e) {
            // said by require()'s message
        }
    }

    /**
     * {@code mpirun -np N} for one machine: as many ranks as asked whatever the cores
     * (--oversubscribe), no binding to cores, TCP over loopback only (no HPC network here).
     */
    public static List<String> mpirunCommand(int np) {
        require();
        return List.of(MPIRUN.toString(), "--oversubscribe", "--bind-to", "none", "--mca", "btl", "self,tcp",
                "--mca", "btl_tcp_if_include", "lo", "--mca", "oob_tcp_if_include", "lo", "-np", Integer.toString(np));
    }

    /** What mpirun needs in its environment in a container run as root. */
    public static void environment(Map<String, String> env) {
        env.put("OMPI_ALLOW_RUN_AS_ROOT", "1");
        env.put("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1");
    }
}
