package io.rangefinder.cli;

import io.rangefinder.core.Units;
import io.rangefinder.engine.RangeEngineConfig;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Range-engine settings shared by {@code get} and {@code bench range}. */
final class EngineOptions {

    @Option(names = "--chunk-size", paramLabel = "SIZE", description = "Bytes per range request (default: ${DEFAULT-VALUE}).", defaultValue = "64MiB")
    String chunkSize;

    @Option(names = {"-c", "--concurrency"}, paramLabel = "N", description = "Range requests in flight (default: ${DEFAULT-VALUE}).", defaultValue = "32")
    int concurrency;

    @Option(names = "--min-split", paramLabel = "SIZE", description = "Objects smaller than this use one request (default: ${DEFAULT-VALUE}).", defaultValue = "32MiB")
    String minSplit;

    @Option(names = "--range-timeout", paramLabel = "SECONDS", description = "Abort and retry a range attempt after this long (default: ${DEFAULT-VALUE}).", defaultValue = "30")
    double rangeTimeoutSeconds;

    @Option(names = "--retries", paramLabel = "N", description = "Retries per range (default: ${DEFAULT-VALUE}).", defaultValue = "3")
    int retries;

    @Option(names = "--no-verify", description = "Do not check the bytes against the store's MD5/CRC32C.")
    boolean noVerify;

    RangeEngineConfig toConfig() {
        return RangeEngineConfig.defaults()
                .withChunkSize(Units.parseSize(chunkSize))
                .withMaxConcurrentRanges(concurrency)
                .withMinSplitSize(Units.parseSize(minSplit))
                .withRangeTimeout(Duration.ofMillis((long) (rangeTimeoutSeconds * 1000)))
                .withRetries(retries)
                .withVerify(!noVerify);
    }
}
