package io.rangefinder.storage.internal;

import io.rangefinder.storage.StorageException;
import io.rangefinder.storage.config.Secret;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The one place text bound for a message or a log loses what could be a credential: a store's own
 * secrets (keys, tokens, SAS, connection-string parts), URL query strings (a SAS or presigned
 * signature), signature parameters and credential headers.
 */
public final class Redactor {

    private static final String MASK = "****";

    /** Shorter values are too likely to occur in ordinary text to be masked wherever they appear. */
    private static final int MIN_SECRET_LENGTH = 4;

    /** For text from a store that holds no secrets of its own (or none known here): the patterns only. */
    public static final Redactor PATTERNS = new Redactor(List.of());

    private final List<String> secrets;

    /** @param secrets the values of this store's credentials (nulls and short values are skipped) */
    public Redactor(Collection<String> secrets) {
        this.secrets = secrets.stream().filter(Objects::nonNull).filter(s -> s.length() >= MIN_SECRET_LENGTH).toList();
    }

    /** {@code text} (or "" for null) with this store's secrets, URL queries, signatures and credential headers masked. */
    public String redact(String text) {
        if (text == null) {
            return "";
        }
        String s = text;
        for (String secret : secrets) {
            s = s.replace(secret, MASK);
        }
        return Secret.maskShapes(s); // the credential shapes live with Secret, so the app masks the same ones
    }

    /**
     * {@code text} with credential header and parameter values masked and the rest kept, for debug
     * log lines (the same instance when there is nothing to mask).
     */
    public static String maskCredentials(String text) {
        return text == null ? null : Secret.maskCredentialHeaders(text);
    }

    /** A belt to the braces: {@code mapped} again, of the same type, if a secret slipped into its message. */
    public StorageException redacted(StorageException mapped, Throwable cause) {
        String message = mapped.getMessage();
        String clean = redact(message);
        if (clean.equals(message)) {
            return mapped;
        }
        return switch (mapped) {
            case StorageException.ConnectionFailed _ -> new StorageException.ConnectionFailed(clean, cause);
            case StorageException.TransientIo _ -> new StorageException.TransientIo(clean, cause);
            case StorageException.NotFound _ -> new StorageException.NotFound(clean, cause);
            case StorageException.AccessDenied _ -> new StorageException.AccessDenied(clean, cause);
            case StorageException.AlreadyExists _ -> new StorageException.AlreadyExists(clean, cause);
            case StorageException.InvalidArgument _ -> new StorageException.InvalidArgument(clean, cause);
            default -> new StorageException(clean, cause);
        };
    }
}
