package io.rangefinder.engine;

import java.io.IOException;

/** Collects a small object in one array. Refuses objects that cannot fit in one Java array. */
public final class MemorySink implements ReadableSink {

    private static final long MAX = Integer.MAX_VALUE - 16;
    private byte[] data;
    private volatile boolean committed;

    @Override
    public void open(long size) throws IOException {
        if (size > MAX) {
            throw new IOException("object of " + size + " bytes is too large to hold in memory; download it to a file");
        }
        data = new byte[(int) size];
    }

    @Override
    public void write(long position, byte[] buffer, int offset, int length) {
        System.arraycopy(buffer, offset, data, (int) position, length);
    }

    @Override
    public int read(long position, java.nio.ByteBuffer dst) {
        if (position >= data.length) {
            return -1;
        }
        int n = (int) Math.min(dst.remaining(), data.length - position);
        dst.put(data, (int) position, n);
        return n;
    }

    @Override
    public void commit() {
        committed = true;
    }

    @Override
    public void abort() {
        data = null;
    }

    /** The object's bytes, once the download committed. */
    public byte[] bytes() {
        if (!committed) {
            throw new IllegalStateException("download has not completed");
        }
        return data;
    }
}
