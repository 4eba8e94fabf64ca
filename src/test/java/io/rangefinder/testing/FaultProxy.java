package io.rangefinder.testing;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy for fault-injection tests: listens on 127.0.0.1 (a free port) and forwards every
 * connection to a target on loopback, one virtual thread per direction per connection. Faults are
 * set at run time and take effect for connections accepted afterwards:
 * <ul>
 *   <li>{@link #latency}: a pause before each new connection is forwarded;</li>
 *   <li>{@link #bandwidth}: a cap in bytes/s on everything the server sends, shared by all connections;</li>
 *   <li>{@link #requestLatency}: a pause (plus random jitter) before each request is forwarded, on new
 *       and kept-alive connections alike: a round trip to a distant server;</li>
 *   <li>{@link #perConnectionBandwidth}: a cap in bytes/s on what the server sends on each connection,
 *       as a cloud store has; with {@link #bandwidth} as the total this makes a link whose best
 *       concurrency is known (total ÷ per connection);</li>
 *   <li>{@link #fault}: reset (RST, SO_LINGER 0), stall (stop forwarding until closed) or truncate
 *       (clean FIN) a connection after N bytes in one direction, for the next K connections only
 *       (or all), so that retries can succeed;</li>
 *   <li>{@link #httpErrors}: the next K connections get one {@code HTTP/1.1 503 Slow Down} (or 500,
 *       or a 301/307 redirect to the bucket's region) answered by the proxy itself, with
 *       {@code Connection: close}; the server never sees them.</li>
 * </ul>
 * Counts connections and bytes; {@link #close()} stops the listener and every connection.
 */
public final class FaultProxy implements Closeable {

    /** What happens to a faulted connection once its byte allowance is used up. */
    public enum Kind {
        RESET, STALL, TRUNCATE,
        /** Flips every bit of the one byte at the allowance, then forwards the rest untouched. */
        CORRUPT
    }

    /** Which way the byte allowance is counted. */
    public enum Direction {
        /** Server to client (responses): downloads. */
        DOWN,
        /** Client to server (requests): uploads. */
        UP
    }

    /** For {@link #fault} and {@link #httpErrors}: every connection from now on. */
    public static final int ALWAYS = Integer.MAX_VALUE;

    private record Fault(Kind kind, Direction direction, long afterBytes) {
    }

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket listener;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger faulted = new AtomicInteger();
    private final AtomicInteger errorsAnswered = new AtomicInteger();
    private final AtomicInteger corrupted = new AtomicInteger();
    private final AtomicLong bytesDown = new AtomicLong();
    private final AtomicLong bytesUp = new AtomicLong();

    private volatile Fault fault;
    private final AtomicInteger faultBudget = new AtomicInteger();
    private final AtomicInteger errorBudget = new AtomicInteger();
    private volatile int errorStatus = 503;
    private volatile long latencyMillis;
    private volatile long bytesPerSecond;
    private volatile long perConnectionBytesPerSecond;
    private volatile long requestLatencyNanos;
    private volatile long requestJitterNanos;
    private volatile boolean shapeUploads;
    private final Pacer shared = new Pacer(); // the total cap, over all connections
    private final Pacer sharedUp = new Pacer(); // the same, client to server, when uploads are shaped
    private volatile boolean closed;

    private FaultProxy(String targetHost, int targetPort) throws IOException {
        InetAddress target = InetAddress.getByName(targetHost);
        if (!target.isLoopbackAddress()) {
            throw new IllegalArgumentException("FaultProxy forwards to loopback only, not " + targetHost);
        }
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("fault-proxy-accept").start(this::acceptLoop);
    }

    /** Starts a proxy in front of {@code host:port} (a loopback address). */
    public static FaultProxy start(String host, int port) {
        try {
            return new FaultProxy(host, port);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fault proxy", e);
        }
    }

    /** Starts a proxy in front of an {@code http://host:port} endpoint. */
    public static FaultProxy forEndpoint(String endpoint) {
        java.net.URI uri = java.net.URI.create(endpoint);
        return start(uri.getHost(), uri.getPort());
    }

    /** {@code http://127.0.0.1:PORT}: point the client here. */
    public String endpoint() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    public int port() {
        return listener.getLocalPort();
    }

    // ------------------------------------------------------------------ faults

    /**
     * Applies {@link #bandwidth} and {@link #perConnectionBandwidth} to what clients send as well,
     * each direction with caps of its own (a full-duplex link): uploads then meet the same link as
     * downloads. Off by default, so the caps shape responses only.
     */
    public FaultProxy shapeUploads(boolean on) {
        shapeUploads = on;
        return this;
    }

    /** Each new connection waits this long before it is forwarded. */
    public FaultProxy latency(Duration d) {
        latencyMillis = d.toMillis();
        return this;
    }

    /**
     * Each request waits {@code base} plus a uniform random share of {@code jitter} before it is
     * forwarded: the proxy sees a request start when the client sends after the server has answered
     * (or first, on a new connection). Applies to connections open now and later.
     */
    public FaultProxy requestLatency(Duration base, Duration jitter) {
        requestLatencyNanos = base.toNanos();
        requestJitterNanos = jitter.toNanos();
        return this;
    }

    /** Caps the server-to-client rate of each connection on its own; 0 for no cap. */
    public FaultProxy perConnectionBandwidth(long bytesPerSecond) {
        perConnectionBytesPerSecond = bytesPerSecond;
        return this;
    }

    /** Caps the server-to-client rate of all connections together; 0 for no cap. */
    public FaultProxy bandwidth(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
        return this;
    }

    /** The next {@code connections} connections (or {@link #ALWAYS}) get {@code kind} after {@code afterBytes} bytes of responses. */
    public FaultProxy fault(Kind kind, long afterBytes, int connections) {
        return fault(kind, Direction.DOWN, afterBytes, connections);
    }

    /** As {@link #fault(Kind, long, int)}, counting the bytes that go {@code direction}. */
    public FaultProxy fault(Kind kind, Direction direction, long afterBytes, int connections) {
        fault = new Fault(kind, direction, afterBytes);
        faultBudget.set(connections);
        return this;
    }

    /**
     * The next {@code connections} connections are answered with {@code status} by the proxy: 503 or
     * 500 (S3's SlowDown, InternalError), or 301 or 307 (S3's redirects to a bucket's own region).
     */
    public FaultProxy httpErrors(int status, int connections) {
        if (status != 503 && status != 500 && status != 301 && status != 307) {
            throw new IllegalArgumentException("503, 500, 301 or 307, not " + status);
        }
        errorStatus = status;
        errorBudget.set(connections);
        return this;
    }

    /** No more faults, latency or cap for new connections. */
    public FaultProxy clear() {
        fault = null;
        faultBudget.set(0);
        errorBudget.set(0);
        latencyMillis = 0;
        bytesPerSecond = 0;
        perConnectionBytesPerSecond = 0;
        requestLatencyNanos = 0;
        requestJitterNanos = 0;
        return this;
    }

    // ------------------------------------------------------------------ counters

    public int connections() {
        return connections.get();
    }

    /** Connections that were given the byte fault. */
    public int faultedConnections() {
        return faulted.get();
    }

    /** Bytes flipped by {@link Kind#CORRUPT} so far. */
    public int bytesCorrupted() {
        return corrupted.get();
    }

    public int errorsAnswered() {
        return errorsAnswered.get();
    }

    public long bytesDown() {
        return bytesDown.get();
    }

    public long bytesUp() {
        return bytesUp.get();
    }

    public int openConnections() {
        return open.size();
    }

    // ------------------------------------------------------------------ forwarding

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            connections.incrementAndGet();
            Thread.ofVirtual().name("fault-proxy-conn").start(() -> handle(client));
        }
    }

    /** Takes one from a budget if it has any left. */
    private static boolean take(AtomicInteger budget) {
        return budget.getAndUpdate(v -> v == ALWAYS ? v : Math.max(0, v - 1)) > 0;
    }

    private void handle(Socket client) {
        try {
            client.setTcpNoDelay(true);
            if (take(errorBudget)) {
                answerError(client);
                return;
            }
            long latency = latencyMillis;
            if (latency > 0) {
                Thread.sleep(latency);
            }
            Socket upstream = new Socket();
            upstream.setTcpNoDelay(true);
            upstream.connect(new InetSocketAddress(targetHost, targetPort), 5000);
            Fault f = fault;
            if (f == null || !take(faultBudget)) {
                f = null;
            } else {
                faulted.incrementAndGet();
            }
            Connection c = new Connection(client, upstream);
            open.add(c);
            if (closed) {
                c.close();
                return;
            }
            Fault applied = f;
            Thread.ofVirtual().name("fault-proxy-up").start(() -> pump(c, Direction.UP, applied));
            pump(c, Direction.DOWN, applied);
        } catch (IOException | InterruptedException e) {
            quietly(client);
        }
    }

    /** Copies one direction of a connection, applying the connection's fault if it counts this way. */
    private void pump(Connection c, Direction dir, Fault f) {
        Socket from = dir == Direction.DOWN ? c.upstream : c.client;
        Socket to = dir == Direction.DOWN ? c.client : c.upstream;
        AtomicLong counter = dir == Direction.DOWN ? bytesDown : bytesUp;
        Fault mine = f != null && f.direction() == dir ? f : null;
        byte[] buf = new byte[64 * 1024];
        long forwarded = 0;
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) > 0) {
                if (dir == Direction.UP && c.answered) {
                    c.answered = false; // the client speaks after an answer: a new request
                    requestDelay();
                }
                int allowed = n;
                if (mine != null && mine.kind() == Kind.CORRUPT) {
                    long at = mine.afterBytes() - forwarded;
                    if (at >= 0 && at < n) {
                        buf[(int) at] = (byte) ~buf[(int) at];
                        corrupted.incrementAndGet();
                    }
                } else if (mine != null) {
                    allowed = (int) Math.max(0, Math.min(n, mine.afterBytes() - forwarded));
                }
                send(c, out, buf, allowed, dir);
                forwarded += allowed;
                counter.addAndGet(allowed);
                if (allowed < n) {
                    trip(c, mine.kind());
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the other side went away, or we were closed
        } finally {
            c.close();
        }
    }

    private void send(Connection c, OutputStream out, byte[] buf, int len, Direction dir)
            throws IOException, InterruptedException {
        boolean down = dir == Direction.DOWN;
        boolean shaped = down || shapeUploads;
        int off = 0;
        while (off < len) {
            long cap = bytesPerSecond;
            long own = perConnectionBytesPerSecond;
            long smallest = Math.min(cap > 0 ? cap : Long.MAX_VALUE, own > 0 ? own : Long.MAX_VALUE);
            int slice = shaped && smallest != Long.MAX_VALUE ? (int) Math.min(len - off, Math.max(1024, smallest / 50)) : len - off;
            if (shaped && own > 0) {
                (down ? c.pacer : c.upPacer).pace(slice, own);
            }
            if (shaped && cap > 0) {
                (down ? shared : sharedUp).pace(slice, cap);
            }
            out.write(buf, off, slice);
            off += slice;
        }
        out.flush();
        if (down && len > 0) {
            c.answered = true;
        }
    }

    private void requestDelay() throws InterruptedException {
        long base = requestLatencyNanos;
        long jitter = requestJitterNanos;
        long wait = base + (jitter > 0 ? java.util.concurrent.ThreadLocalRandom.current().nextLong(jitter + 1) : 0);
        if (wait > 0) {
            Thread.sleep(Duration.ofNanos(wait));
        }
    }

    /** Spaces sends out so that they keep to a rate: one per link (shared) and one per connection. */
    private static final class Pacer {
        private long nextSendNanos; // guarded by this

        /** Waits for this slice's turn at {@code cap} bytes/s. */
        void pace(int bytes, long cap) throws InterruptedException {
            long at;
            synchronized (this) {
                long now = System.nanoTime();
                at = Math.max(now, nextSendNanos);
                nextSendNanos = at + bytes * 1_000_000_000L / cap;
            }
            long wait = at - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(Duration.ofNanos(wait));
            }
        }
    }

    private void trip(Connection c, Kind kind) throws InterruptedException {
        switch (kind) {
            case RESET -> {
                try {
                    c.client.setSoLinger(true, 0);
                    c.upstream.setSoLinger(true, 0);
                } catch (IOException ignored) {
                    // closing anyway
                }
                c.close();
            }
            case TRUNCATE -> {
                try {
                    c.client.shutdownOutput(); // FIN: a clean end, just too early
                } catch (IOException ignored) {
                    // closing anyway
                }
                c.close();
            }
            case STALL -> c.closedSignal.await(); // until the client (or close()) gives up on it
            case CORRUPT -> throw new IllegalStateException("a corrupted connection is never cut short");
        }
    }

    /** Reads the request head and answers it without the server; the connection then closes. */
    private void answerError(Socket client) throws IOException {
        errorsAnswered.incrementAndGet();
        client.setSoTimeout(5000);
        InputStream in = client.getInputStream();
        StringBuilder head = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && head.length() < 64 * 1024) {
            head.append((char) b);
            if (head.length() >= 4 && head.lastIndexOf("\r\n\r\n") == head.length() - 4) {
                break;
            }
        }
        bytesUp.addAndGet(head.length());
        boolean isHead = head.toString().startsWith("HEAD ");
        String code = switch (errorStatus) {
            case 503 -> "SlowDown";
            case 301 -> "PermanentRedirect";
            case 307 -> "TemporaryRedirect";
            default -> "InternalError";
        };
        String reason = switch (errorStatus) {
            case 503 -> "Slow Down";
            case 301 -> "Moved Permanently";
            case 307 -> "Temporary Redirect";
            default -> "Internal Server Error";
        };
        boolean redirect = errorStatus == 301 || errorStatus == 307;
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>"
                + "injected by FaultProxy</Message>" + (redirect ? "<Endpoint>elsewhere.example</Endpoint>" : "")
                + "</Error>";
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        String response = "HTTP/1.1 " + errorStatus + " " + reason + "\r\n"
                + (redirect ? "x-amz-bucket-region: eu-west-1\r\n" : "")
                + "Content-Type: application/xml\r\n"
                + "Content-Length: " + bodyBytes.length + "\r\n"
                + "Connection: close\r\n\r\n";
        OutputStream out = client.getOutputStream();
        out.write(response.getBytes(StandardCharsets.US_ASCII));
        if (!isHead) {
            out.write(bodyBytes);
        }
        out.flush();
        try {
            client.shutdownOutput();
            client.setSoTimeout(1000);
            while (in.read() >= 0) {
                // let the client finish sending, so the close is a FIN, not a reset
            }
        } catch (SocketTimeoutException ignored) {
            // it did not: close anyway
        } finally {
            quietly(client);
        }
    }

    @Override
    public void close() {
        closed = true;
        quietly(listener);
        for (Connection c : open) {
            c.close();
        }
    }

    private static void quietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    private final class Connection {
        final Socket client;
        final Socket upstream;
        final CountDownLatch closedSignal = new CountDownLatch(1);
        // the server has sent since the client last did: the client's next bytes start a request
        volatile boolean answered = true;
        final Pacer pacer = new Pacer(); // this connection's own cap
        final Pacer upPacer = new Pacer(); // the same for what the client sends, when uploads are shaped

        Connection(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void close() {
            quietly(client);
            quietly(upstream);
            open.remove(this);
            closedSignal.countDown();
        }
    }
}
