package io.rangefinder.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyOrderTest {

    private static int byteCompare(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void matchesUtf8ByteOrderWhereUtf16OrderDiffers() {
        String emoji = "\uD83D\uDE00"; // U+1F600, a surrogate pair
        String privateUse = "\uE000";
        assertThat(emoji.compareTo(privateUse)).isNegative(); // UTF-16 says emoji first
        assertThat(KeyOrder.compare(emoji, privateUse)).isPositive(); // UTF-8 bytes say it comes last
        assertThat(KeyOrder.compare("a-b", "a/b")).isNegative();
        assertThat(KeyOrder.compare("a/b", "a.b")).isPositive();
        assertThat(KeyOrder.compare("A", "a")).isNegative();
        assertThat(KeyOrder.compare("ab", "abc")).isNegative();
        assertThat(KeyOrder.compare("x", "x")).isZero();
    }

    @Test
    void agreesWithByteComparisonOnRandomStrings() {
        Random r = new Random(42);
        int[] pool = {'a', 'Z', '/', '-', '.', ' ', '+', '%', 0xE9, 0x4E2D, 0xE000, 0xFFFD, 0x1F600, 0x10FFFF};
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            StringBuilder sb = new StringBuilder();
            for (int j = r.nextInt(5); j >= 0; j--) {
                sb.appendCodePoint(pool[r.nextInt(pool.length)]);
            }
            keys.add(sb.toString());
        }
        for (String a : keys.subList(0, 100)) {
            for (String b : keys) {
                assertThat(Integer.signum(KeyOrder.compare(a, b))).as("%s vs %s", a, b)
                        .isEqualTo(Integer.signum(byteCompare(a, b)));
            }
        }
    }
}
