package io.rangefinder.testing;

import io.rangefinder.testing.nio2blob.TransientNio2BlobStore;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;

/**
 * S3Proxy in memory as a process of its own for the bench scripts, on the store the tests use
 * ({@link TransientNio2BlobStore}: S3Proxy's transient store without the cache of freed blocks and
 * without its 4 GiB cap, which a compare run of every group outgrows). Runs on the class path of
 * S3Proxy's jar-with-dependencies plus the test classes:
 *
 * <pre>
 * java -Xmx10g -cp s3proxy-4.1.0-jar-with-dependencies.jar:target/test-classes \
 *      io.rangefinder.testing.S3ProxyMain PORT IDENTITY CREDENTIAL
 * </pre>
 *
 * It listens on 127.0.0.1:PORT until killed.
 */
public final class S3ProxyMain {

    private S3ProxyMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: S3ProxyMain PORT IDENTITY CREDENTIAL");
        }
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://127.0.0.1:" + Integer.parseInt(args[0])))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, args[1], args[2])
                .ignoreUnknownHeaders(true)
                .stopTimeout(1000)
                .build();
        proxy.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                proxy.stop();
            } catch (Exception ignored) {
                // exiting
            }
            stopped.countDown();
        }));
        System.out.println("S3Proxy (in memory) on http://127.0.0.1:" + args[0]);
        stopped.await();
    }
}
