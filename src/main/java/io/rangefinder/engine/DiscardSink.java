package io.rangefinder.engine;

import java.util.concurrent.atomic.LongAdder;

/** Drops the bytes and counts them: for benchmarks that measure the store, not the disk. */
public final class DiscardSink implements RangeSink {

    private final LongAdder received = new LongAdder();

    @Override
    public void open(long size) {
    }

    @Override
    public void write(long position, byte[] buffer, int offset, int length) {
        received.add(length);
    }

    @Override
    public void commit() {
    }

    @Override
    public void abort() {
    }

    public long received() {
        return received.sum();
    }
}
