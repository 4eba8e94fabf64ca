package io.rangefinder.storage.azure;

import io.rangefinder.storage.config.ConnectionProfile;
import io.rangefinder.storage.contract.AzureBlobStoreContractTest;
import org.junit.jupiter.api.Assertions;

/** The store contract on Azure Blob with every read through the SDK, as where the lean path does not apply. */
class AzureSdkReadsContractTest extends AzureBlobStoreContractTest {

    @Override
    protected AzureBlobStore open(ConnectionProfile profile, String accountFromUri) {
        AzureBlobStore s = AzureBlobStore.open(profile, accountFromUri, false);
        Assertions.assertFalse(s.readsLean(), "reads should go through the SDK");
        return s;
    }
}
