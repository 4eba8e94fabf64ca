package io.rangefinder.bench;

import org.junit.jupiter.api.Test;

import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SizeDistributionTest {

    @Test
    void readsTheThreeForms() {
        assertThat(SizeDistribution.parse("64KiB")).isEqualTo(new SizeDistribution.Fixed(65536));
        assertThat(SizeDistribution.parse("uniform(4KiB, 1MiB)")).isEqualTo(new SizeDistribution.Uniform(4096, 1 << 20));
        assertThat(SizeDistribution.parse("lognormal(mean=1MiB,stddev=512KiB,min=4KiB,max=16MiB)"))
                .isEqualTo(new SizeDistribution.LogNormal(1 << 20, 512 << 10, 4096, 16 << 20));
        assertThat(SizeDistribution.parse("LogNormal(stddev=1KiB, mean=10KiB)").describe())
                .isEqualTo("lognormal(mean=10.0 KiB,stddev=1.00 KiB,min=0 B,max=640 KiB)");
    }

    @Test
    void badInputSaysWhatIsWrong() {
        assertThatThrownBy(() -> SizeDistribution.parse("uniform(1MiB)")).hasMessageContaining("uniform takes two sizes");
        assertThatThrownBy(() -> SizeDistribution.parse("uniform(1MiB,4KiB)")).hasMessageContaining("0 <= min <= max");
        assertThatThrownBy(() -> SizeDistribution.parse("lognormal(mean=1MiB)")).hasMessageContaining("needs mean= and stddev=");
        assertThatThrownBy(() -> SizeDistribution.parse("lognormal(mean=1MiB,sigma=3)")).hasMessageContaining("no 'sigma'");
        assertThatThrownBy(() -> SizeDistribution.parse("lots")).hasMessageContaining("bad size 'lots'");
        assertThatThrownBy(() -> SizeDistribution.parse("")).hasMessageContaining("no size given");
    }

    @Test
    void sizesAreAFunctionOfSeedAndIndex() {
        SizeDistribution d = SizeDistribution.parse("lognormal(mean=1MiB,stddev=2MiB,min=1KiB,max=64MiB)");
        assertThat(d.sizeOf(7, 123)).isEqualTo(d.sizeOf(7, 123));
        long[] a = LongStream.range(0, 100).map(i -> d.sizeOf(7, i)).toArray();
        long[] b = LongStream.range(0, 100).map(i -> d.sizeOf(8, i)).toArray();
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void lognormalHasTheMeanAndDeviationAskedFor() {
        SizeDistribution d = new SizeDistribution.LogNormal(1 << 20, 512 << 10, 0, Long.MAX_VALUE);
        int n = 200_000;
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            double x = d.sizeOf(42, i);
            sum += x;
            sq += x * x;
        }
        double mean = sum / n;
        double sd = Math.sqrt(sq / n - mean * mean);
        assertThat(mean / (1 << 20)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(sd / (512 << 10)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.03));
    }

    @Test
    void boundsHold() {
        SizeDistribution ln = SizeDistribution.parse("lognormal(mean=1MiB,stddev=8MiB,min=64KiB,max=2MiB)");
        SizeDistribution un = SizeDistribution.parse("uniform(10,20)");
        for (int i = 0; i < 20_000; i++) {
            assertThat(ln.sizeOf(1, i)).isBetween(64L << 10, 2L << 20);
            assertThat(un.sizeOf(1, i)).isBetween(10L, 20L);
        }
        assertThat(LongStream.range(0, 5000).map(i -> un.sizeOf(3, i)).distinct().count()).as("both bounds reached").isEqualTo(11);
    }
}
