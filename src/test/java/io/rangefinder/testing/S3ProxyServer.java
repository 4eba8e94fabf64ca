package io.rangefinder.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import io.rangefinder.storage.config.ConnectionProfile;
import io.rangefinder.storage.config.Secret;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.slf4j.LoggerFactory;

/**
 * A real S3 server for tests: S3Proxy 4.1.0 running inside the test JVM with its transient
 * (in-memory) store ({@link io.rangefinder.testing.nio2blob.TransientNio2BlobStore}: S3Proxy's own, minus a cache that
 * kept deleted objects' memory), on 127.0.0.1 and a free port, with fixed test credentials. Started once per
 * JVM on first use and stopped at JVM exit; S3Proxy's own log goes to {@code target/servers/s3proxy.log}.
 *
 * <p>In-process works with the project's other test dependencies: S3Proxy 4.x no longer uses jclouds
 * and ships Jetty shaded, so nothing clashes with the GCS and Azure SDKs on the same classpath.
 */
public final class S3ProxyServer {

    private static final String IDENTITY = "rangefinder-test";
    private static final String CREDENTIAL = "rangefinder-test-secret-0123456789";

    private static volatile S3ProxyServer instance;

    private final S3Proxy proxy;
    private final String endpoint;
    private final BlobStore store;

    private S3ProxyServer(S3Proxy proxy, String endpoint, BlobStore store) {
        this.proxy = proxy;
        this.endpoint = endpoint;
        this.store = store;
    }

    /**
     * Deletes every bucket with its objects and uploads, if the server was started. The store is in
     * this JVM's heap: what the test classes leave behind adds up (5 GB of a 6 GB heap over a full
     * run once, which made the whole suite crawl through garbage collections), so
     * {@link EmptyTestServersAfterEachClass} calls this after every test class.
     */
    public static int emptyIfStarted() {
        S3ProxyServer s = instance;
        if (s == null) {
            return 0;
        }
        int n = 0;
        for (var bucket : s.store.list().buckets()) {
            s.store.deleteContainer(bucket.name());
            n++;
        }
        return n;
    }

    /** The shared server, started on first call. */
    public static S3ProxyServer get() {
        S3ProxyServer s = instance;
        if (s == null) {
            synchronized (S3ProxyServer.class) {
                s = instance;
                if (s == null) {
                    s = start();
                    instance = s;
                }
            }
        }
        return s;
    }

    private static S3ProxyServer start() {
        logToFile();
        // A free port can be taken by someone else between the probe and the bind: try a few.
        Exception last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePort();
            String endpoint = "http://127.0.0.1:" + port;
            try {
                BlobStore store = new io.rangefinder.testing.nio2blob.TransientNio2BlobStore();
                S3Proxy proxy = S3Proxy.builder()
                        .blobStore(store)
                        .endpoint(URI.create(endpoint))
                        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, IDENTITY, CREDENTIAL)
                        // Without it the SDK's newer headers make some requests fail with 501.
                        .ignoreUnknownHeaders(true)
                        // Jetty's graceful stop waits 30 s for open connections; at JVM exit that only delays the exit.
                        .stopTimeout(1000)
                        .build();
                proxy.start();
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (!"STARTED".equals(proxy.getState())) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("S3Proxy did not start within 10 s: " + proxy.getState());
                    }
                    Thread.sleep(5);
                }
                S3ProxyServer server = new S3ProxyServer(proxy, endpoint, store);
                Runtime.getRuntime().addShutdownHook(new Thread(server::stopQuietly, "s3proxy-stop"));
                return server;
            } catch (Exception e) {
                last = e;
            }
        }
        throw new IllegalStateException("could not start S3Proxy on 127.0.0.1", last);
    }

    private static int freePort() {
        return Ports.unused();
    }

    /** S3Proxy and its shaded Jetty log to target/servers/s3proxy.log, not into the test output. */
    private static void logToFile() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return;
        }
        Path file = Path.of("target", "servers", "s3proxy.log").toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            return;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern("%d{HH:mm:ss.SSS} [%thread] %-5level %logger{36} - %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(ctx);
        appender.setName("s3proxy-file");
        appender.setFile(file.toString());
        appender.setAppend(true);
        appender.setEncoder(encoder);
        appender.start();
        for (String name : new String[] {"org.gaul", "org.eclipse.jetty", "org.gaul.shaded"}) {
            Logger logger = ctx.getLogger(name);
            logger.setAdditive(false);
            logger.setLevel(Level.INFO);
            logger.addAppender(appender);
        }
    }

    private void stopQuietly() {
        try {
            proxy.stop();
        } catch (Exception ignored) {
            // the JVM is exiting
        }
    }

    public String endpoint() {
        return endpoint;
    }

    public String identity() {
        return IDENTITY;
    }

    public String credential() {
        return CREDENTIAL;
    }

    /** A ready profile: this endpoint, path-style, the static test keys, region us-east-1. */
    public ConnectionProfile profile() {
        return ConnectionProfile.builder(ConnectionProfile.Kind.S3)
                .name("s3proxy")
                .endpoint(endpoint)
                .region("us-east-1")
                .pathStyle(true)
                .accessKeyId(IDENTITY)
                .secretAccessKey(Secret.of(CREDENTIAL))
                .build();
    }
}
