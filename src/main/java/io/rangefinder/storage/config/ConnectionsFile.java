package io.rangefinder.storage.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The saved connections: {@code connections.json} holds each profile with its secret fields
 * removed plus the names of the secrets it has; the secret values go to the OS {@link Keychain}
 * when one is available (one entry per connection, marked {@code "secretsIn": "keychain"}), else
 * to {@code secrets.json}, created readable and writable by the owner only. A file that cannot be read is renamed aside
 * ({@code connections.json.corrupt-TIMESTAMP}) and reported, never overwritten.
 */
public final class ConnectionsFile {

    public static final String FILE_NAME = "connections.json";
    public static final String SECRETS_NAME = "secrets.json";
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** The secret fields of a profile, by the name they carry in both files. */
    private enum SecretField {
        secretAccessKey, sessionToken, accountKey, connectionString, sasToken;

        Secret get(ConnectionProfile p) {
            return switch (this) {
                case secretAccessKey -> p.secretAccessKey();
                case sessionToken -> p.sessionToken();
                case accountKey -> p.accountKey();
                case connectionString -> p.connectionString();
                case sasToken -> p.sasToken();
            };
        }

        void set(ConnectionProfile.Builder b, Secret s) {
            switch (this) {
                case secretAccessKey -> b.secretAccessKey(s);
                case sessionToken -> b.sessionToken(s);
                case accountKey -> b.accountKey(s);
                case connectionString -> b.connectionString(s);
                case sasToken -> b.sasToken(s);
            }
        }
    }

    /**
     * What was read.
     *
     * @param problem a sentence for the user when a file could not be read (it was kept aside), else null
     */
    public record Loaded(List<ConnectionProfile> profiles, String problem) {
    }

    static final String IN_KEYCHAIN = "keychain";

    private final Path dir;
    private final Keychain keychain;
    private volatile String secretsNote = "";

    /** Secrets in secrets.json only. */
    public ConnectionsFile(Path dir) {
        this(dir, Keychain.NONE);
    }

    /** Secrets in {@code keychain} while it is available, else in secrets.json. */
    public ConnectionsFile(Path dir, Keychain keychain) {
        this.dir = dir;
        this.keychain = keychain == null ? Keychain.NONE : keychain;
    }

    /** The files in the user's config folder (see {@link ConfigDir}), secrets in the OS keychain where there is one. */
    public static ConnectionsFile inConfigDir() {
        return new ConnectionsFile(ConfigDir.resolve(), OsKeychain.system());
    }

    /** Where the last save put the secrets, for people ("secrets.json: the keychain did not answer"); "" before any. */
    public String secretsNote() {
        return secretsNote;
    }

    public Path file() {
        return dir.resolve(FILE_NAME);
    }

    public Path secretsFile() {
        return dir.resolve(SECRETS_NAME);
    }

    /** A profile as connections.json holds it: every secret removed. */
    public static ConnectionProfile withoutSecrets(ConnectionProfile p) {
        ConnectionProfile.Builder b = p.toBuilder();
        for (SecretField f : SecretField.values()) {
            f.set(b, null);
        }
        return b.build();
    }

    /** Reads both files; a missing file is an empty list, an unreadable one is kept aside and reported. */
    public Loaded load() {
        Path f = file();
        if (!Files.exists(f)) {
            return new Loaded(List.of(), null);
        }
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(f, StandardCharsets.UTF_8));
            if (root == null || !root.path("connections").isArray()) {
                throw new IOException("it has no \"connections\" list");
            }
        } catch (IOException | RuntimeException e) {
            return new Loaded(List.of(), keepAside(f, "The saved connections", e));
        }
        Map<String, JsonNode> secrets = new LinkedHashMap<>();
        String problem = null;
        Path sf = secretsFile();
        if (Files.exists(sf)) {
            try {
                JsonNode s = JSON.readTree(Files.readString(sf, StandardCharsets.UTF_8));
                s.path("connections").properties().forEach(e -> secrets.put(e.getKey(), e.getValue()));
            } catch (IOException | RuntimeException e) {
                problem = keepAside(sf, "The saved connection secrets", e);
            }
        }
        List<ConnectionProfile> profiles = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> keychainProblems = new ArrayList<>();
        for (JsonNode entry : root.get("connections")) {
            ConnectionProfile p;
            try {
                p = JSON.treeToValue(entry.path("profile"), ConnectionProfile.class);
            } catch (JsonProcessingException e) {
                skipped.add(brief(e.getOriginalMessage()));
                continue;
            } catch (RuntimeException e) {
                skipped.add(brief(e.getMessage()));
                continue;
            }
            if (p == null || p.kind() == null || p.name() == null) {
                skipped.add("it has no name or kind");
                continue;
            }
            ConnectionProfile.Builder b = withoutSecrets(p).toBuilder();
            JsonNode mine = secrets.get(p.name());
            if (IN_KEYCHAIN.equals(entry.path("secretsIn").asText("")) && entry.path("secrets").size() > 0) {
                try {
                    String json = keychain.read(p.name());
                    mine = json == null ? null : JSON.readTree(json);
                    if (mine == null) {
                        keychainProblems.add("“" + p.name() + "”: " + keychain.name() + " has no entry for it");
                    }
                } catch (Exception | LinkageError e) {
                    mine = null;
                    keychainProblems.add("“" + p.name() + "”: " + keychain.name() + " could not be read ("
                            + brief(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
                }
            }
            for (JsonNode flag : entry.path("secrets")) {
                try {
                    SecretField field = SecretField.valueOf(flag.asText());
                    if (mine != null && mine.hasNonNull(field.name())) {
                        field.set(b, Secret.of(mine.get(field.name()).asText()));
                    }
                } catch (IllegalArgumentException ignored) {
                    // a flag written by a newer version: nothing this one can fill in
                }
            }
            profiles.add(b.build());
        }
        if (!skipped.isEmpty()) {
            // the next save rewrites the file without them: keep the user's bytes first
            String lost = keepCopy(f, skipped);
            problem = problem == null ? lost : problem + " " + lost;
        }
        if (!keychainProblems.isEmpty()) {
            String missing = "The saved secrets of " + String.join("; ", keychainProblems)
                    + ". Edit the connection to enter them again.";
            problem = problem == null ? missing : problem + " " + missing;
        }
        return new Loaded(List.copyOf(profiles), problem);
    }

    private String keepCopy(Path f, List<String> reasons) {
        String what = reasons.size() == 1 ? "A saved connection" : reasons.size() + " saved connections";
        String why = " could not be read and " + (reasons.size() == 1 ? "was" : "were") + " skipped ("
                + reasons.getFirst() + ")";
        try {
            Path copy = moveOrCopyAside(f, false);
            return what + why + ". The file as it was is kept as " + copy.getFileName() + ".";
        } catch (IOException e) {
            return what + why + "; a copy of " + f + " could not be kept (" + e.getMessage()
                    + "): back it up before changing the connections.";
        }
    }

    // SimpleMessage of JsonProcessingException or the plain message, never file content beyond the parser's excerpt
    /**
     * A parser's reason, cut to a readable length with control characters shown as '?': it may
     * quote the file's content, which can be huge, binary, or (in the secrets file) a secret's
     * first characters, so at most 160 characters of it are shown.
     */
    static String brief(String reason) {
        if (reason == null || reason.isBlank()) {
            return "unreadable";
        }
        StringBuilder b = new StringBuilder();
        reason.codePoints().limit(160).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return reason.codePointCount(0, reason.length()) > 160 ? b + "…" : b.toString();
    }

    private String keepAside(Path f, String what, Exception e) {
        String why = brief(e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage());
        try {
            Path aside = moveOrCopyAside(f, true);
            return what + " in " + f + " could not be read (" + why + "). The file was kept as "
                    + aside.getFileName() + "; fix it and rename it back, or add the connections again.";
        } catch (IOException moveFailed) {
            return what + " in " + f + " could not be read (" + why + ") nor renamed aside ("
                    + moveFailed.getMessage() + "); it is left as it is and will not be overwritten until it is moved.";
        }
    }

    /**
     * Moves (or copies) {@code f} to {@code NAME.corrupt-TIMESTAMP}, or {@code -2}, {@code -3}... after it
     * when that name is taken: an earlier kept file is never replaced (a plain rename would replace it).
     */
    private static Path moveOrCopyAside(Path f, boolean move) throws IOException {
        String base = f.getFileName() + ".corrupt-" + LocalDateTime.now().format(STAMP);
        for (int n = 1; ; n++) {
            Path aside = f.resolveSibling(n == 1 ? base : base + "-" + n);
            if (Files.exists(aside, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try {
                // without REPLACE_EXISTING both fail rather than replace a file that appeared meanwhile
                if (move) {
                    Files.move(f, aside);
                } else {
                    Files.copy(f, aside);
                }
                return aside;
            } catch (FileAlreadyExistsException taken) {
                // raced with another writer: try the next name
            }
        }
    }

    /**
     * Writes both files through temp files and renames. secrets.json is created owner-only (POSIX
     * rw-------; elsewhere the owner-only flags the file system offers) and deleted when no
     * connection has a secret.
     */
    public void save(List<ConnectionProfile> profiles) throws IOException {
        Files.createDirectories(dir);
        if (Files.exists(file()) && !isReadable(file())) {
            throw new IOException("the connections file " + file() + " could not be read; move it aside before saving");
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 1);
        ArrayNode list = root.putArray("connections");
        ObjectNode secretRoot = JSON.createObjectNode();
        ObjectNode secretMap = secretRoot.putObject("connections");
        Set<String> wasInKeychain = namesInKeychain();
        Set<String> inKeychain = new java.util.HashSet<>();
        boolean anySecret = profiles.stream().anyMatch(p -> java.util.Arrays.stream(SecretField.values()).anyMatch(f -> f.get(p) != null));
        boolean useKeychain = anySecret && keychain.isAvailable();
        String note = anySecret ? (useKeychain ? "in " + keychain.name() : "in " + SECRETS_NAME + " (owner-only)") : "";
        for (ConnectionProfile p : profiles) {
            ObjectNode entry = list.addObject();
            entry.set("profile", JSON.valueToTree(withoutSecrets(p)));
            ArrayNode flags = entry.putArray("secrets");
            ObjectNode values = JSON.createObjectNode();
            for (SecretField f : SecretField.values()) {
                Secret s = f.get(p);
                if (s != null) {
                    flags.add(f.name());
                    values.put(f.name(), s.reveal());
                }
            }
            if (values.isEmpty()) {
                continue;
            }
            if (useKeychain) {
                try {
                    keychain.write(p.name(), JSON.writeValueAsString(values));
                    entry.put("secretsIn", IN_KEYCHAIN);
                    inKeychain.add(p.name());
                    continue;
                } catch (Exception | LinkageError e) {
                    // this one, and the rest, go to the file: a keychain that failed once is not trusted again now
                    useKeychain = false;
                    note = "in " + SECRETS_NAME + " (owner-only): " + keychain.name() + " refused them ("
                            + brief(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")";
                }
            }
            secretMap.set(p.name(), values);
        }
        if (secretMap.isEmpty()) {
            Files.deleteIfExists(secretsFile());
        } else {
            writeAtomically(secretsFile(), JSON.writeValueAsString(secretRoot), true);
        }
        writeAtomically(file(), JSON.writeValueAsString(root), false);
        secretsNote = note;
        // entries of connections removed, renamed or now kept in the file: forgotten (best effort)
        for (String gone : wasInKeychain) {
            if (!inKeychain.contains(gone)) {
                try {
                    keychain.delete(gone);
                } catch (Exception | LinkageError ignored) {
                    // an entry left behind holds a secret the user already had; nothing to tell them
                }
            }
        }
    }

    /** The connections whose secrets the file on disk says are in the keychain. */
    private Set<String> namesInKeychain() {
        Set<String> names = new java.util.HashSet<>();
        try {
            JsonNode n = JSON.readTree(Files.readString(file(), StandardCharsets.UTF_8));
            for (JsonNode entry : n.path("connections")) {
                if (IN_KEYCHAIN.equals(entry.path("secretsIn").asText(""))) {
                    names.add(entry.path("profile").path("name").asText());
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // no file yet, or unreadable (save refuses that case itself)
        }
        return names;
    }

    private static boolean isReadable(Path f) {
        try {
            JsonNode n = JSON.readTree(Files.readString(f, StandardCharsets.UTF_8));
            return n != null && n.path("connections").isArray();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private void writeAtomically(Path target, String text, boolean ownerOnly) throws IOException {
        Path tmp = ownerOnly ? createOwnerOnly(target) : Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A new empty temp file that only its owner can read or write, from the moment it exists. */
    private Path createOwnerOnly(Path target) throws IOException {
        String prefix = "." + target.getFileName();
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return Files.createTempFile(dir, prefix, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
        // no POSIX permissions (Windows): the profile folder is already private; narrow what the file system allows
        Path tmp = Files.createTempFile(dir, prefix, ".tmp");
        java.io.File f = tmp.toFile();
        f.setReadable(false, false);
        f.setReadable(true, true);
        f.setWritable(false, false);
        f.setWritable(true, true);
        return tmp;
    }
}
