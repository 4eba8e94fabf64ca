package io.rangefinder.storage;

/**
 * Each store's rules for container names (S3 and GCS buckets, Azure accounts and containers,
 * top-level folders), as readable problems: what {@link ObjectUri} checks when it parses, and what
 * the explorer checks before it creates a bucket.
 */
public final class ContainerNames {

    private static final java.util.regex.Pattern IPV4 = java.util.regex.Pattern.compile("^\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}$");

    private ContainerNames() {
    }

    /**
     * Why {@code name} cannot be a container (bucket, container, top-level folder) on {@code scheme},
     * or null if it can. The empty name is left to the caller (it means "all containers" in a URI).
     */
    public static String problem(ObjectUri.Scheme scheme, String name) {
        return switch (scheme) {
            case S3 -> s3BucketProblem(name);
            case GCS -> gcsBucketProblem(name);
            case AZURE -> azureContainerProblem(name);
            case FILE -> ObjectUri.fileSegmentProblem(name);
        };
    }

    /** Throws the readable message when {@code name} is not a valid container name on {@code scheme}, empty included. */
    public static void check(ObjectUri.Scheme scheme, String name) {
        String problem = name == null || name.isEmpty() ? "the name is empty" : problem(scheme, name);
        if (problem != null) {
            throw new StorageException.InvalidArgument(message(scheme, ObjectUri.show(String.valueOf(name)), "", problem));
        }
    }

    /** The message for an invalid container name: what is wrong, and the store's rules with an example. */
    static String message(ObjectUri.Scheme scheme, String shownName, String where, String problem) {
        return switch (scheme) {
            case S3 -> "invalid S3 bucket name '" + shownName + "'" + where + ": " + problem
                    + "; bucket names are 3-63 lowercase letters, digits, '.', '-' or '_', starting and ending "
                    + "with a letter or digit, e.g. s3://my-bucket/key";
            case GCS -> "invalid GCS bucket name '" + shownName + "'" + where + ": " + problem
                    + "; bucket names are 3-63 lowercase letters, digits, '-', '_' or '.' (up to 222 with dots), "
                    + "starting and ending with a letter or digit, e.g. gs://my-bucket/object";
            case AZURE -> "invalid Azure container name '" + shownName + "'" + where + ": " + problem
                    + "; container names are 3-63 lowercase letters, digits or single '-', starting and ending "
                    + "with a letter or digit ($root and $web are also allowed), e.g. az://account/my-container/blob";
            case FILE -> "invalid path" + where + ": " + problem;
        };
    }

    static String s3BucketProblem(String b) {
        String common = bucketCharsProblem(b, "._-");
        if (common != null) {
            return common;
        }
        if (b.length() < 3 || b.length() > 63) {
            return "it is " + b.length() + " characters long";
        }
        if (b.contains("..")) {
            return "it contains '..'";
        }
        if (IPV4.matcher(b).matches()) {
            return "it looks like an IP address";
        }
        return null;
    }

    static String gcsBucketProblem(String b) {
        String common = bucketCharsProblem(b, "._-");
        if (common != null) {
            return common;
        }
        boolean dotted = b.indexOf('.') >= 0;
        if (b.length() < 3 || b.length() > (dotted ? 222 : 63)) {
            return "it is " + b.length() + " characters long";
        }
        if (dotted) {
            for (String part : b.split("\\.", -1)) {
                if (part.isEmpty()) {
                    return "it contains '..'";
                }
                if (part.length() > 63) {
                    return "the dot-separated part '" + part + "' is longer than 63 characters";
                }
            }
        }
        if (b.startsWith("goog")) {
            return "names may not start with 'goog'";
        }
        if (IPV4.matcher(b).matches()) {
            return "it looks like an IP address";
        }
        return null;
    }

    /** Checks lowercase letters, digits and the given punctuation, alphanumeric first and last. */
    private static String bucketCharsProblem(String b, String punctuation) {
        for (int i = 0; i < b.length(); i++) {
            char c = b.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return "it contains uppercase letters";
            }
            if (!(isLowerAlnum(c) || punctuation.indexOf(c) >= 0)) {
                return "it contains " + describeChar(c);
            }
        }
        if (!b.isEmpty() && (!isLowerAlnum(b.charAt(0)) || !isLowerAlnum(b.charAt(b.length() - 1)))) {
            return "it must start and end with a letter or digit";
        }
        return null;
    }

    static String azureAccountProblem(String a) {
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return "it contains uppercase letters";
            }
            if (!isLowerAlnum(c)) {
                return "it contains " + describeChar(c);
            }
        }
        if (a.length() < 3 || a.length() > 24) {
            return "it is " + a.length() + " characters long";
        }
        return null;
    }

    static String azureContainerProblem(String c) {
        if (c.equals("$root") || c.equals("$web") || c.equals("$logs")) {
            return null;
        }
        String chars = bucketCharsProblem(c, "-");
        if (chars != null) {
            return chars;
        }
        if (c.length() < 3 || c.length() > 63) {
            return "it is " + c.length() + " characters long";
        }
        if (c.contains("--")) {
            return "it contains '--'";
        }
        return null;
    }

    private static boolean isLowerAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    private static String describeChar(char c) {
        return Character.isISOControl(c) || Character.isWhitespace(c)
                ? String.format("the character U+%04X", (int) c)
                : "'" + c + "'";
    }
}
