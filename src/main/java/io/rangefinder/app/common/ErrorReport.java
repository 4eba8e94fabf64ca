package io.rangefinder.app.common;

import io.rangefinder.core.BuildInfo;
import io.rangefinder.storage.StorageException;
import io.rangefinder.storage.config.Secret;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * What went wrong, for a person: one readable line; the causes in words, one line each, for the
 * "Details" expander; and the full text with the stack trace for "Copy for a bug report". All three
 * have every secret this process holds, and what looks like a credential, masked ({@link Secret#mask}).
 *
 * @param message   the line shown in place
 * @param details   what was attempted, then one line per cause: its message and its type
 * @param bugReport the version, the attempt and the stack trace with its causes, for a ticket
 */
public record ErrorReport(String message, String details, String bugReport) {

    /** The causes shown at most (a chain longer than this is cut, its end named in the bug report). */
    static final int MAX_CAUSES = 12;

    /** {@code doing} says what was attempted ("Could not list file:///x/"); a store's own message wins, as it is written for people. */
    public static ErrorReport of(String doing, Throwable error) {
        String detail = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        String message = error instanceof StorageException ? detail : doing + ": " + detail;
        StringBuilder chain = new StringBuilder(doing);
        List<Throwable> causes = causes(error);
        for (int i = 0; i < causes.size(); i++) {
            chain.append('\n').append(i == 0 ? "• " : "  caused by: ").append(words(causes.get(i)));
        }
        StringWriter trace = new StringWriter();
        try (PrintWriter out = new PrintWriter(trace)) {
            out.println("Rangefinder " + BuildInfo.version() + ", Java " + System.getProperty("java.version")
                    + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
            out.println(doing);
            error.printStackTrace(out);
        }
        return new ErrorReport(Secret.mask(message), Secret.mask(chain.toString()), Secret.mask(trace.toString()));
    }

    /** A mistake the user can fix by typing something else; nothing more to show. */
    public static ErrorReport plain(String message) {
        String m = Secret.mask(message);
        return new ErrorReport(m, m, m);
    }

    /** The error and its causes, outermost first, each once (a cycle ends the chain). */
    static List<Throwable> causes(Throwable error) {
        List<Throwable> out = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = error; t != null && seen.add(t) && out.size() < MAX_CAUSES; t = t.getCause()) {
            out.add(t);
        }
        return out;
    }

    /**
     * One cause in words: "Connection refused (ConnectException)", its message's first line. The
     * type keeps its enclosing class ({@code StorageException$NotFound}) so it can be found in code.
     */
    static String words(Throwable t) {
        String type = t.getClass().getName();
        type = type.substring(type.lastIndexOf('.') + 1);
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return type;
        }
        return m.strip().lines().findFirst().orElse("") + " (" + type + ")";
    }
}
