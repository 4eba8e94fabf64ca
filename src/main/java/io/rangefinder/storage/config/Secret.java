package io.rangefinder.storage.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/**
 * A credential (key, SAS token, connection string). Its {@code toString} is a mask, so a secret
 * printed by accident, logged or put in an exception shows as {@code ****}. Only
 * {@link #reveal()} gives the value, for the SDK call that needs it and the owner-only file that
 * stores it.
 */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
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
