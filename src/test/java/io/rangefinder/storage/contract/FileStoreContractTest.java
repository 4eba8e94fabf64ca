package io.rangefinder.storage.contract;

import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.file.FileStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The contract on file://: a temp folder whose subfolders are containers. */
class FileStoreContractTest extends ObjectStoreContract {

    private final FileStore store;

    FileStoreContractTest() {
        try {
            Path root = Files.createTempDirectory("rf-contract-");
            root.toFile().deleteOnExit();
            store = new FileStore(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected ObjectStore store() {
        return store;
    }

    @Override
    protected ObjectStore storeWithWrongCredentials() {
        return null; // a local folder has no credentials; permissions are tested in FileStoreTest
    }

    @Override
    protected ObjectStore storeWithNoServer() {
        return null; // nothing to connect to
    }

    @Override
    protected boolean keepsUserMetadata() {
        return false;
    }

    @Override
    protected boolean keepsContentType() {
        return false;
    }
}
