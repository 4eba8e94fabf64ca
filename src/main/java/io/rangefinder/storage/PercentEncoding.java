package io.rangefinder.storage;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Percent-encoding of file:// paths, as RFC 3986 writes them, and its decoding as UTF-8. */
final class PercentEncoding {

    private PercentEncoding() {
    }

    private static final String PATH_SAFE = "-._~!$&'()*+,;=:@/";

    static String encodePath(String path) {
        StringBuilder sb = new StringBuilder(path.length() + 16);
        for (int i = 0; i < path.length(); ) {
            int cp = path.codePointAt(i);
            int n = Character.charCount(cp);
            boolean keep = cp < 128
                    ? (Character.isLetterOrDigit(cp) || PATH_SAFE.indexOf(cp) >= 0)
                    : !(Character.isISOControl(cp) || Character.isWhitespace(cp) || Character.isSpaceChar(cp)
                        || Character.isSurrogate(path.charAt(i)) && n == 1);
            if (keep) {
                sb.append(path, i, i + n);
            } else {
                for (byte b : path.substring(i, i + n).getBytes(StandardCharsets.UTF_8)) {
                    sb.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                            .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
                }
            }
            i += n;
        }
        return sb.toString();
    }

    /** Decodes %XX escapes as UTF-8 ('+' stays '+', as in URI paths); {@code shownSource} names the input in messages. */
    static String decode(String s, String shownSource) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            bytes.reset();
            while (i < s.length() && s.charAt(i) == '%') {
                int hi = i + 2 < s.length() ? hexDigit(s.charAt(i + 1)) : -1;
                int lo = i + 2 < s.length() ? hexDigit(s.charAt(i + 2)) : -1;
                if (hi < 0 || lo < 0) {
                    throw new StorageException.InvalidArgument("bad percent-escape at position " + i + " in '" + shownSource
                            + "': write '%' as %25; escapes are % followed by two hex digits");
                }
                bytes.write(hi * 16 + lo);
                i += 3;
            }
            try {
                out.append(StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes.toByteArray())));
            } catch (CharacterCodingException e) {
                throw new StorageException.InvalidArgument("percent-escapes in '" + shownSource + "' are not valid UTF-8");
            }
        }
        return out.toString();
    }

    /** The value of an ASCII hex digit, or -1 (Character.digit would also read fullwidth and non-Latin digits). */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
