package io.rangefinder.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class CausesTest {

    @Test
    void aShortMessageStaysWhole() {
        assertThat(Causes.brief("connection refused", 120)).isEqualTo("connection refused");
        assertThat(Causes.brief(null, 120)).isEmpty();
    }

    @Test
    void aLibrarysParseErrorIsCutAtItsFirstClauses() {
        // what msal4j said when the sandbox's proxy answered the managed-identity probe
        String msal = "[Managed Identity] MSI returned 403, but the response could not be parsed: Unrecognized "
                + "token 'resolve_deny': was expecting (JSON String, Number (or 'NaN'/'Infinity'/'+Infinity'/"
                + "'-Infinity'), Array, Object or token 'null', 'true' or 'false')\n at [Source: (String)\"resolve_deny: "
                + "denied destination\"; line: 1, column: 13]";
        assertThat(Causes.brief(msal, 120)).isEqualTo("[Managed Identity] MSI returned 403, but the response could "
                + "not be parsed: Unrecognized token 'resolve_deny'");
        assertThat(Causes.brief(msal, 80)).isEqualTo("[Managed Identity] MSI returned 403, but the response could "
                + "not be parsed");
    }

    @Test
    void onlyTheFirstLineIsKept() {
        assertThat(Causes.brief("first line\nsecond line", 120)).isEqualTo("first line");
    }

    @Test
    void aLongMessageWithoutClausesEndsInAnEllipsis() {
        String m = "x".repeat(200);
        assertThat(Causes.brief(m, 50)).hasSize(51).endsWith("\u2026");
    }

    @Test
    void theRootCausesMessageIsFound() {
        Exception e = new RuntimeException("outer", new IllegalStateException("middle", new IOException("root")));
        assertThat(Causes.rootMessage(e)).isEqualTo("root");
        assertThat(Causes.rootMessage(new RuntimeException(new IOException()))).isEqualTo("IOException");
    }
}
