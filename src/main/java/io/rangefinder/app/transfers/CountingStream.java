package io.rangefinder.app.transfers;

import io.rangefinder.core.CancellationToken;
import io.rangefinder.core.CancelledException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts bytes into a transfer as the store reads them (the sampler shows them) and stops reading once cancelled. */
final class CountingStream extends FilterInputStream {

    private final Transfer transfer;
    private final CancellationToken token;

    CountingStream(InputStream in, Transfer transfer, CancellationToken token) {
        super(in);
        this.transfer = transfer;
        this.token = token;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (token.isCancelled()) {
            throw new CancelledException(token.reason());
        }
        int n = super.read(b, off, len);
        if (n > 0) {
            transfer.addBytes(n);
        }
        return n;
    }
}
