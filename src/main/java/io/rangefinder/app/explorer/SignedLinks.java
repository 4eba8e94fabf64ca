package io.rangefinder.app.explorer;

import io.rangefinder.app.common.ErrorReport;
import io.rangefinder.app.common.StoreHandle;
import io.rangefinder.app.common.TaskExecutor;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.StorageException;
import io.rangefinder.storage.UrlSigner;
import java.time.Duration;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Time-limited GET links for the selected object (S3 presigned, Azure SAS, GCS signed), made off
 * the UI thread. The link holds a signature derived from the credentials: it is shown on request
 * only and never logged.
 */
public final class SignedLinks {

    private final TaskExecutor executor;
    private final ReadOnlyStringWrapper url = new ReadOnlyStringWrapper(this, "url", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private long generation;

    SignedLinks(TaskExecutor executor) {
        this.executor = executor;
    }

    /** Forgets the link of the previous selection; a signing still running for it will not land. */
    void clear() {
        generation++;
        url.set("");
        problem.set("");
    }

    /** Signs a link to the object {@code d} shows, when one object inside a container is selected. */
    void request(StoreHandle store, Location at, EntryDetails d, Duration expiry) {
        clear();
        if (at == null || at.isRoot() || !d.isObject()) {
            problem.set("Select one object to share.");
            return;
        }
        ObjectUri uri = ObjectUri.parse(d.uri());
        long mine = generation;
        problem.set("Signing…");
        executor.submit(_ -> {
            if (!(store.get() instanceof UrlSigner signer)) {
                throw new StorageException.InvalidArgument("Local files have no shareable links; signed URLs are for S3, Azure and GCS objects");
            }
            return signer.signedGetUrl(uri.container(), uri.key(), expiry);
        }, signed -> {
            if (mine == generation) {
                problem.set("");
                url.set(signed);
            }
        }, failure -> {
            if (mine == generation) {
                problem.set(ErrorReport.of("Could not sign a URL for " + uri, failure).message());
            }
        });
    }

    /** The last signed URL for the selection, "" when none was asked for. */
    public ReadOnlyStringProperty urlProperty() {
        return url.getReadOnlyProperty();
    }

    /** Why there is no signed URL (or "Signing…"), "" otherwise. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }
}
