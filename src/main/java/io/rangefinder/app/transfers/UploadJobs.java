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
import java.util.stream.Stream;

/** Uploads of a local file, or a folder with its relative paths and empty folders, into a store folder. */
public final class UploadJobs {

    private UploadJobs() {
    }

    /** {@code local} (a file or a folder) into {@code container}/{@code prefix}, under its own name. */
    public static Transfer.Job of(StoreHandle store, String container, String prefix, Path local, boolean folder) {
        String name = local.getFileName() == null ? local.toString() : local.getFileName().toString();
        return (t, token) -> {
            if (folder) {
                folder(store, t, token, container, prefix + name + "/", local);
            } else {
                t.setTotalBytes(Files.size(local));
                putFile(store, t, token, container, prefix + name, local);
            }
        };
    }

    private static void folder(StoreHandle store, Transfer t, CancellationToken token, String container, String base,
                               Path dir) throws IOException {
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
            putFile(store, t, token, container, base + relativeKey(dir, f), f);
        }
        for (Path d : emptyDirs) {
            String rel = d.equals(dir) ? "" : relativeKey(dir, d) + "/";
            store.get().put(container, base + rel, InputStream.nullInputStream(), 0, PutOptions.DEFAULT.withToken(token));
        }
    }

    private static void putFile(StoreHandle store, Transfer t, CancellationToken token, String container, String key,
                                Path file) throws IOException {
        long size = Files.size(file);
        try (InputStream in = new CountingStream(Files.newInputStream(file), t, token)) {
            store.get().put(container, key, in, size, new PutOptions(contentType(file), null, 0, 0, token));
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
