package dev.jquic.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The blocking {@link InputStream} of a stream, for a thread other than the event loop. The loop
 * copies received bytes in while fewer than {@link #CAPACITY} are buffered; it stops reading from
 * the core beyond that, so QUIC flow control holds the peer back until this stream is read.
 */
final class StreamInput extends InputStream {

    static final int CAPACITY = 1 << 20;

    private final LoopStream stream;
    private final EndpointLoop loop;
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private int headOffset;
    private int buffered;
    private boolean ended;
    private boolean closed;
    private boolean starved;
    private IOException failure;

    StreamInput(LoopStream stream, EndpointLoop loop) {
        this.stream = stream;
        this.loop = loop;
    }

    /** Loop: bytes the buffer takes now (0 marks the loop as waiting for a read). */
    synchronized int room() {
        if (closed) {
            return CAPACITY;
        }
        int room = CAPACITY - buffered;
        if (room <= 0) {
            starved = true;
        }
        return room;
    }

    synchronized void offer(ByteBuffer data, boolean fin) {
        if (!closed && data.hasRemaining()) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            chunks.add(chunk);
            buffered += chunk.length;
        }
        data.position(data.limit());
        if (fin) {
            ended = true;
        }
        notifyAll();
    }

    synchronized void fail(IOException cause) {
        if (!ended && failure == null) {
            failure = cause;
        }
        notifyAll();
    }

    synchronized void endIfOpen() {
        if (failure == null) {
            ended = true;
        }
        notifyAll();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int count = read(one, 0, 1);
        return count < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] destination, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, destination.length);
        if (loop.inLoop()) {
            throw new IllegalStateException("blocking stream I/O on the event-loop thread");
        }
        if (length == 0) {
            return 0;
        }
        boolean resume;
        int count;
        synchronized (this) {
            try {
                while (chunks.isEmpty() && !ended && failure == null && !closed) {
                    wait();
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading " + stream);
            }
            if (closed) {
                throw new IOException("input stream closed");
            }
            if (chunks.isEmpty()) {
                if (failure != null) {
                    throw failure;
                }
                return -1;
            }
            count = 0;
            while (count < length && !chunks.isEmpty()) {
                byte[] head = chunks.peek();
                int take = Math.min(length - count, head.length - headOffset);
                System.arraycopy(head, headOffset, destination, offset + count, take);
                count += take;
                headOffset += take;
                if (headOffset == head.length) {
                    chunks.poll();
                    headOffset = 0;
                }
            }
            buffered -= count;
            resume = starved && buffered < CAPACITY / 2;
            if (resume) {
                starved = false;
            }
        }
        if (resume) {
            loop.execute(stream::deliverReadable);
        }
        return count;
    }

    @Override
    public synchronized int available() {
        return buffered;
    }

    /** Stops reading: STOP_SENDING (code 0) unless everything arrived. */
    @Override
    public void close() {
        boolean stop;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            stop = !ended && failure == null;
            chunks.clear();
            buffered = 0;
            notifyAll();
        }
        if (stop) {
            stream.stopSending(0);
        }
    }
}
