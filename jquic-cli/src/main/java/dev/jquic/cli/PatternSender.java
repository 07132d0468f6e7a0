package dev.jquic.cli;

import dev.jquic.QuicStream;

/**
 * Writes {@code total} bytes of the perf pattern to a stream and finishes it, following the
 * backpressure contract: {@link #pump()} writes until {@link QuicStream#writeSome} takes less
 * than it was given and is called again from {@code onDrain}. Thread-safe (a client may start it
 * off the loop thread).
 */
final class PatternSender {

    private final QuicStream stream;
    private final long total;
    private long sent;
    private boolean finished;

    PatternSender(QuicStream stream, long total) {
        this.stream = stream;
        this.total = total;
    }

    /** Writes until the stream takes less than offered or every byte is written (then finishes it). */
    synchronized void pump() {
        if (finished) {
            return;
        }
        // Bounded: each pass writes one chunk (or the rest), so at most total / chunk + 1 passes.
        while (sent < total) {
            var chunk = PerfProtocol.patternChunk(sent, total - sent);
            int length = chunk.remaining();
            int taken = stream.writeSome(chunk);
            if (taken < 0) {
                return;   // reset or closed: the connection's close reports it
            }
            sent += taken;
            if (taken < length) {
                return;   // onDrain calls pump again
            }
        }
        finished = true;
        stream.finish();
    }

    /** Whether every byte is written and the stream finished. */
    synchronized boolean isFinished() {
        return finished;
    }

    /** Bytes handed to the stream so far. */
    synchronized long sent() {
        return sent;
    }
}
