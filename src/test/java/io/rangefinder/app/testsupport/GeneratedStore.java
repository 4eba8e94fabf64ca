package io.rangefinder.app.testsupport;

import io.rangefinder.storage.ContainerInfo;
import io.rangefinder.storage.ListPage;
import io.rangefinder.storage.ListRequest;
import io.rangefinder.storage.ObjectInfo;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.PutOptions;
import io.rangefinder.storage.StorageException;

import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A read-only store double for listings too big for a disk: one container whose one folder holds
 * {@code count} objects named {@code obj-00000000} on, generated as pages are asked for. It lists
 * as S3 does (pages with a continuation token, start-after), so the explorer's paging and jumps are
 * tested at ten million rows in a few seconds and no gigabytes. Only for memory and paging tests:
 * the store contract is proven on the real stores.
 */
public final class GeneratedStore implements ObjectStore {

    public static final String CONTAINER = "big";
    private static final Instant WHEN = Instant.parse("2026-01-01T00:00:00Z");

    private final int count;
    private final AtomicLong listCalls = new AtomicLong();

    public GeneratedStore(int count) {
        this.count = count;
    }

    /** The name of object {@code i}: eight digits, so names sort as the numbers do. */
    public static String name(int i) {
        char[] c = {'o', 'b', 'j', '-', '0', '0', '0', '0', '0', '0', '0', '0'};
        for (int at = c.length - 1, v = i; v > 0; at--, v /= 10) {
            c[at] = (char) ('0' + v % 10);
        }
        return new String(c);
    }

    private volatile long pageDelayMillis;

    /** Makes every page take this long, as a remote store's round trip does (0: at once). */
    public void setPageDelayMillis(long millis) {
        pageDelayMillis = millis;
    }

    public long listCalls() {
        return listCalls.get();
    }

    @Override
    public String describe() {
        return "generated (" + count + " objects)";
    }

    @Override
    public List<ContainerInfo> listContainers() {
        return List.of(new ContainerInfo(CONTAINER, WHEN));
    }

    @Override
    public boolean canStartAfter() {
        return true;
    }

    @Override
    public ListPage list(ListRequest request) {
        listCalls.incrementAndGet();
        if (pageDelayMillis > 0) {
            try {
                Thread.sleep(pageDelayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException("interrupted");
            }
        }
        if (!request.container().equals(CONTAINER)) {
            throw new StorageException.NotFound("no container '" + request.container() + "'");
        }
        String prefix = request.prefix();
        String token = request.continuationToken();
        int from = token != null ? Integer.parseInt(token) : firstAfter(request.startAfter());
        List<ObjectInfo> objects = new ArrayList<>(request.pageSize());
        int i = from;
        for (; i < count && objects.size() < request.pageSize(); i++) {
            String key = name(i);
            if (key.startsWith(prefix)) {
                objects.add(new ObjectInfo(CONTAINER, key, 1024, WHEN, null, null, null, Map.of()));
            }
        }
        return new ListPage(objects, List.of(), i < count ? Integer.toString(i) : null);
    }

    // the first index whose name sorts after key (all of them for null)
    private int firstAfter(String key) {
        if (key == null) {
            return 0;
        }
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (name(mid).compareTo(key) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Override
    public ObjectInfo stat(String container, String key) {
        return new ObjectInfo(CONTAINER, key, 1024, WHEN, null, null, null, Map.of());
    }

    @Override
    public InputStream get(String container, String key) {
        throw new StorageException("the generated store has names, no data");
    }

    @Override
    public InputStream getRange(String container, String key, long offset, long length) {
        throw new StorageException("the generated store has names, no data");
    }

    @Override
    public ObjectInfo put(String container, String key, InputStream data, long length, PutOptions options) {
        throw new StorageException.InvalidArgument("the generated store is read-only");
    }

    @Override
    public void delete(String container, String key) {
        throw new StorageException.InvalidArgument("the generated store is read-only");
    }

    @Override
    public void createContainer(String container) {
        throw new StorageException.InvalidArgument("the generated store is read-only");
    }

    @Override
    public void deleteContainer(String container) {
        throw new StorageException.InvalidArgument("the generated store is read-only");
    }
}
