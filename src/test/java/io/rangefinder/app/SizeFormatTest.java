package io.rangefinder.app;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SizeFormatTest {

    @Test
    void usesBinaryUnits() {
        assertThat(SizeFormat.bytes(0)).isEqualTo("0 B");
        assertThat(SizeFormat.bytes(1023)).isEqualTo("1023 B");
        assertThat(SizeFormat.bytes(1024)).isEqualTo("1.0 KiB");
        assertThat(SizeFormat.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(SizeFormat.bytes(3L << 20)).isEqualTo("3.0 MiB");
        assertThat(SizeFormat.bytes(20L << 30)).isEqualTo("20.0 GiB");
        assertThat(SizeFormat.bytes((1L << 20) - 1)).isEqualTo("1.0 MiB");
        assertThat(SizeFormat.bytes(-1)).isEmpty();
    }
}
