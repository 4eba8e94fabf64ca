package io.rangefinder.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.rangefinder.storage.config.ConfigDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Saved benchmark runs: one JSON file per {@link BenchResult} in a folder (by default
 * {@code <config dir>/runs}). Reads what the CLI's {@code --json} writes, so a CLI result can be
 * imported as it is. Also writes the JSON and CSV exports. Nothing secret is stored: query strings
 * (SAS tokens, presigned parameters) are cut from every URI before it is written.
 */
public final class RunStore {

    /** Moves the config folder (tests always point it at a temp dir). */
    public static final String CONFIG_DIR_PROPERTY = ConfigDir.PROPERTY;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            // Results from newer versions may carry fields this one does not know yet.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final String CSV_HEADER = "t,mbPerSec,opsPerSec,inFlight,limit,queueDepth,queueCapacity,p50Ms,p99Ms,consumerWait";

    private final Path dir;

    public RunStore(Path dir) {
        this.dir = dir;
    }

    /** The runs folder under the user's config folder (see {@link #configDir()}). */
    public static RunStore inConfigDir() {
        return new RunStore(configDir().resolve("runs"));
    }

    /** The user's config folder, shared with the explorer's settings and connections. */
    public static Path configDir() {
        return ConfigDir.resolve();
    }

    public Path dir() {
        return dir;
    }

    /** A saved run and the file it lives in. */
    public record Entry(Path file, BenchResult result) {
    }

    /** Saves a run under a new file name (start time and kind) and returns the file. */
    public Path save(BenchResult result) {
        BenchResult clean = sanitise(result);
        try {
            Files.createDirectories(dir);
            String stamp = clean.startedAt() == null ? "unknown" : clean.startedAt().replaceAll("[^0-9A-Za-z]", "");
            String base = stamp + "-" + (clean.kind() == null ? "run" : clean.kind().replaceAll("[^0-9A-Za-z]", ""));
            Path target = dir.resolve(base + ".json");
            for (int i = 2; Files.exists(target); i++) {
                target = dir.resolve(base + "-" + i + ".json");
            }
            writeAtomically(target, toJson(clean));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("could not save the run into " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Every readable run, newest first; files that are not results are skipped. */
    public List<Entry> list() {
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                try {
                    out.add(new Entry(f, load(f)));
                } catch (UncheckedIOException | IllegalArgumentException e) {
                    // a half-written or foreign file is not a run
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not list runs in " + dir + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing((Entry e) -> e.result().startedAt() == null ? "" : e.result().startedAt())
                .reversed());
        return out;
    }

    public BenchResult load(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Copies a result file (e.g. from {@code rangefinder bench ... -o FILE}) into this store; returns the copy. */
    public Path importFile(Path source) {
        return save(load(source));
    }

    public void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a result; throws {@link IllegalArgumentException} when the text is not one. */
    public static BenchResult parse(String json) {
        try {
            BenchResult r = MAPPER.readValue(json, BenchResult.class);
            if (r == null || r.kind() == null) {
                throw new IllegalArgumentException("not a Rangefinder benchmark result (no \"kind\")");
            }
            return r;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a Rangefinder benchmark result: " + e.getOriginalMessage(), e);
        }
    }

    public static String toJson(BenchResult result) {
        try {
            return MAPPER.writeValueAsString(sanitise(result));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** The time series as CSV: a header and one row per sample. */
    public static String toCsv(BenchResult result) {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
        if (result.series() != null) {
            for (BenchResult.Sample s : result.series()) {
                sb.append(String.format(Locale.ROOT, "%.3f,%.3f,%.3f,%d,%d,%d,%d,%.3f,%.3f,%.4f%n", s.t(), s.mbPerSec(),
                        s.opsPerSec(), s.inFlight(), s.limit(), s.queueDepth(), s.queueCapacity(), s.p50Ms(), s.p99Ms(),
                        s.consumerWait()));
            }
        }
        return sb.toString();
    }

    public static void writeJson(BenchResult result, Path target) {
        write(target, toJson(result));
    }

    public static void writeCsv(BenchResult result, Path target) {
        write(target, toCsv(result));
    }

    private static void write(Path target, String text) {
        try {
            Path parent = target.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            writeAtomically(target, text);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + target + ": " + e.getMessage(), e);
        }
    }

    // Through a temp file, so a crash never leaves half a result behind for list() to trip on.
    private static void writeAtomically(Path target, String text) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path partial = Files.createTempFile(dir, ".partial", ".tmp");
        try {
            Files.writeString(partial, text, StandardCharsets.UTF_8);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** The same result with query strings and fragments cut from its URI and from every string setting. */
    public static BenchResult sanitise(BenchResult r) {
        Map<String, Object> settings = null;
        if (r.settings() != null) {
            settings = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : r.settings().entrySet()) {
                settings.put(e.getKey(), e.getValue() instanceof String s ? stripQuery(s) : e.getValue());
            }
        }
        return new BenchResult(r.kind(), stripQuery(r.uri()), r.startedAt(), r.version(), r.cores(), r.bytes(),
                r.objects(), r.seconds(), r.mbPerSec(), r.opsPerSec(), r.concurrency(), r.latencyMs(), r.retries(),
                r.errors(), r.status(), settings, r.repeats(), r.series(), r.marks(), r.schemaVersion(), r.operations(), r.workers(),
                r.tuning());
    }

    static String stripQuery(String s) {
        if (s == null || !s.contains("://")) {
            return s;
        }
        int cut = s.length();
        int q = s.indexOf('?');
        int h = s.indexOf('#');
        if (q >= 0) {
            cut = Math.min(cut, q);
        }
        if (h >= 0) {
            cut = Math.min(cut, h);
        }
        return s.substring(0, cut);
    }
}
