package io.rangefinder.app.testsupport;

import io.rangefinder.storage.ContainerInfo;
import io.rangefinder.storage.ListPage;
import io.rangefinder.storage.ListRequest;
import io.rangefinder.storage.ObjectInfo;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.PutOptions;
import io.rangefinder.storage.file.FileStore;

import javafx.application.Platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The project's real {@link FileStore} over a temp directory, seen through a counter: it counts its
 * calls and how many ran on the JavaFX thread (which must be none), and can hold a listing back.
 */
public final class DirectoryStore implements ObjectStore {

    private final ObjectStore inner;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger listCalls = new AtomicInteger();
    private final AtomicInteger callsOnFxThread = new AtomicInteger();
    private volatile Consumer<ListRequest> beforeList = _ -> { };

    public DirectoryStore(Path root) {
        this(new FileStore(root));
    }

    /** Counts calls into any store (e.g. a throttled one). */
    public DirectoryStore(ObjectStore inner) {
        this.inner = inner;
    }

    /** Runs {@code hook} on the calling thread before each listing, e.g. to hold a page back. */
    public void beforeList(Consumer<ListRequest> hook) {
        this.beforeList = hook;
    }

    private volatile boolean closed;

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    public int calls() {
        return calls.get();
    }

    public int listCalls() {
        return listCalls.get();
    }

    public int callsOnFxThread() {
        return callsOnFxThread.get();
    }

    private void record() {
        calls.incrementAndGet();
        if (Platform.isFxApplicationThread()) {
            callsOnFxThread.incrementAndGet();
        }
    }

    @Override
    public String describe() {
        return inner.describe();
    }

    @Override
    public List<ContainerInfo> listContainers() {
        record();
        return inner.listContainers();
    }

    @Override
    public void createContainer(String container) {
        record();
        inner.createContainer(container);
    }

    @Override
    public void deleteContainer(String container) {
        record();
        inner.deleteContainer(container);
    }

    @Override
    public boolean canStartAfter() {
        return inner.canStartAfter();
    }

    @Override
    public ListPage list(ListRequest request) {
        record();
        listCalls.incrementAndGet();
        beforeList.accept(request);
        return inner.list(request);
    }

    @Override
    public ObjectInfo stat(String container, String key) {
        record();
        return inner.stat(container, key);
    }

    @Override
    public InputStream get(String container, String key) {
        record();
        return inner.get(container, key);
    }

    @Override
    public InputStream getRange(String container, String key, long offset, long length) {
        record();
        return inner.getRange(container, key, offset, length);
    }

    @Override
    public ObjectInfo put(String container, String key, InputStream data, long length, PutOptions options) {
        record();
        lastPutOptions = options;
        return inner.put(container, key, data, length, options);
    }

    private volatile PutOptions lastPutOptions;

    /** The options of the last put, as the caller passed them (null before any). */
    public PutOptions lastPutOptions() {
        return lastPutOptions;
    }

    @Override
    public void delete(String container, String key) {
        record();
        inner.delete(container, key);
    }

    @Override
    public void close() {
        closed = true;
        inner.close();
    }

    /** Creates a file with {@code bytes} zero bytes (and its folders) under {@code root}. */
    public static Path file(Path root, String relative, int bytes) {
        try {
            Path p = root.resolve(relative);
            Files.createDirectories(p.getParent());
            Files.write(p, new byte[bytes]);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
