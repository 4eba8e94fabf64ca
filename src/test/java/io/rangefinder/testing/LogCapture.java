package io.rangefinder.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Every log event of the JVM, at TRACE, as text, for tests that check what logs say (secrets must
 * never show). While open: the root and every logger with its own level log at TRACE, including the
 * HTTP clients' wire logs ({@code org.apache.http.wire}, {@code software.amazon.awssdk.request},
 * Netty, Azure, Google), and an appender on the root keeps each event's message, arguments, MDC,
 * logger, thread and full stack trace. Loggers that do not pass events to the root (S3Proxy's own
 * server log, see {@link S3ProxyServer}) are left alone: they are the test server's, not ours.
 * Closing restores the levels.
 */
public final class LogCapture implements AutoCloseable {

    private static final String[] WIRE = {"org.apache.http", "org.apache.http.wire", "org.apache.http.headers",
        "software.amazon.awssdk", "software.amazon.awssdk.request", "io.netty", "reactor.netty", "com.azure",
        "com.google", "io.rangefinder"};

    private final LoggerContext context;
    private final Map<Logger, Level> saved = new HashMap<>();
    private final Appender appender = new Appender();
    private final JulHandler julHandler = new JulHandler();
    private final Map<java.util.logging.Logger, java.util.logging.Level> savedJul = new HashMap<>();

    private LogCapture(LoggerContext context) {
        this.context = context;
    }

    /** Turns everything to TRACE and starts keeping events. */
    public static LogCapture start() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            throw new IllegalStateException("logback is not the SLF4J backend here");
        }
        LogCapture c = new LogCapture(ctx);
        for (String name : WIRE) {
            ctx.getLogger(name);
        }
        for (Logger l : ctx.getLoggerList()) {
            if (l.getLevel() != null && (l.isAdditive() || l.getName().equals(Logger.ROOT_LOGGER_NAME))) {
                c.saved.put(l, l.getLevel());
                l.setLevel(Level.TRACE);
            }
        }
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        c.saved.putIfAbsent(root, root.getLevel());
        root.setLevel(Level.TRACE);
        c.appender.setContext(ctx);
        c.appender.setName("leak-capture");
        c.appender.start();
        root.addAppender(c.appender);
        // The Google client libraries log through java.util.logging (not bridged to SLF4J): all of it, too.
        java.util.logging.Logger julRoot = java.util.logging.Logger.getLogger("");
        for (String name : new String[] {"", "com.google", "com.google.api.client.http", "com.google.auth", "com.azure"}) {
            java.util.logging.Logger l = java.util.logging.Logger.getLogger(name);
            c.savedJul.put(l, l.getLevel());
            l.setLevel(java.util.logging.Level.ALL);
        }
        c.julHandler.setLevel(java.util.logging.Level.ALL);
        julRoot.addHandler(c.julHandler);
        return c;
    }

    /** Each event so far as one text: level, logger, thread, message, arguments, MDC and stack trace. */
    public List<String> lines() {
        synchronized (appender.events) {
            return List.copyOf(appender.events);
        }
    }

    /** The events so far that contain {@code needle}. */
    public List<String> linesContaining(String needle) {
        List<String> hits = new ArrayList<>();
        for (String l : lines()) {
            if (l.contains(needle)) {
                hits.add(l.length() > 2000 ? l.substring(0, 2000) + " …" : l);
            }
        }
        return hits;
    }

    public int size() {
        synchronized (appender.events) {
            return appender.events.size();
        }
    }

    /** Events by logger-name prefix, to show the capture really saw the wire logs it was meant to. */
    public long countFrom(String loggerPrefix) {
        return lines().stream().filter(l -> l.contains(" " + loggerPrefix)).count();
    }

    @Override
    public void close() {
        java.util.logging.Logger.getLogger("").removeHandler(julHandler);
        savedJul.forEach(java.util.logging.Logger::setLevel);
        savedJul.clear();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAppender(appender);
        appender.stop();
        for (Iterator<Map.Entry<Logger, Level>> it = saved.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Logger, Level> e = it.next();
            e.getKey().setLevel(e.getValue());
            it.remove();
        }
    }

    /** java.util.logging records, kept the same way. */
    private final class JulHandler extends java.util.logging.Handler {
        private final java.util.logging.SimpleFormatter format = new java.util.logging.SimpleFormatter();

        @Override
        public void publish(java.util.logging.LogRecord r) {
            StringBuilder sb = new StringBuilder("JUL ").append(r.getLevel()).append(' ').append(r.getLoggerName())
                    .append(' ').append(format.format(r));
            if (r.getParameters() != null) {
                for (Object a : r.getParameters()) {
                    sb.append(" | arg: ").append(a);
                }
            }
            synchronized (appender.events) {
                appender.events.add(sb.toString());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    private static final class Appender extends AppenderBase<ILoggingEvent> {
        final List<String> events = new ArrayList<>();

        @Override
        protected void append(ILoggingEvent e) {
            StringBuilder sb = new StringBuilder();
            sb.append(e.getLevel()).append(' ').append(e.getLoggerName()).append(" [").append(e.getThreadName())
                    .append("] ").append(e.getFormattedMessage());
            if (e.getArgumentArray() != null) {
                for (Object a : e.getArgumentArray()) {
                    sb.append(" | arg: ").append(a);
                }
            }
            if (e.getMDCPropertyMap() != null && !e.getMDCPropertyMap().isEmpty()) {
                sb.append(" | mdc: ").append(e.getMDCPropertyMap());
            }
            if (e.getKeyValuePairs() != null) {
                sb.append(" | kv: ").append(e.getKeyValuePairs());
            }
            if (e.getThrowableProxy() != null) {
                sb.append('\n').append(ThrowableProxyUtil.asString(e.getThrowableProxy()));
            }
            synchronized (events) {
                events.add(sb.toString());
            }
        }
    }
}
