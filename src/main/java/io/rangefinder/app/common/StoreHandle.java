package io.rangefinder.app.common;

import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.StorageException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * One connection's store: opened on first use, off the UI thread (whoever calls {@link #get()}
 * first, on a background thread), then shared until {@link #close()}. If opening fails nothing is
 * remembered, so the next use tries again. The open runs outside the lock: {@link #close()} (called
 * on the FX thread when a connection is edited or removed) never waits for a credential chain or a
 * metadata timeout; a store that finishes opening after close is closed at once.
 */
public final class StoreHandle {

    private final Supplier<? extends ObjectStore> opener;
    private final String label;
    private ObjectStore store; // guarded by this
    private CompletableFuture<ObjectStore> opening; // guarded by this: the open in progress, shared by its waiters
    private boolean closed; // guarded by this

    public StoreHandle(Supplier<? extends ObjectStore> opener, String label) {
        this.opener = opener;
        this.label = label;
    }

    /** Blocks while the store opens; never call it on the UI thread. */
    public ObjectStore get() {
        CompletableFuture<ObjectStore> open;
        boolean mine = false;
        synchronized (this) {
            if (closed) {
                throw closedError();
            }
            if (store != null) {
                return store;
            }
            if (opening == null) {
                opening = new CompletableFuture<>();
                mine = true;
            }
            open = opening;
        }
        return mine ? open(open) : await(open);
    }

    private ObjectStore open(CompletableFuture<ObjectStore> open) {
        ObjectStore s;
        try {
            s = opener.get();
        } catch (RuntimeException | Error e) {
            synchronized (this) {
                opening = null;
            }
            open.completeExceptionally(e);
            throw e;
        }
        boolean late;
        synchronized (this) {
            opening = null;
            late = closed;
            if (!late) {
                store = s;
            }
        }
        if (late) {
            s.close();
            StorageException e = closedError();
            open.completeExceptionally(e);
            throw e;
        }
        open.complete(s);
        return s;
    }

    private static ObjectStore await(CompletableFuture<ObjectStore> open) {
        try {
            return open.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    private StorageException closedError() {
        return new StorageException("The connection “" + label + "” was closed (edited, removed or the window closed)");
    }

    public String label() {
        return label;
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    public void close() {
        ObjectStore s;
        synchronized (this) {
            closed = true;
            s = store;
            store = null;
        }
        if (s != null) {
            s.close();
        }
    }
}
