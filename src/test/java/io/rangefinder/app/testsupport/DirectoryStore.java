package io.rangefinder.app.testsupport;

import io.rangefinder.storage.ContainerInfo;
import io.rangefinder.storage.ListPage;
import io.rangefinder.storage.ListRequest;
import io.rangefinder.storage.ObjectInfo;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.StorageException;

import javafx.application.Platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A small, real {@link ObjectStore} over a directory, for app tests until the project's FileStore
 * is merged: containers are the directories under the root, keys the '/'-separated paths below.
 * It counts its calls and how many of them ran on the JavaFX thread (which must be none).
 */
public final class DirectoryStore implements ObjectStore {

    private final Path root;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger listCalls = new AtomicInteger();
    private final AtomicInteger callsOnFxThread = new AtomicInteger();
    private volatile java.util.function.Consumer<ListRequest> beforeList = _ -> { };

    public DirectoryStore(Path root) {
        this.root = root;
    }

    /** Runs {@code hook} on the calling thread before each listing, e.g. to hold a page back. */
    public void beforeList(java.util.function.Consumer<ListRequest> hook) {
        this.beforeList = hook;
    }

    public int calls() {
        return calls.get();
    }

    public int listCalls() {
        return listCalls.get();
    }

    public int callsOnFxThread() {
        return callsOnFxThread.get();
    }

    private void record() {
        calls.incrementAndGet();
        if (Platform.isFxApplicationThread()) {
            callsOnFxThread.incrementAndGet();
        }
    }

    @Override
    public String describe() {
        return "dir (" + root + ")";
    }

    @Override
    public List<ContainerInfo> listContainers() {
        record();
        requireDirectory(root, "The store root " + root + " does not exist");
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(Files::isDirectory)
                    .map(p -> new ContainerInfo(p.getFileName().toString(), attributes(p).creationTime().toInstant()))
                    .sorted(java.util.Comparator.comparing(ContainerInfo::name))
                    .toList();
        } catch (IOException e) {
            throw translate(e, "listing " + root);
        }
    }

    @Override
    public void createContainer(String container) {
        record();
        try {
            Files.createDirectory(containerDir(container));
        } catch (IOException e) {
            throw translate(e, "creating " + container);
        }
    }

    @Override
    public void deleteContainer(String container) {
        record();
        try {
            Files.delete(containerDir(container));
        } catch (IOException e) {
            throw translate(e, "deleting " + container);
        }
    }

    @Override
    public ListPage list(ListRequest request) {
        record();
        listCalls.incrementAndGet();
        beforeList.accept(request);
        Path container = containerDir(request.container());
        requireDirectory(container, "No such container: " + request.container());
        String prefix = request.prefix();
        String parent = prefix.substring(0, prefix.lastIndexOf('/') + 1);
        Path base = container.resolve(parent);
        requireDirectory(base, "No such folder: " + request.container() + "/" + parent);

        // key → object (null for a common prefix), in key order
        TreeMap<String, ObjectInfo> entries = new TreeMap<>();
        try (Stream<Path> paths = request.delimiter() == null ? Files.walk(base) : Files.list(base)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                if (p.equals(base)) {
                    continue;
                }
                String key = keyOf(container, p);
                boolean dir = Files.isDirectory(p);
                if (request.delimiter() != null && dir) {
                    key += "/";
                }
                if (!key.startsWith(prefix) || (request.delimiter() == null && dir)) {
                    continue;
                }
                entries.put(key, dir ? null : info(request.container(), key, p));
            }
        } catch (IOException e) {
            throw translate(e, "listing " + request.container() + "/" + prefix);
        }

        var remaining = request.continuationToken() == null
                ? entries
                : entries.tailMap(request.continuationToken(), false);
        List<ObjectInfo> objects = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String last = null;
        int taken = 0;
        for (var e : remaining.entrySet()) {
            if (taken == request.pageSize()) {
                break;
            }
            if (e.getValue() == null) {
                prefixes.add(e.getKey());
            } else {
                objects.add(e.getValue());
            }
            last = e.getKey();
            taken++;
        }
        boolean more = remaining.size() > taken;
        return new ListPage(objects, prefixes, more ? last : null);
    }

    @Override
    public ObjectInfo stat(String container, String key) {
        record();
        Path p = objectPath(container, key);
        if (!Files.isRegularFile(p)) {
            throw new StorageException.NotFound("No such object: " + container + "/" + key);
        }
        return info(container, key, p);
    }

    @Override
    public InputStream get(String container, String key) {
        record();
        try {
            return Files.newInputStream(objectPath(container, key));
        } catch (IOException e) {
            throw translate(e, "reading " + container + "/" + key);
        }
    }

    @Override
    public InputStream getRange(String container, String key, long offset, long length) {
        long size = stat(container, key).size();
        if (size > 0 && offset >= size) {
            throw new StorageException.InvalidArgument("Offset " + offset + " is past the end (" + size + " bytes)");
        }
        InputStream in = get(container, key);
        try {
            in.skipNBytes(offset);
            return new java.io.FilterInputStream(in) {
                private long left = length;

                @Override
                public int read() throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int b = super.read();
                    if (b >= 0) {
                        left--;
                    }
                    return b;
                }

                @Override
                public int read(byte[] buf, int off, int len) throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int n = super.read(buf, off, (int) Math.min(len, left));
                    if (n > 0) {
                        left -= n;
                    }
                    return n;
                }
            };
        } catch (IOException e) {
            throw translate(e, "reading " + container + "/" + key);
        }
    }

    @Override
    public ObjectInfo put(String container, String key, InputStream data, long length, io.rangefinder.storage.PutOptions options) {
        record();
        Path p = objectPath(container, key);
        try {
            Files.createDirectories(p.getParent());
            Files.copy(data, p, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw translate(e, "writing " + container + "/" + key);
        }
        return info(container, key, p);
    }

    @Override
    public void delete(String container, String key) {
        record();
        try {
            Files.delete(objectPath(container, key));
        } catch (IOException e) {
            throw translate(e, "deleting " + container + "/" + key);
        }
    }

    private Path containerDir(String container) {
        if (container.isEmpty() || container.contains("/") || container.equals("..")) {
            throw new StorageException.InvalidArgument("Not a container name: '" + container + "'");
        }
        return root.resolve(container);
    }

    private Path objectPath(String container, String key) {
        Path p = containerDir(container).resolve(key).normalize();
        if (!p.startsWith(containerDir(container))) {
            throw new StorageException.InvalidArgument("Key escapes its container: " + key);
        }
        return p;
    }

    private static String keyOf(Path container, Path p) {
        return container.relativize(p).toString().replace(java.io.File.separatorChar, '/');
    }

    private static void requireDirectory(Path dir, String message) {
        if (!Files.isDirectory(dir)) {
            throw new StorageException.NotFound(message);
        }
    }

    private static ObjectInfo info(String container, String key, Path p) {
        BasicFileAttributes a = attributes(p);
        return new ObjectInfo(container, key, a.size(), a.lastModifiedTime().toInstant(),
                a.size() + "-" + a.lastModifiedTime().toMillis(), null, null, null);
    }

    private static BasicFileAttributes attributes(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class);
        } catch (IOException e) {
            throw translate(e, "reading attributes of " + p.getFileName());
        }
    }

    private static StorageException translate(IOException e, String doing) {
        return switch (e) {
            case NoSuchFileException _ -> new StorageException.NotFound("Not found while " + doing, e);
            case AccessDeniedException _ -> new StorageException.AccessDenied("Permission denied while " + doing, e);
            case FileAlreadyExistsException _ -> new StorageException.AlreadyExists("Already exists while " + doing, e);
            case DirectoryNotEmptyException _ -> new StorageException.InvalidArgument("Not empty while " + doing, e);
            default -> new StorageException.TransientIo("I/O error while " + doing + ": " + e.getMessage(), e);
        };
    }

    /** Creates a file with {@code bytes} zero bytes (and its folders) under {@code root}. */
    public static Path file(Path root, String relative, int bytes) {
        try {
            Path p = root.resolve(relative);
            Files.createDirectories(p.getParent());
            Files.write(p, new byte[bytes]);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
