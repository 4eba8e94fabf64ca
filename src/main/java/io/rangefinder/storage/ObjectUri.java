package io.rangefinder.storage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an object, folder or container lives: {@code s3://bucket/key}, {@code az://account/container/blob},
 * {@code gs://bucket/object} or {@code file:///path}.
 *
 * <p>For {@link Scheme#FILE} the container is the first segment of the absolute path and the key is
 * the rest, so {@code /home/u/data/x.bin} is container {@code home}, key {@code u/data/x.bin}. A key
 * that is empty or ends in {@code /} names a folder (a prefix). {@code account} is set only for
 * {@link Scheme#AZURE}. A container of {@code ""} names the scheme's root (all buckets, all
 * containers of an account, or {@code /}); its key is then {@code ""} too.
 *
 * <p>{@link #toString()} gives the canonical form, which {@link #parse} reads back to an equal value
 * (except the bare scheme roots {@code s3://} and {@code gs://}, which name no bucket).
 */
public record ObjectUri(Scheme scheme, String account, String container, String key) {

    /** The stores a URI can point into, with the prefix their URIs start with. */
    public enum Scheme {
        S3("s3"), AZURE("az"), GCS("gs"), FILE("file");

        private final String prefix;

        Scheme(String prefix) {
            this.prefix = prefix;
        }

        /** "s3", "az", "gs" or "file": what comes before "://". */
        public String prefix() {
            return prefix;
        }
    }

    private static final String FORMS = "use s3://, az://, gs://, file:// or a local path";
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");
    private static final String AZURE_HOST_SUFFIX = ".blob.core.windows.net";
    private static final int MAX_KEY_BYTES = 1024;

    /** Validates the parts; see the class comment for what each holds. */
    public ObjectUri {
        Objects.requireNonNull(scheme, "scheme");
        container = container == null ? "" : container;
        key = key == null ? "" : key;
        validate(scheme, account, container, key, null);
    }

    // ------------------------------------------------------------------ parsing

    /**
     * Reads any form a user may type or paste: {@code s3://bucket/key}, {@code gs://bucket/object},
     * {@code az://account/container/blob}, {@code https://ACCOUNT.blob.core.windows.net/container/blob}
     * (query string such as a SAS token dropped), {@code file:///path}, {@code file:/path},
     * {@code file://localhost/path}, or a plain local path ({@code ~} is the home folder; relative
     * paths resolve against the current folder).
     *
     * @throws StorageException.InvalidArgument saying what is wrong and what a right one looks like
     */
    public static ObjectUri parse(String text) {
        if (text == null || text.isBlank()) {
            throw invalid("empty storage location: give s3://bucket/key, az://account/container/blob, "
                    + "gs://bucket/object, file:///path or a local path");
        }
        Matcher m = SCHEME.matcher(text);
        if (m.find()) {
            String name = m.group(1).toLowerCase(Locale.ROOT);
            String afterColon = text.substring(m.end());
            boolean slashes = afterColon.startsWith("//");
            switch (name) {
                case "s3" -> {
                    return parseBucketForm(Scheme.S3, text, afterColon, slashes);
                }
                case "gs" -> {
                    return parseBucketForm(Scheme.GCS, text, afterColon, slashes);
                }
                case "az" -> {
                    return parseBucketForm(Scheme.AZURE, text, afterColon, slashes);
                }
                case "file" -> {
                    return parseFile(text, afterColon);
                }
                case "http", "https" -> {
                    if (slashes) {
                        return parseAzureUrl(text, afterColon.substring(2));
                    }
                }
                default -> {
                    if (slashes) {
                        throw invalid("unsupported scheme '" + m.group(1) + "' in '" + show(text) + "': " + FORMS);
                    }
                }
            }
            // "name:rest" without "//" is an ordinary file name (or a Windows drive letter).
        }
        return parseLocalPath(text);
    }

    private static ObjectUri parseBucketForm(Scheme scheme, String text, String afterColon, boolean slashes) {
        String example = example(scheme);
        if (!slashes) {
            throw invalid("'" + show(text) + "' is missing '//' after '" + scheme.prefix + ":': use " + example);
        }
        String rest = afterColon.substring(2);
        if (scheme == Scheme.AZURE) {
            int s1 = rest.indexOf('/');
            String account = s1 < 0 ? rest : rest.substring(0, s1);
            if (account.isEmpty()) {
                throw invalid("missing storage account in '" + show(text) + "': use " + example);
            }
            String afterAccount = s1 < 0 ? "" : rest.substring(s1 + 1);
            int s2 = afterAccount.indexOf('/');
            String container = s2 < 0 ? afterAccount : afterAccount.substring(0, s2);
            String key = s2 < 0 ? "" : afterAccount.substring(s2 + 1);
            return build(scheme, account, container, key, text);
        }
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        if (rest.isEmpty()) {
            return build(scheme, null, "", "", text); // "s3://" alone: the account's bucket list
        }
        if (bucket.isEmpty()) {
            throw invalid("missing bucket in '" + show(text) + "': use " + example);
        }
        return build(scheme, null, bucket, key, text);
    }

    private static ObjectUri parseAzureUrl(String text, String afterSlashes) {
        // Never let the query (a SAS token is a secret) or fragment reach a message or the result.
        int cut = indexOfAny(afterSlashes, "?#");
        String noQuery = cut < 0 ? afterSlashes : afterSlashes.substring(0, cut);
        String scheme = text.substring(0, text.indexOf(':'));
        String safe = scheme + "://" + noQuery;
        int slash = noQuery.indexOf('/');
        String authority = slash < 0 ? noQuery : noQuery.substring(0, slash);
        String path = slash < 0 ? "" : noQuery.substring(slash + 1);
        String host = authority.toLowerCase(Locale.ROOT);
        int port = host.lastIndexOf(':');
        if (port >= 0) {
            host = host.substring(0, port);
        }
        if (!host.endsWith(AZURE_HOST_SUFFIX) || host.indexOf('@') >= 0) {
            throw invalid("unsupported URL '" + show(safe) + "': only Azure Blob URLs "
                    + "(https://ACCOUNT.blob.core.windows.net/container/blob) are accepted as http(s); "
                    + "for S3 use s3://bucket/key, for GCS gs://bucket/object");
        }
        String account = host.substring(0, host.length() - AZURE_HOST_SUFFIX.length());
        if (account.isEmpty() || account.indexOf('.') >= 0) {
            throw invalid("cannot find the storage account in '" + show(safe)
                    + "': use https://ACCOUNT.blob.core.windows.net/container/blob");
        }
        String decoded = PercentEncoding.decode(path, show(safe));
        int s2 = decoded.indexOf('/');
        String container = s2 < 0 ? decoded : decoded.substring(0, s2);
        String key = s2 < 0 ? "" : decoded.substring(s2 + 1);
        return build(Scheme.AZURE, account, container, key, safe);
    }

    private static ObjectUri parseFile(String text, String afterColon) {
        String path;
        if (afterColon.startsWith("//")) {
            int slash = afterColon.indexOf('/', 2);
            String authority = slash < 0 ? afterColon.substring(2) : afterColon.substring(2, slash);
            if (!authority.isEmpty() && !authority.equalsIgnoreCase("localhost")) {
                throw invalid("file URI with host '" + show(authority) + "' in '" + show(text)
                        + "': only local files are supported; use file:///absolute/path");
            }
            path = slash < 0 ? "/" : afterColon.substring(slash);
        } else if (afterColon.startsWith("/")) {
            path = afterColon;
        } else {
            throw invalid("file URI without an absolute path in '" + show(text)
                    + "': use file:///absolute/path or a plain path");
        }
        if (indexOfAny(path, "?#") >= 0) {
            throw invalid("'?' or '#' in file URI '" + show(text)
                    + "': in a file URI write them as %3F and %23, or give the plain path");
        }
        return fromAbsolutePath(PercentEncoding.decode(path, show(text)), text);
    }

    private static ObjectUri parseLocalPath(String text) {
        String p = text;
        if (java.io.File.separatorChar == '\\') {
            p = p.replace('\\', '/');
        }
        if (p.equals("~") || p.startsWith("~/")) {
            p = System.getProperty("user.home").replace(java.io.File.separatorChar, '/') + "/" + p.substring(1);
        } else if (!p.startsWith("/")) {
            p = System.getProperty("user.dir").replace(java.io.File.separatorChar, '/') + "/" + p;
        }
        return fromAbsolutePath(p, text);
    }

    /** Normalizes an absolute '/'-separated path (".", "..", "//") and splits it into container and key. */
    private static ObjectUri fromAbsolutePath(String abs, String source) {
        List<String> segments = new ArrayList<>();
        for (String s : abs.split("/", -1)) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (!segments.isEmpty()) {
                    segments.removeLast();
                }
                continue;
            }
            segments.add(s);
        }
        boolean folder = abs.endsWith("/") || abs.endsWith("/.") || abs.endsWith("/..");
        if (segments.isEmpty()) {
            return build(Scheme.FILE, null, "", "", source);
        }
        String container = segments.getFirst();
        String key = String.join("/", segments.subList(1, segments.size()));
        if (folder && !key.isEmpty()) {
            key += "/";
        }
        return build(Scheme.FILE, null, container, key, source);
    }

    private static ObjectUri build(Scheme scheme, String account, String container, String key, String source) {
        validate(scheme, account, container, key, source);
        return new ObjectUri(scheme, account, container, key);
    }

    // ------------------------------------------------------------------ validation

    private static void validate(Scheme scheme, String account, String container, String key, String source) {
        String where = source == null ? "" : " in '" + show(source) + "'";
        String example = example(scheme);
        if (scheme == Scheme.AZURE) {
            if (account == null || account.isEmpty()) {
                throw invalid("missing storage account" + where + ": use " + example);
            }
            String problem = ContainerNames.azureAccountProblem(account);
            if (problem != null) {
                throw invalid("invalid Azure storage account name '" + show(account) + "'" + where + ": " + problem
                        + "; account names are 3-24 lowercase letters or digits, e.g. az://myaccount/container/blob");
            }
        } else if (account != null) {
            throw invalid("only az:// locations have an account, not " + scheme.prefix + "://" + where);
        }
        if (container.isEmpty()) {
            if (!key.isEmpty()) {
                String what = scheme == Scheme.AZURE ? "container" : scheme == Scheme.FILE ? "folder" : "bucket";
                throw invalid("missing " + what + where + ": use " + example);
            }
            return;
        }
        String problem = ContainerNames.problem(scheme, container);
        if (problem != null) {
            throw invalid(ContainerNames.message(scheme, show(container), where, problem));
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isISOControl(c)) {
                throw invalid("the key contains the control character " + String.format("U+%04X", (int) c)
                        + " at position " + i + where + ": keys must not contain control characters");
            }
        }
        int lone = loneSurrogateAt(key);
        if (lone >= 0) {
            throw invalid("the key contains the unpaired surrogate " + String.format("U+%04X", (int) key.charAt(lone))
                    + " at position " + lone + where + ": keys must be valid Unicode");
        }
        switch (scheme) {
            case S3, GCS -> {
                int bytes = key.getBytes(StandardCharsets.UTF_8).length;
                if (bytes > MAX_KEY_BYTES) {
                    throw invalid("the key is " + bytes + " bytes long" + where + ": "
                            + (scheme == Scheme.S3 ? "S3" : "GCS") + " keys are at most 1024 bytes of UTF-8");
                }
            }
            case AZURE -> {
                if (key.length() > MAX_KEY_BYTES) {
                    throw invalid("the blob name is " + key.length() + " characters long" + where
                            + ": Azure blob names are at most 1024 characters");
                }
            }
            case FILE -> {
                if (key.isEmpty()) {
                    return;
                }
                String[] parts = key.split("/", -1);
                for (int i = 0; i < parts.length; i++) {
                    boolean last = i == parts.length - 1;
                    if (last && parts[i].isEmpty() && i > 0) {
                        break; // trailing slash: a folder
                    }
                    String p = fileSegmentProblem(parts[i]);
                    if (p != null) {
                        throw invalid("invalid path" + where + ": " + p);
                    }
                }
            }
        }
    }

    static String fileSegmentProblem(String segment) {
        if (segment.isEmpty()) {
            return "it has an empty path segment ('//')";
        }
        if (segment.equals(".") || segment.equals("..")) {
            return "it has a '" + segment + "' segment; give a normalized path";
        }
        if (segment.indexOf('/') >= 0) {
            return "a folder name cannot contain '/'";
        }
        for (int i = 0; i < segment.length(); i++) {
            if (Character.isISOControl(segment.charAt(i))) {
                return "it contains the control character " + String.format("U+%04X", (int) segment.charAt(i));
            }
        }
        int lone = loneSurrogateAt(segment);
        if (lone >= 0) {
            return "it contains the unpaired surrogate " + String.format("U+%04X", (int) segment.charAt(lone));
        }
        return null;
    }

    /**
     * The index of the first UTF-16 surrogate that is not half of a pair, or -1. Such a string has no
     * UTF-8 form: encoding would turn it into '?', naming another object or file than the one shown.
     */
    private static int loneSurrogateAt(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    private static String example(Scheme scheme) {
        return switch (scheme) {
            case S3 -> "s3://bucket/key";
            case GCS -> "gs://bucket/object";
            case AZURE -> "az://account/container/blob";
            case FILE -> "file:///path";
        };
    }

    // ------------------------------------------------------------------ helpers

    /** True when this names a folder: the key is empty or ends with '/'. */
    public boolean isPrefix() {
        return key.isEmpty() || key.endsWith("/");
    }

    /**
     * One folder up: {@code a/b/c} and {@code a/b/c/} go to {@code a/b/}, a top-level key goes to the
     * container, and a container goes to the scheme or account root (container {@code ""}).
     * The root is its own parent.
     */
    public ObjectUri parent() {
        if (!key.isEmpty()) {
            String k = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
            int slash = k.lastIndexOf('/');
            return withKey(slash < 0 ? "" : k.substring(0, slash + 1));
        }
        if (!container.isEmpty()) {
            return new ObjectUri(scheme, account, "", "");
        }
        return this;
    }

    /**
     * The child {@code childName} of this folder: appended to the key after a '/' (added if missing).
     * At a root (container {@code ""}) the child is a container. End the name with '/' for a folder.
     */
    public ObjectUri resolve(String childName) {
        if (childName == null || childName.isEmpty()) {
            throw invalid("empty child name: give the name of a file or folder");
        }
        if (container.isEmpty()) {
            String name = childName.endsWith("/") ? childName.substring(0, childName.length() - 1) : childName;
            return new ObjectUri(scheme, account, name, "");
        }
        String base = isPrefix() ? key : key + "/";
        return withKey(base + childName);
    }

    /** The same container with another key. */
    public ObjectUri withKey(String newKey) {
        return new ObjectUri(scheme, account, container, newKey);
    }

    /** The last segment without a trailing '/'; the container at a container root; the account (or "") at the root. */
    public String name() {
        if (!key.isEmpty()) {
            String k = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
            return k.substring(k.lastIndexOf('/') + 1);
        }
        if (!container.isEmpty()) {
            return container;
        }
        return account == null ? "" : account;
    }

    /** For FILE, the plain absolute path ("/" for the root); for other schemes, {@link #toString()}. */
    public String displayPath() {
        if (scheme != Scheme.FILE) {
            return toString();
        }
        if (container.isEmpty()) {
            return "/";
        }
        return key.isEmpty() ? "/" + container : "/" + container + "/" + key;
    }

    /** The local path of a FILE location. */
    public Path toLocalPath() {
        if (scheme != Scheme.FILE) {
            throw new IllegalStateException(this + " is not a local file");
        }
        return Path.of(displayPath());
    }

    /** The canonical form; {@link #parse} reads it back to an equal value. */
    @Override
    public String toString() {
        return switch (scheme) {
            case S3, GCS -> scheme.prefix + "://" + container + (key.isEmpty() ? "" : "/" + key);
            case AZURE -> "az://" + account
                    + (container.isEmpty() ? "" : "/" + container + (key.isEmpty() ? "" : "/" + key));
            case FILE -> "file://" + PercentEncoding.encodePath(displayPath());
        };
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** Input as shown in a message: control characters escaped, very long input shortened. */
    static String show(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < 300; i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                sb.append(String.format("\\u%04X", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (sb.length() >= 300) {
            sb.append("...");
        }
        return sb.toString();
    }

    private static StorageException.InvalidArgument invalid(String message) {
        return new StorageException.InvalidArgument(message);
    }
}
