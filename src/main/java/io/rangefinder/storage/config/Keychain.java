package io.rangefinder.storage.config;

/**
 * Where saved connection secrets go when the system has a place for them: the Secret Service
 * (GNOME Keyring, KWallet) on Linux, the Keychain on macOS, the Credential Manager on Windows.
 * {@link ConnectionsFile} asks {@link #isAvailable()} before it saves and falls back to its
 * owner-only secrets.json when the answer is no, or when a call fails.
 */
public interface Keychain {

    /** What to call it in a message ("the Secret Service"). */
    String name();

    /** Whether it can be used now; never throws, and does not wait for long. */
    boolean isAvailable();

    /** The value saved for {@code account}, or null when there is none. */
    String read(String account) throws Exception;

    void write(String account, String value) throws Exception;

    /** Forgets {@code account}; no entry is not an error. */
    void delete(String account) throws Exception;

    /** No keychain: everything stays in secrets.json. */
    Keychain NONE = new Keychain() {
        @Override
        public String name() {
            return "no keychain";
        }

        @Override
        public boolean isAvailable() {
            return false;
        }

        @Override
        public String read(String account) {
            throw new UnsupportedOperationException("no keychain");
        }

        @Override
        public void write(String account, String value) {
            throw new UnsupportedOperationException("no keychain");
        }

        @Override
        public void delete(String account) {
            throw new UnsupportedOperationException("no keychain");
        }
    };
}
