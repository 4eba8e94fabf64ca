package io.rangefinder.bench;

import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;

/**
 * Latency histograms (microseconds) in results: HdrHistogram's compressed encoding in Base64, so a
 * result file keeps the whole distribution in a few hundred bytes and repeats, operations and runs
 * merge exactly: the percentiles of a merge are the percentiles of everything recorded.
 */
public final class Histograms {

    private Histograms() {
    }

    /** A histogram for latencies from 1 µs to 1 hour at 3 significant digits, as the recorders keep them. */
    public static Histogram empty() {
        return new Histogram(1, 3_600_000_000L, 3);
    }

    public static String encode(Histogram h) {
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int n = h.encodeIntoCompressedByteBuffer(buffer);
        byte[] bytes = new byte[n];
        buffer.flip();
        buffer.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** The histogram {@link #encode} wrote; a clear exception for anything else. */
    public static Histogram decode(String encoded) {
        try {
            byte[] bytes = Base64.getDecoder().decode(encoded);
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
        } catch (IllegalArgumentException | DataFormatException | java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("not an encoded latency histogram: " + e.getMessage(), e);
        }
    }

    /** Percentiles in milliseconds of a histogram in microseconds. */
    public static BenchResult.Latency latency(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return new BenchResult.Latency(0, 0, 0, 0, 0);
        }
        return new BenchResult.Latency(ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(90)),
                ms(micros.getValueAtPercentile(99)), ms(micros.getValueAtPercentile(99.9)), ms(micros.getMaxValue()));
    }

    /** The union of {@code parts}. */
    public static Histogram merge(Iterable<Histogram> parts) {
        Histogram all = empty();
        for (Histogram h : parts) {
            all.add(h);
        }
        return all;
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
