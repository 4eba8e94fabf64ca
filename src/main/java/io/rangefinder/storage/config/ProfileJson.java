package io.rangefinder.storage.config;

import io.rangefinder.storage.StorageException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Connection profiles as JSON. Durations are ISO-8601 ("PT5S"); secrets are written as their
 * values, so this JSON belongs only in the owner-only connections file, never in results or logs.
 */
public final class ProfileJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private ProfileJson() {
    }

    public static String write(ConnectionProfile profile) {
        try {
            return MAPPER.writeValueAsString(profile);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write profile '" + profile.name() + "'", e);
        }
    }

    /** Reads a profile; a malformed one is an {@link StorageException.InvalidArgument} naming what is wrong. */
    public static ConnectionProfile read(String json) {
        try {
            return MAPPER.readValue(json, ConnectionProfile.class);
        } catch (JsonProcessingException e) {
            throw new StorageException.InvalidArgument("not a valid connection profile: " + e.getOriginalMessage());
        }
    }
}
