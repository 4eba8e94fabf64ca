package io.rangefinder.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class Crc32cTest {

    private static int crc(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return (int) c.getValue();
    }

    @Test
    void joiningPiecesGivesTheCrcOfTheWhole() {
        Random r = new Random(7);
        byte[] data = new byte[300_000];
        r.nextBytes(data);
        int whole = crc(data, 0, data.length);
        for (int trial = 0; trial < 200; trial++) {
            // split into 1..6 pieces at random places (empty pieces included)
            int pieces = 1 + r.nextInt(6);
            int[] cuts = r.ints(pieces - 1, 0, data.length + 1).sorted().toArray();
            int at = 0;
            int joined = crc(data, 0, 0);
            for (int i = 0; i <= cuts.length; i++) {
                int end = i < cuts.length ? cuts[i] : data.length;
                joined = Crc32c.combine(joined, crc(data, at, end - at), end - at);
                at = end;
            }
            assertThat(joined).as("trial %d", trial).isEqualTo(whole);
        }
    }

    @Test
    void aFlippedByteChangesTheJoinedCrc() {
        byte[] data = new byte[1 << 16];
        new Random(1).nextBytes(data);
        int a = Crc32c.combine(crc(data, 0, 1000), crc(data, 1000, data.length - 1000), data.length - 1000);
        data[40_000] ^= 0x01;
        int b = Crc32c.combine(crc(data, 0, 1000), crc(data, 1000, data.length - 1000), data.length - 1000);
        assertThat(a).isNotEqualTo(b);
        assertThat(b).isEqualTo(crc(data, 0, data.length));
    }

    @Test
    void negativeLengthIsRefused() {
        assertThatThrownBy(() -> Crc32c.combine(0, 0, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
