package io.rangefinder.storage.file;

import io.rangefinder.storage.KeyOrder;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.PriorityQueue;
/** How {@link FileStore} lists a folder tree in key order without reading more of it than a page needs. */
final class FolderWalk {

    private FolderWalk() {
    }

    /** One folder entry with its attributes; {@code key} ends with '/' for a folder. */
    record Entry(String key, String relative, Path path, BasicFileAttributes attributes) {
        boolean directory() {
            return attributes.isDirectory();
        }
    }

    /**
     * The entries of one folder in key order, after {@code after}. Names are read once and ordered as
     * if every entry were a file; a folder's key is its name plus '/', which can only sort later, so
     * an entry is handed out once it sorts before the next not-yet-examined name. That way only the
     * entries handed out (plus one) are stat'ed, however large the folder.
     */
    static final class DirCursor {
        private final Path dir;
        private final String base;
        private final String after;
        private final boolean recursive;
        /** Names not examined yet, smallest first: a heap, so a page costs O(n) plus O(page log n), not a full sort. */
        private final PriorityQueue<String> pending;
        private final PriorityQueue<Entry> ready =
                new PriorityQueue<>((x, y) -> KeyOrder.compare(x.relative(), y.relative()));

        private DirCursor(Path dir, String base, String after, boolean recursive, PriorityQueue<String> pending) {
            this.dir = dir;
            this.base = base;
            this.after = after;
            this.recursive = recursive;
            this.pending = pending;
        }

        /** {@code null} when {@code dir} does not exist or is not a folder (an empty listing, as S3 gives). */
        static DirCursor open(Path dir, String base, String namePrefix, String after, boolean recursive)
                throws IOException {
            List<String> names = new ArrayList<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
                for (Path p : stream) {
                    String name = p.getFileName().toString();
                    if (name.startsWith(namePrefix) && !FileStore.isTempName(name)
                            && !entirelyBefore(base + name + "/", after, recursive)) {
                        names.add(name);
                    }
                }
            } catch (NoSuchFileException | java.nio.file.NotDirectoryException e) {
                return null;
            } catch (FileSystemException e) {
                if ("Not a directory".equals(e.getReason())) {
                    return null;
                }
                throw e;
            }
            PriorityQueue<String> pending = new PriorityQueue<>(Math.max(1, names.size()), KeyOrder.UTF8);
            pending.addAll(names);
            return new DirCursor(dir, base, after, recursive, pending);
        }

        /** Whether neither the file nor the folder reading of a name can produce a key after {@code after}. */
        private static boolean entirelyBefore(String folderKey, String after, boolean recursive) {
            return after != null && KeyOrder.compare(folderKey, after) <= 0
                    && !(recursive && after.startsWith(folderKey));
        }

        Entry peek() {
            fill();
            return ready.peek();
        }

        Entry next() {
            fill();
            return ready.poll();
        }

        private void fill() {
            while (!pending.isEmpty()
                    && (ready.isEmpty() || KeyOrder.compare(ready.peek().relative(), pending.peek()) > 0)) {
                String name = pending.poll();
                Path p = dir.resolve(name);
                BasicFileAttributes a = FileStore.attributesOrNull(p);
                if (a == null) {
                    continue;
                }
                if (a.isDirectory()) {
                    String key = base + name + "/";
                    if (after == null || KeyOrder.compare(key, after) > 0 || (recursive && after.startsWith(key))) {
                        ready.add(new Entry(key, name + "/", p, a));
                    }
                } else if (a.isRegularFile()) {
                    String key = base + name;
                    if (after == null || KeyOrder.compare(key, after) > 0) {
                        ready.add(new Entry(key, name, p, a));
                    }
                }
            }
        }
    }

    /** Depth-first walk over files in key order; skips folders it is already inside (link cycles). */
    static final class Walker {
        private final Deque<DirCursor> stack = new ArrayDeque<>();
        private final Deque<Object> ids = new ArrayDeque<>();
        private final String after;
        private Entry peeked;

        private Walker(String after) {
            this.after = after;
        }

        static Walker open(Path dir, String base, String namePrefix, String after) throws IOException {
            DirCursor top = DirCursor.open(dir, base, namePrefix, after, true);
            if (top == null) {
                return null;
            }
            Walker w = new Walker(after);
            w.stack.push(top);
            BasicFileAttributes a = FileStore.attributesOrNull(dir);
            w.ids.push(a == null ? dir : identity(dir, a));
            return w;
        }

        Entry peek() {
            if (peeked == null) {
                peeked = advance();
            }
            return peeked;
        }

        Entry next() {
            Entry e = peek();
            peeked = null;
            return e;
        }

        private Entry advance() {
            while (!stack.isEmpty()) {
                Entry e = stack.peek().next();
                if (e == null) {
                    stack.pop();
                    ids.pop();
                    continue;
                }
                if (!e.directory()) {
                    return e;
                }
                Object id = identity(e.path(), e.attributes());
                if (ids.contains(id)) {
                    continue; // a link back to a folder we are inside: do not loop
                }
                try {
                    DirCursor child = DirCursor.open(e.path(), e.key(), "", after, true);
                    if (child != null) {
                        stack.push(child);
                        ids.push(id);
                    }
                } catch (IOException unreadable) {
                    // A folder we may not read is skipped, as `find` would report and go on.
                }
            }
            return null;
        }

        private static Object identity(Path p, BasicFileAttributes a) {
            Object key = a.fileKey();
            if (key != null) {
                return key;
            }
            try {
                return p.toRealPath();
            } catch (IOException e) {
                return p;
            }
        }
    }
}
