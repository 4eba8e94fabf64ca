package io.rangefinder.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class UnitsTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "4096, 4096",
        "0, 0",
        "64KiB, 65536",
        "64kib, 65536",
        "64 KiB, 65536",
        "' 8MiB ', 8388608",
        "8mib, 8388608",
        "1GiB, 1073741824",
        "1gib, 1073741824",
        "1.5GiB, 1610612736",
        "0.5KiB, 512",
        "1TiB, 1099511627776",
        "1PiB, 1125899906842624",
        "10MB, 10000000",
        "10mb, 10000000",
        "1KB, 1000",
        "2GB, 2000000000",
        "1TB, 1000000000000",
        "1PB, 1000000000000000",
        "16K, 16384",
        "16k, 16384",
        "4M, 4194304",
        "2G, 2147483648",
        "2Gi, 2147483648",
        "100B, 100",
        "100b, 100",
    })
    void parsesSizes(String text, long expected) {
        assertThat(Units.parseSize(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"abc", "KiB", "-1", "1..5MiB", "1.5.2GiB", "12XB", "1 2", "1e3", "64KiBs", "0x10"})
    void rejectsGarbageWithAHelpfulMessage(String text) {
        assertThatThrownBy(() -> Units.parseSize(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a size")
                .hasMessageContaining("64KiB");
    }

    @Test
    void rejectsUnknownUnitNamingIt() {
        assertThatThrownBy(() -> Units.parseSize("5ib"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown size unit 'ib'");
    }

    @Test
    void rejectsSizesThatDoNotFitALong() {
        assertThatThrownBy(() -> Units.parseSize("9000PiB")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too large");
        // 8192 PiB is exactly 2^63 bytes, one more than Long.MAX_VALUE.
        assertThatThrownBy(() -> Units.parseSize("8192PiB")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too large");
        assertThat(Units.parseSize("8191PiB")).isEqualTo(8191L << 50);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0, 0 B",
        "1, 1 B",
        "1023, 1023 B",
        "1024, 1.00 KiB",
        "1536, 1.50 KiB",
        "65536, 64.0 KiB",
        "67108864, 64.0 MiB",
        "1610612736, 1.50 GiB",
        "107374182400, 100 GiB",
        "1099511627776, 1.00 TiB",
        "1125899906842624, 1.00 PiB",
        "1152921504606846976, 1024 PiB",
    })
    void formatsSizes(long bytes, String expected) {
        assertThat(Units.formatSize(bytes)).isEqualTo(expected);
    }

    @Test
    void formatAndParseRoundTrip() {
        for (long v : new long[] {1L << 10, 64L << 20, 3L << 30, 5L << 40}) {
            assertThat(Units.parseSize(Units.formatSize(v).replace(" ", ""))).isEqualTo(v);
        }
    }

    @ParameterizedTest(name = "{0} s -> {1}")
    @CsvSource({
        "0, 0 ms",
        "0.0004, 0 ms",
        "0.85, 850 ms",
        "0.999, 999 ms",
        "1, 1.0 s",
        "12.34, 12.3 s",
        "59.9, 59.9 s",
        "60, 1m00s",
        "245, 4m05s",
        "3599, 59m59s",
        "3600, 1h00m",
        "7380, 2h03m",
        "90061, 25h01m",
    })
    void formatsDurations(double seconds, String expected) {
        assertThat(Units.formatDuration(seconds)).isEqualTo(expected);
    }

    @Test
    void formatsRates() {
        assertThat(Units.formatRate(123_456_789)).isEqualTo("123.5 MB/s");
        assertThat(Units.mbPerSec(10_000_000, 2.0)).isEqualTo(5.0);
        assertThat(Units.mbPerSec(10_000_000, 0)).isZero();
    }
}
