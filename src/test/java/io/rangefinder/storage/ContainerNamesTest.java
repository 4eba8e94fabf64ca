package io.rangefinder.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rangefinder.storage.ObjectUri.Scheme;
import org.junit.jupiter.api.Test;

class ContainerNamesTest {

    @Test
    void s3Buckets() {
        assertThat(ContainerNames.problem(Scheme.S3, "my-bucket.logs_1")).isNull();
        assertThat(ContainerNames.problem(Scheme.S3, "ab")).isNotNull();
        assertThat(ContainerNames.problem(Scheme.S3, "My-Bucket")).isEqualTo("it contains uppercase letters");
        assertThat(ContainerNames.problem(Scheme.S3, "192.168.1.1")).isEqualTo("it looks like an IP address");
        assertThat(ContainerNames.problem(Scheme.S3, "a..b")).isEqualTo("it contains '..'");
        assertThat(ContainerNames.problem(Scheme.S3, "-bucket")).isNotNull();
    }

    @Test
    void gcsBuckets() {
        assertThat(ContainerNames.problem(Scheme.GCS, "my_bucket-1")).isNull();
        assertThat(ContainerNames.problem(Scheme.GCS, "googbucket")).isEqualTo("names may not start with 'goog'");
        assertThat(ContainerNames.problem(Scheme.GCS, "Bucket")).isNotNull();
    }

    @Test
    void azureContainersAndAccounts() {
        assertThat(ContainerNames.problem(Scheme.AZURE, "my-container")).isNull();
        assertThat(ContainerNames.problem(Scheme.AZURE, "$web")).isNull();
        assertThat(ContainerNames.problem(Scheme.AZURE, "my--container")).isNotNull();
        assertThat(ContainerNames.problem(Scheme.AZURE, "my_container")).contains("'_'");
        assertThat(ContainerNames.azureAccountProblem("devstoreaccount1")).isNull();
        assertThat(ContainerNames.azureAccountProblem("Dev-Store")).isNotNull();
    }

    @Test
    void topLevelFolders() {
        assertThat(ContainerNames.problem(Scheme.FILE, "data")).isNull();
        assertThat(ContainerNames.problem(Scheme.FILE, "..")).isNotNull();
    }

    @Test
    void checkGivesTheSameMessageAsTheUriParser() {
        String fromParser = catchMessage(() -> ObjectUri.parse("s3://Bad_Bucket/key"));
        String fromCheck = catchMessage(() -> ContainerNames.check(Scheme.S3, "Bad_Bucket"));
        assertThat(fromCheck).isEqualTo(fromParser.replace(" in 's3://Bad_Bucket/key'", ""))
                .startsWith("invalid S3 bucket name 'Bad_Bucket': ").contains("e.g. s3://my-bucket/key");
        assertThatThrownBy(() -> ContainerNames.check(Scheme.AZURE, ""))
                .isInstanceOf(StorageException.InvalidArgument.class).hasMessageContaining("the name is empty");
        ContainerNames.check(Scheme.GCS, "fine-bucket");
    }

    private static String catchMessage(Runnable r) {
        try {
            r.run();
        } catch (StorageException.InvalidArgument e) {
            return e.getMessage();
        }
        throw new AssertionError("no InvalidArgument");
    }
}
