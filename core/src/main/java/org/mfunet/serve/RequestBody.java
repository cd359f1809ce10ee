package org.mfunet.serve;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * A request body read with two limits: at most {@code maxBytes} bytes (413 past it) and the whole of it within
 * {@code timeout} of the request's start (408 past it, checked at each read, so a client that trickles its upload is
 * stopped; one that stalls inside a read is cut off by the server's own request time limit).
 */
final class RequestBody extends FilterInputStream {
    private final long maxBytes;
    private final long deadline;
    private final Duration timeout;
    private long count;

    RequestBody(InputStream in, long maxBytes, long startNanos, Duration timeout) {
        super(in);
        this.maxBytes = maxBytes;
        this.deadline = startNanos + timeout.toNanos();
        this.timeout = timeout;
    }

    /** The connection broke while the body was being read: the client is gone, or was cut off. */
    static final class ClientGone extends IOException {
        ClientGone(IOException cause) {
            super("the client's connection broke: " + cause.getMessage(), cause);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        checkDeadline();
        int n;
        try {
            n = super.read(buffer, offset, length);
        } catch (IOException e) {
            throw new ClientGone(e);
        }
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    /**
     * Reads and drops what is left of the body, at most {@code limit} more bytes, so that a client still sending gets
     * to read the answer; quietly stops at the limit, the deadline or an I/O error (the connection is then closed).
     */
    void discardRest(long limit) {
        byte[] buffer = new byte[1 << 16];
        long dropped = 0;
        try {
            while (dropped < limit && System.nanoTime() < deadline) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - dropped));
                if (n < 0) {
                    return;
                }
                dropped += n;
            }
        } catch (IOException e) {
            // the client went away: nothing left to answer
        }
    }

    private void counted(int n) {
        count += n;
        if (count > maxBytes) {
            throw new ApiException(413, "the upload is larger than the limit of " + megabytes(maxBytes) + " MB");
        }
    }

    private void checkDeadline() {
        if (System.nanoTime() > deadline) {
            throw new ApiException(408, "the request did not arrive within " + timeout.toSeconds() + " s");
        }
    }

    /** Bytes in MB (10^6), as {@code --max-upload-mb} counts them, without a fraction when whole. */
    static String megabytes(long bytes) {
        return bytes % 1_000_000 == 0 ? Long.toString(bytes / 1_000_000)
                : String.format(java.util.Locale.ROOT, "%.3f", bytes / 1e6);
    }
}
