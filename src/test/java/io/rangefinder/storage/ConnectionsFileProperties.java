package io.rangefinder.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;

/**
 * Hostile connections files: whatever bytes sit in {@code connections.json}, loading never throws,
 * says what went wrong, returns what it could read, and never loses the user's bytes (they stay in
 * place or are kept as {@code connections.json.corrupt-*}, also across a later save). Generated
 * profiles survive save and load unchanged, with their secrets only in the secrets file.
 */
class ConnectionsFileProperties {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> PROFILE_FIELDS = List.of("name", "kind", "endpoint", "region", "awsProfile",
            "pathStyle", "checksumWhenRequired", "accessKeyId", "accountName", "credentialsFile", "projectId",
            "anonymous", "connectTimeout", "requestTimeout", "secretAccessKey", "unknownFutureField");
    private static final List<String> SECRET_FIELDS = List.of("secretAccessKey", "sessionToken", "accountKey",
            "connectionString", "sasToken");

    /** A fresh folder per try, under the build's temp folder, never the user's config. */
    private Path dir;

    @BeforeTry
    void freshDir() throws IOException {
        dir = Files.createTempDirectory("rf-connections-prop");
    }

    @AfterTry
    void removeDir() throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    // ------------------------------------------------------------------ hostile files

    @Property(tries = 150)
    void anyFileLoadsWithoutThrowingAndItsBytesSurviveASave(@ForAll("hostileFiles") byte[] original) throws IOException {
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
    }

    @Property(tries = 30)
    void corruptFilesLoadedOneAfterAnotherAreAllKept(@ForAll("corruptContents") List<String> contents) throws IOException {
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
    }

    @Property(tries = 40)
    void corruptSecretsAreKeptAndTheProfilesStillLoad(@ForAll("profileLists") List<ConnectionProfile> profiles,
                                                      @ForAll("hostileFiles") byte[] secrets) throws IOException {
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
    }

    // ------------------------------------------------------------------ valid profiles

    @Property(tries = 80)
    void generatedProfilesRoundTripWithSecretsOnlyInTheSecretsFile(@ForAll("profileLists") List<ConnectionProfile> profiles)
            throws IOException {
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
    }

    // ------------------------------------------------------------------ counterexamples kept

    @Example
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

    @Example
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

    @Example
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

    @Provide
    Arbitrary<byte[]> hostileFiles() {
        Arbitrary<byte[]> randomBytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<byte[]> jsonish = Arbitraries.strings().withChars("{}[]\":,0123456789.-+eEtrufalsn \n\\/u")
                .withChars("connections profile secrets name kind S3")
                .ofMaxLength(200).map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<String> validText = profileLists().map(ConnectionsFileProperties::savedText);
        Arbitrary<byte[]> truncated = Combinators.combine(validText, Arbitraries.doubles().between(0, 1))
                .as((t, f) -> Arrays.copyOf(t.getBytes(StandardCharsets.UTF_8), (int) (t.length() * f)));
        Arbitrary<byte[]> wrongTypes = mistypedTrees().map(n -> n.toString().getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> fixed = Arbitraries.of(
                "", " ", "null", "[]", "{}", "\"connections\"", "{\"connections\":null}", "{\"connections\":{}}",
                "{\"connections\":[]}", "{\"connections\":[1,\"a\",null,[],{}]}", "\uFEFF{\"connections\":[]}",
                "[".repeat(5_000) + "]".repeat(5_000), "{\"connections\":[" + "[".repeat(3_000),
                "{\"connections\":[],\"connections\":5}", "{\"connections\":[{\"profile\":{\"kind\":\"S3\",\"name\":\""
                        + "n".repeat(100_000) + "\"}}]}")
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> badUtf8 = validText.map(t -> {
            byte[] b = t.getBytes(StandardCharsets.UTF_8);
            byte[] out = Arrays.copyOf(b, b.length + 2);
            out[b.length / 2] = (byte) 0xC3;
            out[b.length / 2 + 1] = (byte) 0x28;
            return out;
        });
        return Arbitraries.frequencyOf(
                Tuple.of(2, randomBytes), Tuple.of(2, jsonish), Tuple.of(3, truncated), Tuple.of(5, wrongTypes),
                Tuple.of(2, fixed), Tuple.of(1, badUtf8));
    }

    @Provide
    Arbitrary<List<String>> corruptContents() {
        return Arbitraries.strings().withChars("{[\"abc xyz:").ofMinLength(1).ofMaxLength(20)
                .filter(s -> !s.isBlank())
                .list().ofMinSize(2).ofMaxSize(4).uniqueElements();
    }

    /** Well-formed JSON shaped like the file, with values of the wrong type, missing or extra. */
    private static Arbitrary<JsonNode> mistypedTrees() {
        Arbitrary<JsonNode> anyValue = Arbitraries.lazyOf(
                () -> Arbitraries.of(NODES.nullNode(), NODES.numberNode(5), NODES.numberNode(-1.5e300),
                        NODES.booleanNode(true), NODES.textNode(""), NODES.textNode("S3"), NODES.textNode("PT5S"),
                        NODES.textNode("P-9999999999D"), NODES.textNode("x".repeat(5_000)), NODES.arrayNode(),
                        NODES.objectNode(), NODES.textNode("\u0000\uD800"), NODES.textNode("FILE")),
                () -> Arbitraries.of(NODES.arrayNode().add("secretAccessKey").add(1).add("nope"),
                        NODES.objectNode().put("name", 1)));
        Arbitrary<ObjectNode> profile = Combinators.combine(
                        Arbitraries.of(PROFILE_FIELDS).list().ofMaxSize(6),
                        anyValue.list().ofSize(6),
                        Arbitraries.of(true, false), Arbitraries.of(true, false))
                .as((fields, values, withName, withKind) -> {
                    ObjectNode p = NODES.objectNode();
                    if (withName) {
                        p.put("name", "n");
                    }
                    if (withKind) {
                        p.put("kind", "S3");
                    }
                    for (int i = 0; i < fields.size(); i++) {
                        p.set(fields.get(i), values.get(i));
                    }
                    return p;
                });
        Arbitrary<JsonNode> entry = Combinators.combine(profile, anyValue, Arbitraries.integers().between(0, 4))
                .as((p, v, shape) -> switch (shape) {
                    case 0 -> NODES.objectNode().set("profile", p);
                    case 1 -> NODES.objectNode().<ObjectNode>set("profile", p).set("secrets", v);
                    case 2 -> NODES.objectNode().set("profile", v);
                    case 3 -> v;
                    default -> NODES.objectNode().<ObjectNode>set("profile", p)
                            .set("secrets", NODES.arrayNode().add("sasToken").add("bogus"));
                });
        return entry.list().ofMaxSize(4).map(entries -> {
            ObjectNode root = NODES.objectNode().put("version", 1);
            ArrayNode list = root.putArray("connections");
            entries.forEach(list::add);
            return root;
        });
    }

    @Provide
    Arbitrary<List<ConnectionProfile>> profileLists() {
        return profiles().list().ofMaxSize(4).uniqueElements(ConnectionProfile::name);
    }

    private static Arbitrary<ConnectionProfile> profiles() {
        Arbitrary<String> text = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(20),
                Arbitraries.strings().withCharRange('\u00a0', '\ud7ff').ofMaxLength(8),
                Arbitraries.of("", "\"quoted\"", "back\\slash", "tab\there", "line\nbreak", "\u0000", "😀",
                        "x".repeat(10_000)))
                .filter(s -> !s.contains("SECRET-"));
        Arbitrary<String> optional = text.injectNull(0.4);
        Arbitrary<Secret> secret = Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(40)
                .map(s -> Secret.of("SECRET-" + s)).injectNull(0.6);
        Arbitrary<Boolean> flag = Arbitraries.of(true, false).injectNull(0.4);
        Arbitrary<Duration> duration = Arbitraries.longs().between(0, 86_400_000L).map(Duration::ofMillis).injectNull(0.5);
        Arbitrary<ConnectionProfile.Builder> base = Combinators.combine(
                        Arbitraries.of(ConnectionProfile.Kind.class), text, optional, optional, optional, flag, flag, optional)
                .as((kind, name, endpoint, region, awsProfile, pathStyle, checksum, accessKeyId) ->
                        ConnectionProfile.builder(kind).name(name).endpoint(endpoint).region(region)
                                .awsProfile(awsProfile).pathStyle(pathStyle).checksumWhenRequired(checksum)
                                .accessKeyId(accessKeyId));
        return Combinators.combine(base, secret.list().ofSize(5), optional, optional, optional, flag, duration, duration)
                .as((b, secrets, accountName, credentialsFile, projectId, anonymous, connect, request) ->
                        b.secretAccessKey(secrets.get(0)).sessionToken(secrets.get(1)).accountKey(secrets.get(2))
                                .connectionString(secrets.get(3)).sasToken(secrets.get(4)).accountName(accountName)
                                .credentialsFile(credentialsFile).projectId(projectId).anonymous(anonymous)
                                .connectTimeout(connect).requestTimeout(request).build());
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
