package io.rangefinder.storage.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assumptions.assumeThat;

/** Which store the saved secrets go to: the keychain while it works, secrets.json when it is missing or fails. */
class KeychainFallbackTest {

    private static final String SECRET = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY";
    private static final ConnectionProfile KEYS = ConnectionProfile.builder(ConnectionProfile.Kind.S3).name("prod")
            .accessKeyId("AKIAEXAMPLE").secretAccessKey(Secret.of(SECRET)).build();
    private static final ConnectionProfile PLAIN = ConnectionProfile.builder(ConnectionProfile.Kind.S3).name("plain")
            .awsProfile("default").build();

    @TempDir
    Path dir;

    /** A keychain in memory; {@code available} and {@code failWrites} say how it behaves. */
    static final class MemoryKeychain implements Keychain {
        final Map<String, String> entries = new HashMap<>();
        boolean available = true;
        boolean failWrites;
        int calls;

        @Override
        public String name() {
            return "the test keychain";
        }

        @Override
        public boolean isAvailable() {
            calls++;
            return available;
        }

        @Override
        public String read(String account) {
            calls++;
            if (!available) {
                throw new IllegalStateException("no D-Bus session");
            }
            return entries.get(account);
        }

        @Override
        public void write(String account, String value) {
            calls++;
            if (!available || failWrites) {
                throw new IllegalStateException("the keyring is locked");
            }
            entries.put(account, value);
        }

        @Override
        public void delete(String account) {
            calls++;
            if (!available) {
                throw new IllegalStateException("no D-Bus session");
            }
            entries.remove(account);
        }
    }

    @Test
    void withAWorkingKeychainNoSecretIsWrittenToAFile() throws Exception {
        MemoryKeychain keychain = new MemoryKeychain();
        ConnectionsFile file = new ConnectionsFile(dir, keychain);
        file.save(List.of(KEYS, PLAIN));
        assertThat(file.secretsFile()).doesNotExist();
        assertThat(Files.readString(file.file())).doesNotContain(SECRET).contains("\"secretsIn\" : \"keychain\"");
        assertThat(keychain.entries).containsOnlyKeys("prod");
        assertThat(keychain.entries.get("prod")).contains(SECRET);
        assertThat(file.secretsNote()).isEqualTo("in the test keychain");
        ConnectionsFile.Loaded back = file.load();
        assertThat(back.problem()).isNull();
        assertThat(back.profiles()).containsExactly(KEYS, PLAIN);
        // removed (or renamed) connections leave the keychain too
        file.save(List.of(PLAIN));
        assertThat(keychain.entries).isEmpty();
    }

    @Test
    void anUnavailableKeychainFallsBackToTheOwnerOnlyFileWithoutAnError() throws Exception {
        MemoryKeychain keychain = new MemoryKeychain();
        keychain.available = false;
        ConnectionsFile file = new ConnectionsFile(dir, keychain);
        assertThatCode(() -> file.save(List.of(KEYS, PLAIN))).doesNotThrowAnyException();
        assertThat(Files.readString(file.secretsFile())).contains(SECRET);
        assertThat(Files.readString(file.file())).doesNotContain(SECRET).doesNotContain("secretsIn");
        assertThat(file.secretsNote()).startsWith("in secrets.json");
        assertThat(file.load().profiles()).containsExactly(KEYS, PLAIN);
        assertThat(file.load().problem()).isNull();
    }

    @Test
    void aKeychainThatRefusesAWriteFailsOverToTheFile() throws Exception {
        MemoryKeychain keychain = new MemoryKeychain();
        keychain.failWrites = true;
        ConnectionsFile file = new ConnectionsFile(dir, keychain);
        assertThatCode(() -> file.save(List.of(KEYS))).doesNotThrowAnyException();
        assertThat(Files.readString(file.secretsFile())).contains(SECRET);
        assertThat(file.secretsNote()).contains("refused").contains("the keyring is locked").doesNotContain(SECRET);
        assertThat(file.load().profiles()).containsExactly(KEYS);
    }

    @Test
    void secretsInAKeychainThatIsGoneLoadWithoutThemAndSaySo() throws Exception {
        MemoryKeychain keychain = new MemoryKeychain();
        new ConnectionsFile(dir, keychain).save(List.of(KEYS));
        keychain.available = false;
        ConnectionsFile.Loaded loaded = new ConnectionsFile(dir, keychain).load();
        assertThat(loaded.profiles()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("prod");
            assertThat(p.accessKeyId()).isEqualTo("AKIAEXAMPLE");
            assertThat(p.secretAccessKey()).isNull();
        });
        assertThat(loaded.problem()).contains("“prod”").contains("the test keychain").contains("enter them again");
        // and a file-only reader (no keychain at all) says the same, without an exception
        assertThat(new ConnectionsFile(dir).load().problem()).contains("“prod”");
    }

    @Test
    void theSystemKeychainIsOffWhenTheConfigFolderIsMovedAsInTests() {
        String was = System.getProperty(ConfigDir.PROPERTY);
        try {
            System.setProperty(ConfigDir.PROPERTY, dir.toString());
            assertThat(OsKeychain.system()).isSameAs(Keychain.NONE);
            System.clearProperty(ConfigDir.PROPERTY);
            assertThat(OsKeychain.system()).isInstanceOf(OsKeychain.class);
            System.setProperty(OsKeychain.PROPERTY, "off");
            assertThat(OsKeychain.system()).isSameAs(Keychain.NONE);
        } finally {
            System.clearProperty(OsKeychain.PROPERTY);
            if (was != null) {
                System.setProperty(ConfigDir.PROPERTY, was);
            }
        }
    }

    @Test
    void theRealKeychainOnAMachineWithoutOneFailsOverCleanly() throws Exception {
        OsKeychain real = OsKeychain.unconditional();
        long start = System.nanoTime();
        boolean available = real.isAvailable();
        assertThat((System.nanoTime() - start) / 1e9).as("seconds to find out").isLessThan(OsKeychain.CALL_TIMEOUT.toSeconds() + 2);
        // a machine with a Secret Service (a developer's desktop) is not written to by tests
        assumeThat(available).as("this machine has no keychain (headless CI)").isFalse();
        assertThat(real.whyUnavailable()).isNotBlank();
        ConnectionsFile file = new ConnectionsFile(dir, real);
        assertThatCode(() -> file.save(List.of(KEYS))).doesNotThrowAnyException();
        assertThat(Files.readString(file.secretsFile())).contains(SECRET);
        assertThat(file.load().profiles()).containsExactly(KEYS);
        System.out.println("keychain here: " + real.name() + " unavailable: " + real.whyUnavailable());
    }
}
