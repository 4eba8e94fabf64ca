package io.rangefinder.storage.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A credential (key, SAS token, connection string). Its {@code toString} is a mask, so a secret
 * printed by accident, logged or put in an exception shows as {@code ****}. Only
 * {@link #reveal()} gives the value, for the SDK call that needs it and the owner-only file that
 * stores it. Every secret made in this process is remembered (weakly), so {@link #mask} can take
 * them out of any text bound for a person: an error's cause chain, a bug report, a log line.
 */
public final class Secret {

    private static final String MASK = "****";
    /** Shorter values are too likely to occur in ordinary text to be masked wherever they appear. */
    private static final int MIN_MASKED_LENGTH = 4;
    private static final Map<Secret, Boolean> LIVE = Collections.synchronizedMap(new WeakHashMap<>());
    // the credential shapes masked everywhere: here for the app layer, and by storage.internal.Redactor for the stores
    private static final Pattern CREDENTIAL = Pattern.compile(
            "(?i)(x-amz-security-token|authorization|x-amz-signature)(\\s*[:=]\\s*)([^\\r\\n\"&\\[]+)");
    private static final Pattern URL_QUERY = Pattern.compile("(https?://[^\\s?'\"<>]*)\\?[^\\s'\"<>]*");
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._\\-]+");
    private static final Pattern SIG_PARAM = Pattern.compile("(?i)(sig|signature|accountkey|sharedaccesssignature)=[^&;\\s'\"<>]*");

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
        if (value.length() >= MIN_MASKED_LENGTH) {
            LIVE.put(this, Boolean.TRUE);
        }
    }

    /**
     * {@code text} (or "" for null) with every secret this process holds replaced by {@code ****},
     * and what looks like a credential masked too: URL query strings (SAS, presigned signatures),
     * {@code sig=}/{@code AccountKey=} parameters, bearer tokens, credential headers.
     */
    public static String mask(String text) {
        if (text == null) {
            return "";
        }
        List<String> values;
        synchronized (LIVE) {
            values = new ArrayList<>(LIVE.size());
            for (Secret s : LIVE.keySet()) {
                if (s != null) {
                    values.add(s.value);
                }
            }
        }
        // longest first, so a secret that contains another is masked whole
        values.sort((a, b) -> Integer.compare(b.length(), a.length()));
        String out = text;
        for (String v : values) {
            out = out.replace(v, MASK);
        }
        return maskShapes(out);
    }

    /**
     * {@code text} with what looks like a credential masked, whoever holds it: URL query strings
     * (SAS, presigned signatures), {@code sig=}/{@code AccountKey=} parameters, bearer tokens and
     * credential header values.
     */
    public static String maskShapes(String text) {
        String out = URL_QUERY.matcher(text).replaceAll("$1");
        out = SIG_PARAM.matcher(out).replaceAll("$1=" + MASK);
        out = BEARER.matcher(out).replaceAll("$1" + MASK);
        return maskCredentialHeaders(out);
    }

    /** {@code text} with credential header and parameter values masked; the same instance when there are none. */
    public static String maskCredentialHeaders(String text) {
        Matcher m = CREDENTIAL.matcher(text);
        return m.find() ? m.replaceAll(r -> Matcher.quoteReplacement(r.group(1) + r.group(2) + MASK)) : text;
    }

    @JsonCreator
    public static Secret of(String value) {
        return value == null || value.isEmpty() ? null : new Secret(value);
    }

    @JsonValue
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "****";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
