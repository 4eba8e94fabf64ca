package io.rangefinder.storage.contract;

import io.rangefinder.testing.Ports;
import io.rangefinder.storage.config.ConnectionProfile;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.azure.AzureBlobStore;
import io.rangefinder.testing.AzuriteServer;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;

/** The contract on Azure Blob: Azurite over HTTP through the official SDK. */
public class AzureBlobStoreContractTest extends ObjectStoreContract {

    private final AzuriteServer azurite = AzuriteServer.get();
    private final AzureBlobStore store = open(azurite.profile(), null);
    private final AzureBlobStore wrong = open(
            azurite.keyProfile(Base64.getEncoder().encodeToString(new byte[64])), null);
    private final AzureBlobStore dead = open(ConnectionProfile.builder(ConnectionProfile.Kind.AZURE)
            .endpoint("http://127.0.0.1:" + Ports.unused() + "/" + AzuriteServer.ACCOUNT)
            .accountName(AzuriteServer.ACCOUNT)
            .accountKey(io.rangefinder.storage.config.Secret.of(AzuriteServer.ACCOUNT_KEY))
            .connectTimeout(shortConnectTimeout())
            .build(), null);


    @Override
    protected ObjectStore store() {
        return store;
    }

    @Override
    protected ObjectStore storeWithWrongCredentials() {
        return wrong;
    }

    @Override
    protected ObjectStore storeWithNoServer() {
        return dead;
    }

    /** Opens a store as the contract runs it. */
    protected AzureBlobStore open(ConnectionProfile profile, String accountFromUri) {
        return AzureBlobStore.open(profile, accountFromUri);
    }

    @AfterAll
    void closeStores() {
        store.close();
        wrong.close();
        dead.close();
    }
}
