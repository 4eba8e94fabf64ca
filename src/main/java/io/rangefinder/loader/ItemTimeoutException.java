package io.rangefinder.loader;

import io.rangefinder.storage.StorageException;
import java.time.Duration;

/**
 * One attempt at an item outlived the loader's item timeout and was abandoned. Transient, so the
 * loader retries it as its {@code retries} option says; the last one ends the run.
 */
public final class ItemTimeoutException extends StorageException.TransientIo {

    private final Dataset.Item item;

    public ItemTimeoutException(Dataset.Item item, Duration timeout, int attempt, int attempts) {
        super("reading " + item.container() + "/" + item.key() + " did not finish within the item timeout of "
                + timeout.toMillis() + " ms (attempt " + attempt + " of " + attempts + "); the read was abandoned");
        this.item = item;
    }

    public Dataset.Item item() {
        return item;
    }
}
