package io.rangefinder.app.transfers;

import java.util.HashSet;
import java.util.Set;

/**
 * What a transfer does with a name that is already taken at the target, as the user answered:
 * write over it, leave it and skip the new one, or keep both by giving the new one a free name
 * ("report (1).pdf", as file managers do). Shared by the threads of one transfer.
 */
public final class KeyPolicy {

    public enum Choice { REPLACE, SKIP, KEEP_BOTH }

    /** Nothing is in the way (or the user chose to replace everything): every key is written as is. */
    public static final KeyPolicy WRITE_ALL = new KeyPolicy(Set.of(), Choice.REPLACE);

    private final Set<String> taken;
    private final Choice choice;
    private int skipped;

    /** @param existing the keys at the target that the transfer would write over */
    public KeyPolicy(Set<String> existing, Choice choice) {
        this.taken = new HashSet<>(existing);
        this.choice = choice;
    }

    public Choice choice() {
        return choice;
    }

    /** The key to write for {@code key}, or null to skip it. */
    public synchronized String targetFor(String key) {
        if (!taken.contains(key) || choice == Choice.REPLACE) {
            return key;
        }
        if (choice == Choice.SKIP) {
            skipped++;
            return null;
        }
        String free = freeName(key, taken);
        taken.add(free);
        return free;
    }

    /** How many keys were left alone because of {@link Choice#SKIP}. */
    public synchronized int skipped() {
        return skipped;
    }

    /** The name a kept-both copy of {@code name} gets first: "report (1).pdf". */
    public static String freeNameOf(String name) {
        return freeName(name, Set.of());
    }

    /** "dir/name (n).ext" with the smallest n not taken; a folder marker "dir/" becomes "dir (n)/". */
    static String freeName(String key, Set<String> taken) {
        boolean folder = key.endsWith("/");
        String body = folder ? key.substring(0, key.length() - 1) : key;
        int slash = body.lastIndexOf('/');
        String dir = body.substring(0, slash + 1);
        String name = body.substring(slash + 1);
        int dot = folder ? -1 : name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        for (int n = 1; ; n++) {
            String candidate = dir + stem + " (" + n + ")" + ext + (folder ? "/" : "");
            if (!taken.contains(candidate)) {
                return candidate;
            }
        }
    }
}
