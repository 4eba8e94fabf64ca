package io.rangefinder.storage.config;

import static io.rangefinder.testing.Gen.forAll;
import static io.rangefinder.testing.Gen.weight;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rangefinder.testing.Gen;
import io.rangefinder.testing.Gen.Alphabet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile connections files: whatever bytes sit in {@code connections.json}, loading never throws,
 * says what went wrong, returns what it could read, and never loses the user's bytes (they stay in
 * place or are kept as {@code connections.json.corrupt-*}, also across a later save). Generated
 * profiles survive save and load unchanged, with their secrets only in the secrets file.
 *
 * <p>Properties run over seeded generated cases ({@link Gen}), each in a fresh folder; a failure
 * names the seed and the input.
 */
class ConnectionsFileProperties {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> PROFILE_FIELDS = List.of("name", "kind", "endpoint", "region", "awsProfile",
            "pathStyle", "checksumWhenRequired", "accessKeyId", "accountName", "credentialsFile", "projectId",
            "anonymous", "connectTimeout", "requestTimeout", "secretAccessKey", "unknownFutureField");
    private static final List<String> SECRET_FIELDS = List.of("secretAccessKey", "sessionToken", "accountKey",
            "connectionString", "sasToken");

    /** A fresh folder per test and per try, under the build's temp folder, never the user's config. */
    private Path dir;

    @BeforeEach
    void freshDir() throws IOException {
        dir = Files.createTempDirectory("rf-connections-prop");
    }

    @AfterEach
    void removeDir() throws IOException {
        if (dir == null) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
        dir = null;
    }

    /** Runs one try in a folder of its own. */
    private <T> Gen.Property<T> eachInFreshDir(Gen.Property<T> property) {
        return value -> {
            removeDir();
            freshDir();
            property.check(value);
        };
    }

    // ------------------------------------------------------------------ hostile files

    @Test
    void anyFileLoadsWithoutThrowingAndItsBytesSurviveASave() {
        forAll(150, ConnectionsFileProperties::hostileFiles, eachInFreshDir(original -> {
            ConnectionsFile file = new ConnectionsFile(dir);
            Files.write(file.file(), original);

            ConnectionsFile.Loaded loaded = file.load();

            assertThat(loaded.profiles()).allSatisfy(p -> {
                assertThat(p.name()).isNotNull();
                assertThat(p.kind()).isNotNull();
            });
            if (loaded.problem() != null) {
                assertThat(loaded.problem()).isNotBlank().hasSizeLessThan(2_000);
            }
            List<Path> kept = keptCopies();
            if (Files.exists(file.file())) {
                assertThat(Files.readAllBytes(file.file())).as("load never rewrites the file").isEqualTo(original);
            } else {
                assertThat(loaded.problem()).as("a file moved aside is reported").isNotNull();
                assertThat(kept).hasSize(1);
                assertThat(loaded.problem()).contains(kept.getFirst().getFileName().toString());
            }
            for (Path k : kept) {
                assertThat(Files.readAllBytes(k)).isEqualTo(original);
            }
            // every entry of a readable list either became a profile or was reported
            int entries = connectionEntries(original);
            if (loaded.problem() == null) {
                assertThat(entries).as("entries read silently").isEqualTo(loaded.profiles().size());
            }

            // what the app does next: save what it has (plus one new connection)
            List<ConnectionProfile> next = new ArrayList<>(loaded.profiles());
            next.add(ConnectionProfile.builder(ConnectionProfile.Kind.S3).name("added-after-load-" + next.size()).build());
            file.save(next);

            if (loaded.problem() != null) {
                assertThat(keptCopies()).as("copies kept before the save survive it").containsAll(kept);
                assertThat(keptCopies().stream().anyMatch(k -> Arrays.equals(readBytes(k), original)))
                        .as("the user's original bytes are still somewhere").isTrue();
            }
            ConnectionsFile.Loaded again = file.load();
            assertThat(again.problem()).isNull();
            assertThat(again.profiles()).isEqualTo(next);
        }));
    }

    @Test
    void corruptFilesLoadedOneAfterAnotherAreAllKept() {
        forAll(30, ConnectionsFileProperties::corruptContents, eachInFreshDir(contents -> {
            ConnectionsFile file = new ConnectionsFile(dir);
            for (String c : contents) {
                Files.writeString(file.file(), c);
                assertThat(file.load().problem()).isNotNull();
            }
            List<String> kept = new ArrayList<>();
            for (Path k : keptCopies()) {
                kept.add(Files.readString(k));
            }
            assertThat(kept).as("each corrupt file kept, none renamed over another").containsExactlyInAnyOrderElementsOf(contents);
        }));
    }

    record ProfilesAndSecrets(List<ConnectionProfile> profiles, byte[] secrets) {
    }

    @Test
    void corruptSecretsAreKeptAndTheProfilesStillLoad() {
        forAll(40, g -> new ProfilesAndSecrets(profileLists(g), hostileFiles(g)), eachInFreshDir(c -> {
            List<ConnectionProfile> profiles = c.profiles();
            byte[] secrets = c.secrets();
            ConnectionsFile file = new ConnectionsFile(dir);
            file.save(profiles);
            Files.write(file.secretsFile(), secrets);

            ConnectionsFile.Loaded loaded = file.load();

            assertThat(loaded.profiles()).extracting(ConnectionProfile::name)
                    .containsExactlyElementsOf(profiles.stream().map(ConnectionProfile::name).toList());
            if (!Files.exists(file.secretsFile())) {
                assertThat(loaded.problem()).contains("secrets.json.corrupt-");
                List<Path> kept = keptSecrets();
                assertThat(kept).hasSize(1);
                assertThat(Files.readAllBytes(kept.getFirst())).isEqualTo(secrets);
                file.save(loaded.profiles());
                assertThat(Files.readAllBytes(kept.getFirst())).as("a save keeps the copy").isEqualTo(secrets);
            } else {
                assertThat(Files.readAllBytes(file.secretsFile())).isEqualTo(secrets);
            }
        }));
    }

    // ------------------------------------------------------------------ valid profiles

    @Test
    void generatedProfilesRoundTripWithSecretsOnlyInTheSecretsFile() {
        forAll(80, ConnectionsFileProperties::profileLists, eachInFreshDir(profiles -> {
            ConnectionsFile file = new ConnectionsFile(dir);
            file.save(profiles);

            String connections = Files.readString(file.file());
            assertThat(connections).doesNotContain("SECRET-");
            boolean anySecret = profiles.stream().anyMatch(p -> !ConnectionsFile.withoutSecrets(p).equals(p));
            assertThat(Files.exists(file.secretsFile())).isEqualTo(anySecret);

            ConnectionsFile.Loaded loaded = new ConnectionsFile(dir).load();
            assertThat(loaded.problem()).isNull();
            assertThat(loaded.profiles()).isEqualTo(profiles);
            assertThat(keptCopies()).isEmpty();
        }));
    }

    // ------------------------------------------------------------------ counterexamples kept

    @Test
    void aSkippedEntryIsReportedAndTheFileKeptBeforeASaveDropsIt() throws IOException {
        // found by anyFileLoadsWithoutThrowingAndItsBytesSurviveASave, shrunk to
        // {"version":1,"connections":[{"profile":{"name":["secretAccessKey",1,"nope"],"kind":"S3"}}]}:
        // the entry was skipped (reported), the file stayed in place, and the next save erased the
        // entry for good. An entry without a kind was even skipped without a word.
        ConnectionsFile file = new ConnectionsFile(dir);
        String text = "{\"version\":1,\"connections\":[{\"profile\":{\"name\":[\"secretAccessKey\",1,\"nope\"],"
                + "\"kind\":\"S3\"}},{\"profile\":{\"name\":\"n\"}},{\"profile\":{\"name\":\"ok\",\"kind\":\"S3\"}}]}";
        Files.writeString(file.file(), text);
        ConnectionsFile.Loaded loaded = file.load();
        assertThat(loaded.profiles()).extracting(ConnectionProfile::name).containsExactly("ok");
        assertThat(loaded.problem()).contains("2 saved connections").contains("skipped").contains("connections.json.corrupt-");
        file.save(loaded.profiles());
        assertThat(keptCopies()).hasSize(1);
        assertThat(Files.readString(keptCopies().getFirst())).isEqualTo(text);
    }

    @Test
    void twoCorruptFilesInTheSameSecondAreBothKept() throws IOException {
        // found by corruptFilesLoadedOneAfterAnotherAreAllKept: both were renamed to the same
        // connections.json.corrupt-<second>, the second rename replacing the first copy
        ConnectionsFile file = new ConnectionsFile(dir);
        Files.writeString(file.file(), "first");
        file.load();
        Files.writeString(file.file(), "second");
        file.load();
        assertThat(keptCopies()).hasSize(2);
    }

    @Test
    void aSkippedEntryWithAHugeValueIsReportedInAShortMessage() throws IOException {
        // found by anyFileLoadsWithoutThrowingAndItsBytesSurviveASave (seed 20261125, try 66): an entry
        // whose "profile" is a 5,000-character string is skipped, and the reason quoted the whole value,
        // so the problem shown to the user was over 5,000 characters long
        ConnectionsFile file = new ConnectionsFile(dir);
        Files.writeString(file.file(), "{\"version\":1,\"connections\":[{\"profile\":\"" + "x".repeat(5_000) + "\"}]}");
        ConnectionsFile.Loaded loaded = file.load();
        assertThat(loaded.profiles()).isEmpty();
        assertThat(loaded.problem()).contains("skipped").hasSizeLessThan(2_000);
    }

    @Test
    void aStringOverTheParserLimitIsReportedNotThrown() throws IOException {
        ConnectionsFile file = new ConnectionsFile(dir);
        String text = "{\"connections\":[{\"profile\":{\"kind\":\"S3\",\"name\":\"" + "x".repeat(21_000_000) + "\"}}]}";
        Files.writeString(file.file(), text);
        ConnectionsFile.Loaded loaded = file.load();
        assertThat(loaded.profiles()).isEmpty();
        assertThat(loaded.problem()).isNotNull().hasSizeLessThan(2_000);
        assertThat(keptCopies()).hasSize(1);
        assertThat(Files.size(keptCopies().getFirst())).isEqualTo(text.length());
    }

    // ------------------------------------------------------------------ generators

    private static final Alphabet JSONISH = Alphabet.chars("{}[]\":,0123456789.-+eEtrufalsn \n\\/u")
            .and("connections profile secrets name kind S3");
    private static final List<String> FIXED_FILES = List.of(
            "", " ", "null", "[]", "{}", "\"connections\"", "{\"connections\":null}", "{\"connections\":{}}",
            "{\"connections\":[]}", "{\"connections\":[1,\"a\",null,[],{}]}", "\uFEFF{\"connections\":[]}",
            "[".repeat(5_000) + "]".repeat(5_000), "{\"connections\":[" + "[".repeat(3_000),
            "{\"connections\":[],\"connections\":5}", "{\"connections\":[{\"profile\":{\"kind\":\"S3\",\"name\":\""
                    + "n".repeat(100_000) + "\"}}]}");

    private static byte[] hostileFiles(Gen g) {
        return g.frequency(
                weight(2, x -> x.bytes(0, 300)),
                weight(2, x -> x.string(JSONISH, 0, 200).getBytes(StandardCharsets.UTF_8)),
                weight(3, x -> {
                    String t = savedText(profileLists(x));
                    return Arrays.copyOf(t.getBytes(StandardCharsets.UTF_8), (int) (t.length() * x.between(0.0, 1.0)));
                }),
                weight(5, x -> mistypedTree(x).toString().getBytes(StandardCharsets.UTF_8)),
                weight(2, x -> x.oneOf(FIXED_FILES).getBytes(StandardCharsets.UTF_8)),
                weight(1, x -> {
                    byte[] b = savedText(profileLists(x)).getBytes(StandardCharsets.UTF_8);
                    byte[] out = Arrays.copyOf(b, b.length + 2);
                    out[b.length / 2] = (byte) 0xC3;
                    out[b.length / 2 + 1] = (byte) 0x28;
                    return out;
                }));
    }

    private static List<String> corruptContents(Gen g) {
        Alphabet chars = Alphabet.chars("{[\"abc xyz:");
        return g.uniqueList(2, 4, x -> x.filter(y -> y.string(chars, 1, 20), s -> !s.isBlank()), s -> s);
    }

    private static JsonNode anyValue(Gen g) {
        return g.frequency(
                weight(13, x -> x.oneOf(NODES.nullNode(), NODES.numberNode(5), NODES.numberNode(-1.5e300),
                        NODES.booleanNode(true), NODES.textNode(""), NODES.textNode("S3"), NODES.textNode("PT5S"),
                        NODES.textNode("P-9999999999D"), NODES.textNode("x".repeat(5_000)), NODES.arrayNode(),
                        NODES.objectNode(), NODES.textNode("\u0000\uD800"), NODES.textNode("FILE"))),
                weight(4, x -> x.oneOf(NODES.arrayNode().add("secretAccessKey").add(1).add("nope"),
                        NODES.objectNode().put("name", 1))));
    }

    /** Well-formed JSON shaped like the file, with values of the wrong type, missing or extra. */
    private static JsonNode mistypedTree(Gen g) {
        List<JsonNode> entries = g.list(0, 4, x -> {
            List<String> fields = x.list(0, 6, y -> y.oneOf(PROFILE_FIELDS));
            ObjectNode p = NODES.objectNode();
            if (x.bool()) {
                p.put("name", "n");
            }
            if (x.bool()) {
                p.put("kind", "S3");
            }
            for (String field : fields) {
                p.set(field, anyValue(x));
            }
            JsonNode v = anyValue(x);
            return switch (x.between(0, 4)) {
                case 0 -> NODES.objectNode().set("profile", p);
                case 1 -> NODES.objectNode().<ObjectNode>set("profile", p).set("secrets", v);
                case 2 -> NODES.objectNode().set("profile", v);
                case 3 -> v;
                default -> NODES.objectNode().<ObjectNode>set("profile", p)
                        .set("secrets", NODES.arrayNode().add("sasToken").add("bogus"));
            };
        });
        ObjectNode root = NODES.objectNode().put("version", 1);
        ArrayNode list = root.putArray("connections");
        entries.forEach(e -> list.add(e.deepCopy()));
        return root;
    }

    private static List<ConnectionProfile> profileLists(Gen g) {
        return g.uniqueList(0, 4, ConnectionsFileProperties::profile, ConnectionProfile::name);
    }

    private static String text(Gen g) {
        return g.filter(x -> x.anyOf(
                        y -> y.string(Alphabet.range(' ', '~'), 0, 20),
                        y -> y.string(Alphabet.range('\u00a0', '\ud7ff'), 0, 8),
                        y -> y.oneOf("", "\"quoted\"", "back\\slash", "tab\there", "line\nbreak", "\u0000",
                                "\uD83D\uDE00", "x".repeat(10_000))),
                s -> !s.contains("SECRET-"));
    }

    private static ConnectionProfile profile(Gen g) {
        return ConnectionProfile.builder(g.oneOf(ConnectionProfile.Kind.values()))
                .name(text(g))
                .endpoint(g.orNull(0.4, ConnectionsFileProperties::text))
                .region(g.orNull(0.4, ConnectionsFileProperties::text))
                .awsProfile(g.orNull(0.4, ConnectionsFileProperties::text))
                .pathStyle(g.orNull(0.4, Gen::bool))
                .checksumWhenRequired(g.orNull(0.4, Gen::bool))
                .accessKeyId(g.orNull(0.4, ConnectionsFileProperties::text))
                .secretAccessKey(secret(g))
                .sessionToken(secret(g))
                .accountKey(secret(g))
                .connectionString(secret(g))
                .sasToken(secret(g))
                .accountName(g.orNull(0.4, ConnectionsFileProperties::text))
                .credentialsFile(g.orNull(0.4, ConnectionsFileProperties::text))
                .projectId(g.orNull(0.4, ConnectionsFileProperties::text))
                .anonymous(g.orNull(0.4, Gen::bool))
                .connectTimeout(g.orNull(0.5, x -> Duration.ofMillis(x.between(0L, 86_400_000L))))
                .requestTimeout(g.orNull(0.5, x -> Duration.ofMillis(x.between(0L, 86_400_000L))))
                .build();
    }

    private static Secret secret(Gen g) {
        return g.orNull(0.6, x -> Secret.of("SECRET-" + x.string(Alphabet.range('!', '~'), 1, 40)));
    }

    // ------------------------------------------------------------------ helpers

    /** The connections.json text a save of these profiles writes. */
    private static String savedText(List<ConnectionProfile> profiles) {
        try {
            Path tmp = Files.createTempDirectory("rf-connections-gen");
            try {
                ConnectionsFile f = new ConnectionsFile(tmp);
                f.save(profiles);
                return Files.readString(f.file());
            } finally {
                Files.deleteIfExists(tmp.resolve(ConnectionsFile.FILE_NAME));
                Files.deleteIfExists(tmp.resolve(ConnectionsFile.SECRETS_NAME));
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many entries the "connections" list of this file has, or -1 when it is not such a file. */
    private static int connectionEntries(byte[] bytes) {
        try {
            JsonNode root = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
            return root != null && root.path("connections").isArray() ? root.get("connections").size() : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private List<Path> keptCopies() {
        return list(ConnectionsFile.FILE_NAME + ".corrupt-");
    }

    private List<Path> keptSecrets() {
        return list(ConnectionsFile.SECRETS_NAME + ".corrupt-");
    }

    private List<Path> list(String prefix) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] readBytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
