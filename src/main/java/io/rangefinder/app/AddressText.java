package io.rangefinder.app;

/**
 * The text of the address bar: {@code file:///container/prefix/}. A stand-in until
 * {@code io.rangefinder.storage.ObjectUri} parses addresses for every scheme.
 */
final class AddressText {

    private static final String SCHEME = "file://";

    private AddressText() {
    }

    static String format(Location location) {
        return location.isRoot() ? SCHEME + "/" : SCHEME + "/" + location.container() + "/" + location.prefix();
    }

    /**
     * Accepts {@code file:///a/b}, {@code file:/a/b} and a plain absolute path {@code /a/b}; a
     * trailing slash is optional. Throws {@link IllegalArgumentException} with a message for the user.
     */
    static Location parse(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("Type an address such as file:///home/");
        }
        String path;
        if (s.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            path = s.substring(SCHEME.length());
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("Only local addresses (file:///...) are supported here: " + s);
            }
        } else if (s.regionMatches(true, 0, "file:", 0, 5)) {
            path = s.substring(5);
        } else if (s.startsWith("/")) {
            path = s;
        } else if (s.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
            throw new IllegalArgumentException("Only file:// addresses can be opened in this window yet: " + s);
        } else {
            throw new IllegalArgumentException("Not an address: " + s + " (try file:///home/)");
        }
        Location at = Location.ROOT;
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            at = segment.equals("..") ? at.parent() : at.child(segment);
        }
        return at;
    }
}
