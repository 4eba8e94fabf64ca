package io.rangefinder.storage.internal;

import io.rangefinder.core.BuildInfo;
import io.rangefinder.storage.config.ConnectionProfile;
import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * Where a lean read path (S3, GCS, Azure) sends its requests, and whether it may: one reading of an
 * endpoint and of the switches for all three, so they agree on what they leave to the SDKs.
 *
 * @param tls    https
 * @param host   the host name or IPv4 address (IPv6 literals are left to the SDKs)
 * @param port   the port, the scheme's default when the URI has none
 * @param path   the raw base path without trailing slashes ("" for none)
 * @param origin {@code scheme://authority}, as written
 */
public record LeanEndpoint(boolean tls, String host, int port, String path, String origin) {

    /** The endpoint of {@code u}, or null where the lean client does not go: not http(s), no host, an IPv6 literal, a query or user info. */
    public static LeanEndpoint of(URI u) {
        if (u == null || u.getScheme() == null) {
            return null;
        }
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null || u.getHost().startsWith("[")
                || u.getRawQuery() != null || u.getRawUserInfo() != null) {
            return null;
        }
        boolean tls = scheme.equals("https");
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return new LeanEndpoint(tls, u.getHost(), u.getPort() > 0 ? u.getPort() : tls ? 443 : 80, path,
                scheme + "://" + u.getRawAuthority());
    }

    /** As {@link #of(URI)}; null too for a string that is no URI (the SDK reports a bad endpoint its own way). */
    public static LeanEndpoint of(String uri) {
        if (uri == null) {
            return null;
        }
        try {
            return of(URI.create(uri));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A cloud's public endpoint over https on 443. */
    public static LeanEndpoint https(String host) {
        return new LeanEndpoint(true, host, 443, "", "https://" + host);
    }

    /** A pooled client for this endpoint with the profile's timeouts. */
    public LeanHttp client(ConnectionProfile profile) {
        return new LeanHttp(tls, port, profile.connectTimeoutOrDefault(), profile.callTimeoutOrDefault(),
                "rangefinder/" + BuildInfo.version());
    }

    /**
     * Whether the lean path is off: the system property {@code property} is "false", the environment
     * variable {@code envName} is "0" or "false", or requests would go through a proxy (which the SDKs
     * honour and the lean client does not).
     */
    public static boolean off(String property, String envName, Map<String, String> env) {
        String e = env.get(envName);
        return "false".equalsIgnoreCase(System.getProperty(property)) || "0".equals(e) || "false".equalsIgnoreCase(e)
                || LeanHttp.proxied(env);
    }
}
