package io.rangefinder.app.explorer;

import io.rangefinder.app.common.Confirmation;
import io.rangefinder.app.common.ErrorReport;
import io.rangefinder.app.common.StoreHandle;
import io.rangefinder.app.common.TaskExecutor;
import io.rangefinder.app.transfers.Transfer;
import io.rangefinder.app.transfers.TransferQueue;
import io.rangefinder.engine.RangeEngine;
import io.rangefinder.engine.RangeEngineConfig;
import io.rangefinder.storage.ListRequest;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.StorageException;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * State of one explorer window: where it is, the history, the listed entries, the filter, the
 * details of the selection, pending questions, errors, and the transfers. No controls; every
 * method and every update runs on the UI thread (the caller's thread in tests), while store calls
 * run through the {@link TaskExecutor}.
 */
public final class ExplorerViewModel {

    public enum State { IDLE, LOADING, LOADED, FAILED, CANCELLED }

    /** How the filter text is applied; the view says which one is in force. */
    public enum FilterMode { NONE, PREFIX_SERVER, PREFIX_LOADED, CONTAINS_LOADED }

    /** Rows held in full before a listing is kept as pages (about 20 MB of rows). */
    public static final int DEFAULT_HELD_ROWS = 100_000;

    /** A request to show row {@code index} of {@link #entries()} (a jump); {@code seq} tells repeats apart. */
    public record Jump(int index, long seq) {
    }

    private StoreHandle store;
    private final TaskExecutor executor;
    private ObjectUri.Scheme scheme;
    private String account;
    // opens another kind of store's URI (the connections decide which connection); null: only this store
    private java.util.function.Predicate<ObjectUri> foreignAddress;
    // the store behind a copy target URI, or an exception saying why there is none
    private java.util.function.Function<ObjectUri, StoreHandle> targetStores;
    private volatile RangeEngine engine = new RangeEngine(RangeEngineConfig.defaults());
    private volatile String connectionKey;
    private final SignedLinks signedLinks;
    private final ListingEdits edits;
    private final TransferRequests requests;
    private final TransferQueue transfers;

    private final ReadOnlyObjectWrapper<Location> location = new ReadOnlyObjectWrapper<>(this, "location");
    private final ReadOnlyStringWrapper address = new ReadOnlyStringWrapper(this, "address", "");
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.IDLE);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyObjectWrapper<ErrorReport> error = new ReadOnlyObjectWrapper<>(this, "error");
    private final ReadOnlyBooleanWrapper canGoBack = new ReadOnlyBooleanWrapper(this, "canGoBack");
    private final ReadOnlyBooleanWrapper canGoForward = new ReadOnlyBooleanWrapper(this, "canGoForward");
    private final ReadOnlyBooleanWrapper canGoUp = new ReadOnlyBooleanWrapper(this, "canGoUp");
    private final ReadOnlyObjectWrapper<EntryDetails> details = new ReadOnlyObjectWrapper<>(this, "details", EntryDetails.NONE);
    private final ReadOnlyObjectWrapper<Confirmation> confirmation = new ReadOnlyObjectWrapper<>(this, "confirmation");

    private final Deque<Location> back = new ArrayDeque<>();
    private final Deque<Location> forward = new ArrayDeque<>();
    private final FolderListing listing;
    private TaskExecutor.Handle statRunning;
    private long statGeneration;

    /** @param stores opened lazily on a background thread, the first time the store is needed */
    public ExplorerViewModel(Supplier<? extends ObjectStore> stores, TaskExecutor executor) {
        this(stores, executor, ListRequest.DEFAULT_PAGE_SIZE);
    }

    public ExplorerViewModel(Supplier<? extends ObjectStore> stores, TaskExecutor executor, int pageSize) {
        this(stores, executor, pageSize, DEFAULT_HELD_ROWS);
    }

    /** @param heldRows rows held in full; a bigger listing keeps its pages and re-reads what scrolls into view */
    public ExplorerViewModel(Supplier<? extends ObjectStore> stores, TaskExecutor executor, int pageSize, int heldRows) {
        if (heldRows < 2 * Math.max(1, pageSize)) {
            throw new IllegalArgumentException("heldRows must hold at least two pages");
        }
        this.store = new StoreHandle(stores, ObjectUri.Scheme.FILE.prefix());
        this.executor = executor;
        this.listing = new FolderListing(this, executor, pageSize, heldRows);
        this.scheme = ObjectUri.Scheme.FILE;
        this.transfers = new TransferQueue(executor, 2);
        this.signedLinks = new SignedLinks(executor);
        this.edits = new ListingEdits(this, executor);
        this.requests = new TransferRequests(this);
        // what an upload or copy wrote (all of it, or part before it failed or was cancelled) shows at once
        transfers.setOnDone(t -> {
            if (t.direction() != Transfer.Direction.DOWNLOAD && state.get() != State.LOADING) {
                refresh();
            }
        });
    }

    /** Engine settings for downloads (tests use small chunks). */
    public void setRangeEngine(RangeEngine engine) {
        this.engine = engine;
    }

    /**
     * The connection being browsed, as {@link io.rangefinder.bench.TunedSettings} keys it: downloads
     * start from the settings a tuning run applied to it. Any thread.
     */
    public void setConnectionKey(String key) {
        connectionKey = key;
    }

    /**
     * The engine a download starts on (tests use small chunks), with the browsed connection's tuned
     * concurrency and chunk size when "Find best settings" or {@code bench tune --apply} stored
     * some. Called at the start of each download, on its transfer's thread: the file is read there.
     */
    RangeEngine rangeEngine() {
        RangeEngine e = engine;
        String key = connectionKey;
        if (key == null) {
            return e;
        }
        RangeEngineConfig tuned = io.rangefinder.bench.TunedSettings.open().applyTo(key, e.config());
        return tuned.equals(e.config()) ? e : new RangeEngine(tuned);
    }

    /**
     * Parts in flight for an upload's multipart parts: what a tuning run applied to the browsed
     * connection ({@code put.partsInFlight}), or 0 for the store's default. Called when each upload
     * starts, on its transfer's thread.
     */
    int uploadPartsInFlight() {
        String key = connectionKey;
        return key == null ? 0
                : io.rangefinder.bench.TunedSettings.open().value(key, io.rangefinder.bench.TunedSettings.PUT_PARTS_IN_FLIGHT).orElse(0);
    }

    public TransferQueue transfers() {
        return transfers;
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

    /** Opens what the user typed in the address bar; a bad address becomes a message in place. */
    public void openAddress(String text) {
        ObjectUri uri;
        String typed = text == null ? "" : text.strip();
        if (!typed.isEmpty() && !looksLikeALocation(typed)) {
            showError(ErrorReport.plain("“" + typed + "” is not a location: type s3://bucket/, az://account/container/, "
                    + "gs://bucket/, file:///path or a full local path (such as /home/you or C:\\data)."));
            return;
        }
        try {
            uri = ObjectUri.parse(typed);
        } catch (StorageException.InvalidArgument e) {
            showError(ErrorReport.plain(capitalize(e.getMessage())));
            return;
        }
        boolean otherAccount = uri.scheme() == ObjectUri.Scheme.AZURE && !uri.account().equals(account);
        if ((uri.scheme() != scheme || otherAccount) && foreignAddress != null && foreignAddress.test(uri)) {
            return; // a connection to that store took it
        }
        if (uri.scheme() != scheme) {
            showError(ErrorReport.plain("This window browses " + scheme.prefix() + ":// locations; "
                    + uri + " is on another kind of store (" + uri.scheme().prefix()
                    + "://). Open it from a connection to that store."));
            return;
        }
        open(Location.ofUri(uri));
    }

    /**
     * A URI with a scheme, or a full local path. A relative path would be taken from the folder the
     * app happened to start in, which the address bar never means.
     */
    static boolean looksLikeALocation(String text) {
        return text.contains("://") || text.matches("(?is)(s3|gs|az|file):.*") || text.startsWith("/") || text.startsWith("~")
                || text.startsWith("\\\\") || text.matches("(?s)[A-Za-z]:[\\\\/].*");
    }

    /**
     * Browses another store from now on (the sidebar's connection changed): the history is of the
     * old store, so it is dropped. The old handle is not closed here; its owner (the connection
     * cache) decides.
     */
    public void useStore(StoreHandle handle, ObjectUri.Scheme newScheme, String newAccount, Location target) {
        listing.stop();
        store = handle;
        scheme = newScheme;
        account = newScheme == ObjectUri.Scheme.AZURE ? newAccount : null;
        back.clear();
        forward.clear();
        location.set(null);
        load(target);
    }

    /** Who opens a typed URI of another store (or another Azure account); true if it did. */
    public void setForeignAddressHandler(java.util.function.Predicate<ObjectUri> handler) {
        this.foreignAddress = handler;
    }

    /** Where "Copy to…" finds the store of a target URI. */
    public void setTargetStores(java.util.function.Function<ObjectUri, StoreHandle> stores) {
        this.targetStores = stores;
    }

    public ObjectUri.Scheme scheme() {
        return scheme;
    }

    /** The Azure storage account browsed, else null. */
    public String account() {
        return account;
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
            listing.relist(location.get());
        }
    }

    /**
     * Stops the listing in flight (the user pressed Cancel while "Loading…"): the rows already
     * shown stay, the state says the listing is incomplete, and a late answer is dropped.
     */
    public void cancelLoading() {
        if (state.get() != State.LOADING) {
            return;
        }
        listing.stop();
        state.set(State.CANCELLED);
        status.set(loadedCount() == 0
                ? "Listing cancelled; Refresh (F5) tries again"
                : "Listing cancelled after " + itemCount(loadedCount()) + "; Refresh (F5) lists again");
    }

    /** Stops any listing and transfer in flight and closes the store. */
    public void close() {
        listing.stop();
        if (statRunning != null) {
            statRunning.cancel();
        }
        transfers.cancelAll();
        store.close();
    }

    // ---- listing ----

    private void load(Location target) {
        location.set(target);
        address.set(target.address(scheme, account));
        canGoBack.set(!back.isEmpty());
        canGoForward.set(!forward.isEmpty());
        canGoUp.set(!target.isRoot());
        listing.clearFilter();
        showDetails(List.of());
        listing.start(target, "");
    }

    // ---- the listing, its filter and jumps to a name (in FolderListing) ----

    /**
     * Shows the first row whose name is {@code nameStart} or comes after it, in the store's order,
     * without listing everything before it where the store can start a listing at a name.
     */
    public void jumpTo(String nameStart) {
        listing.jumpTo(nameStart);
    }
    /** Asks for a name to jump to (Ctrl+G). */
    public void requestJump() {
        if (location.get() == null) {
            return;
        }
        ask(new Confirmation("Go to a name", "Type the beginning of a name: the list shows the first name from there"
                + " on, without listing everything before it.", "Go", false, "", this::jumpTo));
    }

    void updateCountStatus() {
        listing.updateCountStatus();
    }

    static String itemCount(int n) {
        return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? "item" : "items");
    }

    /**
     * Narrows the listing: a plain name start keeps names that start with it (asking the store
     * again in a folder too big for one page); text with a '*' keeps names containing the text.
     */
    public void setFilter(String text) {
        listing.setFilter(text);
    }

    /** What the filter does right now, in words, e.g. for a label beside the box. */
    public String filterDescription() {
        return listing.filterDescription();
    }

    // ---- details ----

    /** Shows what is known of the selection at once, then fetches an object's metadata in the background. */
    public void showDetails(List<ExplorerEntry> selection) {
        if (statRunning != null) {
            statRunning.cancel();
            statRunning = null;
        }
        long mine = ++statGeneration;
        signedLinks.clear();
        if (selection.contains(PagedRows.PENDING)) {
            selection = selection.stream().filter(e -> e != PagedRows.PENDING).toList();
        }
        Location at = location.get();
        if (selection.isEmpty() || at == null) {
            details.set(EntryDetails.NONE);
            return;
        }
        if (selection.size() > 1) {
            long bytes = selection.stream().mapToLong(e -> Math.max(0, e.size())).sum();
            long folders = selection.stream().filter(ExplorerEntry::isFolder).count();
            String kind = itemCount(selection.size()) + (folders > 0 ? " (" + folders + " folders)" : "");
            details.set(EntryDetails.selection(itemCount(selection.size()) + " selected", at.address(scheme, account),
                    kind, bytes));
            return;
        }
        ExplorerEntry e = selection.getFirst();
        ObjectUri uri = uriOf(e);
        switch (e.kind()) {
            case CONTAINER -> details.set(EntryDetails.container(e.name(), uri.toString(), e.lastModified()));
            case FOLDER -> details.set(EntryDetails.folder(e.name(), uri.toString(), e.lastModified()));
            case OBJECT -> {
                details.set(EntryDetails.objectLoading(uri.toString(), e));
                String container = at.container();
                StoreHandle h = store;
                statRunning = executor.submit(_ -> h.get().stat(container, e.key()),
                        info -> {
                            if (mine == statGeneration) {
                                details.set(EntryDetails.object(e.name(), uri.toString(), info));
                            }
                        },
                        failure -> {
                            if (mine == statGeneration) {
                                details.set(EntryDetails.objectFailed(uri.toString(), e,
                                        ErrorReport.of("Could not read the details of " + uri, failure).message()));
                            }
                        });
            }
        }
    }

    /** The full URI of a row in the current folder. */
    public ObjectUri uriOf(ExplorerEntry e) {
        Location at = location.get();
        return switch (e.kind()) {
            case CONTAINER -> new ObjectUri(scheme, account, e.name(), "");
            case FOLDER, OBJECT -> new ObjectUri(scheme, account, at.container(), e.key());
        };
    }

    // ---- edits: delete, new container, new folder (in ListingEdits) ----

    /** Asks before deleting; folders and multiple rows are counted first, so the question says what goes. */
    public void requestDelete(List<ExplorerEntry> selection) {
        edits.requestDelete(selection);
    }

    /** At the root: asks for the name of a new bucket (container). */
    public void requestCreateContainer() {
        edits.requestCreateContainer();
    }

    public void createContainer(String name) {
        edits.createContainer(name);
    }

    /** Asks for a name, then creates "name/" (a zero-byte marker; FileStore makes it a directory). */
    public void requestCreateFolder() {
        edits.requestCreateFolder();
    }

    public void createFolder(String name) {
        edits.createFolder(name);
    }

    /** What a top-level entry is called on this store. */
    String containerWord() {
        return switch (scheme) {
            case S3, GCS -> "bucket";
            case AZURE -> "container";
            case FILE -> "top-level folder";
        };
    }

    StoreHandle store() {
        return store;
    }

    TaskExecutor executor() {
        return executor;
    }

    String address(Location at) {
        return at.address(scheme, account);
    }

    void setStatus(String text) {
        status.set(text);
    }

    void setState(State s) {
        state.set(s);
    }

    // ---- signed URLs ----

    /** Makes a time-limited GET link for the selected object, off the UI thread; see {@link #signedLinks()}. */
    public void requestSignedUrl(java.time.Duration expiry) {
        signedLinks.request(store, location.get(), details.get(), expiry);
    }

    public SignedLinks signedLinks() {
        return signedLinks;
    }

    // ---- confirmation ----

    /** Asks a question over the window (the sidebar asks before removing a connection). */
    public void ask(Confirmation question) {
        confirmation.set(question);
    }

    public void confirm(String input) {
        Confirmation c = confirmation.get();
        confirmation.set(null);
        if (c != null) {
            c.action().accept(input);
        }
    }

    public void dismissConfirmation() {
        confirmation.set(null);
    }

    // ---- transfers: download, upload, copy (in TransferRequests) ----

    /** Downloads the selected objects (and whole folders, recursively) into {@code targetDir}. */
    public void download(List<ExplorerEntry> selection, Path targetDir) {
        requests.download(selection, targetDir);
    }

    /** Uploads local files, and folders recursively (keeping relative paths), into the current folder. */
    public void upload(List<Path> paths) {
        requests.upload(paths);
    }

    /** Asks for the target folder of a copy (any URI; its connection is chosen as the address bar does). */
    public void requestCopyTo(List<ExplorerEntry> selection) {
        requests.requestCopyTo(selection);
    }

    /** Queues one streamed transfer per selected row into the folder {@code targetText} names. */
    public void copyTo(List<ExplorerEntry> selection, String targetText) {
        requests.copyTo(selection, targetText);
    }

    /** The store a copy to {@code target} writes through, or null if no connection reaches it. */
    StoreHandle storeFor(ObjectUri target) {
        return targetStores == null ? (target.scheme() == scheme ? store : null) : targetStores.apply(target);
    }

    // ---- errors ----

    /** Shows {@code report} in place (above the table) until the next navigation or {@link #dismissError()}. */
    public void showError(ErrorReport report) {
        error.set(report);
    }

    public void dismissError() {
        error.set(null);
    }

    static String capitalize(String s) {
        return s == null || s.isEmpty() ? "Not a location" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    // ---- properties ----

    /**
     * The rows shown: the loaded rows, narrowed by a filter that works on loaded rows; for a
     * listing too big to hold, its pages (see {@link #rowsProperty()}).
     */
    public ObservableList<ExplorerEntry> entries() {
        return listing.rows().get();
    }

    /** True when the folder listed is empty because it does not exist (the placeholder says so). */
    public ReadOnlyBooleanProperty missingProperty() {
        return listing.missing().getReadOnlyProperty();
    }

    /** Which list {@link #entries()} is: it changes when a listing grows too big to hold in full. */
    public ReadOnlyObjectProperty<ObservableList<ExplorerEntry>> rowsProperty() {
        return listing.rows().getReadOnlyProperty();
    }

    /** True while the listing is kept as pages: rows are re-read as they scroll into view, columns do not sort. */
    public ReadOnlyBooleanProperty pagedProperty() {
        return listing.paged().getReadOnlyProperty();
    }

    /** The row a jump asked to show; the view scrolls to it and selects it. */
    public ReadOnlyObjectProperty<Jump> jumpProperty() {
        return listing.jump().getReadOnlyProperty();
    }

    /** Every row of the current listing so far, filtered or not. */
    public int loadedCount() {
        return listing.loadedCount();
    }

    /** Pages whose rows are held right now (a kept listing), for memory checks; 0 when rows are held in full. */
    int heldPageCount() {
        return listing.heldPageCount();
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

    /** "N items", "Loading… N items so far" or a short message. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public String getStatus() {
        return status.get();
    }

    /** The error shown in place, or {@code null}. */
    public ReadOnlyObjectProperty<ErrorReport> errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ErrorReport getError() {
        return error.get();
    }

    public ReadOnlyStringProperty filterProperty() {
        return listing.filter().getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<FilterMode> filterModeProperty() {
        return listing.filterMode().getReadOnlyProperty();
    }

    public FilterMode getFilterMode() {
        return listing.filterMode().get();
    }

    public ReadOnlyObjectProperty<EntryDetails> detailsProperty() {
        return details.getReadOnlyProperty();
    }

    public EntryDetails getDetails() {
        return details.get();
    }

    /** A question waiting for the user, or {@code null}. */
    public ReadOnlyObjectProperty<Confirmation> confirmationProperty() {
        return confirmation.getReadOnlyProperty();
    }

    public Confirmation getConfirmation() {
        return confirmation.get();
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
}
