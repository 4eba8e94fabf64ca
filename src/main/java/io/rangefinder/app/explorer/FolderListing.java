package io.rangefinder.app.explorer;

import io.rangefinder.app.common.ErrorReport;
import io.rangefinder.app.common.StoreHandle;
import io.rangefinder.app.common.TaskExecutor;
import io.rangefinder.app.explorer.ExplorerViewModel.FilterMode;
import io.rangefinder.app.explorer.ExplorerViewModel.Jump;
import io.rangefinder.app.explorer.ExplorerViewModel.State;
import io.rangefinder.storage.ContainerInfo;
import io.rangefinder.storage.ListPage;
import io.rangefinder.storage.ListRequest;
import io.rangefinder.storage.ObjectInfo;
import io.rangefinder.storage.ObjectStore;

import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The listing of the folder an explorer window shows: read page by page off the UI thread, held
 * in full or, past {@code heldRows}, kept as pages that are read again as they scroll into view;
 * the name filter and the jump to a name work on it. Its state (loading, loaded, failed), status
 * line and errors are the view model's, which it belongs to. UI thread, as the view model.
 */
final class FolderListing {

    private final ExplorerViewModel vm;
    private final TaskExecutor executor;
    private final int pageSize;
    private final int heldRows;

    private final ObservableList<ExplorerEntry> entries = FXCollections.observableArrayList();
    private final FilteredList<ExplorerEntry> filtered = new FilteredList<>(entries);
    private final ObservableList<ExplorerEntry> readOnlyEntries = FXCollections.unmodifiableObservableList(filtered);
    // the rows shown: readOnlyEntries, or the pages of a listing too big to hold
    private final ReadOnlyObjectWrapper<ObservableList<ExplorerEntry>> rows;
    private final ReadOnlyBooleanWrapper paged;
    private final ReadOnlyObjectWrapper<Jump> jump;
    private final ReadOnlyBooleanWrapper missing;
    private final ReadOnlyStringWrapper filter;
    private final ReadOnlyObjectWrapper<FilterMode> filterMode;

    private TaskExecutor.Handle running;
    // bumped on every load, so pages of a listing the user has left are dropped
    private long generation;
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

    FolderListing(ExplorerViewModel vm, TaskExecutor executor, int pageSize, int heldRows) {
        this.vm = vm;
        this.executor = executor;
        this.pageSize = pageSize;
        this.heldRows = heldRows;
        // the properties stay the view model's beans, as the view binds them
        this.rows = new ReadOnlyObjectWrapper<>(vm, "rows", readOnlyEntries);
        this.paged = new ReadOnlyBooleanWrapper(vm, "paged");
        this.jump = new ReadOnlyObjectWrapper<>(vm, "jump");
        this.missing = new ReadOnlyBooleanWrapper(vm, "missing");
        this.filter = new ReadOnlyStringWrapper(vm, "filter", "");
        this.filterMode = new ReadOnlyObjectWrapper<>(vm, "filterMode", FilterMode.NONE);
    }

    ReadOnlyObjectWrapper<ObservableList<ExplorerEntry>> rows() {
        return rows;
    }

    ReadOnlyBooleanWrapper paged() {
        return paged;
    }

    ReadOnlyObjectWrapper<Jump> jump() {
        return jump;
    }

    ReadOnlyBooleanWrapper missing() {
        return missing;
    }

    ReadOnlyStringWrapper filter() {
        return filter;
    }

    ReadOnlyObjectWrapper<FilterMode> filterMode() {
        return filterMode;
    }

    /** Every row of the current listing so far, filtered or not. */
    int loadedCount() {
        return pages != null ? pages.size() : entries.size();
    }

    /** Pages whose rows are held right now (a kept listing), for memory checks; 0 when rows are held in full. */
    int heldPageCount() {
        return pages == null ? 0 : pages.heldPages();
    }

    /** Stops the listing in flight; a late page or answer of it is dropped. */
    void stop() {
        if (running != null) {
            running.cancel();
        }
        generation++;
    }

    /** Lists {@code target} again as it was listed (with its server-side name filter, if any). */
    void relist(Location target) {
        start(target, listedPrefix);
    }

    /** A new folder: no filter, and nothing known of its size yet. */
    void clearFilter() {
        bigFolder = false;
        filter.set("");
        filterMode.set(FilterMode.NONE);
        filtered.setPredicate(null);
    }


    /** Lists {@code target} afresh, names starting with {@code namePrefix} only ("" for all). */
    void start(Location target, String namePrefix) {
        start(target, namePrefix, null);
    }

    /** @param from null, or the key the listing starts at (a jump; the store skips what comes before) */
    private void start(Location target, String namePrefix, String from) {
        if (running != null) {
            running.cancel(); // its CancellationToken stops the old listing between pages
        }
        long mine = ++generation;
        listedPrefix = namePrefix;
        listedFrom = from;
        vm.dismissError();
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
        vm.setState(State.LOADING);
        vm.setStatus("Loading…");
        StoreHandle h = vm.store();
        running = executor.submit(
                progress -> target.isRoot()
                        ? listContainers(h, mine, progress)
                        : listFolder(h, target, namePrefix, from, mine, progress),
                count -> {
                    if (mine == generation) {
                        vm.setState(State.LOADED);
                        updateCountStatus();
                    }
                },
                failure -> {
                    if (mine == generation) {
                        vm.setState(State.FAILED);
                        ErrorReport report = ErrorReport.of("Could not list " + vm.address(target), failure);
                        vm.setStatus(report.message());
                        vm.showError(report);
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
        if (vm.getState() == State.LOADING) {
            vm.setStatus("Loading… " + fromText() + ExplorerViewModel.itemCount(loadedCount()) + " so far");
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
        StoreHandle h = vm.store();
        String prefix = vm.getLocation().prefix();
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
                        ErrorReport report = ErrorReport.of("Could not read rows of " + vm.address(vm.getLocation()) + " again",
                                failure);
                        vm.showError(report);
                    }
                });
    }

    private String fromText() {
        return listedFrom == null ? "" : "from “" + listedFrom.substring(vm.getLocation().prefix().length()) + "” on: ";
    }

    // ---- jump to a name ----

    /**
     * Shows the first row whose name is {@code nameStart} or comes after it, in the store's order.
     * Rows listed already are found at once (a kept listing re-reads one page); a name the listing
     * has not reached yet starts a listing at that name where the store can (S3 start-after, GCS
     * start offset, local folders), so nothing before it is listed; elsewhere (Azure) the names
     * starting with {@code nameStart} are listed.
     */
    void jumpTo(String nameStart) {
        Location at = vm.getLocation();
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
        boolean reached = vm.getState() == State.LOADED || (lastKeySeen != null && lastKeySeen.compareTo(target) >= 0);
        if (listedFromBefore && reached && (listedPrefix.isEmpty() || nameStart.startsWith(listedPrefix))) {
            pendingJump = target;
            resolveJump();
        } else if (storeCanStartAfter) {
            start(at, "", target);
        } else {
            setFilter(nameStart);
            vm.setStatus("This store cannot start a listing at a name: showing the names that start with “"
                    + nameStart + "”");
        }
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
        if (vm.getState() != State.LOADED) {
            return;
        }
        if (filtered.getPredicate() != null) {
            vm.setStatus(String.format(Locale.ROOT, "%,d of %s", filtered.size(), ExplorerViewModel.itemCount(entries.size())));
        } else {
            vm.setStatus(fromText() + ExplorerViewModel.itemCount(loadedCount()));
        }
    }

    // ---- filter ----

    /**
     * Narrows the listing. A plain name start ("img_0") keeps names that start with it: in a folder
     * too big for one page the store is asked again with that prefix, otherwise the loaded rows are
     * filtered. Text with a '*' ("*cat", "a*b") keeps names that contain the text without the stars,
     * ignoring case, among the loaded rows.
     */
    void setFilter(String text) {
        String t = text == null ? "" : text;
        if (t.equals(filter.get())) {
            return;
        }
        filter.set(t);
        Location at = vm.getLocation();
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
            vm.setStatus("This folder has more than " + ExplorerViewModel.itemCount(heldRows) + ", too many to search in the window: "
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
            start(at, wanted);
        } else {
            updateCountStatus();
        }
    }

    private static Predicate<ExplorerEntry> nameStartsWith(String start) {
        return e -> e.name().startsWith(start);
    }

    /** What the filter does right now, in words, e.g. for a label beside the box. */
    String filterDescription() {
        Location at = vm.getLocation();
        return switch (filterMode.get()) {
            case NONE -> "";
            case PREFIX_SERVER -> "Names starting with “" + filter.get() + "”, asked of the store (prefix "
                    + (at == null ? "" : at.prefix()) + filter.get() + ")";
            case PREFIX_LOADED -> "Names starting with “" + filter.get() + "” (in this folder)";
            case CONTAINS_LOADED -> "Names containing “" + filter.get().replace("*", "") + "” (loaded rows, any case)";
        };
    }
}
