package io.rangefinder.testing;

import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every test class (junit-platform.properties turns on extension autodetection;
 * META-INF/services names this class): after a top-level test class has run, the in-process
 * S3Proxy is emptied, so that no class inherits the objects of those before it in its heap. Each
 * class makes the buckets it needs (most with unique names), so none depends on another's data.
 */
public final class EmptyS3ProxyAfterEachClass implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) {
        Optional<ExtensionContext> parent = context.getParent();
        boolean topLevelClass = parent.isPresent() && parent.get().getParent().isEmpty();
        if (topLevelClass) {
            int buckets = S3ProxyServer.emptyIfStarted();
            if (buckets > 0) {
                System.out.println("S3Proxy emptied after " + context.getDisplayName() + ": " + buckets + " buckets deleted");
            }
        }
    }
}
