package io.rangefinder.app.common;

import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.StorageException;

import java.util.function.Supplier;

/**
 * One connection's store: opened on first use, off the UI thread (whoever calls {@link #get()}
 * first, on a background thread), then shared until {@link #close()}. If opening fails nothing is
 * remembered, so the next use tries again.
 */
public final class StoreHandle {

    private final Supplier<? extends ObjectStore> opener;
    private final String label;
    private ObjectStore store;
    private boolean closed;

    public StoreHandle(Supplier<? extends ObjectStore> opener, String label) {
        this.opener = opener;
        this.label = label;
    }

    /** Blocks while the store opens; never call it on the UI thread. */
    public synchronized ObjectStore get() {
        if (closed) {
            throw new StorageException("The connection “" + label + "” was closed (edited, removed or the window closed)");
        }
        if (store == null) {
            store = opener.get();
        }
        return store;
    }

    public String label() {
        return label;
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    public synchronized void close() {
        closed = true;
        if (store != null) {
            ObjectStore s = store;
            store = null;
            s.close();
        }
    }
}
