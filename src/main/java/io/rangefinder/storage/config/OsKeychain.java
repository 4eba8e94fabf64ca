package io.rangefinder.storage.config;

import com.github.javakeyring.BackendNotSupportedException;
import com.github.javakeyring.Keyring;
import com.github.javakeyring.PasswordAccessException;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The operating system's keychain through java-keyring. Each call runs on a daemon thread and
 * gives up after {@link #CALL_TIMEOUT} (a Secret Service that does not answer, a locked keyring
 * waiting for a prompt), so a caller never hangs. The first failure to reach it marks it
 * unavailable for the rest of the session: saving then goes to secrets.json.
 */
public final class OsKeychain implements Keychain {

    /** Service name of the entries; the account is the connection's name. */
    public static final String SERVICE = "Rangefinder";
    /** Setting this system property to "off" keeps secrets in secrets.json. */
    public static final String PROPERTY = "rangefinder.keychain";
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    private static final ExecutorService CALLS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "keychain");
        t.setDaemon(true);
        return t;
    });

    private volatile Keyring keyring;
    private volatile String unavailable; // why not, once known

    private OsKeychain() {
    }

    /**
     * The system's keychain; {@link Keychain#NONE} when the {@value #PROPERTY} property is "off" or
     * the config folder is moved ({@link ConfigDir#PROPERTY}: tests and portable copies keep their
     * secrets with their folder, never in the user's keychain).
     */
    public static Keychain system() {
        String configDir = System.getProperty(ConfigDir.PROPERTY);
        if ("off".equalsIgnoreCase(System.getProperty(PROPERTY, "")) || configDir != null && !configDir.isBlank()) {
            return NONE;
        }
        return new OsKeychain();
    }

    /** The keychain even when the config folder is moved (for a test that has a real Secret Service). */
    public static OsKeychain unconditional() {
        return new OsKeychain();
    }

    @Override
    public String name() {
        return switch (osFamily()) {
            case "mac" -> "the macOS Keychain";
            case "win" -> "the Windows Credential Manager";
            default -> "the Secret Service keyring";
        };
    }

    /** Why it is not available, or null while it is (or not yet tried). */
    public String whyUnavailable() {
        return unavailable;
    }

    @Override
    public boolean isAvailable() {
        if (unavailable != null) {
            return false;
        }
        try {
            // a read of an entry that does not exist reaches the service without changing anything
            call(() -> {
                try {
                    return keyring().getPassword(SERVICE, "\u0000probe");
                } catch (PasswordAccessException missing) {
                    return null; // the service answered: no such entry
                }
            });
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public String read(String account) throws Exception {
        return call(() -> {
            try {
                return keyring().getPassword(SERVICE, account);
            } catch (PasswordAccessException missing) {
                return null;
            }
        });
    }

    @Override
    public void write(String account, String value) throws Exception {
        call(() -> {
            keyring().setPassword(SERVICE, account, value);
            return null;
        });
    }

    @Override
    public void delete(String account) throws Exception {
        call(() -> {
            try {
                keyring().deletePassword(SERVICE, account);
            } catch (PasswordAccessException missing) {
                // nothing saved under that name
            }
            return null;
        });
    }

    private Keyring keyring() throws BackendNotSupportedException {
        Keyring k = keyring;
        if (k == null) {
            synchronized (this) {
                if (keyring == null) {
                    keyring = Keyring.create();
                }
                k = keyring;
            }
        }
        return k;
    }

    /** Runs {@code work} with the timeout; a failure to reach the service marks it unavailable. */
    private <T> T call(Callable<T> work) throws Exception {
        if (unavailable != null) {
            throw new IllegalStateException(name() + " is not available: " + unavailable);
        }
        Future<T> f = CALLS.submit(work);
        try {
            return f.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            unavailable = "it did not answer within " + CALL_TIMEOUT.toSeconds() + " s";
            throw new IllegalStateException(name() + " did not answer", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof PasswordAccessException) {
                throw (PasswordAccessException) cause; // reached, but refused this one entry
            }
            // BackendNotSupportedException, no D-Bus session, missing native library, ...
            unavailable = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
            throw cause instanceof Exception ex ? ex : new IllegalStateException(cause);
        }
    }

    private static String osFamily() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        return os.contains("mac") ? "mac" : os.contains("win") ? "win" : "linux";
    }
}
