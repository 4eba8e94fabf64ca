package io.rangefinder.app.explorer;

import io.rangefinder.app.common.Confirmation;
import io.rangefinder.app.common.ErrorReport;
import io.rangefinder.app.common.StoreHandle;
import io.rangefinder.app.common.TaskExecutor;
import io.rangefinder.app.transfers.Transfer;
import io.rangefinder.app.transfers.TransferQueue;
import io.rangefinder.core.CancellationToken;
import io.rangefinder.engine.RangeEngine;
import io.rangefinder.engine.RangeEngineConfig;
import io.rangefinder.storage.ContainerInfo;
import io.rangefinder.storage.ListPage;
import io.rangefinder.storage.ListRequest;
import io.rangefinder.storage.ObjectInfo;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.StorageException;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
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
    private final int pageSize;
    private final int heldRows;
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

    private final ObservableList<ExplorerEntry> entries = FXCollections.observableArrayList();
    private final FilteredList<ExplorerEntry> filtered = new FilteredList<>(entries);
    private final ObservableList<ExplorerEntry> readOnlyEntries = FXCollections.unmodifiableObservableList(filtered);
    // the rows shown: readOnlyEntries, or the pages of a listing too big to hold
    private final ReadOnlyObjectWrapper<ObservableList<ExplorerEntry>> rows =
            new ReadOnlyObjectWrapper<>(this, "rows", readOnlyEntries);
    private final ReadOnlyBooleanWrapper paged = new ReadOnlyBooleanWrapper(this, "paged");
    private final ReadOnlyObjectWrapper<Jump> jump = new ReadOnlyObjectWrapper<>(this, "jump");
    private final ReadOnlyBooleanWrapper missing = new ReadOnlyBooleanWrapper(this, "missing");
    private final ReadOnlyObjectWrapper<Location> location = new ReadOnlyObjectWrapper<>(this, "location");
    private final ReadOnlyStringWrapper address = new ReadOnlyStringWrapper(this, "address", "");
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.IDLE);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyObjectWrapper<ErrorReport> error = new ReadOnlyObjectWrapper<>(this, "error");
    private final ReadOnlyBooleanWrapper canGoBack = new ReadOnlyBooleanWrapper(this, "canGoBack");
    private final ReadOnlyBooleanWrapper canGoForward = new ReadOnlyBooleanWrapper(this, "canGoForward");
    private final ReadOnlyBooleanWrapper canGoUp = new ReadOnlyBooleanWrapper(this, "canGoUp");
    private final ReadOnlyStringWrapper filter = new ReadOnlyStringWrapper(this, "filter", "");
    private final ReadOnlyObjectWrapper<FilterMode> filterMode = new ReadOnlyObjectWrapper<>(this, "filterMode", FilterMode.NONE);
    private final ReadOnlyObjectWrapper<EntryDetails> details = new ReadOnlyObjectWrapper<>(this, "details", EntryDetails.NONE);
    private final ReadOnlyObjectWrapper<Confirmation> confirmation = new ReadOnlyObjectWrapper<>(this, "confirmation");

    private final Deque<Location> back = new ArrayDeque<>();
    private final Deque<Location> forward = new ArrayDeque<>();
    private TaskExecutor.Handle running;
    private TaskExecutor.Handle statRunning;
    // bumped on every load, so pages of a listing the user has left are dropped
    private long generation;
    private long statGeneration;
    // the listing shown is of location.prefix + this (a server-side name filter), "" when unfiltered
    private String listedPrefix = "";
    // the unfiltered listing of this folder needed more than one page: name filters go to the store
    private boolean bigFolder;
    // while rows are held in full: the request of each page so far, and its row count
    private final List<ListRequest> pageRequests = new ArrayList<>();
    private final List<Integer> pageCounts = new ArrayList<>();
    // the listing kept as pages once it passed heldRows, else null
    private PagedRows pages;
    // the last key listed so far (how far the listing has come), null before the first row
    private String lastKeySeen;
    // the listing started at this key (a jump past what was listed), else null
    private String listedFrom;
    // a key to show once its page is back (a jump into pages not held), else null
    private String pendingJump;
    private boolean jumpToFirstRow;
    private long jumpSeq;
    // learnt off the UI thread on the first listing: whether the store can start a listing at a key
    private volatile boolean storeCanStartAfter;

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
        this.heldRows = heldRows;
        this.store = new StoreHandle(stores, ObjectUri.Scheme.FILE.prefix());
        this.executor = executor;
        this.pageSize = pageSize;
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
        if (running != null) {
            running.cancel();
        }
        generation++;
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
            startListing(location.get(), listedPrefix);
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
        if (running != null) {
            running.cancel();
        }
        generation++;
        state.set(State.CANCELLED);
        status.set(loadedCount() == 0
                ? "Listing cancelled; Refresh (F5) tries again"
                : "Listing cancelled after " + itemCount(loadedCount()) + "; Refresh (F5) lists again");
    }

    /** Stops any listing and transfer in flight and closes the store. */
    public void close() {
        if (running != null) {
            running.cancel();
        }
        if (statRunning != null) {
            statRunning.cancel();
        }
        transfers.cancelAll();
        generation++;
        store.close();
    }

    // ---- listing ----

    private void load(Location target) {
        location.set(target);
        address.set(target.address(scheme, account));
        canGoBack.set(!back.isEmpty());
        canGoForward.set(!forward.isEmpty());
        canGoUp.set(!target.isRoot());
        bigFolder = false;
        filter.set("");
        filterMode.set(FilterMode.NONE);
        filtered.setPredicate(null);
        showDetails(List.of());
        startListing(target, "");
    }

    private void startListing(Location target, String namePrefix) {
        startListing(target, namePrefix, null);
    }

    /** @param from null, or the key the listing starts at (a jump; the store skips what comes before) */
    private void startListing(Location target, String namePrefix, String from) {
        if (running != null) {
            running.cancel(); // its CancellationToken stops the old listing between pages
        }
        long mine = ++generation;
        listedPrefix = namePrefix;
        listedFrom = from;
        error.set(null);
        entries.clear();
        pageRequests.clear();
        pageCounts.clear();
        pages = null;
        lastKeySeen = null;
        pendingJump = null;
        jumpToFirstRow = from != null;
        rows.set(readOnlyEntries);
        paged.set(false);
        missing.set(false);
        state.set(State.LOADING);
        status.set("Loading…");
        StoreHandle h = store;
        running = executor.submit(
                progress -> target.isRoot()
                        ? listContainers(h, mine, progress)
                        : listFolder(h, target, namePrefix, from, mine, progress),
                count -> {
                    if (mine == generation) {
                        state.set(State.LOADED);
                        updateCountStatus();
                    }
                },
                failure -> {
                    if (mine == generation) {
                        state.set(State.FAILED);
                        ErrorReport report = ErrorReport.of("Could not list " + target.address(scheme, account), failure);
                        status.set(report.message());
                        error.set(report);
                    }
                });
    }

    // runs on a background thread
    private int listContainers(StoreHandle store, long mine, TaskExecutor.Progress progress) {
        List<ExplorerEntry> rows = new ArrayList<>();
        for (ContainerInfo c : store.get().listContainers()) {
            rows.add(new ExplorerEntry(c.name(), ExplorerEntry.Kind.CONTAINER, c.name(), -1, c.created()));
        }
        rows.sort(Comparator.comparing(ExplorerEntry::name));
        progress.publish(() -> append(mine, rows, false, null));
        return rows.size();
    }

    // runs on a background thread: one request and one FX update per page, until the end or cancel
    private int listFolder(StoreHandle store, Location target, String namePrefix, String from, long mine,
                           TaskExecutor.Progress progress) {
        ObjectStore objects = store.get();
        storeCanStartAfter = objects.canStartAfter();
        ListRequest request = ListRequest.folders(target.container(), target.prefix() + namePrefix)
                .withPageSize(pageSize);
        if (from != null) {
            request = request.withStartAfter(justBefore(from));
        }
        int total = 0;
        while (request != null) {
            progress.token().throwIfCancelled();
            ListPage page = objects.list(request);
            List<ExplorerEntry> rows = rowsOf(page, target.prefix(), from);
            total += rows.size();
            boolean more = page.hasMore();
            ListRequest fetchedBy = request;
            progress.publish(() -> append(mine, rows, more, fetchedBy));
            request = more ? request.withToken(page.nextToken()) : null;
        }
        if (total == 0 && namePrefix.isEmpty() && from == null && !target.prefix().isEmpty()
                && !folderExists(objects, target, progress)) {
            progress.publish(() -> {
                if (mine == generation) {
                    missing.set(true);
                }
            });
        }
        return total;
    }

    /**
     * Whether an empty folder is there at all: a local directory, or a folder marker in a cloud
     * store. The parent is asked for entries starting with the folder's name; the folder shows up
     * as a common prefix (or a marker object) among them.
     */
    private static boolean folderExists(ObjectStore objects, Location target, TaskExecutor.Progress progress) {
        String folder = target.prefix();
        String withoutSlash = folder.substring(0, folder.length() - 1);
        ListRequest request = ListRequest.folders(target.container(), withoutSlash).withPageSize(1000);
        for (int pagesRead = 0; request != null && pagesRead < 20; pagesRead++) {
            progress.token().throwIfCancelled();
            ListPage page = objects.list(request);
            if (page.commonPrefixes().contains(folder)
                    || page.objects().stream().anyMatch(o -> o.key().equals(folder))) {
                return true;
            }
            request = page.hasMore() ? request.withToken(page.nextToken()) : null;
        }
        return request != null; // too many siblings to tell: do not claim it is missing
    }

    /** A key that sorts just before {@code key}, so a start-after listing includes {@code key} itself. */
    static String justBefore(String key) {
        char last = key.charAt(key.length() - 1);
        return last == 0 ? key.substring(0, key.length() - 1)
                : key.substring(0, key.length() - 1) + (char) (last - 1) + Character.MAX_VALUE;
    }

    private void append(long mine, List<ExplorerEntry> rows, boolean more, ListRequest fetchedBy) {
        if (mine != generation) {
            return;
        }
        if (more && listedPrefix.isEmpty()) {
            bigFolder = true;
        }
        if (!rows.isEmpty()) {
            lastKeySeen = rows.getLast().key();
        }
        if (pages == null && fetchedBy != null && entries.size() + rows.size() > heldRows) {
            keepAsPages();
        }
        if (pages != null) {
            pages.appendPage(fetchedBy, rows);
        } else {
            entries.addAll(rows);
            if (!rows.isEmpty()) {
                pageRequests.add(fetchedBy);
                pageCounts.add(rows.size());
            }
        }
        if (state.get() == State.LOADING) {
            status.set("Loading… " + fromText() + itemCount(loadedCount()) + " so far");
        }
        if (jumpToFirstRow && loadedCount() > 0) {
            jumpToFirstRow = false;
            publishJump(0);
        }
        if (pendingJump != null) {
            resolveJump();
        }
    }

    /**
     * The listing has passed what is held in full: from now on only the requests of its pages and
     * the rows of recently seen pages stay. Filters and column sorts need every row, so they stop.
     */
    private void keepAsPages() {
        int maxPages = Math.max(4, heldRows / Math.max(1, pageSize) / 4);
        PagedRows kept = new PagedRows(maxPages, this::fetchPage);
        int start = 0;
        for (int i = 0; i < pageRequests.size(); i++) {
            int n = pageCounts.get(i);
            kept.addPage(pageRequests.get(i), entries.subList(start, start + n));
            start += n;
        }
        pageRequests.clear();
        pageCounts.clear();
        pages = kept;
        if (filtered.getPredicate() != null) {
            filter.set("");
            filterMode.set(FilterMode.NONE);
            filtered.setPredicate(null);
        }
        rows.set(kept);
        paged.set(true);
        entries.clear();
    }

    // a page of a kept listing scrolled back into view: read it again with the request that listed it
    private void fetchPage(int page, ListRequest request) {
        PagedRows mine = pages;
        StoreHandle h = store;
        String prefix = location.get().prefix();
        String from = listedFrom;
        if (h.isClosed()) {
            return; // the window is closing
        }
        executor.submit(_ -> rowsOf(h.get().list(request), prefix, from),
                fetched -> {
                    if (pages == mine) {
                        mine.deliver(page, fetched);
                        if (pendingJump != null) {
                            resolveJump();
                        }
                    }
                },
                failure -> {
                    if (pages == mine) {
                        mine.failed(page);
                        ErrorReport report = ErrorReport.of("Could not read rows of " + address(location.get()) + " again",
                                failure);
                        error.set(report);
                    }
                });
    }

    private String fromText() {
        return listedFrom == null ? "" : "from “" + listedFrom.substring(location.get().prefix().length()) + "” on: ";
    }

    // ---- jump to a name ----

    /**
     * Shows the first row whose name is {@code nameStart} or comes after it, in the store's order.
     * Rows listed already are found at once (a kept listing re-reads one page); a name the listing
     * has not reached yet starts a listing at that name where the store can (S3 start-after, GCS
     * start offset, local folders), so nothing before it is listed; elsewhere (Azure) the names
     * starting with {@code nameStart} are listed.
     */
    public void jumpTo(String nameStart) {
        Location at = location.get();
        if (at == null || nameStart == null || nameStart.isEmpty()) {
            return;
        }
        if (at.isRoot()) {
            for (int i = 0; i < readOnlyEntries.size(); i++) {
                if (readOnlyEntries.get(i).name().compareTo(nameStart) >= 0) {
                    publishJump(i);
                    return;
                }
            }
            return;
        }
        String target = at.prefix() + nameStart;
        boolean listedFromBefore = listedFrom == null || listedFrom.compareTo(target) <= 0;
        boolean reached = state.get() == State.LOADED || (lastKeySeen != null && lastKeySeen.compareTo(target) >= 0);
        if (listedFromBefore && reached && (listedPrefix.isEmpty() || nameStart.startsWith(listedPrefix))) {
            pendingJump = target;
            resolveJump();
        } else if (storeCanStartAfter) {
            startListing(at, "", target);
        } else {
            setFilter(nameStart);
            status.set("This store cannot start a listing at a name: showing the names that start with “"
                    + nameStart + "”");
        }
    }

    /** Asks for a name to jump to (Ctrl+G). */
    public void requestJump() {
        if (location.get() == null) {
            return;
        }
        ask(new Confirmation("Go to a name", "Type the beginning of a name: the list shows the first name from there"
                + " on, without listing everything before it.", "Go", false, "", this::jumpTo));
    }

    private void resolveJump() {
        String target = pendingJump;
        if (pages == null) {
            pendingJump = null;
            ObservableList<ExplorerEntry> shown = readOnlyEntries;
            int lo = 0;
            int hi = shown.size();
            while (lo < hi) { // rows are in key order: each page is, and pages come in order
                int mid = (lo + hi) >>> 1;
                if (shown.get(mid).key().compareTo(target) < 0) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            if (!shown.isEmpty()) {
                publishJump(Math.min(lo, shown.size() - 1));
            }
            return;
        }
        int page = pages.pageForKey(target);
        if (!pages.ensure(page)) {
            return; // asked for; resolved again when it comes back
        }
        pendingJump = null;
        List<ExplorerEntry> held = pages.heldRows(page);
        int i = 0;
        while (i < held.size() && held.get(i).key().compareTo(target) < 0) {
            i++;
        }
        publishJump(Math.min(pages.startOf(page) + i, pages.size() - 1));
    }

    private void publishJump(int index) {
        jump.set(new Jump(index, ++jumpSeq));
    }

    /** As {@link #rowsOf(ListPage, String)}, without the rows before {@code from} (null: all). */
    static List<ExplorerEntry> rowsOf(ListPage page, String prefix, String from) {
        List<ExplorerEntry> rows = rowsOf(page, prefix);
        if (from != null) {
            rows.removeIf(e -> e.key().compareTo(from) < 0 && !(e.isFolder() && from.startsWith(e.key())));
        }
        return rows;
    }

    /** Folders and objects of one page, merged back into the store's key order. */
    static List<ExplorerEntry> rowsOf(ListPage page, String prefix) {
        List<ExplorerEntry> rows = new ArrayList<>(page.commonPrefixes().size() + page.objects().size());
        for (String p : page.commonPrefixes()) {
            String name = p.substring(prefix.length(), p.length() - 1);
            rows.add(new ExplorerEntry(name, ExplorerEntry.Kind.FOLDER, p, -1, null, null));
        }
        for (ObjectInfo o : page.objects()) {
            if (o.key().equals(prefix)) {
                continue; // the "folder marker" object some tools create for the folder itself
            }
            rows.add(new ExplorerEntry(o.key().substring(prefix.length()), ExplorerEntry.Kind.OBJECT, o.key(),
                    o.size(), o.lastModified(), o.storageClass()));
        }
        rows.sort(Comparator.comparing(ExplorerEntry::key));
        return rows;
    }

    void updateCountStatus() {
        if (state.get() != State.LOADED) {
            return;
        }
        if (filtered.getPredicate() != null) {
            status.set(String.format(Locale.ROOT, "%,d of %s", filtered.size(), itemCount(entries.size())));
        } else {
            status.set(fromText() + itemCount(loadedCount()));
        }
    }

    static String itemCount(int n) {
        return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? "item" : "items");
    }

    // ---- filter ----

    /**
     * Narrows the listing. A plain name start ("img_0") keeps names that start with it: in a folder
     * too big for one page the store is asked again with that prefix, otherwise the loaded rows are
     * filtered. Text with a '*' ("*cat", "a*b") keeps names that contain the text without the stars,
     * ignoring case, among the loaded rows.
     */
    public void setFilter(String text) {
        String t = text == null ? "" : text;
        if (t.equals(filter.get())) {
            return;
        }
        filter.set(t);
        Location at = location.get();
        if (at == null) {
            return;
        }
        String wanted;
        if (t.isEmpty()) {
            filterMode.set(FilterMode.NONE);
            filtered.setPredicate(null);
            wanted = "";
        } else if (pages != null && (t.indexOf('*') >= 0 || t.indexOf('/') >= 0)) {
            filterMode.set(FilterMode.NONE);
            status.set("This folder has more than " + itemCount(heldRows) + ", too many to search in the window: "
                    + "type the start of a name instead (the store finds those)");
            return;
        } else if (t.indexOf('*') >= 0 || t.indexOf('/') >= 0) {
            String needle = t.replace("*", "").toLowerCase(Locale.ROOT);
            filterMode.set(FilterMode.CONTAINS_LOADED);
            filtered.setPredicate(e -> e.name().toLowerCase(Locale.ROOT).contains(needle));
            wanted = "";
        } else if (bigFolder && !at.isRoot()) {
            filterMode.set(FilterMode.PREFIX_SERVER);
            filtered.setPredicate(null);
            wanted = t;
        } else {
            filterMode.set(FilterMode.PREFIX_LOADED);
            filtered.setPredicate(nameStartsWith(t));
            wanted = "";
        }
        if (!wanted.equals(listedPrefix)) {
            startListing(at, wanted);
        } else {
            updateCountStatus();
        }
    }

    private static Predicate<ExplorerEntry> nameStartsWith(String start) {
        return e -> e.name().startsWith(start);
    }

    /** What the filter does right now, in words, e.g. for a label beside the box. */
    public String filterDescription() {
        Location at = location.get();
        return switch (filterMode.get()) {
            case NONE -> "";
            case PREFIX_SERVER -> "Names starting with “" + filter.get() + "”, asked of the store (prefix "
                    + (at == null ? "" : at.prefix()) + filter.get() + ")";
            case PREFIX_LOADED -> "Names starting with “" + filter.get() + "” (in this folder)";
            case CONTAINS_LOADED -> "Names containing “" + filter.get().replace("*", "") + "” (loaded rows, any case)";
        };
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
        return rows.get();
    }

    /** True when the folder listed is empty because it does not exist (the placeholder says so). */
    public ReadOnlyBooleanProperty missingProperty() {
        return missing.getReadOnlyProperty();
    }

    /** Which list {@link #entries()} is: it changes when a listing grows too big to hold in full. */
    public ReadOnlyObjectProperty<ObservableList<ExplorerEntry>> rowsProperty() {
        return rows.getReadOnlyProperty();
    }

    /** True while the listing is kept as pages: rows are re-read as they scroll into view, columns do not sort. */
    public ReadOnlyBooleanProperty pagedProperty() {
        return paged.getReadOnlyProperty();
    }

    /** The row a jump asked to show; the view scrolls to it and selects it. */
    public ReadOnlyObjectProperty<Jump> jumpProperty() {
        return jump.getReadOnlyProperty();
    }

    /** Every row of the current listing so far, filtered or not. */
    public int loadedCount() {
        return pages != null ? pages.size() : entries.size();
    }

    /** Pages whose rows are held right now (a kept listing), for memory checks; 0 when rows are held in full. */
    int heldPageCount() {
        return pages == null ? 0 : pages.heldPages();
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
        return filter.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<FilterMode> filterModeProperty() {
        return filterMode.getReadOnlyProperty();
    }

    public FilterMode getFilterMode() {
        return filterMode.get();
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
