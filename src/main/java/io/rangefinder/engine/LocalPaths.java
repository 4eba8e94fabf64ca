package io.rangefinder.engine;

import io.rangefinder.storage.StorageException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Where a downloaded object lands under a chosen folder. Object keys are not file names: they may
 * hold "..", start with "/", carry control characters or be too long, and none of that may ever
 * write outside the folder the user chose.
 */
public final class LocalPaths {

    private static final int SHOWN_CHARS = 120;

    private LocalPaths() {
    }

    /**
     * {@code folder}/{@code relativeKey} (a key, or the part of it under the prefix being downloaded;
     * "/" separates folders).
     *
     * @throws StorageException.InvalidArgument when the key cannot be a safe path under the folder
     */
    public static Path under(Path folder, String relativeKey) {
        Path base = folder.toAbsolutePath().normalize();
        String shown = shown(relativeKey);
        if (relativeKey.isEmpty() || relativeKey.startsWith("/") || relativeKey.startsWith("\\")) {
            throw refuse(shown, "it is empty or absolute");
        }
        for (String segment : relativeKey.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                throw refuse(shown, "it contains a '" + segment + "' segment");
            }
            if (segment.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '\\' || c == ':')) {
                throw refuse(shown, "it contains a control character, '\\' or ':'");
            }
            if (segment.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255) {
                throw refuse(shown, "a part of it is longer than 255 bytes");
            }
        }
        Path target;
        try {
            target = base.resolve(relativeKey).normalize();
        } catch (InvalidPathException e) {
            throw refuse(shown, e.getReason());
        }
        if (!target.startsWith(base) || target.equals(base)) {
            throw refuse(shown, "it would land outside " + base);
        }
        return target;
    }

    /** The key as a message shows it: control characters as '?', at most {@value #SHOWN_CHARS} characters. */
    private static String shown(String key) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < key.length() && sb.length() < SHOWN_CHARS; i++) {
            char c = key.charAt(i);
            sb.append(Character.isISOControl(c) ? '?' : c);
        }
        if (sb.length() < key.length()) {
            if (Character.isHighSurrogate(sb.charAt(sb.length() - 1))) {
                sb.setLength(sb.length() - 1);
            }
            sb.append("…");
        }
        return sb.toString();
    }

    private static StorageException.InvalidArgument refuse(String key, String why) {
        return new StorageException.InvalidArgument("not downloading '" + key + "' as a local file: " + why
                + "; download it to an explicit file name instead");
    }
}
