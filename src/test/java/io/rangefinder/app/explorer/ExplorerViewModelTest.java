package io.rangefinder.app.explorer;

import io.rangefinder.app.common.TaskExecutor;
import io.rangefinder.app.explorer.ExplorerViewModel.State;
import io.rangefinder.app.testsupport.DirectTaskExecutor;
import io.rangefinder.app.testsupport.DirectoryStore;
import io.rangefinder.storage.ListRequest;

import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The view model without JavaFX running: a synchronous executor and a real store over a temp dir. */
class ExplorerViewModelTest {

    @TempDir
    Path root;

    private DirectoryStore sampleStore() {
        DirectoryStore.file(root, "data/readme.txt", 12);
        DirectoryStore.file(root, "data/model.bin", 3 << 20);
        DirectoryStore.file(root, "data/images/cat.png", 2048);
        DirectoryStore.file(root, "data/images/raw/dog.raw", 10);
        DirectoryStore.file(root, "data/logs/app.log", 100);
        DirectoryStore.file(root, "other/x", 1);
        return new DirectoryStore(root);
    }

    private static List<String> names(ExplorerViewModel model) {
        return model.entries().stream().map(ExplorerEntry::name).toList();
    }

    @Test
    void listsAFolderInKeyOrderWithSizesAndFolderKinds() {
        ExplorerViewModel model = new ExplorerViewModel(this::sampleStore, new DirectTaskExecutor());
        model.open(Location.of("data", ""));

        assertThat(model.getState()).isEqualTo(State.LOADED);
        assertThat(names(model)).containsExactly("images", "logs", "model.bin", "readme.txt");
        assertThat(model.entries().get(0).kind()).isEqualTo(ExplorerEntry.Kind.FOLDER);
        assertThat(model.entries().get(2).size()).isEqualTo(3 << 20);
        assertThat(model.getStatus()).isEqualTo("4 items");
        assertThat(model.addressProperty().get()).isEqualTo("file:///data/");
    }

    @Test
    void opensFoldersAndGoesBackForwardAndUp() {
        ExplorerViewModel model = new ExplorerViewModel(this::sampleStore, new DirectTaskExecutor());
        model.open(Location.of("data", ""));
        assertThat(model.canGoBackProperty().get()).isFalse();
        assertThat(model.canGoUpProperty().get()).isTrue();

        model.open(model.entries().getFirst()); // images
        assertThat(model.getLocation()).isEqualTo(Location.of("data", "images/"));
        assertThat(names(model)).containsExactly("cat.png", "raw");
        assertThat(model.canGoBackProperty().get()).isTrue();

        model.open(model.entries().get(1)); // raw
        assertThat(model.getLocation()).isEqualTo(Location.of("data", "images/raw/"));
        assertThat(names(model)).containsExactly("dog.raw");

        model.goBack();
        assertThat(model.getLocation()).isEqualTo(Location.of("data", "images/"));
        assertThat(model.canGoForwardProperty().get()).isTrue();
        model.goBack();
        assertThat(model.getLocation()).isEqualTo(Location.of("data", ""));
        assertThat(model.canGoBackProperty().get()).isFalse();

        model.goForward();
        assertThat(model.getLocation()).isEqualTo(Location.of("data", "images/"));
        assertThat(names(model)).containsExactly("cat.png", "raw");

        model.goUp();
        assertThat(model.getLocation()).isEqualTo(Location.of("data", ""));
        assertThat(model.canGoForwardProperty().get()).as("a new step clears forward history").isFalse();

        model.goUp();
        assertThat(model.getLocation()).isEqualTo(Location.ROOT);
        assertThat(names(model)).containsExactly("data", "other");
        assertThat(model.entries()).allMatch(e -> e.kind() == ExplorerEntry.Kind.CONTAINER);
        assertThat(model.canGoUpProperty().get()).isFalse();

        model.open(model.entries().get(1));
        assertThat(model.getLocation()).isEqualTo(Location.of("other", ""));
        assertThat(names(model)).containsExactly("x");
    }

    @Test
    void opensTypedAddressesAndReportsBadOnes() {
        ExplorerViewModel model = new ExplorerViewModel(this::sampleStore, new DirectTaskExecutor());
        model.open(Location.of("data", ""));

        model.openAddress("file:///data/images/raw");
        assertThat(model.getLocation()).isEqualTo(Location.of("data", "images/raw/"));
        assertThat(names(model)).containsExactly("dog.raw");

        model.openAddress("s3://bucket/");
        assertThat(model.getError().message()).contains("file://").contains("s3://bucket");
        assertThat(model.getState()).as("the listing shown stays").isEqualTo(State.LOADED);

        model.openAddress("gopher://x/y");
        assertThat(model.getError().message()).startsWith("Unsupported scheme 'gopher'");
        assertThat(model.getLocation()).as("a bad address does not move").isEqualTo(Location.of("data", "images/raw/"));
    }

    @Test
    void pagesThrough2500EntriesInPagesOf1000OneUpdatePerPage() throws Exception {
        Path dir = Files.createDirectories(root.resolve("big/many"));
        for (int i = 0; i < 2500; i++) {
            Files.createFile(dir.resolve("f%04d".formatted(i)));
        }
        DirectoryStore store = new DirectoryStore(root);
        ExplorerViewModel model = new ExplorerViewModel(() -> store, new DirectTaskExecutor(), 1000);
        List<Integer> added = new ArrayList<>();
        model.entries().addListener((ListChangeListener<ExplorerEntry>) c -> {
            while (c.next()) {
                if (c.wasAdded()) {
                    added.add(c.getAddedSize());
                }
            }
        });

        model.open(Location.of("big", "many/"));

        assertThat(store.listCalls()).isEqualTo(3);
        assertThat(added).containsExactly(1000, 1000, 500);
        assertThat(model.entries()).hasSize(2500);
        assertThat(model.entries().getFirst().name()).isEqualTo("f0000");
        assertThat(model.entries().getLast().name()).isEqualTo("f2499");
        assertThat(model.entries().stream().map(ExplorerEntry::key).distinct()).hasSize(2500);
        assertThat(model.getStatus()).isEqualTo("2,500 items");
    }

    @Test
    void showsTheFirstPageWhileLaterPagesAreStillLoading() throws Exception {
        Path dir = Files.createDirectories(root.resolve("big"));
        for (int i = 0; i < 1500; i++) {
            Files.createFile(dir.resolve("f%04d".formatted(i)));
        }
        DirectoryStore store = new DirectoryStore(root);
        CountDownLatch releaseSecondPage = new CountDownLatch(1);
        store.beforeList(request -> {
            if (request.continuationToken() != null) {
                await().until(() -> releaseSecondPage.await(10, TimeUnit.SECONDS));
            }
        });
        ExecutorService ui = Executors.newSingleThreadExecutor();
        try (var executor = new ThreadedTaskExecutor(ui)) {
            ExplorerViewModel model = new ExplorerViewModel(() -> store, executor, 1000);
            onUi(ui, () -> model.open(Location.of("big", "")));

            await().atMost(Duration.ofSeconds(10)).until(() -> callOnUi(ui, () -> model.entries().size()) == 1000);
            assertThat(callOnUi(ui, model::getState)).isEqualTo(State.LOADING);
            assertThat(callOnUi(ui, model::getStatus)).isEqualTo("Loading… 1,000 items so far");

            releaseSecondPage.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> callOnUi(ui, model::getState) == State.LOADED);
            assertThat(callOnUi(ui, () -> model.entries().size())).isEqualTo(1500);
        } finally {
            ui.shutdownNow();
        }
    }

    @Test
    void navigatingAwayCancelsTheOldListingsToken() throws Exception {
        Path dir = Files.createDirectories(root.resolve("big"));
        for (int i = 0; i < 3000; i++) {
            Files.createFile(dir.resolve("f%04d".formatted(i)));
        }
        DirectoryStore.file(root, "small/one.txt", 1);
        DirectoryStore store = new DirectoryStore(root);
        CountDownLatch release = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger bigPages = new java.util.concurrent.atomic.AtomicInteger();
        store.beforeList(request -> {
            if (request.container().equals("big")) {
                bigPages.incrementAndGet();
                if (request.continuationToken() != null) {
                    await().until(() -> release.await(10, TimeUnit.SECONDS));
                }
            }
        });
        ExecutorService ui = Executors.newSingleThreadExecutor();
        try (var executor = new ThreadedTaskExecutor(ui)) {
            ExplorerViewModel model = new ExplorerViewModel(() -> store, executor, 1000);
            onUi(ui, () -> model.open(Location.of("big", "")));
            await().atMost(Duration.ofSeconds(10)).until(() -> callOnUi(ui, () -> model.entries().size()) == 1000);

            onUi(ui, () -> model.open(Location.of("small", "")));
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> callOnUi(ui, model::getState) == State.LOADED);
            Thread.sleep(200);
            assertThat(callOnUi(ui, () -> names(model))).containsExactly("one.txt");
            assertThat(bigPages.get()).as("the old listing stopped after the page in flight").isEqualTo(2);
        } finally {
            ui.shutdownNow();
        }
    }

    @Test
    void aMissingFolderBecomesAReadableStatusNotAnException() throws Exception {
        Path gone = Files.createDirectories(root.resolve("gone"));
        DirectoryStore.file(gone, "c/x", 1);
        DirectoryStore store = new DirectoryStore(gone);
        ExplorerViewModel model = new ExplorerViewModel(() -> store, new DirectTaskExecutor());
        model.open(Location.of("c", ""));
        assertThat(model.getState()).isEqualTo(State.LOADED);

        Files.delete(gone.resolve("c/x"));
        Files.delete(gone.resolve("c"));
        Files.delete(gone);
        model.refresh();

        assertThat(model.getState()).isEqualTo(State.FAILED);
        assertThat(model.getStatus()).startsWith("container 'c' not found");
        assertThat(model.getError().details()).contains("Could not list file:///c/").contains("NotFound");
        assertThat(model.entries()).isEmpty();

        model.goUp();
        assertThat(model.getState()).isEqualTo(State.FAILED);
        assertThat(model.getStatus()).contains("does not exist");
    }

    @Test
    void aStoreThatCannotOpenShowsWhy() {
        ExplorerViewModel model = new ExplorerViewModel(() -> {
            throw new io.rangefinder.storage.StorageException("The local file store is not part of this build yet");
        }, new DirectTaskExecutor());
        model.open(Location.of("home", ""));
        assertThat(model.getState()).isEqualTo(State.FAILED);
        assertThat(model.getStatus()).isEqualTo("The local file store is not part of this build yet");
    }

    @Test
    void skipsTheFolderMarkerObjectOfTheListedPrefix() {
        var page = new io.rangefinder.storage.ListPage(
                List.of(new io.rangefinder.storage.ObjectInfo("b", "p/", 0, null, null, null, null, null),
                        new io.rangefinder.storage.ObjectInfo("b", "p/a", 5, null, null, null, null, null)),
                List.of("p/d/"), null);
        assertThat(FolderListing.rowsOf(page, "p/")).extracting(ExplorerEntry::name).containsExactly("a", "d");
    }

    private static void onUi(ExecutorService ui, Runnable r) throws Exception {
        ui.submit(r).get(10, TimeUnit.SECONDS);
    }

    private static <T> T callOnUi(ExecutorService ui, java.util.concurrent.Callable<T> c) throws Exception {
        return ui.submit(c).get(10, TimeUnit.SECONDS);
    }

    /** Work on virtual threads, updates on a single "UI" thread: the FX executor's shape without JavaFX. */
    private static final class ThreadedTaskExecutor implements TaskExecutor, AutoCloseable {
        private final ExecutorService ui;
        private final ExecutorService work = Executors.newVirtualThreadPerTaskExecutor();

        ThreadedTaskExecutor(ExecutorService ui) {
            this.ui = ui;
        }

        @Override
        public <T> Handle submit(Work<T> task, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
            io.rangefinder.core.CancellationToken token = io.rangefinder.core.CancellationToken.create();
            var future = work.submit(() -> {
                try {
                    T result = task.run(new Progress() {
                        @Override
                        public void publish(Runnable update) {
                            ui.execute(update);
                        }

                        @Override
                        public io.rangefinder.core.CancellationToken token() {
                            return token;
                        }
                    });
                    ui.execute(() -> onSuccess.accept(result));
                } catch (Exception e) {
                    ui.execute(() -> onFailure.accept(e));
                }
                return null;
            });
            return () -> {
                token.cancel();
                future.cancel(true);
            };
        }

        @Override
        public void close() {
            work.shutdownNow();
        }
    }
}
