package io.rangefinder.testing;

import io.rangefinder.storage.config.ConnectionProfile;
import io.rangefinder.storage.config.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One Azurite blob server per JVM, for tests: started on first use as a child process on
 * 127.0.0.1 and a free port, stopped (with its children) when the JVM exits. Azurite comes from
 * the repository's {@code package.json}; run {@code npm ci} first ({@code ./mvnw verify} does it).
 * Data lives in memory unless {@code -Dazurite.disk=true} puts it in a temp folder under
 * {@code target/servers/}. The server's output goes to {@code target/servers/azurite.log}.
 */
public final class AzuriteServer {

    public static final String ACCOUNT = "devstoreaccount1";
    /** Azurite's published development key (not a secret). */
    public static final String ACCOUNT_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static volatile AzuriteServer instance;

    private final Process process;
    private final int port;
    private final Path log;

    private AzuriteServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The running server, started on first call. */
    public static AzuriteServer get() {
        AzuriteServer s = instance;
        if (s == null) {
            synchronized (AzuriteServer.class) {
                s = instance;
                if (s == null) {
                    s = start();
                    instance = s;
                }
            }
        }
        return s;
    }

    private static AzuriteServer start() {
        Path root = projectRoot();
        Path main = root.resolve("node_modules/azurite/dist/src/blob/main.js");
        if (!Files.isRegularFile(main)) {
            throw new IllegalStateException("Azurite is not installed: run 'npm ci' in " + root
                    + " (./mvnw verify does it unless -Dskip.npm is set)");
        }
        Path servers = root.resolve("target/servers");
        try {
            Files.createDirectories(servers);
            Path log = servers.resolve("azurite.log");
            int port = freePort();
            List<String> cmd = new ArrayList<>(List.of("node", main.toString(),
                    "--blobHost", "127.0.0.1", "--blobPort", Integer.toString(port),
                    "--silent", "--disableTelemetry", "--skipApiVersionCheck"));
            Path workDir;
            if (Boolean.getBoolean("azurite.disk")) {
                workDir = Files.createTempDirectory(servers, "azurite-");
                cmd.addAll(List.of("--location", workDir.toString()));
            } else {
                // In memory; --location cannot be combined with it, so give Azurite a folder as cwd instead.
                workDir = Files.createDirectories(servers.resolve("azurite-cwd"));
                cmd.add("--inMemoryPersistence");
            }
            Process p = new ProcessBuilder(cmd)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(p), "azurite-stop"));
            AzuriteServer server = new AzuriteServer(p, port, log);
            server.awaitPort();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Azurite (is 'node' on the PATH?)", e);
        }
    }

    private void awaitPort() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Azurite exited with code " + process.exitValue() + " at start; see " + log);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for Azurite", e);
                }
            }
        }
        stop(process);
        throw new IllegalStateException("Azurite did not listen on 127.0.0.1:" + port + " within "
                + START_TIMEOUT.toSeconds() + " s; see " + log);
    }

    private static void stop(Process p) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }

    /** The folder holding package.json (the Maven base directory, or an ancestor of the working folder). */
    static Path projectRoot() {
        String base = System.getProperty("basedir");
        Path start = base != null ? Path.of(base) : Path.of("").toAbsolutePath();
        for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("package.json")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        return start.toAbsolutePath();
    }

    private static int freePort() throws IOException {
        return Ports.unused();
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return log;
    }

    /** {@code http://127.0.0.1:PORT/devstoreaccount1}. */
    public String blobEndpoint() {
        return "http://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    /** A connection string for the well-known development account on this server. */
    public String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + ACCOUNT_KEY
                + ";BlobEndpoint=" + blobEndpoint() + ";";
    }

    /** A ready profile: the development account's connection string. */
    public ConnectionProfile profile() {
        return ConnectionProfile.builder(ConnectionProfile.Kind.AZURE)
                .name("azurite")
                .connectionString(Secret.of(connectionString()))
                .build();
    }

    /** A profile with endpoint, account name and key given separately. */
    public ConnectionProfile keyProfile(String key) {
        return ConnectionProfile.builder(ConnectionProfile.Kind.AZURE)
                .name("azurite-key")
                .endpoint(blobEndpoint())
                .accountName(ACCOUNT)
                .accountKey(Secret.of(key))
                .build();
    }
}
