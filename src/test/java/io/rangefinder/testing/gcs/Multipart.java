package io.rangefinder.testing.gcs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A small multipart/related reader: the metadata part and the media part of a multipart upload. */
final class Multipart {

    record Part(Map<String, String> headers, byte[] body) {
    }

    private static final Pattern BOUNDARY = Pattern.compile("boundary=(\"([^\"]+)\"|([^;\\s]+))",
            Pattern.CASE_INSENSITIVE);

    private Multipart() {
    }

    static String boundary(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            return null;
        }
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) {
            return null;
        }
        return m.group(2) != null ? m.group(2) : m.group(3);
    }

    static List<Part> parse(byte[] body, String boundary) {
        byte[] delim = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        List<Part> parts = new ArrayList<>();
        int pos = indexOf(body, delim, 0);
        if (pos < 0) {
            throw GcsError.bad("multipart body has no boundary line");
        }
        while (true) {
            int after = pos + delim.length;
            if (after + 1 < body.length && body[after] == '-' && body[after + 1] == '-') {
                return parts; // closing delimiter
            }
            int headersStart = skipLineEnd(body, after);
            int headersEnd;
            int bodyStart;
            if (headersStart + 1 < body.length && body[headersStart] == '\r' && body[headersStart + 1] == '\n') {
                headersEnd = headersStart; // a part with no headers at all (Go's client sends the media so)
                bodyStart = headersStart + 2;
            } else {
                headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), headersStart);
                if (headersEnd < 0) {
                    throw GcsError.bad("multipart part without a header end");
                }
                bodyStart = headersEnd + 4;
            }
            Map<String, String> headers = new HashMap<>();
            String headerText = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
            for (String line : headerText.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
                }
            }
            int next = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII), bodyStart);
            if (next < 0) {
                throw GcsError.bad("multipart part is not terminated by the boundary");
            }
            parts.add(new Part(headers, Arrays.copyOfRange(body, bodyStart, next)));
            pos = next + 2;
        }
    }

    private static int skipLineEnd(byte[] b, int i) {
        if (i < b.length && b[i] == '\r') {
            i++;
        }
        if (i < b.length && b[i] == '\n') {
            i++;
        }
        return i;
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
