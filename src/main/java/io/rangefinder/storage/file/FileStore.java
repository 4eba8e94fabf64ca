package io.rangefinder.storage.file;

import io.rangefinder.storage.ContainerInfo;
import io.rangefinder.storage.KeyOrder;
import io.rangefinder.storage.ListPage;
import io.rangefinder.storage.ListRequest;
import io.rangefinder.storage.PutOptions;
import io.rangefinder.core.CancellationToken;
import io.rangefinder.storage.LocalFiles;
import io.rangefinder.storage.ObjectInfo;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.StorageException;
import io.rangefinder.storage.file.FolderWalk.DirCursor;
import io.rangefinder.storage.file.FolderWalk.Entry;
import io.rangefinder.storage.file.FolderWalk.Walker;
import io.rangefinder.storage.internal.UploadSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Object-store semantics over a local folder tree. The folders directly under {@link #root()} are
 * the containers; a key is the '/'-separated path below its container. Listings come in S3 order
 * (UTF-8 bytes of the key). Writes go to a hidden {@code .rangefinder-*.part} file in the target
 * folder and are moved into place atomically, so a reader never sees a half-written object.
 *
 * <p>Symbolic links are followed; a recursive listing never descends into a folder that is one of
 * its own ancestors. Entries that are neither files nor folders (pipes, sockets, devices), broken
 * links and entries that cannot be examined are left out of listings. Empty folders show up as
 * common prefixes in delimited listings and not at all in recursive ones (they hold no objects).
 */
public final class FileStore implements ObjectStore, LocalFiles {

    static final String TEMP_PREFIX = ".rangefinder-";
    static final String TEMP_SUFFIX = ".part";
    private static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";
    private static final int COPY_BUFFER = 256 * 1024;

    private final Path root;

    /** A store whose containers are the folders directly under {@code root}. */
    public FileStore(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    /** The whole local filesystem: containers are the top-level folders of "/". */
    public static FileStore local() {
        return new FileStore(Path.of("/"));
    }

    public Path root() {
        return root;
    }

    @Override
    public String describe() {
        return "file (" + root + ")";
    }

    // ------------------------------------------------------------------ containers

    @Override
    public List<ContainerInfo> listContainers() {
        List<ContainerInfo> out = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(root)) {
            for (Path p : dir) {
                BasicFileAttributes a = attributesOrNull(p);
                if (a != null && a.isDirectory()) {
                    out.add(new ContainerInfo(p.getFileName().toString(), a.creationTime().toInstant()));
                }
            }
        } catch (IOException e) {
            throw map(e, root, "listing the folders of");
        }
        out.sort((x, y) -> KeyOrder.compare(x.name(), y.name()));
        return out;
    }

    @Override
    public void createContainer(String container) {
        Path dir = containerDir(container);
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            throw new StorageException.AlreadyExists(
                    "container '" + container + "' already exists (" + dir + "): pick another name", e);
        } catch (IOException e) {
            throw map(e, dir, "creating the container folder");
        }
    }

    @Override
    public void deleteContainer(String container) {
        Path dir = existingContainer(container);
        try {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                if (entries.iterator().hasNext()) {
                    throw notEmpty(container, dir, null);
                }
            }
            Files.delete(dir);
        } catch (DirectoryNotEmptyException e) {
            throw notEmpty(container, dir, e);
        } catch (IOException e) {
            throw map(e, dir, "deleting the container folder");
        }
    }

    private static StorageException notEmpty(String container, Path dir, Exception cause) {
        return new StorageException.InvalidArgument("container '" + container + "' is not empty (" + dir
                + "): delete its objects and folders first", cause);
    }

    // ------------------------------------------------------------------ listing

    @Override
    public boolean canStartAfter() {
        return true;
    }

    @Override
    public ListPage list(ListRequest request) {
        Path containerDir = existingContainer(request.container());
        String prefix = request.prefix();
        checkPrefix(prefix);
        String after = request.continuationToken();
        if (after == null || after.isEmpty()) {
            after = request.startAfter(); // the token is the last key listed, so a jump is the same thing
        }
        int cut = prefix.lastIndexOf('/') + 1;
        String dirPart = prefix.substring(0, cut);
        String namePrefix = prefix.substring(cut);
        Path dir = dirPart.isEmpty() ? containerDir : containerDir.resolve(dirPart);
        String delimiter = request.delimiter();
        try {
            if ("/".equals(delimiter)) {
                return listOneFolder(request, dir, dirPart, namePrefix, after);
            }
            return listRecursive(request, dir, dirPart, namePrefix, after, delimiter);
        } catch (IOException e) {
            throw map(e, dir, "listing");
        }
    }

    /** Delimiter "/": reads only the folder the prefix points into; stats only what the page needs. */
    private ListPage listOneFolder(ListRequest request, Path dir, String dirPart, String namePrefix, String after)
            throws IOException {
        DirCursor cursor = DirCursor.open(dir, dirPart, namePrefix, after, false);
        List<ObjectInfo> objects = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        if (cursor == null) {
            return new ListPage(objects, prefixes, null);
        }
        String last = null;
        while (objects.size() + prefixes.size() < request.pageSize()) {
            Entry e = cursor.next();
            if (e == null) {
                break;
            }
            if (e.directory()) {
                prefixes.add(e.key());
            } else {
                objects.add(info(request.container(), e.key(), e.attributes(), null));
            }
            last = e.key();
        }
        boolean more = last != null && cursor.peek() != null;
        return new ListPage(objects, prefixes, more ? last : null);
    }

    /** No delimiter (or one other than "/"): walks the tree in key order, lazily, page by page. */
    private ListPage listRecursive(ListRequest request, Path dir, String dirPart, String namePrefix, String after,
                                   String delimiter) throws IOException {
        Walker walker = Walker.open(dir, dirPart, namePrefix, after);
        List<ObjectInfo> objects = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        if (walker == null) {
            return new ListPage(objects, prefixes, null);
        }
        String prefix = request.prefix();
        String last = null;
        while (objects.size() + prefixes.size() < request.pageSize()) {
            Entry e = walker.next();
            if (e == null) {
                break;
            }
            String rollup = rollup(e.key(), prefix, delimiter);
            if (rollup == null) {
                objects.add(info(request.container(), e.key(), e.attributes(), null));
                last = e.key();
            } else if (!rollup.equals(last) && (after == null || KeyOrder.compare(rollup, after) > 0)) {
                prefixes.add(rollup);
                last = rollup;
            }
        }
        if (last == null) {
            return new ListPage(objects, prefixes, null);
        }
        // Skip what the last common prefix already covers, then see whether anything is left.
        Entry next;
        while ((next = walker.peek()) != null && last.equals(rollup(next.key(), prefix, delimiter))) {
            walker.next();
        }
        return new ListPage(objects, prefixes, next != null ? last : null);
    }

    private static String rollup(String key, String prefix, String delimiter) {
        if (delimiter == null) {
            return null;
        }
        int d = key.indexOf(delimiter, prefix.length());
        return d < 0 ? null : key.substring(0, d + delimiter.length());
    }

    // ------------------------------------------------------------------ objects

    @Override
    public ObjectInfo stat(String container, String key) {
        Path p = objectPath(container, key);
        BasicFileAttributes a = objectAttributes(container, key, p);
        return info(container, key, a, probeContentType(p));
    }

    @Override
    public InputStream get(String container, String key) {
        return open(container, key, 0, Long.MAX_VALUE, false);
    }

    @Override
    public InputStream getRange(String container, String key, long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new StorageException.InvalidArgument("invalid range of '" + key + "': offset " + offset
                    + " and length " + length + " must not be negative");
        }
        return open(container, key, offset, length, true);
    }

    private InputStream open(String container, String key, long offset, long length, boolean range) {
        Path p = objectPath(container, key);
        objectAttributes(container, key, p);
        FileChannel channel;
        try {
            channel = FileChannel.open(p, StandardOpenOption.READ);
        } catch (IOException e) {
            throw map(e, p, "opening");
        }
        try {
            long size = channel.size();
            if (range && size > 0 && offset >= size) {
                throw new StorageException.InvalidArgument("range start " + offset + " is at or past the end of '"
                        + key + "' (" + size + " bytes, last byte at offset " + (size - 1) + ")");
            }
            long start = Math.min(offset, size);
            long end = start + Math.min(length, size - start);
            return new ChannelInputStream(channel, start, end);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw e instanceof IOException io ? map(io, p, "opening") : (RuntimeException) e;
        }
    }

    @Override
    public ObjectInfo put(String container, String key, InputStream data, long length, PutOptions options) {
        Objects.requireNonNull(data, "data");
        CancellationToken token = options.tokenOrNone();
        existingContainer(container);
        Path target = objectPath(container, key);
        if (key.endsWith("/")) {
            return putFolderMarker(container, key, target, data);
        }
        if (isTempName(target.getFileName().toString())) {
            throw new StorageException.InvalidArgument("key '" + key + "' looks like one of Rangefinder's own "
                    + "temporary upload files (" + TEMP_PREFIX + "*" + TEMP_SUFFIX + "): choose another name");
        }
        Path parent = target.getParent();
        try {
            Files.createDirectories(parent);
        } catch (FileAlreadyExistsException e) {
            throw new StorageException.InvalidArgument("cannot store '" + key + "': " + e.getFile()
                    + " is a file, so it cannot hold objects; choose another key", e);
        } catch (IOException e) {
            throw map(e, parent, "creating the folder for");
        }
        if (Files.isDirectory(target)) {
            throw new StorageException.InvalidArgument("cannot store '" + key + "': " + target
                    + " is a folder; choose another key");
        }
        Path temp = null;
        boolean moved = false;
        try {
            FileChannel channel = null;
            for (int attempt = 0; channel == null; attempt++) {
                temp = parent.resolve(TEMP_PREFIX + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong())
                        + TEMP_SUFFIX);
                try {
                    channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                } catch (FileAlreadyExistsException e) {
                    temp = null;
                    if (attempt > 10) {
                        throw e;
                    }
                }
            }
            try (FileChannel out = channel) {
                copy(data, out, length, key, target, token);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
        } catch (IOException e) {
            throw map(e, target, "writing");
        } finally {
            if (!moved && temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // Best effort: listings hide part files anyway.
                }
            }
        }
        return stat(container, key);
    }

    /** A zero-byte "folder/" marker, as object stores make them, is a folder on disk. */
    private ObjectInfo putFolderMarker(String container, String key, Path dir, InputStream data) {
        try {
            if (data.read() >= 0) {
                throw new StorageException.InvalidArgument("key '" + key + "' ends with '/', which names a folder, "
                        + "and a local folder cannot hold bytes: give the object a name, e.g. '" + key + "file.bin'");
            }
            Files.createDirectories(dir);
            return new ObjectInfo(container, key, 0, Files.getLastModifiedTime(dir).toInstant(), null, null, null, Map.of());
        } catch (FileAlreadyExistsException e) {
            throw new StorageException.AlreadyExists("cannot make folder '" + key + "': " + e.getFile()
                    + " is a file", e);
        } catch (IOException e) {
            throw map(e, dir, "creating the folder");
        }
    }

    private static void copy(InputStream data, FileChannel channel, long length, String key, Path target,
                             CancellationToken token) throws IOException {
        byte[] buf = new byte[COPY_BUFFER];
        UploadSource source = new UploadSource(data, length, key, "nothing was written to " + target);
        while (true) {
            token.throwIfCancelled();
            int n = source.next(buf);
            ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
            while (bb.hasRemaining()) {
                channel.write(bb);
            }
            if (source.ended(n, buf.length)) {
                break;
            }
        }
        source.checkEnd();
    }

    @Override
    public void delete(String container, String key) {
        Path p = objectPath(container, key);
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(p, BasicFileAttributes.class);
        } catch (IOException e) {
            throw map(e, p, "deleting");
        }
        if (a.isDirectory()) {
            if (key.endsWith("/")) {
                deleteFolderMarker(key, p);
                return;
            }
            throw new StorageException.InvalidArgument("'" + key + "' in container '" + container + "' is a folder ("
                    + p + "), not an object: delete the objects in it instead");
        }
        try {
            Files.delete(p);
        } catch (IOException e) {
            throw map(e, p, "deleting");
        }
    }

    /** The counterpart of {@link #putFolderMarker}: deleting "folder/" removes the folder once it is empty. */
    private static void deleteFolderMarker(String key, Path dir) {
        try {
            Files.delete(dir);
        } catch (DirectoryNotEmptyException e) {
            throw new StorageException.InvalidArgument("folder '" + key + "' (" + dir
                    + ") is not empty: delete the objects in it first", e);
        } catch (IOException e) {
            throw map(e, dir, "deleting");
        }
    }

    // ------------------------------------------------------------------ paths and checks

    private Path containerDir(String container) {
        if (container == null || container.isEmpty()) {
            throw new StorageException.InvalidArgument("empty container name: give the name of a folder in " + root);
        }
        if (container.equals(".") || container.equals("..") || container.indexOf('/') >= 0
                || container.indexOf('\0') >= 0 || container.indexOf(java.io.File.separatorChar) >= 0) {
            throw new StorageException.InvalidArgument("invalid container name '" + printable(container)
                    + "': a container is a single folder name under " + root + ", without '/', '.' or '..'");
        }
        return root.resolve(container);
    }

    private Path existingContainer(String container) {
        Path dir = containerDir(container);
        if (!Files.isDirectory(dir)) {
            throw new StorageException.NotFound("container '" + container + "' not found: " + dir
                    + " is not a folder; create it first or check the name");
        }
        return dir;
    }

    @Override
    public Path localPath(String container, String key) {
        return objectPath(container, key);
    }

    private Path objectPath(String container, String key) {
        Path dir = containerDir(container);
        if (key == null || key.isEmpty()) {
            throw new StorageException.InvalidArgument("empty key: give the path of an object in container '"
                    + container + "'");
        }
        String problem = pathProblem(key, true);
        if (problem != null) {
            throw new StorageException.InvalidArgument("invalid key '" + printable(key) + "': " + problem);
        }
        Path p = dir.resolve(key).normalize();
        if (!p.startsWith(dir) || p.equals(dir)) {
            throw new StorageException.InvalidArgument("invalid key '" + printable(key)
                    + "': it must name something inside container '" + container + "'");
        }
        return p;
    }

    private static void checkPrefix(String prefix) {
        int cut = prefix.lastIndexOf('/') + 1;
        String problem = prefix.indexOf('\0') >= 0 ? "it contains a NUL character"
                : cut == 0 ? null : pathProblem(prefix.substring(0, cut), true);
        if (problem != null) {
            throw new StorageException.InvalidArgument("invalid prefix '" + printable(prefix) + "': " + problem);
        }
    }

    /** Why a '/'-separated relative path could escape its container or alias another, or null if fine. */
    private static String pathProblem(String path, boolean allowTrailingSlash) {
        if (path.indexOf('\0') >= 0) {
            return "it contains a NUL character";
        }
        if (path.startsWith("/")) {
            return "keys are relative to the container and must not start with '/'";
        }
        String[] segments = path.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            if (s.isEmpty()) {
                if (i == segments.length - 1 && i > 0 && allowTrailingSlash) {
                    break;
                }
                return "it has an empty segment ('//')";
            }
            if (s.equals(".") || s.equals("..")) {
                return "'" + s + "' segments are not allowed: keys must stay inside their container";
            }
            if (java.io.File.separatorChar != '/' && s.indexOf(java.io.File.separatorChar) >= 0) {
                return "it contains '" + java.io.File.separatorChar + "'";
            }
        }
        return null;
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(Character.isISOControl(c) ? String.format("\\u%04X", (int) c) : String.valueOf(c));
        }
        return sb.toString();
    }

    static boolean isTempName(String name) {
        return name.startsWith(TEMP_PREFIX) && name.endsWith(TEMP_SUFFIX);
    }

    private BasicFileAttributes objectAttributes(String container, String key, Path p) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(p, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new StorageException.NotFound("object '" + key + "' not found in container '" + container
                    + "' (" + p + " does not exist)", e);
        } catch (IOException e) {
            throw map(e, p, "reading the attributes of");
        }
        if (a.isDirectory()) {
            throw new StorageException.NotFound("'" + key + "' in container '" + container + "' is a folder, not an "
                    + "object (" + p + "): list it with the prefix '" + (key.endsWith("/") ? key : key + "/") + "'");
        }
        if (!a.isRegularFile()) {
            throw new StorageException.InvalidArgument("'" + key + "' in container '" + container + "' is not a "
                    + "regular file (" + p + " is a device, pipe or socket), so it cannot be read as an object");
        }
        return a;
    }

    /** Follows links; null for a missing entry (or broken link) or one we may not examine. */
    static BasicFileAttributes attributesOrNull(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class);
        } catch (IOException e) {
            return null;
        }
    }

    private static ObjectInfo info(String container, String key, BasicFileAttributes a, String contentType) {
        return new ObjectInfo(container, key, a.size(), a.lastModifiedTime().toInstant(), etag(a), contentType,
                null, Map.of());
    }

    /** Size, modification time and file identity: changes whenever the object is replaced or rewritten. */
    static String etag(BasicFileAttributes a) {
        String tag = Long.toHexString(a.size()) + "-" + Long.toHexString(a.lastModifiedTime().to(TimeUnit.NANOSECONDS));
        Object fileKey = a.fileKey();
        return fileKey == null ? tag : tag + "-" + Integer.toHexString(fileKey.hashCode());
    }

    private static String probeContentType(Path p) {
        try {
            String type = Files.probeContentType(p);
            return type == null ? DEFAULT_CONTENT_TYPE : type;
        } catch (IOException | RuntimeException e) {
            return DEFAULT_CONTENT_TYPE;
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // nothing useful to do
        }
    }

    /** Turns an I/O failure into the typed error a caller can act on; the message names the path. */
    static StorageException map(IOException e, Path path, String action) {
        String where = action + " " + path;
        if (e instanceof NoSuchFileException) {
            return new StorageException.NotFound(where + " failed: " + path + " does not exist", e);
        }
        if (e instanceof AccessDeniedException) {
            return new StorageException.AccessDenied(where + " failed: permission denied; check the owner and "
                    + "permissions of " + path + " and its folders", e);
        }
        if (e instanceof FileAlreadyExistsException) {
            return new StorageException.AlreadyExists(where + " failed: " + path + " already exists", e);
        }
        if (e instanceof DirectoryNotEmptyException) {
            return new StorageException.InvalidArgument(where + " failed: " + path + " is a folder that is not empty", e);
        }
        if (e instanceof ClosedByInterruptException) {
            return new StorageException.TransientIo(where + " was interrupted (cancelled)", e);
        }
        String text = messages(e);
        if (text.contains("No space left on device") || text.contains("Disk quota exceeded")) {
            return new StorageException("disk full while " + where + ": free some space on that disk (or raise the "
                    + "quota) and try again", e);
        }
        if (text.contains("Not a directory")) {
            return new StorageException.NotFound(where + " failed: part of the path is a file, not a folder", e);
        }
        if (text.contains("File name too long")) {
            return new StorageException.InvalidArgument(where + " failed: the name is too long for this filesystem", e);
        }
        if (text.contains("Read-only file system")) {
            return new StorageException.AccessDenied(where + " failed: the filesystem is read-only", e);
        }
        return new StorageException.TransientIo(where + " failed: " + e, e);
    }

    private static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null && sb.length() < 2000; c = c.getCause()) {
            sb.append(c.getMessage()).append(' ');
        }
        return sb.toString();
    }
}
