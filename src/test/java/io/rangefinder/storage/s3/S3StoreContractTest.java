package io.rangefinder.storage.s3;

import io.rangefinder.testing.Ports;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.config.Secret;
import io.rangefinder.storage.contract.ObjectStoreContract;
import io.rangefinder.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;

/**
 * The shared store contract on S3, against the in-memory S3Proxy over HTTP, with reads on the lean
 * path ({@link LeanS3}); {@link S3SdkReadsContractTest} runs it again with every read through the SDK.
 */
class S3StoreContractTest extends ObjectStoreContract {

    private final S3ProxyServer server = S3ProxyServer.get();
    private final S3Store store = open(server.profile());
    private final S3Store wrongCredentials = open(server.profile().toBuilder()
            .secretAccessKey(Secret.of("not-the-secret-" + server.credential().length())).build());
    private final S3Store noServer = open(server.profile().toBuilder()
            .endpoint("http://127.0.0.1:" + Ports.unused()).connectTimeout(shortConnectTimeout()).build());

    /** Opens a store the way this run of the contract wants its reads done. */
    S3Store open(io.rangefinder.storage.config.ConnectionProfile profile) {
        S3Store s = S3Store.open(profile, true);
        org.junit.jupiter.api.Assertions.assertTrue(s.readsLean("bucket", "key"), "reads should take the lean path");
        return s;
    }


    @Override
    protected ObjectStore store() {
        return store;
    }

    @Override
    protected ObjectStore storeWithWrongCredentials() {
        return wrongCredentials;
    }

    @Override
    protected ObjectStore storeWithNoServer() {
        return noServer;
    }

    /** The main store stays open: the contract's own @AfterAll still needs it to remove its containers. */
    @AfterAll
    void closeSideStores() {
        wrongCredentials.close();
        noServer.close();
    }
}
