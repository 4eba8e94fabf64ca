package io.rangefinder.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rangefinder.core.CancellationToken;
import io.rangefinder.core.CancelledException;
import io.rangefinder.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The shared part-upload routine against an in-test part sink that keeps what it is sent. */
class ParallelPartsTest {

    private static final int PART = 1000;

    private static byte[] data(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    /** Sends {@code input} as declared {@code length} and returns the parts as the store got them. */
    private static Map<Integer, byte[]> send(InputStream input, long length, int inFlight, CancellationToken token,
                                             ParallelParts.PartSender extra, AtomicInteger count) {
        Map<Integer, byte[]> got = new ConcurrentHashMap<>();
        UploadSource source = new UploadSource(input, length, "k", "nothing was written");
        byte[] first = new byte[PART];
        int n = source.next(first);
        count.set(ParallelParts.send(source, first, n, inFlight, 10_000, "too many", token, null, (number, buf, len) -> {
            if (extra != null) {
                extra.send(number, buf, len);
            }
            got.put(number, Arrays.copyOf(buf, len));
        }));
        return got;
    }

    private static byte[] joined(Map<Integer, byte[]> parts, int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 1; i <= count; i++) {
            out.writeBytes(parts.get(i));
        }
        return out.toByteArray();
    }

    @Test
    void partsArriveNumberedInOrderOfTheDataKnownOrUnknownLength() {
        for (long declared : new long[] {10_500, -1}) {
            byte[] d = data(10_500);
            AtomicInteger count = new AtomicInteger();
            Map<Integer, byte[]> parts = send(new ByteArrayInputStream(d), declared, 3, CancellationToken.create(), null, count);
            assertThat(count.get()).isEqualTo(11);
            assertThat(parts.get(11)).hasSize(500);
            assertThat(joined(parts, 11)).isEqualTo(d);
        }
    }

    @Test
    void anUnknownLengthEndingOnAPartBoundarySendsNoEmptyPart() {
        AtomicInteger count = new AtomicInteger();
        Map<Integer, byte[]> parts = send(new ByteArrayInputStream(data(3 * PART)), -1, 2, CancellationToken.create(), null, count);
        assertThat(count.get()).isEqualTo(3);
        assertThat(parts).hasSize(3).allSatisfy((n, b) -> assertThat(b).hasSize(PART));
    }

    @Test
    void noMoreThanInFlightPartsAreSentAtOnce() {
        AtomicInteger now = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        send(new ByteArrayInputStream(data(40 * PART)), 40 * PART, 4, CancellationToken.create(), (n, b, l) -> {
            most.accumulateAndGet(now.incrementAndGet(), Math::max);
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                now.decrementAndGet();
            }
        }, new AtomicInteger());
        assertThat(most.get()).isBetween(1, 4);
    }

    @Test
    void theFirstFailedPartStopsTheRestAndIsWhatTheCallerSees() {
        AtomicInteger sent = new AtomicInteger();
        assertThatThrownBy(() -> send(new ByteArrayInputStream(data(200 * PART)), 200 * PART, 2, CancellationToken.create(),
                (n, b, l) -> {
                    sent.incrementAndGet();
                    if (n == 3) {
                        throw new StorageException.AccessDenied("part 3 refused");
                    }
                }, new AtomicInteger()))
                .isInstanceOf(StorageException.AccessDenied.class).hasMessage("part 3 refused");
        assertThat(sent.get()).as("parts sent before the failure stopped the reading").isLessThan(20);
    }

    @Test
    void shortOrLongDataAgainstTheDeclaredLengthIsRefused() {
        assertThatThrownBy(() -> send(new ByteArrayInputStream(data(2_500)), 5_000, 2, CancellationToken.create(), null,
                new AtomicInteger())).isInstanceOf(StorageException.InvalidArgument.class)
                .hasMessageContaining("ended after 2500 of the declared 5000 bytes; nothing was written");
        assertThatThrownBy(() -> send(new ByteArrayInputStream(data(5_001)), 5_000, 2, CancellationToken.create(), null,
                new AtomicInteger())).isInstanceOf(StorageException.InvalidArgument.class)
                .hasMessageContaining("longer than the declared 5000 bytes");
    }

    @Test
    void cancellingStopsPartsInFlightAndTheReading() throws Exception {
        CancellationToken token = CancellationToken.create();
        CountDownLatch sending = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        Thread canceller = Thread.ofVirtual().start(() -> {
            try {
                sending.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            token.cancel("user");
        });
        assertThatThrownBy(() -> send(new ByteArrayInputStream(data(100 * PART)), 100 * PART, 2, token, (n, b, l) -> {
            started.incrementAndGet();
            sending.countDown();
            try {
                Thread.sleep(10_000); // a part that would take long: cancel must interrupt it
            } catch (InterruptedException e) {
                throw new CancelledException("interrupted");
            }
        }, new AtomicInteger())).isInstanceOf(CancelledException.class);
        canceller.join();
        assertThat(started.get()).as("parts started before the cancel").isLessThanOrEqualTo(2);
    }
}
