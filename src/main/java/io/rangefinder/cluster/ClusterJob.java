package io.rangefinder.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.config.ConnectionProfile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One benchmark as a job for the launchers clusters already have: an Open MPI {@code mpirun}
 * line, a Slurm {@code sbatch} script and a Kubernetes Indexed Job manifest, each running
 * {@code rangefinder ARGS --results RESULTS} on every worker and (mpirun, sbatch) adding the
 * results up with {@code rangefinder merge} at the end.
 *
 * <p>Secrets are never written into the job: they are named, and come from the submitting
 * shell's environment (mpirun {@code -x NAME}, sbatch's exported environment) or from a
 * Kubernetes Secret ({@code secretKeyRef}). Settings that are not secret (region, endpoint) are
 * written as values.
 *
 * @param args       the command each worker runs, after {@code rangefinder} (starts with {@code bench})
 * @param workers    how many workers (ranks)
 * @param results    where the workers meet and write their results (an object-store or file URI)
 * @param plainEnv   environment written into the job as values (nothing secret)
 * @param secretEnv  environment variables the job passes on by name, never by value
 * @param secretFile a variable naming a credentials file (GCS), mounted from the Secret on Kubernetes; or null
 * @param image      the container image for Kubernetes
 */
public record ClusterJob(List<String> args, int workers, String results, Map<String, String> plainEnv,
                         List<String> secretEnv, String secretFile, String image) {

    /** The Kubernetes Secret the manifest takes credentials from. */
    public static final String SECRET = "rangefinder-credentials";
    /** Where the manifest mounts that Secret when a credentials file is needed (GCS). */
    public static final String SECRET_DIR = "/etc/rangefinder";
    /** The image the Dockerfile in deploy/ builds, under the tag deploy/README.md uses. */
    public static final String DEFAULT_IMAGE = "rangefinder:latest";

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");
    private static final ObjectMapper JSON = new ObjectMapper();

    public ClusterJob {
        args = List.copyOf(args);
        if (args.isEmpty() || !args.getFirst().equals("bench")) {
            throw new IllegalArgumentException("a cluster job runs a bench command, not " + args);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("a cluster job needs at least one worker, not " + workers);
        }
        if (args.contains("--results")) {
            throw new IllegalArgumentException("give the results URI to the job, not in its arguments");
        }
        Objects.requireNonNull(results, "results");
        ObjectUri.parse(results); // a bad URI is refused here, not on the cluster
        plainEnv = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(plainEnv));
        secretEnv = List.copyOf(secretEnv);
        image = image == null || image.isBlank() ? DEFAULT_IMAGE : image.strip();
    }

    /**
     * The job for {@code args} on a store reached as {@code scheme}: what a worker needs in its
     * environment, from the picked connection when there is one (its non-secret settings as
     * values, its secrets by name) or the variables the CLI reads for that store.
     */
    public static ClusterJob of(List<String> args, int workers, String results, ObjectUri.Scheme scheme,
                                ConnectionProfile profile) {
        Map<String, String> plain = new LinkedHashMap<>();
        List<String> secrets = new ArrayList<>();
        String file = null;
        switch (scheme) {
            case S3 -> {
                if (profile != null && profile.awsProfile() != null && !profile.awsProfile().isBlank()) {
                    plain.put("AWS_PROFILE", profile.awsProfile()); // the nodes need that profile in their ~/.aws
                } else {
                    secrets.addAll(List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"));
                    if (profile != null && profile.sessionToken() != null) {
                        secrets.add("AWS_SESSION_TOKEN");
                    }
                }
                if (profile != null && profile.region() != null && !profile.region().isBlank()) {
                    plain.put("AWS_REGION", profile.region());
                }
                if (profile != null && profile.endpoint() != null && !profile.endpoint().isBlank()) {
                    plain.put("AWS_ENDPOINT_URL", profile.endpoint());
                }
            }
            case AZURE -> {
                if (profile == null || profile.connectionString() != null) {
                    secrets.add("AZURE_STORAGE_CONNECTION_STRING");
                } else {
                    if (profile.accountName() != null && !profile.accountName().isBlank()) {
                        plain.put("AZURE_STORAGE_ACCOUNT", profile.accountName());
                    }
                    secrets.add(profile.sasToken() != null ? "AZURE_STORAGE_SAS_TOKEN" : "AZURE_STORAGE_KEY");
                }
            }
            case GCS -> {
                if (profile != null && profile.projectId() != null && !profile.projectId().isBlank()) {
                    plain.put("GOOGLE_CLOUD_PROJECT", profile.projectId());
                }
                if (profile != null && profile.endpoint() != null && !profile.endpoint().isBlank()) {
                    plain.put("STORAGE_EMULATOR_HOST", profile.endpoint());
                } else {
                    file = "GOOGLE_APPLICATION_CREDENTIALS";
                }
            }
            case FILE -> {
                // a shared folder (NFS, Lustre): nothing to pass on
            }
        }
        return new ClusterJob(args, workers, results, plain, secrets, file, DEFAULT_IMAGE);
    }

    public ClusterJob withImage(String newImage) {
        return new ClusterJob(args, workers, results, plainEnv, secretEnv, secretFile, newImage);
    }

    /** What every worker runs, as argument words (without the launcher). */
    public List<String> workerCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add("rangefinder");
        cmd.addAll(args);
        cmd.add("--results");
        cmd.add(results);
        return cmd;
    }

    /** An Open MPI command line (MPICH: -genv instead of -x), with the merge after it. */
    public String mpirun() {
        StringBuilder line = new StringBuilder(shell(List.of("mpirun", "-np", Integer.toString(workers), "--hostfile", "hosts")));
        List<String> env = new ArrayList<>();
        for (var e : plainEnv.entrySet()) {
            env.add("-x");
            env.add(e.getKey() + "=" + e.getValue());
        }
        for (String name : secretNames()) {
            env.add("-x");
            env.add(name);
        }
        if (!env.isEmpty()) {
            line.append(" \\\n  ").append(shell(env));
        }
        List<String> cmd = workerCommand();
        line.append(" \\\n  ").append(shell(cmd.subList(0, cmd.size() - 2)));
        line.append(" \\\n  ").append(shell(cmd.subList(cmd.size() - 2, cmd.size())));
        return line + " \\\n  ; rangefinder merge " + quote(results);
    }

    /** A Slurm batch script: one task per worker, then the merge. */
    public String sbatch() {
        StringBuilder s = new StringBuilder();
        s.append("#!/bin/bash\n");
        s.append("#SBATCH --job-name=rangefinder-").append(kind()).append('\n');
        s.append("#SBATCH --ntasks=").append(workers).append('\n');
        s.append("#SBATCH --output=rangefinder-%j.out\n");
        s.append("# Submit with: sbatch this-file.sbatch\n");
        if (!secretNames().isEmpty()) {
            s.append("# Credentials come from the environment sbatch was submitted from (never written here): ")
                    .append(String.join(", ", secretNames())).append('\n');
        }
        s.append("set -u\n");
        for (var e : plainEnv.entrySet()) {
            s.append("export ").append(e.getKey()).append('=').append(quote(e.getValue())).append('\n');
        }
        s.append("srun ").append(shell(workerCommand())).append('\n');
        s.append("ran=$?\n");
        s.append("rangefinder merge ").append(quote(results)).append('\n');
        s.append("merged=$?\n");
        s.append("exit $(( ran != 0 ? ran : merged ))\n");
        return s.toString();
    }

    /** A Kubernetes Indexed Job: the completion index is the rank, RF_WORLD_SIZE the world. */
    public String kubernetes() {
        StringBuilder y = new StringBuilder();
        y.append("# Submit with: kubectl apply -f this-file.yaml   (after: kubectl create secret generic ").append(SECRET);
        y.append(secretNames().isEmpty() && secretFile == null ? ")\n" : " --from-literal=NAME=VALUE ...)\n");
        y.append("# Add the results up afterwards from anywhere: rangefinder merge ").append(results).append('\n');
        y.append("apiVersion: batch/v1\n");
        y.append("kind: Job\n");
        y.append("metadata:\n");
        y.append("  name: ").append(q("rangefinder-" + kind())).append('\n');
        y.append("spec:\n");
        y.append("  completionMode: Indexed\n");
        y.append("  completions: ").append(workers).append('\n');
        y.append("  parallelism: ").append(workers).append('\n');
        y.append("  backoffLimit: 0\n");
        y.append("  template:\n");
        y.append("    spec:\n");
        y.append("      restartPolicy: Never\n");
        y.append("      containers:\n");
        y.append("        - name: rangefinder\n");
        y.append("          image: ").append(q(image)).append('\n');
        y.append("          args:\n");
        List<String> cmd = workerCommand();
        for (String a : cmd.subList(1, cmd.size())) {
            y.append("            - ").append(q(a)).append('\n');
        }
        y.append("          env:\n");
        y.append("            - name: RF_WORLD_SIZE\n");
        y.append("              value: ").append(q(Integer.toString(workers))).append('\n');
        for (var e : plainEnv.entrySet()) {
            y.append("            - name: ").append(q(e.getKey())).append('\n');
            y.append("              value: ").append(q(e.getValue())).append('\n');
        }
        for (String name : secretEnv) {
            y.append("            - name: ").append(q(name)).append('\n');
            y.append("              valueFrom:\n");
            y.append("                secretKeyRef:\n");
            y.append("                  name: ").append(SECRET).append('\n');
            y.append("                  key: ").append(q(name)).append('\n');
        }
        if (secretFile != null) {
            y.append("            - name: ").append(q(secretFile)).append('\n');
            y.append("              value: ").append(q(SECRET_DIR + "/credentials.json")).append('\n');
            y.append("          volumeMounts:\n");
            y.append("            - name: credentials\n");
            y.append("              mountPath: ").append(q(SECRET_DIR)).append('\n');
            y.append("              readOnly: true\n");
            y.append("      volumes:\n");
            y.append("        - name: credentials\n");
            y.append("          secret:\n");
            y.append("            secretName: ").append(SECRET).append('\n');
        }
        return y.toString();
    }

    private List<String> secretNames() {
        List<String> all = new ArrayList<>(secretEnv);
        if (secretFile != null) {
            all.add(secretFile);
        }
        return all;
    }

    private String kind() {
        return args.size() > 1 ? args.get(1).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "") : "bench";
    }

    /** A YAML scalar: JSON's quoting, which YAML reads as it is. */
    private static String q(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** POSIX shell words, each quoted only when it needs to be. */
    static String shell(List<String> words) {
        StringBuilder b = new StringBuilder();
        for (String w : words) {
            if (!b.isEmpty()) {
                b.append(' ');
            }
            b.append(quote(w));
        }
        return b.toString();
    }

    static String quote(String w) {
        if (!w.isEmpty() && SAFE.matcher(w).matches()) {
            return w;
        }
        return "'" + w.replace("'", "'\\''") + "'";
    }
}
