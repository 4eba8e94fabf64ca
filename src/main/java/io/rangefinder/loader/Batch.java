package io.rangefinder.loader;

import java.util.List;

/**
 * A batch of samples, all from one epoch. {@code index} counts batches in the order the loader
 * emitted them; an ordered loader's samples follow the epoch's order, an async pool's follow
 * completion (so its last batch of one epoch may come after the first batches of the next).
 */
public record Batch(long index, int epoch, List<Sample> samples) {

    public Batch {
        samples = List.copyOf(samples);
    }

    /** A batch of the first epoch. */
    public Batch(long index, List<Sample> samples) {
        this(index, 0, samples);
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
