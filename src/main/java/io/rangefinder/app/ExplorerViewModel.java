package io.rangefinder.app;

import io.rangefinder.storage.ContainerInfo;
import io.rangefinder.storage.ListPage;
import io.rangefinder.storage.ListRequest;
import io.rangefinder.storage.ObjectInfo;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.StorageException;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * State of one explorer window: where it is, the history, the listed entries and a status line.
 * No controls; every method and every update runs on the UI thread (the caller's thread in
 * tests), while store calls run through the {@link TaskExecutor}.
 */
public final class ExplorerViewModel {

    public enum State { IDLE, LOADING, LOADED, FAILED }

    private final StoreHandle store;
    private final TaskExecutor executor;
    private final int pageSize;

    private final ObservableList<ExplorerEntry> entries = FXCollections.observableArrayList();
    private final ObservableList<ExplorerEntry> readOnlyEntries = FXCollections.unmodifiableObservableList(entries);
    private final ReadOnlyObjectWrapper<Location> location = new ReadOnlyObjectWrapper<>(this, "location");
    private final ReadOnlyStringWrapper address = new ReadOnlyStringWrapper(this, "address", "");
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.IDLE);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyBooleanWrapper canGoBack = new ReadOnlyBooleanWrapper(this, "canGoBack");
    private final ReadOnlyBooleanWrapper canGoForward = new ReadOnlyBooleanWrapper(this, "canGoForward");
    private final ReadOnlyBooleanWrapper canGoUp = new ReadOnlyBooleanWrapper(this, "canGoUp");

    private final Deque<Location> back = new ArrayDeque<>();
    private final Deque<Location> forward = new ArrayDeque<>();
    private TaskExecutor.Handle running;
    // bumped on every load, so pages of a listing the user has left are dropped
    private long generation;

    /** @param stores opened lazily on a background thread, the first time the store is needed */
    public ExplorerViewModel(Supplier<? extends ObjectStore> stores, TaskExecutor executor) {
        this(stores, executor, ListRequest.DEFAULT_PAGE_SIZE);
    }

    public ExplorerViewModel(Supplier<? extends ObjectStore> stores, TaskExecutor executor, int pageSize) {
        this.store = new StoreHandle(stores);
        this.executor = executor;
        this.pageSize = pageSize;
    }

    // ---- navigation ----

    /** Goes to {@code target}, remembering the current location for {@link #goBack()}. */
    public void open(Location target) {
        Location current = location.get();
        if (current != null && !current.equals(target)) {
            back.push(current);
            forward.clear();
        }
        load(target);
    }

    /** Opens a folder or container row; does nothing for an object. */
    public void open(ExplorerEntry entry) {
        Location at = location.get();
        switch (entry.kind()) {
            case CONTAINER -> open(Location.of(entry.name(), ""));
            case FOLDER -> open(Location.of(at.container(), entry.key()));
            case OBJECT -> { }
        }
    }

    /** Opens what the user typed in the address bar; a bad address becomes the status message. */
    public void openAddress(String text) {
        Location target;
        try {
            target = AddressText.parse(text);
        } catch (IllegalArgumentException e) {
            state.set(State.FAILED);
            status.set(e.getMessage());
            return;
        }
        open(target);
    }

    public void goBack() {
        if (!back.isEmpty()) {
            forward.push(location.get());
            load(back.pop());
        }
    }

    public void goForward() {
        if (!forward.isEmpty()) {
            back.push(location.get());
            load(forward.pop());
        }
    }

    public void goUp() {
        Location at = location.get();
        if (at != null && !at.isRoot()) {
            open(at.parent());
        }
    }

    public void refresh() {
        if (location.get() != null) {
            load(location.get());
        }
    }

    /** Stops any listing in flight and closes the store. */
    public void close() {
        if (running != null) {
            running.cancel();
        }
        generation++;
        store.close();
    }

    // ---- listing ----

    private void load(Location target) {
        if (running != null) {
            running.cancel();
        }
        long mine = ++generation;
        location.set(target);
        address.set(AddressText.format(target));
        canGoBack.set(!back.isEmpty());
        canGoForward.set(!forward.isEmpty());
        canGoUp.set(!target.isRoot());
        entries.clear();
        state.set(State.LOADING);
        status.set("Loading…");
        running = executor.submit(
                progress -> target.isRoot() ? listContainers(mine, progress) : listFolder(target, mine, progress),
                count -> {
                    if (mine == generation) {
                        state.set(State.LOADED);
                        status.set(itemCount(count));
                    }
                },
                error -> {
                    if (mine == generation) {
                        state.set(State.FAILED);
                        status.set(messageFor(error, target));
                    }
                });
    }

    // runs on a background thread
    private int listContainers(long mine, TaskExecutor.Progress progress) {
        List<ExplorerEntry> rows = new ArrayList<>();
        for (ContainerInfo c : store.get().listContainers()) {
            rows.add(new ExplorerEntry(c.name(), ExplorerEntry.Kind.CONTAINER, c.name(), -1, c.created()));
        }
        rows.sort(Comparator.comparing(ExplorerEntry::name));
        progress.publish(() -> append(mine, rows));
        return rows.size();
    }

    // runs on a background thread
    private int listFolder(Location target, long mine, TaskExecutor.Progress progress) {
        ObjectStore objects = store.get();
        ListRequest request = ListRequest.folders(target.container(), target.prefix()).withPageSize(pageSize);
        int total = 0;
        while (request != null && !progress.isCancelled()) {
            ListPage page = objects.list(request);
            List<ExplorerEntry> rows = rowsOf(page, target.prefix());
            total += rows.size();
            progress.publish(() -> append(mine, rows));
            request = page.hasMore() ? request.withToken(page.nextToken()) : null;
        }
        return total;
    }

    private void append(long mine, List<ExplorerEntry> rows) {
        if (mine == generation) {
            entries.addAll(rows);
            if (state.get() == State.LOADING) {
                status.set("Loading… " + itemCount(entries.size()) + " so far");
            }
        }
    }

    /** Folders and objects of one page, merged back into the store's key order. */
    static List<ExplorerEntry> rowsOf(ListPage page, String prefix) {
        List<ExplorerEntry> rows = new ArrayList<>(page.commonPrefixes().size() + page.objects().size());
        for (String p : page.commonPrefixes()) {
            String name = p.substring(prefix.length(), p.length() - 1);
            rows.add(new ExplorerEntry(name, ExplorerEntry.Kind.FOLDER, p, -1, null));
        }
        for (ObjectInfo o : page.objects()) {
            if (o.key().equals(prefix)) {
                continue; // the "folder marker" object some tools create for the folder itself
            }
            rows.add(new ExplorerEntry(o.key().substring(prefix.length()), ExplorerEntry.Kind.OBJECT, o.key(),
                    o.size(), o.lastModified()));
        }
        rows.sort(Comparator.comparing(ExplorerEntry::key));
        return rows;
    }

    static String itemCount(int n) {
        return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? "item" : "items");
    }

    static String messageFor(Throwable error, Location target) {
        if (error instanceof StorageException && error.getMessage() != null) {
            return error.getMessage();
        }
        String detail = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        return "Could not list " + AddressText.format(target) + ": " + detail;
    }

    // ---- properties ----

    public ObservableList<ExplorerEntry> entries() {
        return readOnlyEntries;
    }

    public ReadOnlyObjectProperty<Location> locationProperty() {
        return location.getReadOnlyProperty();
    }

    public Location getLocation() {
        return location.get();
    }

    /** The current location as the address bar shows it. */
    public ReadOnlyStringProperty addressProperty() {
        return address.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public State getState() {
        return state.get();
    }

    /** "N items", "Loading…" or a message a person can act on. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public String getStatus() {
        return status.get();
    }

    public ReadOnlyBooleanProperty canGoBackProperty() {
        return canGoBack.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canGoForwardProperty() {
        return canGoForward.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canGoUpProperty() {
        return canGoUp.getReadOnlyProperty();
    }

    /** Opens the store on first use, off the UI thread, and remembers it (or remembers nothing if opening failed). */
    private static final class StoreHandle {
        private final Supplier<? extends ObjectStore> opener;
        private ObjectStore store;
        private boolean closed;

        StoreHandle(Supplier<? extends ObjectStore> opener) {
            this.opener = opener;
        }

        synchronized ObjectStore get() {
            if (closed) {
                throw new StorageException("The explorer is closed");
            }
            if (store == null) {
                store = opener.get();
            }
            return store;
        }

        synchronized void close() {
            closed = true;
            if (store != null) {
                store.close();
            }
        }
    }
}
