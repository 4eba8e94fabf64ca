package io.rangefinder.app.explorer;

import io.rangefinder.core.CancellationToken;
import io.rangefinder.storage.ObjectInfo;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.PrefixWalk;
import io.rangefinder.storage.StorageException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * What a delete of the selected rows removes: the objects, then folder markers deepest first (an
 * empty folder on file://), and the bytes that go, so the confirmation can say so before anything happens.
 */
record DeletePlan(List<String> objects, List<String> folders, long bytes) {

    DeletePlan {
        objects = List.copyOf(objects);
        folders = List.copyOf(folders);
    }

    static DeletePlan ofObject(ExplorerEntry object) {
        return new DeletePlan(List.of(object.key()), List.of(), object.size());
    }

    /** Lists each selected folder to the end (on a background thread) and collects what a delete would remove. */
    static DeletePlan of(ObjectStore store, String container, List<ExplorerEntry> chosen, CancellationToken token) {
        List<String> keys = new ArrayList<>();
        TreeSet<String> folders = new TreeSet<>(Comparator.comparingInt(String::length).reversed()
                .thenComparing(Comparator.naturalOrder()));
        long bytes = 0;
        for (ExplorerEntry e : chosen) {
            if (e.kind() == ExplorerEntry.Kind.OBJECT) {
                keys.add(e.key());
                bytes += e.size();
                continue;
            }
            folders.add(e.key());
            PrefixWalk walk = PrefixWalk.of(store, container, e.key(), token);
            for (ObjectInfo o : walk.objects()) {
                if (o.key().endsWith("/")) {
                    folders.add(o.key());
                    continue;
                }
                keys.add(o.key());
                for (int slash = o.key().lastIndexOf('/'); slash > e.key().length() - 1;
                     slash = o.key().lastIndexOf('/', slash - 1)) {
                    folders.add(o.key().substring(0, slash + 1));
                }
            }
            bytes += walk.bytes();
        }
        return new DeletePlan(keys, List.copyOf(folders), bytes);
    }

    /** Deletes the objects, then the folder markers (stores without markers have none to remove). */
    int execute(ObjectStore store, String container, CancellationToken token) {
        for (String key : objects) {
            token.throwIfCancelled();
            store.delete(container, key);
        }
        for (String marker : folders) {
            try {
                store.delete(container, marker);
            } catch (StorageException.NotFound ignored) {
                // stores without folder markers have nothing to remove
            }
        }
        return objects.size();
    }
}
