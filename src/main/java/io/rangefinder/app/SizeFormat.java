package io.rangefinder.app;

import java.util.Locale;

/** Byte counts in binary units, as file managers show them: 512 B, 1.5 KiB, 20.0 GiB. */
final class SizeFormat {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private SizeFormat() {
    }

    static String bytes(long bytes) {
        if (bytes < 0) {
            return "";
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        int unit = (63 - Long.numberOfLeadingZeros(bytes)) / 10;
        double value = bytes / Math.pow(1024, unit);
        // 1023.95 KiB would print as "1024.0 KiB"; show it as the next unit instead
        if (value >= 1023.95 && unit + 1 < UNITS.length) {
            unit++;
            value /= 1024;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
