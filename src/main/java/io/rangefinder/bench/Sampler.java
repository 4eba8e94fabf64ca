package io.rangefinder.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * Takes a sample of a running benchmark every {@code periodMillis} on its own virtual thread and
 * keeps the series. Sampling reads snapshots, so the run itself never pays for the chart.
 */
final class Sampler implements AutoCloseable {

    private final List<BenchResult.Sample> series = new ArrayList<>();
    private final Thread thread;
    private final long startNanos = System.nanoTime();
    private volatile boolean running = true;

    Sampler(long periodMillis, DoubleFunction<BenchResult.Sample> probe) {
        thread = Thread.ofVirtual().name("rf-bench-sampler").start(() -> {
            while (running) {
                try {
                    Thread.sleep(periodMillis);
                } catch (InterruptedException e) {
                    return;
                }
                BenchResult.Sample s = probe.apply(elapsed());
                synchronized (series) {
                    series.add(s);
                }
            }
        });
    }

    double elapsed() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** The newest sample, or {@code null} before the first: what a live view shows without sampling again. */
    BenchResult.Sample last() {
        synchronized (series) {
            return series.isEmpty() ? null : series.getLast();
        }
    }

    List<BenchResult.Sample> series() {
        synchronized (series) {
            return List.copyOf(series);
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
