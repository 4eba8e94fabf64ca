package io.rangefinder.testing;

import io.rangefinder.storage.ListPage;
import io.rangefinder.storage.ListRequest;
import io.rangefinder.storage.ObjectInfo;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.StoreFactory;
import io.rangefinder.storage.file.FileStore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The four stores the benchmarks run on, by scheme: a local folder, S3Proxy, Azurite and the GCS
 * test server, each a real server reached with its SDK; and how to address and list them.
 */
public final class EveryStore {

    private EveryStore() {
    }

    /** A store for {@code scheme} ("file", "s3", "az", "gs"); file stores live in {@code dir}. */
    public static ObjectStore open(String scheme, String container, Path dir) {
        return switch (scheme) {
            case "file" -> new FileStore(dir);
            case "s3" -> StoreFactory.open(uri(scheme, container, ""), S3ProxyServer.get().profile());
            case "az" -> StoreFactory.open(uri(scheme, container, ""), AzuriteServer.get().profile());
            case "gs" -> StoreFactory.open(uri(scheme, container, ""), GcsTestServer.shared().profile());
            default -> throw new IllegalArgumentException(scheme);
        };
    }

    public static ObjectUri uri(String scheme, String container, String key) {
        return switch (scheme) {
            case "az" -> ObjectUri.parse("az://" + AzuriteServer.ACCOUNT + "/" + container + "/" + key);
            case "file" -> ObjectUri.parse("file:///" + container + "/" + key);
            default -> ObjectUri.parse(scheme + "://" + container + "/" + key);
        };
    }

    /** Every object under {@code prefix}, across pages. */
    public static List<ObjectInfo> list(ObjectStore store, String container, String prefix) {
        List<ObjectInfo> all = new ArrayList<>();
        Iterator<ListPage> pages = store.pages(ListRequest.recursive(container, prefix));
        while (pages.hasNext()) {
            all.addAll(pages.next().objects());
        }
        return all;
    }
}
