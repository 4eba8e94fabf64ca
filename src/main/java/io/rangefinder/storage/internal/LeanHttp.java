package io.rangefinder.storage.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A small blocking HTTP/1.1 client for bodiless requests (GET, HEAD) with kept-alive, pooled
 * connections: one socket per request in flight, headers parsed from one buffer, and bodies read
 * straight from the socket into the caller's array. It exists because for many small objects the
 * general-purpose client stack of the AWS SDK costs more CPU per request than the transfer itself
 * (see bench/results/tuning.md); it does only what the lean read paths of S3, Azure Blob and GCS
 * need and nothing else.
 *
 * <p>A body closed before its end drops its connection (the rest is never read); a body read to its
 * end hands the connection back for the next request. Closing a body from another thread stops a
 * blocked read.
 */
public final class LeanHttp implements AutoCloseable {

    /** Idle connections older than this are not reused: servers drop idle keep-alive links. */
    public static final long MAX_IDLE_NANOS = Duration.ofSeconds(15).toNanos();
    private static final int MAX_IDLE_PER_HOST = 128;
    private static final int BUFFER = 16 * 1024;
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    /** A request body is written in slices of this size, each with its own deadline. */
    private static final int WRITE_SLICE = 1 << 20;

    private final boolean tls;
    private final SSLSocketFactory tlsFactory;
    private final int port;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final String userAgent;
    private final ConcurrentHashMap<String, ConcurrentLinkedDeque<Conn>> idle = new ConcurrentHashMap<>();
    private final AtomicInteger opened = new AtomicInteger();
    private volatile boolean closed;

    public LeanHttp(boolean tls, int port, Duration connectTimeout, Duration readTimeout, String userAgent) {
        this(tls, port, connectTimeout, readTimeout, userAgent, null);
    }

    /** As above with the TLS socket factory to use ({@code null}: the JVM's default trust and keys). */
    public LeanHttp(boolean tls, int port, Duration connectTimeout, Duration readTimeout, String userAgent,
             SSLSocketFactory tlsFactory) {
        this.tlsFactory = tlsFactory;
        this.tls = tls;
        this.port = port;
        this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
        this.readTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis());
        this.userAgent = userAgent;
    }

    /** Whether requests would go through a proxy (the SDKs' clients honour those settings; the lean paths leave such links to them). */
    public static boolean proxied(Map<String, String> env) {
        for (String name : new String[] {"HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY",
                "all_proxy"}) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) {
                return true;
            }
        }
        return System.getProperty("http.proxyHost") != null || System.getProperty("https.proxyHost") != null
                || System.getProperty("socksProxyHost") != null;
    }

    /** Connections opened so far (for tests that check reuse). */
    public int opened() {
        return opened.get();
    }

    /** A response: status, headers (names lower-cased) and a body that must be read to its end or closed. */
    public static final class Response {
        public final int status;
        public final Map<String, String> headers;
        public final Body body;
        /**
         * The names of Azure's user-metadata headers ({@code x-ms-meta-*}) as the server spelled
         * them, by lower-cased name; empty if none. Azure keeps a metadata name's case.
         */
        public final Map<String, String> metadataNames;

        Response(int status, Map<String, String> headers, Body body, Map<String, String> metadataNames) {
            this.status = status;
            this.headers = headers;
            this.body = body;
            this.metadataNames = metadataNames;
        }

        public String header(String lowerName) {
            return headers.get(lowerName);
        }
    }

    /**
     * Sends {@code method target} to {@code host} with these headers (a {@code Host} header is added)
     * and returns once the response headers are in. A request that fails on a reused connection
     * before any byte of the answer arrives is sent once more on a new one: the server may have
     * closed the idle link just as we picked it.
     */
    public Response send(String host, String method, String target, List<String[]> headers) throws IOException {
        return send(host, method, target, headers, null, 0);
    }

    /**
     * As {@link #send(String, String, String, List)}, with the first {@code bodyLength} bytes of
     * {@code body} as the request body (a {@code Content-Length} header is added). The body is in
     * memory, so the one resend on a connection that died while idle sends it whole again.
     */
    public Response send(String host, String method, String target, List<String[]> headers, byte[] body, int bodyLength)
            throws IOException {
        if (closed) {
            throw new IOException("the HTTP client is closed");
        }
        if (body != null) {
            headers = new java.util.ArrayList<>(headers);
            headers.add(new String[] {"Content-Length", Integer.toString(bodyLength)});
        }
        byte[] request = requestBytes(host, method, target, headers);
        while (true) {
            Conn c = take(host);
            boolean reused = c != null;
            if (c == null) {
                c = connect(host);
            }
            try {
                if (body == null || readTimeoutMillis <= 0) {
                    // a request head on a connection with nothing unsent fits its empty send buffer
                    c.out.write(request);
                    if (body != null) {
                        c.out.write(body, 0, bodyLength);
                    }
                    c.out.flush();
                } else {
                    writeBody(c, request, body, bodyLength);
                }
                return c.readResponse(method.equals("HEAD"), this);
            } catch (IOException e) {
                c.close();
                // Only a link that died while idle is worth a second try: not a server that said
                // something, not one that stayed silent until the timeout, not an interrupted caller.
                if (reused && !c.answered && !(e instanceof java.net.SocketTimeoutException)
                        && !Thread.currentThread().isInterrupted()) {
                    continue;
                }
                throw e;
            }
        }
    }

    /**
     * Writes a request with a body, a slice at a time, each under a deadline of the read timeout.
     * A socket has no write timeout: a server that stops reading (stalled, out of memory) would hold
     * the caller in {@code write} for good. A slice that makes no progress for that long closes the
     * connection, and the write fails as a timeout.
     */
    private void writeBody(Conn c, byte[] request, byte[] body, int bodyLength) throws IOException {
        int off = 0;
        do {
            int n = Math.min(WRITE_SLICE, bodyLength - off);
            java.util.concurrent.atomic.AtomicBoolean expired = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.ScheduledFuture<?> deadline = WriteDeadlines.TIMER.schedule(() -> {
                expired.set(true);
                c.close();
            }, readTimeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
            try {
                if (off == 0) {
                    c.out.write(request); // the head goes under the first slice's deadline
                }
                c.out.write(body, off, n);
                if (off + n == bodyLength) {
                    c.out.flush();
                }
            } catch (IOException e) {
                if (expired.get()) {
                    throw new java.net.SocketTimeoutException("the server stopped taking the request body: " + off
                            + " of " + bodyLength + " bytes sent, then none for " + readTimeoutMillis + " ms");
                }
                throw e;
            } finally {
                deadline.cancel(false);
            }
            off += n;
        } while (off < bodyLength);
    }

    /** The timer of {@link #writeBody}: one daemon thread, started on the first body sent. */
    private static final class WriteDeadlines {
        static final java.util.concurrent.ScheduledThreadPoolExecutor TIMER = new java.util.concurrent.ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("rangefinder-write-deadlines").factory());

        static {
            TIMER.setRemoveOnCancelPolicy(true); // a deadline met leaves nothing queued behind it
        }
    }

    private byte[] requestBytes(String host, String method, String target, List<String[]> headers) {
        StringBuilder sb = new StringBuilder(512);
        sb.append(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: ").append(hostHeader(host))
                .append("\r\nUser-Agent: ").append(userAgent).append("\r\n");
        for (String[] h : headers) {
            sb.append(h[0]).append(": ").append(h[1]).append("\r\n");
        }
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The Host header: the port only when it is not the scheme's default, as signers expect. */
    public String hostHeader(String host) {
        return (tls && port == 443) || (!tls && port == 80) ? host : host + ":" + port;
    }

    private Conn take(String host) {
        ConcurrentLinkedDeque<Conn> q = idle.get(host);
        if (q == null) {
            return null;
        }
        long now = System.nanoTime();
        Conn c;
        while ((c = q.pollFirst()) != null) {
            if (now - c.idleSince < MAX_IDLE_NANOS && !c.socket.isClosed()) {
                return c;
            }
            c.close();
        }
        return null;
    }

    private void release(String host, Conn c) {
        if (closed) {
            c.close();
            return;
        }
        ConcurrentLinkedDeque<Conn> q = idle.computeIfAbsent(host, h -> new ConcurrentLinkedDeque<>());
        c.idleSince = System.nanoTime();
        c.answered = false;
        q.offerFirst(c);
        if (q.size() > MAX_IDLE_PER_HOST) {
            Conn extra = q.pollLast();
            if (extra != null) {
                extra.close();
            }
        }
    }

    private Conn connect(String host) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
            s.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
            s.setSoTimeout(readTimeoutMillis);
            if (tls) {
                SSLSocketFactory f = tlsFactory != null ? tlsFactory : (SSLSocketFactory) SSLSocketFactory.getDefault();
                // Layered on the connected socket with the host name: JSSE then sends it as SNI (not
                // for IP literals) and, with HTTPS identification, checks the certificate names it.
                SSLSocket ssl = (SSLSocket) f.createSocket(s, host, port, true);
                SSLParameters p = ssl.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                ssl.setSSLParameters(p);
                ssl.startHandshake();
                s = ssl;
            }
        } catch (IOException | RuntimeException e) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already failing
            }
            throw e;
        }
        opened.incrementAndGet();
        return new Conn(host, s);
    }

    @Override
    public void close() {
        closed = true;
        for (ConcurrentLinkedDeque<Conn> q : idle.values()) {
            Conn c;
            while ((c = q.pollFirst()) != null) {
                c.close();
            }
        }
    }

    /** One socket with its read buffer. */
    static final class Conn {
        final String host;
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        final byte[] buf = new byte[BUFFER];
        int pos;
        int lim;
        long idleSince;
        /** Whether any byte of the current response arrived (a retry is then no longer safe). */
        boolean answered;

        Conn(String host, Socket socket) throws IOException {
            this.host = host;
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }

        private boolean fill() throws IOException {
            if (pos == lim) {
                pos = 0;
                lim = 0;
            }
            if (lim == buf.length) {
                return true;
            }
            int n = in.read(buf, lim, buf.length - lim);
            if (n < 0) {
                return false;
            }
            lim += n;
            answered = true;
            return true;
        }

        /** One header line without its CRLF, or null at the end of the stream. */
        private String line(int[] budget) throws IOException {
            StringBuilder sb = null;
            while (true) {
                for (int i = pos; i < lim; i++) {
                    if (buf[i] == '\n') {
                        int end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
                        String part = new String(buf, pos, end - pos, StandardCharsets.ISO_8859_1);
                        budget[0] -= i + 1 - pos;
                        pos = i + 1;
                        if (sb != null) {
                            // the CR may have ended the previous buffer
                            String joined = sb.append(part).toString();
                            return joined.endsWith("\r") ? joined.substring(0, joined.length() - 1) : joined;
                        }
                        return part;
                    }
                }
                if (sb == null) {
                    sb = new StringBuilder();
                }
                sb.append(new String(buf, pos, lim - pos, StandardCharsets.ISO_8859_1));
                budget[0] -= lim - pos;
                pos = lim;
                if (budget[0] < 0) {
                    throw new IOException("the server's response headers are larger than " + MAX_HEADER_BYTES + " bytes");
                }
                if (!fill()) {
                    if (sb.isEmpty()) {
                        return null;
                    }
                    throw new EOFException("the connection closed in the middle of the response headers");
                }
            }
        }

        Response readResponse(boolean head, LeanHttp client) throws IOException {
            int[] budget = {MAX_HEADER_BYTES};
            String status;
            int code;
            while (true) {
                status = line(budget);
                if (status == null) {
                    throw new EOFException("the server closed the connection without answering");
                }
                code = statusCode(status);
                if (code < 100 || code >= 200 || code == 101) {
                    break;
                }
                while (true) { // an interim answer (100 Continue, 103 Early Hints, ...): skipped with its headers
                    String l = line(budget);
                    if (l == null || l.isEmpty()) {
                        break;
                    }
                }
            }
            Map<String, String> headers = new java.util.HashMap<>();
            Map<String, String> metadataNames = Map.of();
            while (true) {
                String l = line(budget);
                if (l == null) {
                    throw new EOFException("the connection closed in the middle of the response headers");
                }
                if (l.isEmpty()) {
                    break;
                }
                int colon = l.indexOf(':');
                if (colon > 0) {
                    String spelled = l.substring(0, colon).trim();
                    String name = spelled.toLowerCase(Locale.ROOT);
                    String value = l.substring(colon + 1).trim();
                    headers.merge(name, value, (a, b) -> a + "," + b);
                    if (name.startsWith("x-ms-meta-")) {
                        if (metadataNames.isEmpty()) {
                            metadataNames = new java.util.HashMap<>();
                        }
                        metadataNames.put(name, spelled);
                    }
                }
            }
            boolean keepAlive = !"close".equalsIgnoreCase(headers.get("connection"));
            Body body;
            if (head || code == 204 || code == 304) {
                body = new Body(this, client, 0, false, keepAlive);
            } else if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
                body = new Body(this, client, -1, true, keepAlive);
            } else if (headers.containsKey("content-length")) {
                long length;
                try {
                    length = Long.parseLong(headers.get("content-length"));
                } catch (NumberFormatException e) {
                    throw new IOException("the server sent an invalid Content-Length: " + headers.get("content-length"));
                }
                body = new Body(this, client, length, false, keepAlive);
            } else {
                body = new Body(this, client, -1, false, false); // until the server closes
            }
            return new Response(code, headers, body, metadataNames);
        }

        private static int statusCode(String line) throws IOException {
            // HTTP/1.1 200 OK
            if (!line.startsWith("HTTP/") || line.length() < 12) {
                throw new IOException("not an HTTP response: " + (line.length() > 80 ? line.substring(0, 80) : line));
            }
            try {
                return Integer.parseInt(line.substring(9, 12));
            } catch (NumberFormatException e) {
                throw new IOException("not an HTTP status line: " + line);
            }
        }
    }

    /**
     * A response body. Read to its end, it gives its connection back (when the server keeps it
     * alive); closed before, it closes the connection. Not thread-safe except for {@link #close()}.
     */
    public static final class Body extends InputStream implements io.rangefinder.storage.ChecksummedStream {
        /** The whole object's checksum, when the caller knows it from the response (S3's ETag). */
        public volatile io.rangefinder.storage.Checksum checksum;
        private final Conn conn;
        private final LeanHttp client;
        private final boolean chunked;
        private final boolean keepAlive;
        private final long length;
        /** Bytes left of the body (fixed length) or of the current chunk; -1 = read until close. */
        private long remaining;
        private boolean lastChunk;
        private final AtomicInteger state = new AtomicInteger(OPEN);
        private static final int OPEN = 0;
        private static final int RELEASED = 1;
        private static final int ABORTED = 2;

        Body(Conn conn, LeanHttp client, long length, boolean chunked, boolean keepAlive) {
            this.conn = conn;
            this.client = client;
            this.chunked = chunked;
            this.keepAlive = keepAlive;
            this.length = length;
            this.remaining = chunked ? 0 : length;
            if (!chunked && length == 0) {
                finish();
            }
        }

        @Override
        public io.rangefinder.storage.Checksum objectChecksum() {
            return checksum;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            int s = state.get();
            if (s == ABORTED) {
                throw new IOException("the response body was closed");
            }
            if (s == RELEASED) {
                return -1;
            }
            if (chunked && remaining == 0) {
                if (lastChunk || !nextChunk()) {
                    return -1;
                }
            }
            if (!chunked && remaining == 0) {
                finish();
                return -1;
            }
            int want = remaining < 0 ? len : (int) Math.min(len, remaining);
            int n;
            try {
                n = readRaw(b, off, want);
            } catch (IOException e) {
                abort();
                throw e;
            }
            if (n < 0) {
                if (remaining < 0 && !chunked) {
                    finish();
                    return -1;
                }
                abort();
                throw new EOFException("the connection closed before the end of the response body"
                        + (length >= 0 ? " (" + (length - remaining) + " of " + length + " bytes arrived)" : ""));
            }
            if (remaining > 0) {
                remaining -= n;
                if (remaining == 0 && !chunked) {
                    finish();
                }
            }
            return n;
        }

        private int readRaw(byte[] b, int off, int len) throws IOException {
            if (conn.pos < conn.lim) {
                int n = Math.min(len, conn.lim - conn.pos);
                System.arraycopy(conn.buf, conn.pos, b, off, n);
                conn.pos += n;
                return n;
            }
            return conn.in.read(b, off, len);
        }

        /** Reads the next chunk's size line; false at the last (empty) chunk, after its trailers. */
        private boolean nextChunk() throws IOException {
            int[] budget = {MAX_HEADER_BYTES};
            String sizeLine = conn.line(budget);
            if (sizeLine != null && sizeLine.isEmpty()) { // the CRLF that ends the previous chunk
                sizeLine = conn.line(budget);
            }
            if (sizeLine == null) {
                abort();
                throw new EOFException("the connection closed in the middle of a chunked response body");
            }
            int semi = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
            } catch (NumberFormatException e) {
                abort();
                throw new IOException("invalid chunk size in the response body: " + sizeLine);
            }
            if (size == 0) {
                lastChunk = true;
                while (true) { // trailers up to the empty line
                    String l = conn.line(budget);
                    if (l == null || l.isEmpty()) {
                        break;
                    }
                }
                finish();
                return false;
            }
            remaining = size;
            return true;
        }

        /** The body ended: the connection goes back to the pool if the server keeps it. */
        private void finish() {
            if (state.compareAndSet(OPEN, RELEASED)) {
                if (keepAlive) {
                    client.release(conn.host, conn);
                } else {
                    conn.close();
                }
            }
        }

        /** Drops the connection; a read blocked on it fails. */
        void abort() {
            if (state.compareAndSet(OPEN, ABORTED)) {
                conn.close();
            }
        }

        /** Whether every byte of the body was read and the connection handed on. */
        public boolean finished() {
            return state.get() == RELEASED;
        }

        /** Reads what is left of a short body (an error document), at most {@code max} bytes. */
        public byte[] readSmall(int max) throws IOException {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] b = new byte[4096];
            int n;
            while (out.size() < max && (n = read(b, 0, Math.min(b.length, max - out.size()))) > 0) {
                out.write(b, 0, n);
            }
            if (!finished()) {
                abort();
            }
            return out.toByteArray();
        }

        @Override
        public void close() {
            if (state.get() == OPEN) {
                if (!chunked && remaining == 0) {
                    finish();
                } else {
                    abort();
                }
            }
        }

        @Override
        public int available() {
            return state.get() == OPEN ? Math.min(conn.lim - conn.pos, (int) Math.min(Integer.MAX_VALUE,
                    remaining < 0 ? Integer.MAX_VALUE : remaining)) : 0;
        }
    }

    /** Header pairs for {@link #send}, in order. */
    public static List<String[]> headers(String... nameValue) {
        List<String[]> out = new ArrayList<>(nameValue.length / 2);
        for (int i = 0; i < nameValue.length; i += 2) {
            out.add(new String[] {nameValue[i], nameValue[i + 1]});
        }
        return out;
    }
}
