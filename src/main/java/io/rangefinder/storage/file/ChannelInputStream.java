package io.rangefinder.storage.file;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;

/**
 * Reads bytes {@code [pos, end)} of a file with positional reads. Bulk reads go straight into the
 * caller's array (no intermediate buffer), so a 1 MiB read is one system call, not 128 small ones.
 */
final class ChannelInputStream extends InputStream {

    private static final int TRANSFER_BUFFER = 256 * 1024;

    private final FileChannel channel;
    private long pos;
    private final long end;
    private final byte[] one = new byte[1];

    ChannelInputStream(FileChannel channel, long start, long end) {
        this.channel = channel;
        this.pos = start;
        this.end = end;
    }

    @Override
    public int read() throws IOException {
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        long remaining = end - pos;
        if (remaining <= 0) {
            return -1;
        }
        ByteBuffer buf = ByteBuffer.wrap(b, off, (int) Math.min(len, remaining));
        int n = channel.read(buf, pos);
        if (n < 0) {
            return -1; // the file was truncated while we read it
        }
        pos += n;
        return n;
    }

    @Override
    public long skip(long n) {
        if (n <= 0) {
            return 0;
        }
        long k = Math.min(n, Math.max(0, end - pos));
        pos += k;
        return k;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, end - pos));
    }

    @Override
    public long transferTo(OutputStream out) throws IOException {
        byte[] buf = new byte[(int) Math.min(TRANSFER_BUFFER, Math.max(1, end - pos))];
        long total = 0;
        int n;
        while ((n = read(buf, 0, buf.length)) > 0) {
            out.write(buf, 0, n);
            total += n;
        }
        return total;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
