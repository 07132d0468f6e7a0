package dev.jquic.cli;

import dev.jquic.QuicCloseReason;
import dev.jquic.QuicConnection;
import dev.jquic.QuicHandler;
import dev.jquic.QuicStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * The client's callbacks: the bytes received on the one stream it watches go to {@code out} as
 * they arrive; {@link #finished()} completes with their count when the peer finishes that stream
 * and fails when the stream is reset or the connection closes first.
 */
final class StreamPrinter implements QuicHandler {

    private final PrintStream out;
    private final CompletableFuture<Long> finished = new CompletableFuture<>();
    private final CompletableFuture<QuicCloseReason> closed = new CompletableFuture<>();
    private final Semaphore drained = new Semaphore(0);
    private volatile QuicStream watched;
    private long receivedBytes;

    StreamPrinter(PrintStream out) {
        this.out = out;
    }

    /** Prints what arrives on {@code stream} from now on; call before writing to it. */
    void watch(QuicStream stream) {
        watched = stream;
    }

    /** Completes with the number of bytes received when the peer finishes the stream. */
    CompletableFuture<Long> finished() {
        return finished;
    }

    /** Completes when the connection closes (onClose), with the reason. */
    CompletableFuture<QuicCloseReason> closed() {
        return closed;
    }

    /** Released each time the watched stream can take writes again. */
    Semaphore drained() {
        return drained;
    }

    @Override
    public void onData(QuicStream stream, ByteBuffer data, boolean fin) {
        if (stream != watched) {
            return;
        }
        int length = data.remaining();
        if (length > 0) {
            byte[] bytes = new byte[length];
            data.get(bytes);
            out.write(bytes, 0, length);
            receivedBytes += length;
        }
        if (fin) {
            out.flush();
            finished.complete(receivedBytes);
        }
    }

    @Override
    public void onDrain(QuicStream stream) {
        if (stream == watched) {
            drained.release();
        }
    }

    @Override
    public void onStreamReset(QuicStream stream, long errorCode) {
        if (stream == watched) {
            finished.completeExceptionally(new CommandFailure("the server reset the stream (application code "
                    + errorCode + ")"));
        }
    }

    @Override
    public void onStopSending(QuicStream stream, long errorCode) {
        if (stream == watched) {
            finished.completeExceptionally(new CommandFailure("the server stopped reading the stream (application code "
                    + errorCode + ")"));
        }
    }

    @Override
    public void onClose(QuicConnection connection, QuicCloseReason reason) {
        finished.completeExceptionally(new CommandFailure("the connection closed before the server finished the stream: "
                + Display.closeReason(reason)));
        drained.release();
        closed.complete(reason);
    }
}
