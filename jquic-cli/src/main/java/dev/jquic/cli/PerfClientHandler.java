package dev.jquic.cli;

import dev.jquic.QuicHandler;
import dev.jquic.QuicStream;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The client's callbacks, handed on to the workload's listener of each stream. */
final class PerfClientHandler implements QuicHandler {

    /** What a workload does with one of its streams (called on the loop thread). */
    interface StreamListener {
        void onData(QuicStream stream, ByteBuffer data, boolean fin);

        default void onDrain(QuicStream stream) {
        }

        void onFailure(QuicStream stream, String problem);
    }

    private final Map<QuicStream, StreamListener> listeners = new ConcurrentHashMap<>();

    /** Routes {@code stream}'s events to {@code listener}; call before writing to it. */
    void listen(QuicStream stream, StreamListener listener) {
        listeners.put(stream, listener);
    }

    @Override
    public void onData(QuicStream stream, ByteBuffer data, boolean fin) {
        StreamListener listener = fin ? listeners.remove(stream) : listeners.get(stream);
        if (listener != null) {
            listener.onData(stream, data, fin);
        }
    }

    @Override
    public void onDrain(QuicStream stream) {
        StreamListener listener = listeners.get(stream);
        if (listener != null) {
            listener.onDrain(stream);
        }
    }

    @Override
    public void onStreamReset(QuicStream stream, long errorCode) {
        fail(stream, "the server reset stream " + stream.id() + " (error code " + errorCode + ")");
    }

    @Override
    public void onStopSending(QuicStream stream, long errorCode) {
        fail(stream, "the server stopped stream " + stream.id() + " (error code " + errorCode + ")");
    }

    @Override
    public void onClose(dev.jquic.QuicConnection connection, dev.jquic.QuicCloseReason reason) {
        for (QuicStream stream : listeners.keySet()) {
            if (stream.connection() == connection) {
                fail(stream, "the connection closed: " + Display.closeReason(reason));
            }
        }
    }

    private void fail(QuicStream stream, String problem) {
        StreamListener listener = listeners.remove(stream);
        if (listener != null) {
            listener.onFailure(stream, problem);
        }
    }
}
