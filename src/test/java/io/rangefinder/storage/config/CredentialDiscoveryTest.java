package io.rangefinder.storage.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the sidebar shows as discovered: from a given environment and home folder only. */
class CredentialDiscoveryTest {

    @TempDir
    Path home;

    private List<String> names(Map<String, String> env) {
        return new CredentialDiscovery(env, home).find().stream().map(f -> f.profile().name()).toList();
    }

    @Test
    void nothingInAnEmptyEnvironmentAndHome() {
        assertThat(new CredentialDiscovery(Map.of(), home).find()).isEmpty();
        assertThat(CredentialDiscovery.none().find()).isEmpty();
    }

    @Test
    void awsKeysInTheEnvironmentAreAReferenceToTheDefaultChain() {
        List<CredentialDiscovery.Found> found = new CredentialDiscovery(Map.of("AWS_ACCESS_KEY_ID", "AKIAX",
                "AWS_SECRET_ACCESS_KEY", "s3cr3t-value", "AWS_REGION", "eu-west-1", "AWS_PROFILE", "ignored"), home).find();
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.profile().name()).isEqualTo(CredentialDiscovery.AWS_ENVIRONMENT);
            assertThat(f.profile().region()).isEqualTo("eu-west-1");
            assertThat(f.profile().awsProfile()).isNull();
            assertThat(f.profile().secretAccessKey()).isNull();
            assertThat(f.source()).isEqualTo("AWS_ACCESS_KEY_ID in the environment").doesNotContain("s3cr3t");
        });
        // a key id alone is not credentials
        assertThat(names(Map.of("AWS_ACCESS_KEY_ID", "AKIAX"))).isEmpty();
    }

    @Test
    void eachAwsProfileOfConfigAndCredentialsAlsoWhereTheEnvironmentMovesThem() throws Exception {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), "[default]\n[profile b]\n[sso-session s]\n[services x]\n");
        Files.writeString(home.resolve(".aws/credentials"), "[a]\n[b]\n");
        assertThat(names(Map.of())).containsExactly("AWS profile a", "AWS profile b", "AWS profile default");
        Path moved = Files.writeString(home.resolve("elsewhere.ini"), "[profile moved]\n");
        assertThat(names(Map.of("AWS_CONFIG_FILE", moved.toString()))).containsExactly("AWS profile a", "AWS profile b", "AWS profile moved");
        assertThat(new CredentialDiscovery(Map.of(), home).find().getFirst().profile().awsProfile()).isEqualTo("a");
    }

    @Test
    void anAzureConnectionStringOrAccountAndKeyInTheEnvironment() {
        List<CredentialDiscovery.Found> found = new CredentialDiscovery(Map.of("AZURE_STORAGE_CONNECTION_STRING",
                "AccountName=acct;AccountKey=a2V5a2V5;"), home).find();
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.profile().azureAccount()).isEqualTo("acct");
            assertThat(f.profile().toString()).doesNotContain("a2V5a2V5");
        });
        assertThat(names(Map.of("AZURE_STORAGE_ACCOUNT", "acct", "AZURE_STORAGE_KEY", "a2V5a2V5")))
                .containsExactly(CredentialDiscovery.AZURE_ENVIRONMENT);
        assertThat(names(Map.of("AZURE_STORAGE_ACCOUNT", "acct"))).isEmpty();
    }

    @Test
    void googleAdcFromTheVariableOrTheGcloudFile() throws Exception {
        List<CredentialDiscovery.Found> byVar = new CredentialDiscovery(Map.of("GOOGLE_APPLICATION_CREDENTIALS", "/k/sa.json",
                "GOOGLE_CLOUD_PROJECT", "proj"), home).find();
        assertThat(byVar).singleElement().satisfies(f -> {
            assertThat(f.profile().credentialsFile()).isEqualTo("/k/sa.json");
            assertThat(f.profile().projectId()).isEqualTo("proj");
        });
        assertThat(names(Map.of())).isEmpty();
        Path adc = home.resolve(".config/gcloud/application_default_credentials.json");
        Files.createDirectories(adc.getParent());
        Files.writeString(adc, "{}");
        List<CredentialDiscovery.Found> byFile = new CredentialDiscovery(Map.of(), home).find();
        assertThat(byFile).singleElement().satisfies(f -> {
            assertThat(f.profile().name()).isEqualTo(CredentialDiscovery.GOOGLE_ADC);
            assertThat(f.profile().credentialsFile()).isNull();
        });
        Path other = home.resolve("gc");
        Files.createDirectories(other);
        assertThat(names(Map.of("CLOUDSDK_CONFIG", other.toString()))).isEmpty();
    }
}
