package io.rangefinder.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The masking rules of the debug-log filter, on lines as the Apache client and the AWS signer write them. */
class WireLogRedactorTest {

    @Test
    void masksCredentialHeadersAndParametersAndLeavesTheRestOfTheLine() {
        assertThat(WireLogRedactor.redact("http-outgoing-0 >> \"x-amz-security-token: FwoGZXIvYXdzEJr[\\r][\\n]\""))
                .isEqualTo("http-outgoing-0 >> \"x-amz-security-token: ****[\\r][\\n]\"");
        assertThat(WireLogRedactor.redact("http-outgoing-3 >> Authorization: AWS4-HMAC-SHA256 Credential=AKIA/x, Signature=abc"))
                .isEqualTo("http-outgoing-3 >> Authorization: ****");
        assertThat(WireLogRedactor.redact("GET\n/b\nX-Amz-Security-Token=tok%2F1&X-Amz-Signature=f00&x=1\nhost:h\nx-amz-security-token:tok\n"))
                .isEqualTo("GET\n/b\nX-Amz-Security-Token=****&X-Amz-Signature=****&x=1\nhost:h\nx-amz-security-token:****\n");
        String plain = "http-outgoing-0 >> \"GET /bucket?list-type=2 HTTP/1.1[\\r][\\n]\"";
        assertThat(WireLogRedactor.redact(plain)).isSameAs(plain);
    }
}
