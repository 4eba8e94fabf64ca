package io.rangefinder.engine;

import io.rangefinder.storage.StorageException;
import java.io.IOException;
import java.util.Locale;

/** Writing to the destination failed; not retried, since the store was not at fault. */
public final class SinkFailure extends StorageException {

    private SinkFailure(String message, Throwable cause) {
        super(message, cause);
    }

    public static SinkFailure of(IOException e) {
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        if (msg.toLowerCase(Locale.ROOT).contains("no space left")) {
            return new SinkFailure("the destination disk is full (" + msg + "); free some space and retry", e);
        }
        return new SinkFailure("could not write the download: " + msg, e);
    }
}
