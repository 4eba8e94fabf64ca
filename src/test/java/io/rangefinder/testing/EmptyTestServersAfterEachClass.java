package io.rangefinder.testing;

import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every test class (junit-platform.properties turns on extension autodetection;
 * META-INF/services names this class): after a top-level test class has run, the in-process test
 * servers (S3Proxy and the GCS server, both keeping objects in this JVM's heap) are emptied, so that
 * no class inherits the objects of those before it. Each class makes the buckets it needs (most
 * with unique names), so none depends on another's data.
 */
public final class EmptyTestServersAfterEachClass implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) {
        Optional<ExtensionContext> parent = context.getParent();
        boolean topLevelClass = parent.isPresent() && parent.get().getParent().isEmpty();
        if (topLevelClass) {
            int s3 = S3ProxyServer.emptyIfStarted();
            int gcs = GcsTestServer.emptyIfStarted();
            if (s3 + gcs > 0) {
                System.out.println("Test servers emptied after " + context.getDisplayName() + ": " + s3
                        + " S3Proxy and " + gcs + " GCS buckets deleted");
            }
        }
    }
}
