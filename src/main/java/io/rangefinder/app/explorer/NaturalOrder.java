package io.rangefinder.app.explorer;

import java.util.Comparator;

/**
 * Names as people sort them: runs of digits compare by their value, so "file-2" comes before
 * "file-10"; the rest compares ignoring case. Case and leading zeros decide only between names
 * otherwise equal, and plain order last, so the order is total and transitive. Leading zeros do not change a number's value ("frame-007" and "frame-7" are
 * next to each other; the shorter run first).
 */
final class NaturalOrder implements Comparator<String> {

    static final NaturalOrder INSTANCE = new NaturalOrder();

    private NaturalOrder() {
    }

    @Override
    public int compare(String a, String b) {
        int i = 0;
        int j = 0;
        int tie = 0; // the first difference of case or of leading zeros, used only if nothing else differs
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (isDigit(ca) && isDigit(cb)) {
                int endA = digitsEnd(a, i);
                int endB = digitsEnd(b, j);
                int za = skipZeros(a, i, endA);
                int zb = skipZeros(b, j, endB);
                int lenA = endA - za;
                int lenB = endB - zb;
                if (lenA != lenB) {
                    return Integer.compare(lenA, lenB); // more significant digits: a bigger number
                }
                for (int k = 0; k < lenA; k++) {
                    int d = Character.compare(a.charAt(za + k), b.charAt(zb + k));
                    if (d != 0) {
                        return d;
                    }
                }
                if (tie == 0) {
                    tie = Integer.compare(endA - i, endB - j); // same value: fewer leading zeros first
                }
                i = endA;
                j = endB;
            } else {
                int d = Character.compare(Character.toLowerCase(Character.toUpperCase(ca)),
                        Character.toLowerCase(Character.toUpperCase(cb)));
                if (d != 0) {
                    return d;
                }
                if (tie == 0) {
                    tie = Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        int rest = Integer.compare(a.length() - i, b.length() - j);
        if (rest != 0) {
            return rest;
        }
        return tie != 0 ? tie : a.compareTo(b);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int digitsEnd(String s, int from) {
        int k = from;
        while (k < s.length() && isDigit(s.charAt(k))) {
            k++;
        }
        return k;
    }

    private static int skipZeros(String s, int from, int end) {
        int k = from;
        while (k < end - 1 && s.charAt(k) == '0') {
            k++;
        }
        return k;
    }
}
