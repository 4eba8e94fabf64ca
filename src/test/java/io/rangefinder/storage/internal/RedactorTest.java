package io.rangefinder.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.rangefinder.storage.StorageException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {

    @Test
    void cutsQueriesSignaturesAndKnownSecrets() {
        String msg = "Status code 403, GET http://127.0.0.1:10000/devstoreaccount1/c/b?sv=2021&sig=abc%2Fdef&se=x failed;"
                + " AccountKey=topsecret==; also sig=zzz and the raw key hunter2key";
        String s = new Redactor(List.of("hunter2key")).redact(msg);
        assertThat(s).doesNotContain("abc%2Fdef").doesNotContain("topsecret").doesNotContain("zzz")
                .doesNotContain("hunter2key").contains("http://127.0.0.1:10000/devstoreaccount1/c/b");
    }

    @Test
    void masksBearerTokensAndCredentialHeadersButKeepsOrdinaryText() {
        Redactor r = Redactor.PATTERNS;
        assertThat(r.redact("401: the token Bearer ya29.a0AfB_byC-xyz was rejected"))
                .isEqualTo("401: the token Bearer **** was rejected");
        // a header's value is masked to the end of its line
        assertThat(r.redact("Authorization: AWS4-HMAC-SHA256 Credential=AKIA/x, Signature=abc\nnext line"))
                .isEqualTo("Authorization: ****\nnext line");
        assertThat(r.redact("x-amz-security-token: FwoGZXIvYXdzEJr")).doesNotContain("FwoGZXIvYXdzEJr");
        assertThat(r.redact("bucket 'photos' does not exist")).isEqualTo("bucket 'photos' does not exist");
        assertThat(r.redact(null)).isEmpty();
    }

    @Test
    void shortValuesAreNotTreatedAsSecrets() {
        // a 3-character "secret" would turn every 'abc' in a message into ****
        assertThat(new Redactor(List.of("abc", "")).redact("abc-bucket")).isEqualTo("abc-bucket");
    }

    @Test
    void aMappedErrorWithASecretIsRebuiltOfTheSameType() {
        Redactor r = new Redactor(List.of("wJalrXUtnFEMI"));
        StorageException leaked = new StorageException.AccessDenied("denied for key wJalrXUtnFEMI");
        StorageException clean = r.redacted(leaked, null);
        assertThat(clean).isInstanceOf(StorageException.AccessDenied.class);
        assertThat(clean.getMessage()).doesNotContain("wJalrXUtnFEMI").contains("****");
        StorageException fine = new StorageException.NotFound("no such object");
        assertThat(r.redacted(fine, null)).isSameAs(fine);
    }
}
