package io.rangefinder.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * The tests' {@link FaultProxy} as a process of its own, so that the bench scripts can put every
 * contender (ours and the peers) behind one and the same cloud-like link: an added round trip per
 * request, a bandwidth cap per connection and one for the whole link, in both directions.
 *
 * <pre>
 * java -cp target/test-classes io.rangefinder.testing.ShapedLinkMain http://127.0.0.1:9000 \
 *      --rtt-ms 20 [--jitter-ms 0] --per-connection-mbps 50 --total-mbps 2000 --endpoint-file F
 * </pre>
 *
 * Rates are in MB/s (10^6 bytes). The proxy's endpoint is written to the endpoint file once it
 * listens (and printed); it runs until killed, then prints the bytes it carried to stderr.
 */
public final class ShapedLinkMain {

    private ShapedLinkMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 1 || args[0].startsWith("--")) {
            throw usage("the target endpoint comes first");
        }
        String target = args[0];
        long rttMs = 0;
        long jitterMs = 0;
        double perConnection = 0;
        double total = 0;
        Path endpointFile = null;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                throw usage(a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--rtt-ms" -> rttMs = Long.parseLong(v);
                case "--jitter-ms" -> jitterMs = Long.parseLong(v);
                case "--per-connection-mbps" -> perConnection = Double.parseDouble(v);
                case "--total-mbps" -> total = Double.parseDouble(v);
                case "--endpoint-file" -> endpointFile = Path.of(v);
                default -> throw usage("unknown option " + a);
            }
        }
        FaultProxy proxy = FaultProxy.forEndpoint(target)
                // a new connection pays one round trip for its handshake, each request one more
                .latency(Duration.ofMillis(rttMs))
                .requestLatency(Duration.ofMillis(rttMs), Duration.ofMillis(jitterMs))
                .perConnectionBandwidth((long) (perConnection * 1e6))
                .bandwidth((long) (total * 1e6))
                .shapeUploads(true);
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.printf(Locale.ROOT, "shaped link: %d connections, %.1f MB down, %.1f MB up%n",
                    proxy.connections(), proxy.bytesDown() / 1e6, proxy.bytesUp() / 1e6);
            proxy.close();
            done.countDown();
        }));
        String line = String.format(Locale.ROOT, "%s rtt=%dms jitter=%dms per-connection=%.0fMB/s total=%.0fMB/s",
                proxy.endpoint(), rttMs, jitterMs, perConnection, total);
        System.out.println(line);
        if (endpointFile != null) {
            Path tmp = endpointFile.resolveSibling(endpointFile.getFileName() + ".tmp");
            Files.writeString(tmp, proxy.endpoint() + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, endpointFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        done.await();
    }

    private static IllegalArgumentException usage(String why) {
        return new IllegalArgumentException(why + "; usage: ShapedLinkMain http://127.0.0.1:PORT [--rtt-ms N] [--jitter-ms N]"
                + " [--per-connection-mbps R] [--total-mbps R] [--endpoint-file F]");
    }
}
