package io.rangefinder.testing;

import com.sun.net.httpserver.HttpServer;
import io.rangefinder.storage.config.ConnectionProfile;
import io.rangefinder.testing.gcs.GcsBackend;
import io.rangefinder.testing.gcs.GcsHandler;
import io.rangefinder.testing.gcs.RequestLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The project's own GCS JSON-API server for tests and demos (no GCS emulator can be installed
 * here). It listens on 127.0.0.1, keeps objects in memory and speaks the JSON API the way the
 * official Java client uses it; tests reach it only through that client ({@code setHost}, no
 * credentials). Requests are logged at debug to {@code target/servers/gcs.log}.
 */
public final class GcsTestServer implements AutoCloseable {

    public static final String PROJECT = "rangefinder-local";

    private static volatile GcsTestServer shared;

    private final HttpServer http;
    private final ExecutorService executor;
    private final GcsBackend backend = new GcsBackend();
    private final GcsHandler handler;
    private final RequestLog log;

    private GcsTestServer(int port, Path logFile) throws IOException {
        log = new RequestLog(logFile);
        handler = new GcsHandler(backend, log);
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        executor = Executors.newVirtualThreadPerTaskExecutor();
        http.setExecutor(executor);
        http.createContext("/", handler);
        http.start();
        log.line("GCS test server listening on " + host());
    }

    /** A new server on a free port; close it when done. */
    public static GcsTestServer start() {
        return start(0, Path.of("target", "servers", "gcs.log"));
    }

    public static GcsTestServer start(int port, Path logFile) {
        try {
            return new GcsTestServer(port, logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the GCS test server on port " + port, e);
        }
    }

    /** One server per JVM, started on first use and stopped at exit. */
    public static GcsTestServer shared() {
        GcsTestServer s = shared;
        if (s == null) {
            synchronized (GcsTestServer.class) {
                s = shared;
                if (s == null) {
                    s = start();
                    GcsTestServer started = s;
                    Runtime.getRuntime().addShutdownHook(new Thread(started::close, "gcs-test-server-stop"));
                    shared = s;
                }
            }
        }
        return s;
    }

    /**
     * Deletes every bucket of the shared server, with its objects and upload sessions, if it was
     * started; returns how many buckets there were. {@link EmptyTestServersAfterEachClass} calls this
     * after every test class: the objects live in this JVM's heap.
     */
    public static int emptyIfStarted() {
        GcsTestServer s = shared;
        return s == null ? 0 : s.backend.clear();
    }

    /** Answers 401 to every request whose {@code Authorization} is not {@code Bearer token}; null turns it off. */
    /** Takes at most {@code bytes} of each resumable chunk but the last (0: all), as GCS may; see {@link GcsHandler#takeChunksInPart}. */
    public GcsTestServer takeChunksInPart(long bytes) {
        handler.takeChunksInPart(bytes);
        return this;
    }

    public GcsTestServer requireToken(String token) {
        handler.requireToken(token);
        return this;
    }

    /** Paces each media download to {@code bytesPerSecond} (per request); 0 turns pacing off. */
    public GcsTestServer throttleDownloads(long bytesPerSecond) {
        handler.throttleDownloads(bytesPerSecond);
        return this;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** The host URL for {@code StorageOptions.setHost} / {@code STORAGE_EMULATOR_HOST}. */
    public String host() {
        return "http://127.0.0.1:" + port();
    }

    /** A ready profile: this server, no credentials, the local project. */
    public ConnectionProfile profile() {
        return ConnectionProfile.builder(ConnectionProfile.Kind.GCS)
                .name("gcs-test")
                .endpoint(host())
                .anonymous(true)
                .projectId(PROJECT)
                .build();
    }

    /** Upload sessions started and neither finished nor cancelled. */
    public int openUploadSessions() {
        return backend.openSessions();
    }

    /** As {@link #openUploadSessions()}, for one object only (other tests may share the server). */
    public int openUploadSessions(String bucket, String name) {
        return backend.openSessions(bucket, name);
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
        log.close();
    }

    /** For people: {@code GcsTestServer [port] [logfile]} serves until killed. */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 4443;
        Path logFile = args.length > 1 ? Path.of(args[1]) : Path.of("target", "servers", "gcs.log");
        GcsTestServer s = start(port, logFile);
        Runtime.getRuntime().addShutdownHook(new Thread(s::close, "gcs-test-server-stop"));
        System.out.println("GCS test server on " + s.host() + " (STORAGE_EMULATOR_HOST=" + s.host() + "), log " + logFile);
        Thread.currentThread().join();
    }
}
