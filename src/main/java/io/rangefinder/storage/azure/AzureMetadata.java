package io.rangefinder.storage.azure;

import java.util.Map;
import java.util.regex.Pattern;

/** The contract's metadata names as Azure accepts them, and back. */
final class AzureMetadata {

    private AzureMetadata() {
    }

    private static final Pattern METADATA_ESCAPE = Pattern.compile("_x([0-9A-F]{4})_");

    /**
     * Azure metadata names must be C# identifiers ({@code [A-Za-z_][A-Za-z0-9_]*}), while the
     * contract allows any lower-case ASCII key such as {@code run-id}. Other characters (and a
     * leading digit) are written as {@code _xHHHH_}, the escape .NET's XmlConvert uses, and turned
     * back on read, so {@code run-id} round-trips and shows as {@code run_x002D_id} in the portal.
     */
    static Map<String, String> encodeMetadata(Map<String, String> metadata) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            out.put(encodeMetadataName(e.getKey()), e.getValue());
        }
        return out;
    }

    static String encodeMetadataName(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            boolean ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch == '_' && !escapeAt(name, i))
                    || (i > 0 && ch >= '0' && ch <= '9');
            if (ok) {
                sb.append(ch);
            } else {
                sb.append(String.format("_x%04X_", (int) ch));
            }
        }
        return sb.toString();
    }

    /** Whether an underscore starts something that reads as an escape (so it is escaped itself). */
    private static boolean escapeAt(String name, int i) {
        return METADATA_ESCAPE.matcher(name).region(i, name.length()).lookingAt();
    }

    static Map<String, String> decodeMetadata(Map<String, String> metadata) {
        if (metadata == null || metadata.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            out.put(decodeMetadataName(e.getKey()), e.getValue());
        }
        return out;
    }

    static String decodeMetadataName(String name) {
        if (name.indexOf("_x") < 0) {
            return name;
        }
        return METADATA_ESCAPE.matcher(name).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(
                String.valueOf((char) Integer.parseInt(m.group(1), 16))));
    }
}
