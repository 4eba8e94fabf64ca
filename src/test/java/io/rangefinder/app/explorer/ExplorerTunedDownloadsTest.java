package io.rangefinder.app.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import io.rangefinder.app.testsupport.DirectTaskExecutor;
import io.rangefinder.app.testsupport.DirectoryStore;
import io.rangefinder.bench.TunedSettings;
import io.rangefinder.engine.RangeEngineConfig;
import io.rangefinder.storage.config.ConfigDir;
import io.rangefinder.storage.file.FileStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The explorer's downloads and uploads start from what a tuning run applied to the connection being browsed, and only that one. */
class ExplorerTunedDownloadsTest {

    @TempDir
    Path dir;

    private String saved;

    @BeforeEach
    void ownConfigDir() {
        saved = System.getProperty(ConfigDir.PROPERTY);
        System.setProperty(ConfigDir.PROPERTY, dir.toString());
    }

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty(ConfigDir.PROPERTY);
        } else {
            System.setProperty(ConfigDir.PROPERTY, saved);
        }
    }

    @Test
    void aDownloadOnATunedConnectionUsesItsSettings() {
        ExplorerViewModel model = new ExplorerViewModel(FileStore::local, new DirectTaskExecutor());
        int defaults = RangeEngineConfig.defaults().maxConcurrentRanges();
        TunedSettings.open().put("s3 http://127.0.0.1:9000", TunedSettings.RANGE_CONCURRENCY,
                new TunedSettings.Entry(defaults == 5 ? 7 : 5, 100, "why", "s3://b/o", "now"));
        TunedSettings.open().put("s3 http://127.0.0.1:9000", TunedSettings.RANGE_CHUNK_SIZE_MIB,
                new TunedSettings.Entry(4, 100, "why", "s3://b/o", "now"));

        model.setConnectionKey("file local");
        assertThat(model.rangeEngine().config()).as("another connection: the defaults").isEqualTo(RangeEngineConfig.defaults());

        model.setConnectionKey("s3 http://127.0.0.1:9000");
        RangeEngineConfig tuned = model.rangeEngine().config();
        assertThat(tuned.maxConcurrentRanges()).isEqualTo(defaults == 5 ? 7 : 5);
        assertThat(tuned.chunkSize()).isEqualTo(4L << 20);

        TunedSettings.open().reset("s3 http://127.0.0.1:9000");
        assertThat(model.rangeEngine().config()).as("after a reset").isEqualTo(RangeEngineConfig.defaults());
    }
    @Test
    void anUploadOnATunedConnectionSendsItsPartsInFlight() throws Exception {
        ExplorerViewModel model = new ExplorerViewModel(FileStore::local, new DirectTaskExecutor());
        TunedSettings.open().put("s3 http://127.0.0.1:9000", TunedSettings.PUT_PARTS_IN_FLIGHT,
                new TunedSettings.Entry(11, 100, "why", "s3://b/p/", "now"));
        model.setConnectionKey("file local");
        assertThat(model.uploadPartsInFlight()).as("another connection: the store's default").isZero();
        model.setConnectionKey("s3 http://127.0.0.1:9000");
        assertThat(model.uploadPartsInFlight()).isEqualTo(11);

        // the upload job asks when it starts and passes it to the store
        Path root = java.nio.file.Files.createDirectories(dir.resolve("store/bucket"));
        Path file = DirectoryStore.file(dir, "local/data.bin", 1000);
        DirectoryStore store = new DirectoryStore(dir.resolve("store"));
        io.rangefinder.app.common.StoreHandle h = new io.rangefinder.app.common.StoreHandle(() -> store, "test");
        io.rangefinder.app.transfers.Transfer.Job job = io.rangefinder.app.transfers.UploadJobs.of(h, "bucket", "", file,
                false, io.rangefinder.app.transfers.KeyPolicy.WRITE_ALL, model::uploadPartsInFlight);
        job.run(new io.rangefinder.app.transfers.Transfer("data.bin", io.rangefinder.app.transfers.Transfer.Direction.UPLOAD, job),
                io.rangefinder.core.CancellationToken.create());
        assertThat(store.lastPutOptions().partsInFlight()).isEqualTo(11);
        assertThat(java.nio.file.Files.size(root.resolve("data.bin"))).isEqualTo(1000);

        TunedSettings.open().reset("s3 http://127.0.0.1:9000");
        job.run(new io.rangefinder.app.transfers.Transfer("data.bin", io.rangefinder.app.transfers.Transfer.Direction.UPLOAD, job),
                io.rangefinder.core.CancellationToken.create());
        assertThat(store.lastPutOptions().partsInFlight()).as("after a reset").isZero();
    }
}
