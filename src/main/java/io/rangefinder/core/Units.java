package io.rangefinder.core;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The one place that parses and formats sizes, rates and durations for people. */
public final class Units {

    private static final Pattern SIZE = Pattern.compile("(?i)\\s*(\\d+(?:\\.\\d+)?)\\s*([kmgtp]?i?b?)?\\s*");
    private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

    private Units() {
    }

    /**
     * Parses sizes such as {@code 64KiB}, {@code 8MiB}, {@code 1.5GiB}, {@code 4096}, {@code 10MB}.
     * KiB/MiB/... and K/M/G are powers of 1024; KB/MB/GB are powers of 1000, as their units say.
     */
    public static long parseSize(String text) {
        Matcher m = SIZE.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size: '" + text + "' (use e.g. 4096, 64KiB, 8MiB, 1GiB, 10MB)");
        }
        double number = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2).toUpperCase(Locale.ROOT);
        long multiplier = switch (unit) {
            case "", "B" -> 1L;
            case "K", "KI", "KIB" -> 1L << 10;
            case "M", "MI", "MIB" -> 1L << 20;
            case "G", "GI", "GIB" -> 1L << 30;
            case "T", "TI", "TIB" -> 1L << 40;
            case "P", "PI", "PIB" -> 1L << 50;
            case "KB" -> 1_000L;
            case "MB" -> 1_000_000L;
            case "GB" -> 1_000_000_000L;
            case "TB" -> 1_000_000_000_000L;
            case "PB" -> 1_000_000_000_000_000L;
            default -> throw new IllegalArgumentException("unknown size unit '" + m.group(2) + "' in '" + text + "'");
        };
        double bytes = number * multiplier;
        // (double) Long.MAX_VALUE rounds up to 2^63, so compare with >= or 2^63 slips through
        // and is silently clamped by the cast.
        if (bytes >= 0x1p63) {
            throw new IllegalArgumentException("size too large: '" + text + "'");
        }
        return (long) bytes;
    }

    /** 0 B, 1023 B, 1.0 KiB, 64.0 MiB, 1.50 GiB. */
    public static String formatSize(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < BINARY.length - 1) {
            value /= 1024;
            unit++;
        }
        String pattern = value >= 100 ? "%.0f %s" : value >= 10 ? "%.1f %s" : "%.2f %s";
        return String.format(Locale.ROOT, pattern, value, BINARY[unit]);
    }

    /** Throughput in MB/s (10^6 bytes per second, as benchmarks report it). */
    public static String formatRate(double bytesPerSecond) {
        return String.format(Locale.ROOT, "%.1f MB/s", bytesPerSecond / 1e6);
    }

    public static double mbPerSec(long bytes, double seconds) {
        return seconds > 0 ? bytes / 1e6 / seconds : 0;
    }

    /** 850 ms, 12.3 s, 4m05s, 2h03m. */
    public static String formatDuration(double seconds) {
        if (seconds < 1) {
            return String.format(Locale.ROOT, "%.0f ms", seconds * 1000);
        }
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        long s = Math.round(seconds);
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
