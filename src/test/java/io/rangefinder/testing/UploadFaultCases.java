package io.rangefinder.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rangefinder.core.CancellationToken;
import io.rangefinder.core.CancelledException;
import io.rangefinder.storage.ListRequest;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.PutOptions;
import io.rangefinder.storage.StorageException;
import io.rangefinder.testing.FaultProxy.Direction;
import io.rangefinder.testing.FaultProxy.Kind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The download cases of {@link DownloadFaultCases}, plus the upload cases every backend shares:
 * a large upload in parts through the proxy that rides out resets, fails half way or is cancelled
 * half way (also with an interrupt, as a JavaFX {@code Task.cancel()} does). A failed or cancelled
 * upload leaves no object under its key and nothing pending on the server; what "pending" means
 * (S3 multipart uploads, Azure uncommitted blocks, GCS upload sessions) is the subclass's
 * {@link #assertNoPendingUpload}, checked straight against the server, not through the proxy.
 */
public abstract class UploadFaultCases extends DownloadFaultCases {

    /** Bytes uploaded by each case: all of {@link #data}. */
    protected static final int UPLOAD = SIZE;

    /** Part size and parts in flight for the uploads; {@link #UPLOAD} must take several parts. */
    protected abstract PutOptions parts();

    /** Nothing of an upload to {@code key} is left pending on the server (straight to it, no proxy). */
    protected abstract void assertNoPendingUpload(String key);

    /** Whether an object exists under {@code key} (straight to the server). */
    protected abstract boolean exists(String key);

    /** The object's bytes (straight to the server). */
    protected abstract byte[] stored(String key);

    /** {@link #exists} for a subclass that looks behind the proxy with one of its own stores. */
    protected static boolean exists(ObjectStore direct, String key) {
        return direct.list(ListRequest.recursive(CONTAINER, key)).objects().stream().anyMatch(o -> o.key().equals(key));
    }

    /** {@link #stored} for a subclass that looks behind the proxy with one of its own stores. */
    protected static byte[] stored(ObjectStore direct, String key) {
        try (InputStream in = direct.get(CONTAINER, key)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Uploads {@link #UPLOAD} bytes to {@code key} and expects it to fail with an error naming the
     * key: every connection is reset once it has carried 1 MiB of request, so each part dies, and so
     * do the client's retries, while the small clean-up requests still go through. A subclass whose
     * client would not get far enough that way overrides this.
     */
    protected void failingUpload(String key) {
        proxy.fault(Kind.RESET, Direction.UP, 1 << 20, FaultProxy.ALWAYS);

        assertThatThrownBy(() -> store.put(CONTAINER, key, new ByteArrayInputStream(data, 0, UPLOAD), UPLOAD, parts()))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining(key);

        assertThat(proxy.faultedConnections()).isPositive();
    }

    @Test
    void uploadRidesOutResetsOnItsFirstConnections() {
        String key = "upload-survives.bin";
        proxy.fault(Kind.RESET, Direction.UP, 1 << 20, 2);

        store.put(CONTAINER, key, new ByteArrayInputStream(data, 0, UPLOAD), UPLOAD, parts());

        assertThat(proxy.faultedConnections()).isEqualTo(2);
        assertThat(Arrays.equals(stored(key), Arrays.copyOf(data, UPLOAD))).as("stored bytes equal the data").isTrue();
        assertNoPendingUpload(key);
    }

    @Test
    void uploadFailingMidwayLeavesNoObjectAndNothingPending() {
        String key = "upload-fails.bin";

        failingUpload(key);

        assertNoPendingUpload(key);
        assertThat(exists(key)).isFalse();
    }

    @Test
    void cancelledUploadLeavesNoObjectAndNothingPending() {
        String key = "upload-cancelled.bin";
        CancellationToken token = CancellationToken.create();

        assertThatThrownBy(() -> store.put(CONTAINER, key, cancellingStream(token, false), UPLOAD,
                parts().withToken(token)))
                .isInstanceOf(CancelledException.class);

        assertThat(proxy.bytesUp()).as("parts went out through the proxy").isGreaterThan(parts().partSize());
        assertNoPendingUpload(key);
        assertThat(exists(key)).isFalse();
    }

    @Test
    void uploadCancelledWithAnInterruptLikeATaskCancelLeavesNoObjectAndNothingPending() throws Exception {
        // javafx Task.cancel() cancels the token and interrupts the worker thread: the clean-up must still go out.
        String key = "upload-interrupted.bin";
        CancellationToken token = CancellationToken.create();
        InputStream in = cancellingStream(token, true);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        Thread worker = Thread.ofPlatform().start(() -> {
            try {
                store.put(CONTAINER, key, in, UPLOAD, parts().withToken(token));
            } catch (Throwable t) {
                thrown.set(t);
            }
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        worker.join(20_000);

        assertThat(thrown.get()).isInstanceOf(CancelledException.class);
        assertThat(stillInterrupted.get()).as("the interrupt is kept for the caller").isTrue();
        assertThat(proxy.bytesUp()).as("parts went out through the proxy").isGreaterThan(parts().partSize());
        assertNoPendingUpload(key);
        assertThat(exists(key)).isFalse();
    }

    /**
     * The upload's data; once 10 MiB have been read (later parts are being read, earlier ones have
     * gone out), waits a moment for those parts to reach the server, then cancels the token (and
     * interrupts the reader).
     */
    private static InputStream cancellingStream(CancellationToken token, boolean interrupt) {
        return new InputStream() {
            private final ByteArrayInputStream in = new ByteArrayInputStream(data, 0, UPLOAD);

            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (in.available() < UPLOAD - (10 << 20) && !token.isCancelled()) {
                    pause();
                    token.cancel("cancelled by the user");
                    if (interrupt) {
                        Thread.currentThread().interrupt();
                    }
                }
                return in.read(b, off, Math.min(len, 256 << 10));
            }
        };
    }

    protected static void pause() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
