package io.rangefinder.app.explorer;

import io.rangefinder.testing.Gen;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NaturalOrderTest {

    @Test
    void numbersSortByValueAndTextIgnoresCase() {
        List<String> names = new ArrayList<>(List.of("file-10", "file-2", "File-1", "file-11", "file-1b", "frame-007",
                "frame-7", "frame-08", "a", "B", "file-", "file-1"));
        names.sort(NaturalOrder.INSTANCE);
        assertThat(names).containsExactly("a", "B", "file-", "File-1", "file-1", "file-1b", "file-2", "file-10",
                "file-11", "frame-7", "frame-007", "frame-08");
    }

    @Test
    void hugeNumbersDoNotOverflow() {
        assertThat(NaturalOrder.INSTANCE.compare("x-99999999999999999999999", "x-100000000000000000000000")).isNegative();
    }

    @Test
    void isATotalOrder() {
        Gen.forAll(2000, g -> List.of(name(g), name(g), name(g)), abc -> {
            String a = abc.get(0);
            String b = abc.get(1);
            String c = abc.get(2);
            int ab = Integer.signum(NaturalOrder.INSTANCE.compare(a, b));
            assertThat(ab).isEqualTo(-Integer.signum(NaturalOrder.INSTANCE.compare(b, a)));
            assertThat(ab == 0).isEqualTo(a.equals(b));
            if (ab <= 0 && NaturalOrder.INSTANCE.compare(b, c) <= 0) {
                assertThat(NaturalOrder.INSTANCE.compare(a, c)).as("transitive").isLessThanOrEqualTo(0);
            }
        });
    }

    // short names from a small alphabet with digits and zeros, so ties and number runs are common
    private static String name(Gen g) {
        StringBuilder s = new StringBuilder();
        int n = g.between(0, 6);
        for (int i = 0; i < n; i++) {
            s.append(g.oneOf('a', 'A', 'b', '-', '0', '0', '1', '9', 'é'));
        }
        return s.toString();
    }
}
