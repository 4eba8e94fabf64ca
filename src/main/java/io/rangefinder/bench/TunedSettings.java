package io.rangefinder.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.rangefinder.engine.RangeEngineConfig;
import io.rangefinder.storage.config.ConfigDir;
import io.rangefinder.storage.config.ConnectionProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Settings a tuner found and the user applied, per connection: {@code tuned.json} in the config
 * folder. Downloads, uploads and benchmark runs on that connection start from them unless told
 * otherwise (a command-line flag, a slider); a reset returns the connection to the defaults.
 *
 * <p>A connection is its kind, endpoint and identity (AWS profile, Azure account, GCS project), so
 * the CLI and the app find the same entry for the same store. No secret is part of a key or an entry.
 * The file is small and rewritten whole (atomically) on each change; every read goes to the file, so
 * the CLI and a running app see each other's changes.
 */
public final class TunedSettings {

    public static final String FILE = "tuned.json";

    /** Ranges in flight of a range download ({@code get}, the explorer's downloads, range runs). */
    public static final String RANGE_CONCURRENCY = "range.concurrency";
    /** Bytes per range request, in MiB (a range download's chunk size). */
    public static final String RANGE_CHUNK_SIZE_MIB = "range.chunkSizeMiB";
    /** Fetches in flight of a data loader. */
    public static final String LOADER_CONCURRENCY = "loader.concurrency";
    /** Batches a data loader queues ahead. */
    public static final String LOADER_PREFETCH = "loader.prefetch";
    /** Parts in flight of one multipart upload ({@code put}, the explorer's uploads, put runs). */
    public static final String PUT_PARTS_IN_FLIGHT = "put.partsInFlight";
    /** Objects uploaded at once. */
    public static final String PUT_OBJECTS_IN_FLIGHT = "put.objectsInFlight";

    /**
     * One applied setting.
     *
     * @param value    the setting
     * @param mbPerSec what the tuner measured at it
     * @param reason   the tuner's reason, as it printed it
     * @param uri      the object or prefix it was tuned on (no query string)
     * @param tunedAt  when it was applied (ISO-8601)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(int value, double mbPerSec, String reason, String uri, String tunedAt) {
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final TypeReference<TreeMap<String, TreeMap<String, Entry>>> TYPE = new TypeReference<>() {
    };

    private final Path file;

    private TunedSettings(Path file) {
        this.file = file;
    }

    /** The user's file, in {@link ConfigDir}. */
    public static TunedSettings open() {
        return at(ConfigDir.resolve().resolve(FILE));
    }

    public static TunedSettings at(Path file) {
        return new TunedSettings(file);
    }

    public Path file() {
        return file;
    }

    /** The key of a connection: kind, endpoint (or "default") and identity; never a secret. */
    public static String connectionKey(ConnectionProfile p) {
        ConnectionProfile.Kind kind = p.kind() == null ? ConnectionProfile.Kind.S3 : p.kind();
        String endpoint = p.endpoint() == null || p.endpoint().isBlank() ? "default" : stripSlash(p.endpoint().strip());
        String who = switch (kind) {
            case S3 -> p.awsProfile();
            case AZURE -> p.azureAccount();
            case GCS -> p.projectId();
            case FILE -> null;
        };
        return kind.name().toLowerCase(Locale.ROOT) + " " + (kind == ConnectionProfile.Kind.FILE ? "local" : endpoint)
                + (who == null || who.isBlank() ? "" : " " + who);
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** The settings applied to a connection, by name; empty when none. */
    public Map<String, Entry> forConnection(String key) {
        Map<String, Entry> m = read().get(key);
        return m == null ? Map.of() : Map.copyOf(m);
    }

    /** One applied setting of a connection. */
    public OptionalInt value(String key, String setting) {
        Entry e = forConnection(key).get(setting);
        return e == null ? OptionalInt.empty() : OptionalInt.of(e.value());
    }

    /** Every connection with applied settings. */
    public Map<String, Map<String, Entry>> all() {
        Map<String, Map<String, Entry>> out = new LinkedHashMap<>();
        read().forEach((k, v) -> out.put(k, Map.copyOf(v)));
        return out;
    }

    /** Stores the pick of a tuning search for a connection: {@code setting} takes its recommended value. */
    public Entry apply(String key, String setting, Tuner.Result result, String uri) {
        if (result.recommended() == null) {
            throw new IllegalArgumentException("the search measured nothing, so there is nothing to apply");
        }
        Entry e = new Entry(result.recommended(), result.recommendedMbPerSec(), result.reason(),
                RunStore.stripQuery(uri), Instant.now().toString());
        put(key, setting, e);
        return e;
    }

    public synchronized void put(String key, String setting, Entry entry) {
        TreeMap<String, TreeMap<String, Entry>> all = read();
        all.computeIfAbsent(key, k -> new TreeMap<>()).put(setting, entry);
        write(all);
    }

    /** Returns a connection to the defaults; true when it had applied settings. */
    public synchronized boolean reset(String key) {
        TreeMap<String, TreeMap<String, Entry>> all = read();
        boolean had = all.remove(key) != null;
        if (had) {
            write(all);
        }
        return had;
    }

    /** A range engine config with the connection's tuned concurrency and chunk size, where it has them. */
    public RangeEngineConfig applyTo(String key, RangeEngineConfig config) {
        Map<String, Entry> m = forConnection(key);
        RangeEngineConfig out = config;
        if (m.get(RANGE_CONCURRENCY) != null) {
            out = out.withMaxConcurrentRanges(m.get(RANGE_CONCURRENCY).value());
        }
        if (m.get(RANGE_CHUNK_SIZE_MIB) != null) {
            out = out.withChunkSize((long) m.get(RANGE_CHUNK_SIZE_MIB).value() << 20);
        }
        return out;
    }

    private TreeMap<String, TreeMap<String, Entry>> read() {
        try {
            TreeMap<String, TreeMap<String, Entry>> m = JSON.readValue(Files.readAllBytes(file), TYPE);
            return m == null ? new TreeMap<>() : m;
        } catch (NoSuchFileException e) {
            return new TreeMap<>();
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            // a damaged file must not stop downloads; the defaults apply and the next apply rewrites it
            System.getLogger(TunedSettings.class.getName()).log(System.Logger.Level.WARNING,
                    "ignoring unreadable " + file + ": " + e.getOriginalMessage());
            return new TreeMap<>();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tuned settings " + file + ": " + e.getMessage(), e);
        }
    }

    private void write(Map<String, ? extends Map<String, Entry>> all) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, ".tuned", ".tmp");
            try {
                Files.write(tmp, JSON.writeValueAsBytes(all));
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save tuned settings to " + file + ": " + e.getMessage(), e);
        }
    }
}
