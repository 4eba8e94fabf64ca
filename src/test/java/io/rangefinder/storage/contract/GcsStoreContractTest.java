package io.rangefinder.storage.contract;

import io.rangefinder.testing.Ports;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.gcs.GcsStore;
import io.rangefinder.testing.GcsTestServer;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.AfterAll;

/** The contract on GCS: the official client against the project's JSON-API test server. */
class GcsStoreContractTest extends ObjectStoreContract {

    private final GcsStore store = GcsStore.open(GcsTestServer.shared().profile());
    /** A second server that wants a bearer token the wrong-credentials store does not have. */
    private final GcsTestServer locked = GcsTestServer.start().requireToken("the-right-token");
    private GcsStore wrong;
    private GcsStore dead;

    @Override
    protected ObjectStore store() {
        return store;
    }

    @Override
    protected ObjectStore storeWithWrongCredentials() {
        if (wrong == null) {
            AccessToken t = new AccessToken("not-the-right-token", Date.from(Instant.now().plusSeconds(3600)));
            wrong = GcsStore.open(locked.profile().toBuilder().anonymous(false).build(), new GoogleCredentials(t) {
                @Override
                public AccessToken refreshAccessToken() {
                    return t;
                }
            });
        }
        return wrong;
    }

    @Override
    protected ObjectStore storeWithNoServer() {
        if (dead == null) {
            int port;
            port = Ports.unused();
            dead = GcsStore.open(GcsTestServer.shared().profile().toBuilder().endpoint("http://127.0.0.1:" + port)
                    .connectTimeout(shortConnectTimeout()).build());
        }
        return dead;
    }

    @AfterAll
    void closeStores() {
        locked.close();
        for (GcsStore s : new GcsStore[] {wrong, dead}) {
            if (s != null) {
                s.close();
            }
        }
    }
}
