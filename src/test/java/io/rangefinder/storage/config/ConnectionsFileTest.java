package io.rangefinder.storage.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionsFileTest {

    @TempDir
    Path dir;

    private static final ConnectionProfile S3 = ConnectionProfile.builder(ConnectionProfile.Kind.S3)
            .name("minio").endpoint("http://127.0.0.1:9000").region("us-east-1").pathStyle(true)
            .accessKeyId("AKIDEXAMPLE").secretAccessKey(Secret.of("s3-secret-value-123"))
            .connectTimeout(Duration.ofSeconds(3)).build();
    private static final ConnectionProfile AZURE = ConnectionProfile.builder(ConnectionProfile.Kind.AZURE)
            .name("prod-blob").accountName("myaccount").accountKey(Secret.of("azure-key-value==")).build();
    private static final ConnectionProfile SSO = ConnectionProfile.builder(ConnectionProfile.Kind.S3)
            .name("aws-sso").awsProfile("dev-sso").region("eu-west-1").build();

    @Test
    void roundTripsProfilesWithSecretsOnlyInTheOwnerOnlySecretsFile() throws Exception {
        ConnectionsFile file = new ConnectionsFile(dir);
        file.save(List.of(S3, AZURE, SSO));

        String connections = Files.readString(file.file());
        assertThat(connections).contains("minio", "AKIDEXAMPLE", "PT3S", "secretAccessKey", "accountKey")
                .doesNotContain("s3-secret-value-123", "azure-key-value==");
        assertThat(Files.readString(file.secretsFile())).contains("s3-secret-value-123", "azure-key-value==");
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.secretsFile())))
                    .isEqualTo("rw-------");
        }

        ConnectionsFile.Loaded loaded = new ConnectionsFile(dir).load();
        assertThat(loaded.problem()).isNull();
        assertThat(loaded.profiles()).containsExactly(S3, AZURE, SSO);
    }

    @Test
    void referencesOnlyLeaveNoSecretsFile() throws Exception {
        ConnectionsFile file = new ConnectionsFile(dir);
        file.save(List.of(S3));
        file.save(List.of(SSO));
        assertThat(file.secretsFile()).doesNotExist();
        assertThat(file.load().profiles()).containsExactly(SSO);
    }

    @Test
    void missingFileIsAnEmptyList() {
        ConnectionsFile.Loaded loaded = new ConnectionsFile(dir.resolve("none")).load();
        assertThat(loaded.profiles()).isEmpty();
        assertThat(loaded.problem()).isNull();
    }

    @Test
    void corruptFileIsReportedAndKeptAsideNeverOverwritten() throws Exception {
        ConnectionsFile file = new ConnectionsFile(dir);
        Files.writeString(file.file(), "{ \"connections\": [ oops");
        ConnectionsFile.Loaded loaded = file.load();
        assertThat(loaded.profiles()).isEmpty();
        assertThat(loaded.problem()).contains("could not be read").contains("connections.json.corrupt-");
        try (var kept = Files.list(dir)) {
            List<Path> aside = kept.filter(p -> p.getFileName().toString().startsWith("connections.json.corrupt-")).toList();
            assertThat(aside).hasSize(1);
            assertThat(Files.readString(aside.getFirst())).isEqualTo("{ \"connections\": [ oops");
        }
        file.save(List.of(SSO));
        assertThat(file.load().profiles()).containsExactly(SSO);
    }

    @Test
    void refusesToSaveOverAFileItCouldNotRead() throws Exception {
        ConnectionsFile file = new ConnectionsFile(dir);
        Files.writeString(file.file(), "not json");
        assertThatThrownBy(() -> file.save(List.of(SSO))).hasMessageContaining("could not be read");
        assertThat(Files.readString(file.file())).isEqualTo("not json");
    }

    @Test
    void corruptSecretsKeepTheProfilesAndSayWhy() throws Exception {
        ConnectionsFile file = new ConnectionsFile(dir);
        file.save(List.of(S3));
        Files.writeString(file.secretsFile(), "garbage");
        ConnectionsFile.Loaded loaded = file.load();
        assertThat(loaded.profiles()).containsExactly(ConnectionsFile.withoutSecrets(S3));
        assertThat(loaded.problem()).contains("secrets").contains("secrets.json.corrupt-");
    }

    @Test
    void awsProfileNamesComeFromConfigAndCredentials() throws Exception {
        Path config = dir.resolve("config");
        Path credentials = dir.resolve("credentials");
        Files.writeString(config, """
                [default]
                region = us-east-1
                [profile dev-sso]
                sso_session = corp
                [sso-session corp]
                sso_start_url = https://example.awsapps.com/start
                """);
        Files.writeString(credentials, """
                [default]
                aws_access_key_id = x
                [ci]
                aws_access_key_id = y
                """);
        assertThat(AwsProfileNames.read(config, credentials)).containsExactly("ci", "default", "dev-sso");
        assertThat(AwsProfileNames.read(dir.resolve("no"), dir.resolve("none"))).isEmpty();
    }

    @Test
    void configDirPropertyWins() {
        String old = System.getProperty(ConfigDir.PROPERTY);
        try {
            System.setProperty(ConfigDir.PROPERTY, dir.toString());
            assertThat(ConfigDir.resolve()).isEqualTo(dir);
        } finally {
            if (old == null) {
                System.clearProperty(ConfigDir.PROPERTY);
            } else {
                System.setProperty(ConfigDir.PROPERTY, old);
            }
        }
    }
}
