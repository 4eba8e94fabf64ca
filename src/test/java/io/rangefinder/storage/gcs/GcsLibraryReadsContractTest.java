package io.rangefinder.storage.gcs;

import com.google.auth.Credentials;
import com.google.cloud.NoCredentials;
import io.rangefinder.storage.config.ConnectionProfile;
import io.rangefinder.storage.contract.GcsStoreContractTest;
import org.junit.jupiter.api.Assertions;

/** The store contract on GCS with every read through the client library, as where the lean path does not apply. */
class GcsLibraryReadsContractTest extends GcsStoreContractTest {

    @Override
    protected GcsStore open(ConnectionProfile profile, Credentials credentials) {
        Credentials c = credentials != null ? credentials
                : profile.isAnonymous() ? NoCredentials.getInstance() : null;
        GcsStore s = c != null ? GcsStore.open(profile, c, false) : GcsStore.open(profile);
        Assertions.assertFalse(s.readsLean(), "reads should go through the client library");
        return s;
    }
}
