package io.rangefinder.testing.gcs;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every request the server sees (method, path, query, headers without the token, JSON bodies) and
 * its status, at debug level: to SLF4J and appended to one file (target/servers/gcs.log in tests).
 */
public final class RequestLog {

    private static final Logger LOG = LoggerFactory.getLogger("io.rangefinder.testing.gcs");

    private final PrintWriter file;

    public RequestLog(Path path) {
        PrintWriter w = null;
        if (path != null) {
            try {
                Files.createDirectories(path.toAbsolutePath().getParent());
                w = new PrintWriter(Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND), true);
            } catch (IOException e) {
                LOG.warn("cannot write the GCS server log {}: {}", path, e.toString());
            }
        }
        this.file = w;
    }

    void request(GcsHandler.Request r) {
        line(r.describe());
    }

    public void line(String text) {
        if (file == null) {
            LOG.debug(text);
        } else {
            synchronized (file) {
                file.println(LocalTime.now() + " DEBUG " + Thread.currentThread().threadId() + " " + text);
            }
        }
    }

    public void close() {
        if (file != null) {
            file.close();
        }
    }
}
