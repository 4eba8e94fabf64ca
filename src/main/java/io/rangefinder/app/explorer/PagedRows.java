package io.rangefinder.app.explorer;

import io.rangefinder.storage.ListRequest;

import javafx.collections.ObservableListBase;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The rows of a listing too big to hold. Of every page it keeps the request that fetches it again
 * (the store's continuation token or start-after key) and where it starts: tens of bytes a page,
 * so ten million rows in pages of a thousand cost about a megabyte. Rows are held for at most
 * {@code maxPages} recently read pages. A row of a page not held reads as {@link #PENDING} and
 * asks for its page; when the page comes back its rows replace the placeholders in place, so the
 * table redraws just them. UI thread only.
 */
final class PagedRows extends ObservableListBase<ExplorerEntry> {

    /** What a row reads as until its page is back from the store. */
    static final ExplorerEntry PENDING = new ExplorerEntry("…", ExplorerEntry.Kind.OBJECT, "", -1, null, null);

    /** Fetches page {@code page} again with {@code request}, off the UI thread; answers with {@link #deliver}. */
    interface Fetcher {
        void fetch(int page, ListRequest request);
    }

    private final int maxPages;
    private final Fetcher fetcher;
    private final List<ListRequest> requests = new ArrayList<>();
    private final List<String> firstKeys = new ArrayList<>();
    private int[] starts = new int[256];
    private int pages;
    private int size;
    // page -> rows, least recently read first
    private final LinkedHashMap<Integer, List<ExplorerEntry>> held = new LinkedHashMap<>(32, 0.75f, true);
    private final Set<Integer> asked = new HashSet<>();

    PagedRows(int maxPages, Fetcher fetcher) {
        if (maxPages < 2) {
            throw new IllegalArgumentException("maxPages must be at least 2");
        }
        this.maxPages = maxPages;
        this.fetcher = Objects.requireNonNull(fetcher);
    }

    /** Adds the next page of the listing (in key order), fetched by {@code request}. */
    void appendPage(ListRequest request, List<ExplorerEntry> rows) {
        addPage(request, rows);
        int from = size - rows.size();
        if (from < size) {
            beginChange();
            nextAdd(from, size);
            endChange();
        }
    }

    /** As {@link #appendPage} but without telling listeners (filling the list before anyone sees it). */
    void addPage(ListRequest request, List<ExplorerEntry> rows) {
        if (rows.isEmpty()) {
            return; // nothing to show, nothing to find again
        }
        if (pages == starts.length) {
            starts = Arrays.copyOf(starts, pages * 2);
        }
        requests.add(request);
        firstKeys.add(rows.getFirst().key());
        starts[pages] = size;
        pages++;
        size += rows.size();
        hold(pages - 1, List.copyOf(rows));
    }

    /** The rows of {@code page}, read again from the store; dropped if the page is no longer wanted. */
    void deliver(int page, List<ExplorerEntry> rows) {
        asked.remove(page);
        if (page < 0 || page >= pages) {
            return;
        }
        int count = count(page);
        List<ExplorerEntry> fitted = new ArrayList<>(count);
        // the folder may have changed since it was counted: keep the count, mark what is missing
        for (int i = 0; i < count; i++) {
            fitted.add(i < rows.size() ? rows.get(i) : PENDING);
        }
        hold(page, fitted);
        beginChange();
        nextReplace(starts[page], starts[page] + count, Collections.nCopies(count, PENDING));
        endChange();
    }

    /** A re-read failed: the page may be asked for again on the next look. */
    void failed(int page) {
        asked.remove(page);
    }

    @Override
    public ExplorerEntry get(int index) {
        Objects.checkIndex(index, size);
        int page = pageOf(index);
        List<ExplorerEntry> rows = held.get(page);
        if (rows != null) {
            return rows.get(index - starts[page]);
        }
        if (asked.add(page)) {
            fetcher.fetch(page, requests.get(page));
        }
        return PENDING;
    }

    @Override
    public int size() {
        return size;
    }

    /**
     * Where a row is, found by its key among the rows held, without reading anything: the table
     * asks for the selected row's index after every change, and a scan would read every page.
     * -1 for a row not held and for {@link #PENDING}.
     */
    @Override
    public int indexOf(Object o) {
        if (!(o instanceof ExplorerEntry e) || e == PENDING || pages == 0) {
            return -1;
        }
        int page = pageForKey(e.key());
        List<ExplorerEntry> rows = held.get(page);
        if (rows == null) {
            return -1;
        }
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).equals(e)) {
                return starts[page] + i;
            }
        }
        return -1;
    }

    @Override
    public int lastIndexOf(Object o) {
        return indexOf(o); // keys are unique
    }

    @Override
    public boolean contains(Object o) {
        return indexOf(o) >= 0;
    }

    int pageCount() {
        return pages;
    }

    int heldPages() {
        return held.size();
    }

    /** The rows of {@code page} if held, else null; does not fetch. */
    List<ExplorerEntry> heldRows(int page) {
        return held.get(page);
    }

    int startOf(int page) {
        return starts[page];
    }

    int count(int page) {
        return (page + 1 < pages ? starts[page + 1] : size) - starts[page];
    }

    /** The page whose rows would hold {@code key}: the last page whose first key is not after it. */
    int pageForKey(String key) {
        int lo = 0;
        int hi = pages - 1;
        int found = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (firstKeys.get(mid).compareTo(key) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** Fetches {@code page} now if it is not held (for a jump); true if it is held already. */
    boolean ensure(int page) {
        if (held.containsKey(page)) {
            return true;
        }
        if (asked.add(page)) {
            fetcher.fetch(page, requests.get(page));
        }
        return false;
    }

    private int pageOf(int index) {
        int at = Arrays.binarySearch(starts, 0, pages, index);
        return at >= 0 ? at : -at - 2;
    }

    private void hold(int page, List<ExplorerEntry> rows) {
        held.put(page, rows);
        Iterator<Map.Entry<Integer, List<ExplorerEntry>>> oldest = held.entrySet().iterator();
        while (held.size() > maxPages && oldest.hasNext()) {
            if (oldest.next().getKey() != page) {
                oldest.remove();
            }
        }
    }
}
