package io.rangefinder.app.transfers;

import io.rangefinder.app.common.StoreHandle;
import io.rangefinder.core.CancellationToken;
import io.rangefinder.engine.Download;
import io.rangefinder.engine.DownloadStats;
import io.rangefinder.engine.FileSink;
import io.rangefinder.engine.LocalPaths;
import io.rangefinder.engine.RangeEngine;
import io.rangefinder.storage.ObjectInfo;
import io.rangefinder.storage.PrefixWalk;
import io.rangefinder.storage.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/** Downloads of one object or a whole folder into a local folder, on the range engine; they run on a transfer's thread. */
public final class DownloadJobs {

    private final Supplier<RangeEngine> engine;

    /** {@code engine} is asked at the start of each job, so a retuned engine applies to the next download. */
    public DownloadJobs(Supplier<RangeEngine> engine) {
        this.engine = engine;
    }

    /** One object into {@code target} (a file path). */
    public Transfer.Job object(StoreHandle store, String container, String key, long size, Path target) {
        return (t, token) -> {
            t.setTotalBytes(size);
            // size unknown to the engine: one stat, which also brings the checksum to verify against (GCS's CRC32C)
            get(store, t, token, container, key, null, target);
        };
    }

    /** Everything under {@code prefix}, keeping the paths below {@code base} (the folder shown), into {@code targetDir}. */
    public Transfer.Job prefix(StoreHandle store, String container, String base, String prefix, Path targetDir) {
        return (t, token) -> {
            PrefixWalk walk = PrefixWalk.of(store.get(), container, prefix, token);
            t.setTotalBytes(walk.bytes());
            for (ObjectInfo o : walk.objects()) {
                token.throwIfCancelled();
                Path target = LocalPaths.under(targetDir, o.key().substring(base.length()));
                if (o.key().endsWith("/")) {
                    createDirectories(target);
                    continue;
                }
                get(store, t, token, container, o.key(), o, target);
            }
        };
    }

    private void get(StoreHandle store, Transfer t, CancellationToken token, String container, String key,
                     ObjectInfo listed, Path target) {
        RangeEngine e = engine.get();
        Download d = listed != null ? e.start(store.get(), listed, new FileSink(target), token)
                : e.start(store.get(), container, key, -1, new FileSink(target), token);
        t.watch(d);
        DownloadStats stats = d.await();
        t.checked(stats.integrity());
        t.finished(d, stats.bytes());
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StorageException("could not create " + dir + ": " + e.getMessage(), e);
        }
    }
}
