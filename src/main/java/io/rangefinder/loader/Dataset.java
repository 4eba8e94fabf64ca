package io.rangefinder.loader;

import io.rangefinder.core.CancellationToken;
import io.rangefinder.core.CancelledException;
import io.rangefinder.storage.ListPage;
import io.rangefinder.storage.ListRequest;
import io.rangefinder.storage.ObjectInfo;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.StorageException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * The objects a loader reads, in the order it reads them. Immutable: shuffling and sharding
 * return new datasets, so the same seed gives the same order on every run and every worker.
 * A dataset made by {@link #listing} fills in the background, page by page, so a loader can start
 * reading the first objects while the store is still listing the rest ({@link #stream}); anything
 * that needs the whole list ({@link #items}, {@link #size}, shuffling, sharding) waits for it.
 */
public final class Dataset {

    /** One object to read; {@code size} is -1 when the listing did not say. */
    public record Item(String container, String key, long size) {
    }

    private final ObjectStore store;
    private volatile List<Item> items;
    private final Listing listing;

    public Dataset(ObjectStore store, List<Item> items) {
        this.store = store;
        this.items = List.copyOf(items);
        this.listing = null;
    }

    private Dataset(ObjectStore store, Listing listing) {
        this.store = store;
        this.listing = listing;
    }

    /**
     * Every object under a prefix, in listing order, listed on a background thread: {@link #stream}
     * hands out each page's objects as soon as it arrives. A listing error surfaces where the
     * objects are asked for.
     */
    public static Dataset listing(ObjectStore store, ObjectUri prefix) {
        return listingOf(store, prefix, 0);
    }

    /** As {@link #listing}, asking for pages of {@code pageSize} (0: the store's default). */
    static Dataset listingOf(ObjectStore store, ObjectUri prefix, int pageSize) {
        Listing l = new Listing();
        Thread.ofVirtual().name("rf-dataset-listing").start(() -> {
            try {
                ListRequest r = ListRequest.recursive(prefix.container(), prefix.key());
                Iterator<ListPage> pages = store.pages(pageSize > 0 ? r.withPageSize(pageSize) : r);
                while (pages.hasNext()) {
                    List<Item> page = new ArrayList<>();
                    for (ObjectInfo o : pages.next().objects()) {
                        if (!o.key().endsWith("/")) {
                            page.add(new Item(o.container(), o.key(), o.size()));
                        }
                    }
                    l.add(page);
                }
                l.finish(null);
            } catch (Throwable t) {
                l.finish(t);
            }
        });
        return new Dataset(store, l);
    }

    /**
     * The items in order, each as soon as it is known; iterating waits for the listing where it is
     * behind and throws {@link CancelledException} when {@code token} is cancelled meanwhile.
     */
    public Iterable<Item> stream(CancellationToken token) {
        if (listing == null) {
            return items;
        }
        return () -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return listing.awaitIndex(next, token);
            }

            @Override
            public Item next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return listing.get(next++);
            }
        };
    }

    /** Whether there is nothing to read; for a listing, waits only for its first objects (or its end). */
    public boolean isEmpty() {
        return listing == null ? items.isEmpty() : !listing.awaitIndex(0, CancellationToken.create());
    }

    /** Objects arrive here from the listing thread; readers wait on it. */
    private static final class Listing {
        private final List<Item> got = new ArrayList<>(); // guarded by this
        private boolean done; // guarded by this
        private Throwable failure; // guarded by this

        synchronized void add(List<Item> page) {
            got.addAll(page);
            notifyAll();
        }

        synchronized void finish(Throwable t) {
            done = true;
            failure = t;
            notifyAll();
        }

        synchronized Item get(int i) {
            return got.get(i);
        }

        /** True once item {@code i} exists; false if the listing ended before it. */
        synchronized boolean awaitIndex(int i, CancellationToken token) {
            while (got.size() <= i && !done) {
                token.throwIfCancelled();
                try {
                    wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancelledException("interrupted while listing");
                }
            }
            if (got.size() > i) {
                return true;
            }
            if (failure instanceof RuntimeException re) {
                throw re;
            }
            if (failure != null) {
                throw new StorageException("listing failed: " + failure.getMessage(), failure);
            }
            return false;
        }

        synchronized List<Item> all() {
            awaitIndex(Integer.MAX_VALUE, CancellationToken.create());
            return List.copyOf(got);
        }
    }

    /** Every object under a prefix (recursively), in listing order; folder markers are skipped. */
    public static Dataset fromPrefix(ObjectStore store, ObjectUri prefix) {
        List<Item> items = new ArrayList<>();
        Iterator<ListPage> pages = store.pages(ListRequest.recursive(prefix.container(), prefix.key()));
        while (pages.hasNext()) {
            for (ObjectInfo o : pages.next().objects()) {
                if (!o.key().endsWith("/")) {
                    items.add(new Item(o.container(), o.key(), o.size()));
                }
            }
        }
        return new Dataset(store, items);
    }

    /** The given objects, in the given order; all must live in {@code store}. */
    public static Dataset ofUris(ObjectStore store, List<ObjectUri> uris) {
        return new Dataset(store, uris.stream().map(u -> new Item(u.container(), u.key(), -1)).toList());
    }

    public ObjectStore store() {
        return store;
    }

    /** Every item; for a listing, waits until it is complete. */
    public List<Item> items() {
        List<Item> all = items;
        if (all == null) {
            all = listing.all();
            items = all;
        }
        return all;
    }

    public int size() {
        return items().size();
    }

    /** Total bytes, counting only the items whose size is known. */
    public long knownBytes() {
        return items().stream().mapToLong(i -> Math.max(0, i.size())).sum();
    }

    /** The same items in the order {@link #permutation} gives for {@code seed}. */
    public Dataset shuffled(long seed) {
        return new Dataset(store, permutation(items(), seed));
    }

    /** {@code items} in a pseudo-random order that depends only on them and {@code seed}. */
    static List<Item> permutation(List<Item> items, long seed) {
        List<Item> copy = new ArrayList<>(items);
        Collections.shuffle(copy, new Random(seed));
        return copy;
    }

    /**
     * The part of the dataset that worker {@code rank} of {@code world} reads: every world-th item
     * starting at rank, so shards are disjoint, cover everything, and differ in size by at most one.
     */
    public Dataset shard(int rank, int world) {
        if (world < 1 || rank < 0 || rank >= world) {
            throw new IllegalArgumentException("shard rank must be in [0, world) and world >= 1; got rank "
                    + rank + ", world " + world);
        }
        List<Item> all = items();
        List<Item> part = new ArrayList<>(all.size() / world + 1);
        for (int i = rank; i < all.size(); i += world) {
            part.add(all.get(i));
        }
        return new Dataset(store, part);
    }
}
