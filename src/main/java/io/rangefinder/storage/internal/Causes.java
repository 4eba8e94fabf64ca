package io.rangefinder.storage.internal;

/** Looks through an exception's cause chain, as SDKs wrap the failure that says what happened. */
public final class Causes {

    private Causes() {
    }

    /** The first throwable of {@code type} in {@code t}'s cause chain (itself and suppressed ones included), or null. */
    public static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
            for (Throwable s : c.getSuppressed()) {
                if (type.isInstance(s)) {
                    return type.cast(s);
                }
            }
        }
        return null;
    }

    /** The first throwable in the chain of a class (or superclass) with this simple name, for types of optional libraries. */
    public static Throwable findByName(Throwable t, String simpleName) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            for (Class<?> k = c.getClass(); k != null; k = k.getSuperclass()) {
                if (k.getSimpleName().equals(simpleName)) {
                    return c;
                }
            }
        }
        return null;
    }

    /** The deepest cause's message, or its class name when it has none. */
    public static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }

    /**
     * A message short enough to sit inside a sentence: its first line, and where that runs past
     * {@code max} characters, cut at the last clause (": ") that ends within them, else at
     * {@code max} with an ellipsis. A library's parse error quoted whole (a JSON parser's expected
     * tokens, its source excerpt) tells a user nothing the first clause does not.
     */
    public static String brief(String message, int max) {
        if (message == null) {
            return "";
        }
        String m = message.strip();
        int nl = m.indexOf('\n');
        if (nl >= 0) {
            m = m.substring(0, nl).strip();
        }
        if (m.length() <= max) {
            return m;
        }
        int clause = m.lastIndexOf(": ", max);
        return clause > max / 3 ? m.substring(0, clause) : m.substring(0, max).strip() + "\u2026";
    }
}
