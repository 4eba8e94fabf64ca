package io.rangefinder.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.util.Map;

/** Rank and world from each launcher's environment, the flags over them, and a clear line for every bad value. */
class WorldInfoTest {

    @Test
    void eachLauncherIsRecognisedByItsOwnVariables() {
        assertThat(WorldInfo.detect(Map.of("OMPI_COMM_WORLD_RANK", "2", "OMPI_COMM_WORLD_SIZE", "4"), null, null))
                .isEqualTo(new WorldInfo(2, 4, "Open MPI"));
        assertThat(WorldInfo.detect(Map.of("PMI_RANK", "1", "PMI_SIZE", "3"), null, null))
                .isEqualTo(new WorldInfo(1, 3, "MPICH (PMI)"));
        assertThat(WorldInfo.detect(Map.of("SLURM_PROCID", "5", "SLURM_NTASKS", "8", "SLURM_STEP_ID", "0"), null, null))
                .isEqualTo(new WorldInfo(5, 8, "Slurm"));
        assertThat(WorldInfo.detect(Map.of("JOB_COMPLETION_INDEX", "7", "RF_WORLD_SIZE", "10"), null, null))
                .isEqualTo(new WorldInfo(7, 10, "Kubernetes Indexed Job"));
        assertThat(WorldInfo.detect(Map.of("JOB_COMPLETION_INDEX", "7"), null, 9)).isEqualTo(new WorldInfo(7, 9, "Kubernetes Indexed Job"));
        assertThat(WorldInfo.detect(Map.of("PATH", "/usr/bin"), null, null)).isEqualTo(WorldInfo.alone());
        assertThat(WorldInfo.alone().single()).isTrue();
        assertThat(WorldInfo.alone().describe()).isEqualTo("one worker");
        assertThat(new WorldInfo(2, 4, "Open MPI").describe()).isEqualTo("rank 2 of 4 (Open MPI)");
    }

    @Test
    void anSbatchShellIsNotAWorkerOfItsOwnJob() {
        // the batch script has SLURM_PROCID=0 and SLURM_NTASKS but is no step's task: srun starts the workers
        assertThat(WorldInfo.detect(Map.of("SLURM_PROCID", "0", "SLURM_NTASKS", "4", "SLURM_JOB_ID", "12"), null, null))
                .isEqualTo(WorldInfo.alone());
    }

    @Test
    void flagsWinAndOneFlagTakesTheOtherNumberFromTheLauncher() {
        Map<String, String> mpi = Map.of("OMPI_COMM_WORLD_RANK", "2", "OMPI_COMM_WORLD_SIZE", "4");
        assertThat(WorldInfo.detect(mpi, 1, 2)).isEqualTo(new WorldInfo(1, 2, "--rank/--world"));
        assertThat(WorldInfo.detect(mpi, null, 8)).isEqualTo(new WorldInfo(2, 8, "Open MPI and flags"));
        assertThat(WorldInfo.detect(Map.of(), 0, 1).single()).isTrue();
    }

    @Test
    void badValuesAreRefusedWithOneLineNamingTheCulprit() {
        assertThatThrownBy(() -> WorldInfo.detect(Map.of("OMPI_COMM_WORLD_RANK", "x", "OMPI_COMM_WORLD_SIZE", "4"), null, null))
                .hasMessageContaining("OMPI_COMM_WORLD_RANK='x' is not a whole number");
        assertThatThrownBy(() -> WorldInfo.detect(Map.of("OMPI_COMM_WORLD_RANK", "4", "OMPI_COMM_WORLD_SIZE", "4"), null, null))
                .hasMessageContaining("rank must be from 0 to 3");
        assertThatThrownBy(() -> WorldInfo.detect(Map.of("PMI_RANK", "0"), null, null))
                .hasMessageContaining("PMI_SIZE is not");
        assertThatThrownBy(() -> WorldInfo.detect(Map.of("JOB_COMPLETION_INDEX", "3"), null, null))
                .hasMessageContaining("RF_WORLD_SIZE").hasMessageContaining("--world");
        assertThatThrownBy(() -> WorldInfo.detect(Map.of(), 3, null)).hasMessageContaining("--rank needs --world");
        assertThatThrownBy(() -> WorldInfo.detect(Map.of(), null, 3)).hasMessageContaining("--world needs --rank");
        assertThatThrownBy(() -> WorldInfo.detect(Map.of(), 3, 3)).hasMessageContaining("from 0 to 2");
        assertThatThrownBy(() -> WorldInfo.detect(Map.of(), 0, 0)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> WorldInfo.detect(Map.of(), -1, 2)).hasMessageContaining("from 0 to 1");
    }
}
