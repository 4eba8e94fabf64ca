package io.rangefinder.loader;

import java.util.List;

/**
 * A batch of samples. {@code index} counts batches in the order the loader emitted them;
 * an ordered loader's samples follow the dataset's order, an async pool's follow completion.
 */
public record Batch(long index, List<Sample> samples) {

    public Batch {
        samples = List.copyOf(samples);
    }

    public int size() {
        return samples.size();
    }

    public long bytes() {
        long n = 0;
        for (Sample s : samples) {
            n += s.data().length;
        }
        return n;
    }
}
