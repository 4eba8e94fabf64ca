package io.rangefinder.storage.contract;

import io.rangefinder.testing.Ports;
import com.google.auth.Credentials;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.config.ConnectionProfile;
import io.rangefinder.storage.gcs.GcsStore;
import io.rangefinder.testing.GcsTestServer;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.AfterAll;

/** The contract on GCS: the official client against the project's JSON-API test server. */
public class GcsStoreContractTest extends ObjectStoreContract {

    private final GcsStore store = open(GcsTestServer.shared().profile(), null);
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
            wrong = open(locked.profile().toBuilder().anonymous(false).build(), new GoogleCredentials(t) {
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
            dead = open(GcsTestServer.shared().profile().toBuilder().endpoint("http://127.0.0.1:" + port)
                    .connectTimeout(shortConnectTimeout()).build(), null);
        }
        return dead;
    }

    /** Opens a store as the contract runs it ({@code credentials} null: the profile's own). */
    protected GcsStore open(ConnectionProfile profile, Credentials credentials) {
        return credentials == null ? GcsStore.open(profile) : GcsStore.open(profile, credentials);
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
