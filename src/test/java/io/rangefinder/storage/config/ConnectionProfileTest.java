package io.rangefinder.storage.config;

import io.rangefinder.storage.StorageException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectionProfileTest {

    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    @Test
    void roundTripsThroughJsonAndMasksSecretsInToString() {
        ConnectionProfile p = ConnectionProfile.builder(ConnectionProfile.Kind.S3).name("minio")
                .endpoint("http://127.0.0.1:9000").region("us-east-1").pathStyle(true)
                .accessKeyId("AKIDEXAMPLE").secretAccessKey(Secret.of(SECRET))
                .connectTimeout(Duration.ofSeconds(3)).build();
        String json = ProfileJson.write(p);
        assertThat(json).contains("\"kind\" : \"S3\"", "PT3S").doesNotContain("null");
        assertThat(ProfileJson.read(json)).isEqualTo(p);
        assertThat(p.toString()).doesNotContain(SECRET).contains("****");
        assertThat(String.valueOf(p.secretAccessKey())).isEqualTo("****");
    }

    @Test
    void theAzureAccountComesFromTheNameTheConnectionStringOrTheEndpoint() {
        ConnectionProfile.Builder az = ConnectionProfile.builder(ConnectionProfile.Kind.AZURE).name("az");
        assertThat(az.accountName(" named ").build().azureAccount()).isEqualTo("named");
        assertThat(az.accountName(null).connectionString(Secret.of("DefaultEndpointsProtocol=http;AccountName=fromcs;"
                + "AccountKey=c2VjcmV0;BlobEndpoint=http://127.0.0.1:10000/other;")).build().azureAccount()).isEqualTo("fromcs");
        assertThat(az.connectionString(null).endpoint("https://acct.blob.core.windows.net/").build().azureAccount())
                .isEqualTo("acct");
        assertThat(az.endpoint("http://127.0.0.1:10000/devstoreaccount1").build().azureAccount()).isEqualTo("devstoreaccount1");
        assertThat(az.endpoint("http://127.0.0.1:10000/").build().azureAccount()).isNull();
        assertThat(az.endpoint(null).build().azureAccount()).isNull();
        assertThat(ConnectionProfile.builder(ConnectionProfile.Kind.S3).name("s3").accountName("x").build().azureAccount())
                .as("not an Azure connection").isNull();
    }

    @Test
    void malformedJsonIsAClearInvalidArgument() {
        assertThatThrownBy(() -> ProfileJson.read("{\"kind\": \"FTP\"}"))
                .isInstanceOf(StorageException.InvalidArgument.class).hasMessageContaining("FTP");
    }

    @Test
    void environmentVariablesBecomeProfiles() {
        ConnectionProfile s3 = EnvironmentProfiles.from(ConnectionProfile.Kind.S3,
                Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9000", "AWS_REGION", "eu-west-1", "AWS_PROFILE", "lab")).build();
        assertThat(s3.endpoint()).isEqualTo("http://127.0.0.1:9000");
        assertThat(s3.isPathStyle()).isTrue();
        assertThat(s3.region()).isEqualTo("eu-west-1");
        assertThat(s3.awsProfile()).isEqualTo("lab");
        ConnectionProfile gcs = EnvironmentProfiles.from(ConnectionProfile.Kind.GCS,
                Map.of("STORAGE_EMULATOR_HOST", "127.0.0.1:4443")).build();
        assertThat(gcs.endpoint()).isEqualTo("http://127.0.0.1:4443");
        assertThat(gcs.isAnonymous()).isTrue();
        ConnectionProfile az = EnvironmentProfiles.from(ConnectionProfile.Kind.AZURE,
                Map.of("AZURE_STORAGE_SAS_TOKEN", "?sv=2024&sig=abc")).build();
        assertThat(az.sasToken().reveal()).isEqualTo("sv=2024&sig=abc");
        assertThat(az.toString()).doesNotContain("sig=abc");
    }
}
