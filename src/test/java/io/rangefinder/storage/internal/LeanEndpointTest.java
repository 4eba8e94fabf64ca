package io.rangefinder.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LeanEndpointTest {

    @Test
    void readsSchemePortAndBasePath() {
        assertThat(LeanEndpoint.of("http://127.0.0.1:9000")).isEqualTo(
                new LeanEndpoint(false, "127.0.0.1", 9000, "", "http://127.0.0.1:9000"));
        assertThat(LeanEndpoint.of("HTTPS://Store.Example.com/base//")).isEqualTo(
                new LeanEndpoint(true, "Store.Example.com", 443, "/base", "https://Store.Example.com"));
        assertThat(LeanEndpoint.of("http://minio.local/")).isEqualTo(
                new LeanEndpoint(false, "minio.local", 80, "", "http://minio.local"));
        assertThat(LeanEndpoint.of("http://h:10000/devstoreaccount1").path()).isEqualTo("/devstoreaccount1");
        assertThat(LeanEndpoint.https("storage.googleapis.com").origin()).isEqualTo("https://storage.googleapis.com");
    }

    @Test
    void leavesToTheSdksWhatTheLeanClientDoesNotSpeak() {
        assertThat(LeanEndpoint.of("http://[::1]:9000")).as("IPv6 literal").isNull();
        assertThat(LeanEndpoint.of("http://h:9000/?x=1")).as("a query").isNull();
        assertThat(LeanEndpoint.of("http://user:pw@h:9000")).as("user info").isNull();
        assertThat(LeanEndpoint.of("ftp://h/")).as("another scheme").isNull();
        assertThat(LeanEndpoint.of("h:9000")).as("no host").isNull();
        assertThat(LeanEndpoint.of("http://bad host/")).as("no URI at all").isNull();
        assertThat(LeanEndpoint.of((String) null)).isNull();
    }

    @Test
    void isOffWhenSwitchedOffOrProxied() {
        String property = "rangefinder.test.lean." + System.nanoTime();
        assertThat(LeanEndpoint.off(property, "RF_TEST_LEAN", Map.of())).isFalse();
        assertThat(LeanEndpoint.off(property, "RF_TEST_LEAN", Map.of("RF_TEST_LEAN", "1"))).isFalse();
        assertThat(LeanEndpoint.off(property, "RF_TEST_LEAN", Map.of("RF_TEST_LEAN", "0"))).isTrue();
        assertThat(LeanEndpoint.off(property, "RF_TEST_LEAN", Map.of("RF_TEST_LEAN", "FALSE"))).isTrue();
        assertThat(LeanEndpoint.off(property, "RF_TEST_LEAN", Map.of("HTTPS_PROXY", "http://proxy:3128"))).isTrue();
        System.setProperty(property, "false");
        try {
            assertThat(LeanEndpoint.off(property, "RF_TEST_LEAN", Map.of())).isTrue();
        } finally {
            System.clearProperty(property);
        }
    }
}
