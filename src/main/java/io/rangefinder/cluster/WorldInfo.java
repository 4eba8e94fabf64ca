package io.rangefinder.cluster;

import java.util.Locale;
import java.util.Map;

/**
 * Which worker this process is, and how many there are: from the launcher that started it
 * (Open MPI, MPICH/Hydra, Slurm, a Kubernetes Indexed Job) or from {@code --rank/--world}. There
 * is no coordinator of our own: the launcher numbers the workers and the store is where they meet.
 *
 * @param rank     0 .. world-1
 * @param world    how many workers run
 * @param launcher who said so ("Open MPI", "Slurm", ..., "--rank/--world", or "none" when alone)
 */
public record WorldInfo(int rank, int world, String launcher) {

    /** Kubernetes gives the index but not the count: the manifest passes it here (or --world). */
    public static final String WORLD_SIZE_VARIABLE = "RF_WORLD_SIZE";

    public WorldInfo {
        if (world < 1) {
            throw new IllegalArgumentException("the world size must be at least 1, not " + world);
        }
        if (rank < 0 || rank >= world) {
            throw new IllegalArgumentException("rank " + rank + " is outside a world of " + world + " (ranks are 0 to " + (world - 1) + ")");
        }
    }

    public static WorldInfo alone() {
        return new WorldInfo(0, 1, "none");
    }

    /**
     * Works out rank and world: the flags win (one flag alone takes the other number from the
     * launcher), then Open MPI, MPICH (PMI), Slurm, a Kubernetes Indexed Job; alone otherwise.
     *
     * @throws IllegalArgumentException with one line naming the variable or flag at fault
     */
    public static WorldInfo detect(Map<String, String> env, Integer rankFlag, Integer worldFlag) {
        Launched l = fromLauncher(env, worldFlag);
        if (rankFlag == null && worldFlag == null) {
            return l == null ? alone() : l.info();
        }
        if (rankFlag != null && worldFlag != null) {
            return checked(rankFlag, worldFlag, "--rank/--world", "--rank " + rankFlag + " --world " + worldFlag);
        }
        if (l == null) {
            throw new IllegalArgumentException(rankFlag != null
                    ? "--rank needs --world too (no launcher here says how many workers there are)"
                    : "--world needs --rank too (no launcher here says which worker this is)");
        }
        if (rankFlag == null && l.info().world() == worldFlag) {
            return l.info(); // a Kubernetes Indexed Job given its size by --world, or a flag that agrees
        }
        int rank = rankFlag != null ? rankFlag : l.info().rank();
        int world = worldFlag != null ? worldFlag : l.info().world();
        return checked(rank, world, l.info().launcher() + " and flags", "rank " + rank + ", world " + world);
    }

    private record Launched(WorldInfo info) {
    }

    private static Launched fromLauncher(Map<String, String> env, Integer worldFlag) {
        if (has(env, "OMPI_COMM_WORLD_RANK")) {
            return pair(env, "OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE", "Open MPI");
        }
        if (has(env, "PMI_RANK")) {
            return pair(env, "PMI_RANK", "PMI_SIZE", "MPICH (PMI)");
        }
        if (has(env, "PMIX_RANK") && has(env, "OMPI_COMM_WORLD_SIZE")) {
            return pair(env, "PMIX_RANK", "OMPI_COMM_WORLD_SIZE", "PMIx");
        }
        if (has(env, "SLURM_PROCID") && (has(env, "SLURM_NTASKS") || has(env, "SLURM_NPROCS")) && has(env, "SLURM_STEP_ID")) {
            // a task of srun (a job step); a plain sbatch shell has SLURM_PROCID=0 but is not one of the workers
            return pair(env, "SLURM_PROCID", has(env, "SLURM_NTASKS") ? "SLURM_NTASKS" : "SLURM_NPROCS", "Slurm");
        }
        if (has(env, "JOB_COMPLETION_INDEX")) {
            int rank = number(env, "JOB_COMPLETION_INDEX");
            int world;
            if (worldFlag != null) {
                world = worldFlag;
            } else if (has(env, WORLD_SIZE_VARIABLE)) {
                world = number(env, WORLD_SIZE_VARIABLE);
            } else {
                throw new IllegalArgumentException("JOB_COMPLETION_INDEX is " + rank + " (a Kubernetes Indexed Job) but nothing says how many"
                        + " workers there are: set " + WORLD_SIZE_VARIABLE + " to the Job's completions, or pass --world");
            }
            return new Launched(checked(rank, world, "Kubernetes Indexed Job", "JOB_COMPLETION_INDEX=" + rank + ", world " + world));
        }
        return null;
    }

    private static Launched pair(Map<String, String> env, String rankVar, String sizeVar, String launcher) {
        if (!has(env, sizeVar)) {
            throw new IllegalArgumentException(rankVar + " is set but " + sizeVar + " is not: cannot tell how many workers " + launcher + " started");
        }
        int rank = number(env, rankVar);
        int world = number(env, sizeVar);
        return new Launched(checked(rank, world, launcher, rankVar + "=" + rank + ", " + sizeVar + "=" + world));
    }

    private static WorldInfo checked(int rank, int world, String launcher, String said) {
        if (world < 1) {
            throw new IllegalArgumentException(said + ": the world size must be at least 1");
        }
        if (rank < 0 || rank >= world) {
            throw new IllegalArgumentException(said + ": the rank must be from 0 to " + (world - 1));
        }
        return new WorldInfo(rank, world, launcher);
    }

    private static boolean has(Map<String, String> env, String name) {
        String v = env.get(name);
        return v != null && !v.isBlank();
    }

    private static int number(Map<String, String> env, String name) {
        String v = env.get(name).strip();
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "='" + v + "' is not a whole number");
        }
    }

    /** One of several (world &gt; 1). */
    public boolean single() {
        return world == 1;
    }

    /** "rank 2 of 4 (Open MPI)"; "one worker" when alone. */
    public String describe() {
        if (single() && launcher.equals("none")) {
            return "one worker";
        }
        return String.format(Locale.ROOT, "rank %d of %d (%s)", rank, world, launcher);
    }
}
