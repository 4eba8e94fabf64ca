package io.rangefinder.loader;

import io.rangefinder.core.CancellationToken;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;

/**
 * How a loader reads one item into memory: {@link #whole()} (one GET) unless the loader is given
 * another, such as the bench's ranged reader, which fetches large items as several range GETs in
 * flight. A loader calls it on a thread of its own for each attempt; when the attempt is abandoned
 * (its item deadline passed, or the loader stopped) {@code attempt} is cancelled and the thread is
 * interrupted, and the reader must then give up promptly: close its streams, stop its requests.
 */
@FunctionalInterface
public interface ItemReader {

    byte[] read(ObjectStore store, Dataset.Item item, CancellationToken attempt);

    /** One plain GET per item, read into an array of the listed size when the listing gave one. */
    static ItemReader whole() {
        return WholeObject.INSTANCE;
    }

    /** The default reader; a named class so thread dumps and stack traces say what it is. */
    final class WholeObject implements ItemReader {
        static final WholeObject INSTANCE = new WholeObject();

        private WholeObject() {
        }

        @Override
        public byte[] read(ObjectStore store, Dataset.Item item, CancellationToken attempt) {
            InputStream in = store.get(item.container(), item.key());
            try (in; var abort = attempt.onCancel(() -> closeQuietly(in))) {
                if (item.size() >= 0 && item.size() <= Integer.MAX_VALUE - 16) {
                    // One array of the listed size, filled in place: readNBytes would read in 16 KiB
                    // pieces and copy them again.
                    byte[] data = new byte[(int) item.size()];
                    int filled = 0;
                    while (filled < data.length) {
                        int n = in.read(data, filled, data.length - filled);
                        if (n < 0) {
                            throw new StorageException.TransientIo(item.key() + " ended after " + filled
                                    + " of " + item.size() + " bytes");
                        }
                        filled += n;
                    }
                    return data;
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new StorageException.TransientIo("reading " + item.key() + " failed: " + e.getMessage(), e);
            }
        }

        private static void closeQuietly(InputStream in) {
            try {
                in.close();
            } catch (IOException | RuntimeException ignored) {
                // closing is how a stuck read is aborted
            }
        }

        @Override
        public String toString() {
            return "whole-object reads";
        }
    }
}
