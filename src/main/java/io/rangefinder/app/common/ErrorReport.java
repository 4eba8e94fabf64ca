package io.rangefinder.app.common;

import io.rangefinder.storage.StorageException;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * What went wrong, for a person: one readable line, and the full text (causes and stack) that a
 * "Details" expander shows for copying into a ticket.
 */
public record ErrorReport(String message, String details) {

    /** {@code doing} says what was attempted ("Could not list file:///x/"); a store's own message wins, as it is written for people. */
    public static ErrorReport of(String doing, Throwable error) {
        String detail = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        String message = error instanceof StorageException ? detail : doing + ": " + detail;
        StringWriter trace = new StringWriter();
        try (PrintWriter out = new PrintWriter(trace)) {
            out.println(doing);
            error.printStackTrace(out);
        }
        return new ErrorReport(message, trace.toString());
    }

    /** A mistake the user can fix by typing something else; nothing more to show. */
    public static ErrorReport plain(String message) {
        return new ErrorReport(message, message);
    }
}
