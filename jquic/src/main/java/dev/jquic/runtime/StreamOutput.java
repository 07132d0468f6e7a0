package dev.jquic.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * The blocking {@link OutputStream} of a stream, for a thread other than the event loop: each
 * write queues its bytes and then waits while the stream is above its high-water mark; {@link
 * #close()} finishes the stream (FIN).
 */
final class StreamOutput extends OutputStream {

    private final LoopStream stream;
    private boolean closed;

    StreamOutput(LoopStream stream) {
        this.stream = stream;
    }

    @Override
    public void write(int value) throws IOException {
        write(new byte[] {(byte) value}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] source, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, source.length);
        stream.requireOffLoop();
        if (closed) {
            throw new IOException("output stream closed");
        }
        if (stream.isSendClosed()) {
            throw new IOException(stream + " was reset or closed");
        }
        if (!stream.write(ByteBuffer.wrap(source, offset, length))) {
            stream.awaitWritable();
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            if (!stream.isSendClosed()) {
                stream.finish();
            }
        }
    }
}
