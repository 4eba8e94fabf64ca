package io.rangefinder.bench;

import io.rangefinder.core.CancellationToken;
import io.rangefinder.storage.ObjectInfo;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.testing.EveryStore;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** bench put on every store: the objects it claims are there with the sizes drawn, and gone afterwards unless kept. */
class PutBenchTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"file", "s3", "az", "gs"})
    void writesWhatItClaimsAndCleansUpUnlessKept(String scheme) throws Exception {
        String container = "put-" + scheme + "-" + Long.toHexString(System.nanoTime());
        try (ObjectStore store = EveryStore.open(scheme, container, dir)) {
            store.createContainer(container);
            ObjectUri prefix = EveryStore.uri(scheme, container, "bench/");
            SizeDistribution sizes = SizeDistribution.parse("lognormal(mean=48KiB,stddev=32KiB,min=1KiB,max=200KiB)");
            PutBench kept = new PutBench(store, prefix, PutBench.Config.of(25, sizes).withSeed(9).withObjectsInFlight(4)
                    .withKeep(true));
            BenchResult r = kept.run(CancellationToken.create());
            assertThat(r.status()).isEqualTo("ok");
            assertThat(r.kind()).isEqualTo("put");
            List<ObjectInfo> listed = EveryStore.list(store, container, kept.folder());
            assertThat(listed).hasSize(25);
            long expectedBytes = 0;
            for (int i = 0; i < 25; i++) {
                long size = sizes.sizeOf(9, i);
                expectedBytes += size;
                String key = kept.folder() + String.format("obj-%08d.bin", i);
                assertThat(listed).filteredOn(o -> o.key().equals(key)).singleElement()
                        .extracting(ObjectInfo::size).isEqualTo(size);
            }
            assertThat(r.bytes()).isEqualTo(expectedBytes);
            assertThat(r.objects()).isEqualTo(25);
            BenchResult.Operation put = r.operations().get("put");
            assertThat(put.count()).isEqualTo(25);
            Histogram h = Histograms.decode(put.histogram());
            assertThat(h.getTotalCount()).isEqualTo(25);
            @SuppressWarnings("unchecked")
            Map<String, Object> realised = (Map<String, Object>) r.settings().get("sizesWritten");
            assertThat(((Number) realised.get("count")).longValue()).isEqualTo(25);
            assertThat(((Number) realised.get("max")).longValue()).isLessThanOrEqualTo(200 << 10);

            PutBench cleaned = new PutBench(store, prefix, PutBench.Config.of(10, new SizeDistribution.Fixed(3000)));
            BenchResult c = cleaned.run(CancellationToken.create());
            assertThat(c.objects()).isEqualTo(10);
            assertThat(c.settings().get("objectsAfterRun")).isEqualTo("deleted");
            assertThat(EveryStore.list(store, container, cleaned.folder())).isEmpty();
            assertThat(EveryStore.list(store, container, kept.folder())).as("another run's objects are left alone").hasSize(25);
        }
    }
}
