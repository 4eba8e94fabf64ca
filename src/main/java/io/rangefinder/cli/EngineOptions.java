package io.rangefinder.cli;

import io.rangefinder.core.Units;
import io.rangefinder.engine.RangeEngineConfig;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Range-engine settings shared by {@code get} and {@code bench range}. */
final class EngineOptions {

    @Option(names = "--chunk-size", paramLabel = "SIZE",
            description = "Bytes per range request (default: what 'bench tune --knob chunk-size --apply' stored for the connection, else 64MiB).")
    String chunkSize;

    /** Ranges in flight when neither the flag nor a tuned setting says. */
    static final int DEFAULT_CONCURRENCY = 32;

    @Option(names = {"-c", "--concurrency"}, paramLabel = "N",
            description = "Range requests in flight (default: what 'bench tune --apply' stored for the connection, else 32).")
    Integer concurrency;

    @Option(names = "--min-split", paramLabel = "SIZE", description = "Objects smaller than this use one request (default: ${DEFAULT-VALUE}).", defaultValue = "32MiB")
    String minSplit;

    @Option(names = "--range-timeout", paramLabel = "SECONDS", description = "Abort and retry a range attempt after this long (default: ${DEFAULT-VALUE}).", defaultValue = "30")
    double rangeTimeoutSeconds;

    @Option(names = "--retries", paramLabel = "N", description = "Retries per range (default: ${DEFAULT-VALUE}).", defaultValue = "3")
    int retries;

    @Option(names = "--no-verify", description = "Do not check the bytes against the store's MD5/CRC32C.")
    boolean noVerify;

    RangeEngineConfig toConfig() {
        return toConfig(null, null);
    }

    /**
     * The engine's settings; without {@code -c}, the concurrency tuned for {@code connectionKey} when
     * one is stored (said on {@code note}, so a user sees where the number came from).
     */
    RangeEngineConfig toConfig(String connectionKey, java.io.PrintWriter note) {
        int c = concurrency != null ? concurrency : DEFAULT_CONCURRENCY;
        long chunk = Units.parseSize(chunkSize != null ? chunkSize : "64MiB");
        if (connectionKey != null && (concurrency == null || chunkSize == null)) {
            var tuned = io.rangefinder.bench.TunedSettings.open().forConnection(connectionKey);
            var tc = tuned.get(io.rangefinder.bench.TunedSettings.RANGE_CONCURRENCY);
            if (concurrency == null && tc != null) {
                c = tc.value();
                if (note != null) {
                    note.println("concurrency " + c + ", tuned for " + connectionKey + " (-c overrides it)");
                }
            }
            var tch = tuned.get(io.rangefinder.bench.TunedSettings.RANGE_CHUNK_SIZE_MIB);
            if (chunkSize == null && tch != null) {
                chunk = (long) tch.value() << 20;
                if (note != null) {
                    note.println("chunk size " + tch.value() + " MiB, tuned for " + connectionKey + " (--chunk-size overrides it)");
                }
            }
        }
        return RangeEngineConfig.defaults()
                .withChunkSize(chunk)
                .withMaxConcurrentRanges(c)
                .withMinSplitSize(Units.parseSize(minSplit))
                .withRangeTimeout(Duration.ofMillis((long) (rangeTimeoutSeconds * 1000)))
                .withRetries(retries)
                .withVerify(!noVerify);
    }
}
