package io.rangefinder.app.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rangefinder.app.testsupport.DirectoryStore;
import io.rangefinder.storage.StorageException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreHandleTest {

    // own threads: the common pool has a single worker on a 2-core machine
    private static final Executor THREADS = Executors.newVirtualThreadPerTaskExecutor();

    @TempDir
    Path root;

    @Test
    void closeDoesNotWaitForAnOpenInProgressAndTheLateStoreIsClosed() throws Exception {
        CountDownLatch opening = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<DirectoryStore> opened = new AtomicReference<>();
        StoreHandle handle = new StoreHandle(() -> {
            opening.countDown();
            try {
                release.await(); // a credential chain or a metadata endpoint that takes its time
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            DirectoryStore s = new DirectoryStore(root);
            opened.set(s);
            return s;
        }, "slow");
        CompletableFuture<Object> user = CompletableFuture.supplyAsync(handle::get, THREADS);
        assertThat(opening.await(5, TimeUnit.SECONDS)).isTrue();

        // close() runs on the FX thread when a connection is edited or removed: it must not wait for the open
        CompletableFuture<Void> closing = CompletableFuture.runAsync(handle::close, THREADS);
        try {
            closing.get(2, TimeUnit.SECONDS);
            assertThat(handle.isClosed()).isTrue();
        } finally {
            release.countDown();
        }
        assertThatThrownBy(() -> user.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(StorageException.class).hasMessageContaining("was closed");
        assertThat(opened.get()).as("the store that opened after close").isNotNull();
        assertThat(opened.get().isClosed()).as("a store that finished opening after close is closed").isTrue();
    }

    @Test
    void concurrentUsersShareOneOpenAndAFailedOpenIsTriedAgain() throws Exception {
        AtomicInteger opens = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        StoreHandle handle = new StoreHandle(() -> {
            if (opens.incrementAndGet() == 1) {
                throw new StorageException("no route to the store");
            }
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new DirectoryStore(root);
        }, "flaky");
        assertThatThrownBy(handle::get).hasMessageContaining("no route");
        CompletableFuture<Object> a = CompletableFuture.supplyAsync(handle::get, THREADS);
        CompletableFuture<Object> b = CompletableFuture.supplyAsync(handle::get, THREADS);
        Thread.sleep(100);
        release.countDown();
        assertThat(a.get(5, TimeUnit.SECONDS)).isSameAs(b.get(5, TimeUnit.SECONDS));
        assertThat(opens.get()).as("one failed open, then one shared open").isEqualTo(2);
        handle.close();
        assertThat(((DirectoryStore) a.get()).isClosed()).isTrue();
        assertThatThrownBy(handle::get).hasMessageContaining("was closed");
    }
}
