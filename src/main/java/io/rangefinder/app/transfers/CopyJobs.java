package io.rangefinder.app.transfers;

import io.rangefinder.app.common.StoreHandle;
import io.rangefinder.core.CancellationToken;
import io.rangefinder.storage.ObjectInfo;
import io.rangefinder.storage.PrefixWalk;
import io.rangefinder.storage.PutOptions;
import java.io.IOException;
import java.io.InputStream;

/** Streamed copies between two connections: the source stream goes straight into the target's put, no temporary copy. */
public final class CopyJobs {

    private CopyJobs() {
    }

    /** One object to {@code targetContainer}/{@code targetKey}. */
    public static Transfer.Job object(StoreHandle from, StoreHandle to, String container, String key, long size,
                                      String targetContainer, String targetKey) {
        return object(from, to, container, key, size, targetContainer, targetKey, KeyPolicy.WRITE_ALL);
    }

    /** As above; {@code policy} says what happens if the target key is taken. */
    public static Transfer.Job object(StoreHandle from, StoreHandle to, String container, String key, long size,
                                      String targetContainer, String targetKey, KeyPolicy policy) {
        return (t, token) -> {
            String target = policy.targetFor(targetKey);
            if (target != null) {
                t.setTotalBytes(size);
                copy(from, to, t, token, container, key, size, targetContainer, target);
            }
        };
    }

    /** Everything under {@code prefix}, keeping the paths below {@code base} (the folder shown), under {@code targetBase}. */
    public static Transfer.Job prefix(StoreHandle from, StoreHandle to, String container, String base, String prefix,
                                      String targetContainer, String targetBase) {
        return prefix(from, to, container, base, prefix, targetContainer, targetBase, KeyPolicy.WRITE_ALL);
    }

    /** As above; {@code policy} says what happens to each target key that is taken. */
    public static Transfer.Job prefix(StoreHandle from, StoreHandle to, String container, String base, String prefix,
                                      String targetContainer, String targetBase, KeyPolicy policy) {
        return (t, token) -> {
            PrefixWalk walk = PrefixWalk.of(from.get(), container, prefix, token);
            t.setTotalBytes(walk.bytes());
            for (ObjectInfo o : walk.objects()) {
                token.throwIfCancelled();
                String target = policy.targetFor(targetBase + o.key().substring(base.length()));
                if (target == null) {
                    t.addBytes(o.size());
                    continue;
                }
                copy(from, to, t, token, container, o.key(), o.size(), targetContainer, target);
            }
        };
    }

    private static void copy(StoreHandle from, StoreHandle to, Transfer t, CancellationToken token, String container,
                             String key, long size, String targetContainer, String targetKey) throws IOException {
        if (key.endsWith("/")) {
            to.get().put(targetContainer, targetKey.endsWith("/") ? targetKey : targetKey + "/",
                    InputStream.nullInputStream(), 0, PutOptions.DEFAULT.withToken(token));
            return;
        }
        try (InputStream in = new CountingStream(from.get().get(container, key), t, token)) {
            to.get().put(targetContainer, targetKey, in, size, PutOptions.DEFAULT.withToken(token));
        }
    }
}
