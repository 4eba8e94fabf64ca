package io.rangefinder.loader;

import io.rangefinder.storage.ListPage;
import io.rangefinder.storage.ListRequest;
import io.rangefinder.storage.ObjectInfo;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * The objects a loader reads, in the order it reads them. Immutable: shuffling and sharding
 * return new datasets, so the same seed gives the same order on every run and every worker.
 */
public final class Dataset {

    /** One object to read; {@code size} is -1 when the listing did not say. */
    public record Item(String container, String key, long size) {
    }

    private final ObjectStore store;
    private final List<Item> items;

    public Dataset(ObjectStore store, List<Item> items) {
        this.store = store;
        this.items = List.copyOf(items);
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

    public List<Item> items() {
        return items;
    }

    public int size() {
        return items.size();
    }

    /** Total bytes, counting only the items whose size is known. */
    public long knownBytes() {
        return items.stream().mapToLong(i -> Math.max(0, i.size())).sum();
    }

    public Dataset shuffled(long seed) {
        List<Item> copy = new ArrayList<>(items);
        Collections.shuffle(copy, new Random(seed));
        return new Dataset(store, copy);
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
        List<Item> part = new ArrayList<>(items.size() / world + 1);
        for (int i = rank; i < items.size(); i += world) {
            part.add(items.get(i));
        }
        return new Dataset(store, part);
    }
}
