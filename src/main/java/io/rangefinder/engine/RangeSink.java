package io.rangefinder.engine;

import java.io.IOException;

/**
 * Where a download's bytes go. {@link #write} is called from many threads at once, each for its
 * own disjoint region; {@link #commit} runs once after every byte arrived, {@link #abort} once
 * after a failure or cancel (and must leave nothing behind that looks finished).
 */
public interface RangeSink {

    /** Called once before any write, with the object's size. */
    void open(long size) throws IOException;

    void write(long position, byte[] buffer, int offset, int length) throws IOException;

    void commit() throws IOException;

    void abort();
}
