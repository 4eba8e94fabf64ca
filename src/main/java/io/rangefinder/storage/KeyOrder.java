package io.rangefinder.storage;

import java.util.Comparator;

/**
 * The order object stores list keys in: the unsigned byte order of the keys' UTF-8 encoding,
 * as S3 sorts. For Java strings that is code point order, which differs from
 * {@link String#compareTo} (UTF-16 code unit order) only when a supplementary character
 * (a surrogate pair) meets a character in U+E000..U+FFFF; this comparator fixes that up
 * without encoding the strings.
 */
public final class KeyOrder {

    /** Compares keys by the bytes of their UTF-8 encoding. */
    public static final Comparator<String> UTF8 = KeyOrder::compare;

    private KeyOrder() {
    }

    public static int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                return fixup(x) - fixup(y);
            }
        }
        return a.length() - b.length();
    }

    /** Moves surrogates (D800..DFFF) above E000..FFFF, so code unit order becomes code point order. */
    private static int fixup(char c) {
        if (c >= 0xE000) {
            return c - 0x800;
        }
        if (c >= 0xD800) {
            return c + 0x2000;
        }
        return c;
    }
}
