package io.rangefinder.app.explorer;

import io.rangefinder.app.transfers.Transfer;
import io.rangefinder.app.testsupport.DirectTaskExecutor;
import io.rangefinder.app.testsupport.DirectoryStore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Upload, new folder, delete and filter through the view model alone (synchronous executor, real FileStore). */
class ExplorerActionsViewModelTest {

    @TempDir
    Path root;
    @TempDir
    Path local;

    private ExplorerViewModel openData(int pageSize) {
        DirectoryStore.file(root, "data/readme.txt", 12);
        DirectoryStore.file(root, "data/images/cat.png", 2048);
        DirectoryStore.file(root, "data/images/raw/dog.raw", 10);
        DirectoryStore store = new DirectoryStore(root);
        ExplorerViewModel model = new ExplorerViewModel(() -> store, new DirectTaskExecutor(), pageSize);
        model.open(Location.of("data", ""));
        return model;
    }

    private static List<String> names(ExplorerViewModel model) {
        return model.entries().stream().map(ExplorerEntry::name).toList();
    }

    @Test
    void uploadsFilesAndFoldersKeepingRelativePaths() throws Exception {
        ExplorerViewModel model = openData(1000);
        Path report = DirectoryStore.file(local, "report.pdf", 3000);
        DirectoryStore.file(local, "set/train/a.bin", 100);
        DirectoryStore.file(local, "set/val/b.bin", 200);
        Files.createDirectories(local.resolve("set/empty"));

        model.upload(List.of(report, local.resolve("set")));

        assertThat(model.transfers().transfers()).extracting(Transfer::name).containsExactly("report.pdf", "set/");
        assertThat(model.transfers().transfers()).allMatch(t -> t.getState() == Transfer.State.DONE);
        assertThat(model.transfers().transfers().get(1).totalBytes()).isEqualTo(300);
        assertThat(model.transfers().transfers().get(1).bytesDone()).isEqualTo(300);
        assertThat(Files.size(root.resolve("data/report.pdf"))).isEqualTo(3000);
        assertThat(Files.size(root.resolve("data/set/train/a.bin"))).isEqualTo(100);
        assertThat(Files.size(root.resolve("data/set/val/b.bin"))).isEqualTo(200);
        assertThat(root.resolve("data/set/empty")).isEmptyDirectory();
        assertThat(names(model)).as("the listing refreshed").containsExactly("images", "readme.txt", "report.pdf", "set");
    }

    @Test
    void createsAFolderAfterAskingItsName() {
        ExplorerViewModel model = openData(1000);
        model.requestCreateFolder();
        assertThat(model.getConfirmation().wantsInput()).isTrue();
        model.confirm("new stuff");
        assertThat(root.resolve("data/new stuff")).isDirectory();
        assertThat(names(model)).contains("new stuff");

        model.createFolder("a/b");
        assertThat(model.getError().message()).contains("must not");
    }

    @Test
    void deleteNamesWhatGoesAndDoesNothingUntilConfirmed() {
        ExplorerViewModel model = openData(1000);
        ExplorerEntry images = model.entries().getFirst();
        ExplorerEntry readme = model.entries().get(1);

        model.requestDelete(List.of(images, readme));
        assertThat(model.getConfirmation().title()).isEqualTo("Delete 2 items?");
        assertThat(model.getConfirmation().message()).startsWith("3 objects, 2.02 KiB in total");
        model.dismissConfirmation();
        assertThat(root.resolve("data/images/raw/dog.raw")).exists();
        assertThat(root.resolve("data/readme.txt")).exists();

        model.requestDelete(List.of(images, readme));
        model.confirm(null);
        assertThat(root.resolve("data/images")).doesNotExist();
        assertThat(root.resolve("data/readme.txt")).doesNotExist();
        assertThat(model.entries()).isEmpty();
    }

    @Test
    void filterUsesTheStorePrefixOnlyInBigFolders() throws Exception {
        for (int i = 0; i < 30; i++) {
            DirectoryStore.file(root, "data/img_%02d.png".formatted(i), 1);
        }
        ExplorerViewModel model = openData(10);
        assertThat(model.loadedCount()).isEqualTo(32);

        model.setFilter("img_1");
        assertThat(model.getFilterMode()).isEqualTo(ExplorerViewModel.FilterMode.PREFIX_SERVER);
        assertThat(model.loadedCount()).as("re-listed with the prefix").isEqualTo(10);
        assertThat(names(model)).first().isEqualTo("img_10.png");

        model.setFilter("*MG_2");
        assertThat(model.getFilterMode()).isEqualTo(ExplorerViewModel.FilterMode.CONTAINS_LOADED);
        assertThat(model.loadedCount()).isEqualTo(32);
        assertThat(names(model)).hasSize(10).allMatch(n -> n.startsWith("img_2"));
        assertThat(model.getStatus()).isEqualTo("10 of 32 items");

        model.setFilter("");
        assertThat(names(model)).hasSize(32);

        model.open(model.entries().getFirst()); // images: one page, so filtering stays local
        model.setFilter("ca");
        assertThat(model.getFilterMode()).isEqualTo(ExplorerViewModel.FilterMode.PREFIX_LOADED);
        assertThat(names(model)).containsExactly("cat.png");
    }
}
