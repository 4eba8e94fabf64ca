package io.rangefinder.engine;

import java.io.IOException;
import java.nio.ByteBuffer;

/** A sink whose written bytes can be read back before commit, so a whole-object digest can be checked. */
public interface ReadableSink extends RangeSink {

    /** Reads from {@code position} into {@code dst}; returns the bytes read, -1 at the end. */
    int read(long position, ByteBuffer dst) throws IOException;
}
