package io.rangefinder.storage.s3;

import io.rangefinder.storage.internal.Redactor;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.helpers.MessageFormatter;

/**
 * Keeps credentials out of the HTTP clients' debug logs. At DEBUG the AWS SDK's signer logs each
 * canonical request and the Apache client logs every header ({@code org.apache.http.headers},
 * {@code org.apache.http.wire}): with temporary credentials that includes the session token
 * ({@code x-amz-security-token}), and always the {@code Authorization} header. Whoever turns on
 * debug logging to chase a problem should not get a credential in the file. This filter rewrites
 * such an event with those values masked (the rest of the line stays, for debugging) and drops the
 * original. It is installed on logback's context when an S3 store opens, whatever logging config
 * is in use; other SLF4J backends are left alone.
 */
public final class WireLogRedactor extends TurboFilter {

    private static final String FQCN = WireLogRedactor.class.getName();
    private static final ThreadLocal<Boolean> REWRITING = new ThreadLocal<>();

    /** Adds the filter to logback's context unless it is there (a reconfiguration removes it; the next store adds it again). */
    public static void install() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return;
        }
        synchronized (WireLogRedactor.class) {
            for (TurboFilter f : ctx.getTurboFilterList()) {
                if (f instanceof WireLogRedactor) {
                    return;
                }
            }
            WireLogRedactor f = new WireLogRedactor();
            f.setName("rangefinder-wire-log-redactor");
            f.setContext(ctx);
            f.start();
            ctx.addTurboFilter(f);
        }
    }

    /** {@code text} with credential header and parameter values replaced by {@code ****}. */
    static String redact(String text) {
        return Redactor.maskCredentials(text);
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        // format == null is an isXxxEnabled() check; an event this logger would not log costs nothing more
        if (format == null || REWRITING.get() != null || !logger.isEnabledFor(level)) {
            return FilterReply.NEUTRAL;
        }
        String message = params == null || params.length == 0 ? format
                : MessageFormatter.arrayFormat(format, params).getMessage();
        String clean = redact(message);
        if (clean.equals(message)) {
            return FilterReply.NEUTRAL;
        }
        REWRITING.set(Boolean.TRUE);
        try {
            logger.log(marker, FQCN, Level.toLocationAwareLoggerInteger(level), clean, null, t);
        } finally {
            REWRITING.remove();
        }
        return FilterReply.DENY;
    }
}
