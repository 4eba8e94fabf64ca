package io.rangefinder.app.transfers;

import io.rangefinder.app.common.StoreHandle;
import io.rangefinder.core.CancellationToken;
import io.rangefinder.storage.PutOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

/** Uploads of a local file, or a folder with its relative paths and empty folders, into a store folder. */
public final class UploadJobs {

    private UploadJobs() {
    }

    /** {@code local} (a file or a folder) into {@code container}/{@code prefix}, under its own name. */
    public static Transfer.Job of(StoreHandle store, String container, String prefix, Path local, boolean folder) {
        return of(store, container, prefix, local, folder, KeyPolicy.WRITE_ALL, () -> 0);
    }

    /**
     * As above; {@code policy} says what happens to each key that is already taken, and
     * {@code partsInFlight} how many parts of a multipart upload go at once (0: the store's
     * default), asked when the job starts, so settings a tuning run applied meanwhile are used.
     */
    public static Transfer.Job of(StoreHandle store, String container, String prefix, Path local, boolean folder,
                                  KeyPolicy policy, IntSupplier partsInFlight) {
        String name = local.getFileName() == null ? local.toString() : local.getFileName().toString();
        return (t, token) -> {
            int parts = Math.max(0, partsInFlight.getAsInt());
            if (folder) {
                folder(store, t, token, container, prefix + name + "/", local, policy, parts);
            } else {
                String key = policy.targetFor(prefix + name);
                if (key != null) {
                    t.setTotalBytes(Files.size(local));
                    putFile(store, t, token, container, key, local, parts);
                }
            }
        };
    }

    /** The keys uploading {@code local} into {@code prefix} writes (its files, and markers of empty folders). */
    public static java.util.List<String> keysOf(String prefix, Path local, boolean folder) throws IOException {
        String name = local.getFileName() == null ? local.toString() : local.getFileName().toString();
        if (!folder) {
            return java.util.List.of(prefix + name);
        }
        java.util.List<String> keys = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(local)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(p)) {
                    keys.add(prefix + name + "/" + relativeKey(local, p));
                }
            }
        }
        return keys;
    }

    private static void folder(StoreHandle store, Transfer t, CancellationToken token, String container, String base,
                               Path dir, KeyPolicy policy, int partsInFlight) throws IOException {
        List<Path> files;
        List<Path> emptyDirs = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> {
                if (Files.isDirectory(p)) {
                    if (isEmptyDirectory(p)) {
                        emptyDirs.add(p);
                    }
                    return false;
                }
                return Files.isRegularFile(p);
            }).sorted().toList();
        }
        long total = 0;
        for (Path f : files) {
            total += Files.size(f);
        }
        t.setTotalBytes(total);
        for (Path f : files) {
            token.throwIfCancelled();
            String key = policy.targetFor(base + relativeKey(dir, f));
            if (key == null) {
                t.addBytes(Files.size(f)); // skipped: counted as done, so the bar still ends at 100%
                continue;
            }
            putFile(store, t, token, container, key, f, partsInFlight);
        }
        for (Path d : emptyDirs) {
            String rel = d.equals(dir) ? "" : relativeKey(dir, d) + "/";
            store.get().put(container, base + rel, InputStream.nullInputStream(), 0, PutOptions.DEFAULT.withToken(token));
        }
    }

    private static void putFile(StoreHandle store, Transfer t, CancellationToken token, String container, String key,
                                Path file, int partsInFlight) throws IOException {
        long size = Files.size(file);
        try (InputStream in = new CountingStream(Files.newInputStream(file), t, token)) {
            store.get().put(container, key, in, size, new PutOptions(contentType(file), null, 0, partsInFlight, token));
        }
    }

    private static String relativeKey(Path dir, Path p) {
        return dir.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
    }

    private static boolean isEmptyDirectory(Path p) {
        try (Stream<Path> children = Files.list(p)) {
            return children.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static String contentType(Path file) {
        try {
            return Files.probeContentType(file);
        } catch (IOException e) {
            return null;
        }
    }
}
