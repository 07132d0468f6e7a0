package dev.jquic.cli;

import dev.jquic.QuicCloseReason;
import dev.jquic.QuicConnection;
import dev.jquic.QuicHandler;
import dev.jquic.QuicStats;
import dev.jquic.QuicStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The echo server's callbacks: every byte received on a bidirectional stream goes back on the
 * same stream, and the stream is finished when the peer finishes it. Unidirectional streams
 * cannot be echoed; their bytes are discarded. Events are logged one line each, prefixed with
 * {@code prefix}.
 */
final class EchoHandler implements QuicHandler {

    private final PrintWriter log;
    private final String prefix;
    private final List<QuicConnection> connections = new CopyOnWriteArrayList<>();

    EchoHandler(PrintWriter log, String prefix) {
        this.log = log;
        this.prefix = prefix;
    }

    /** Every connection that completed its handshake, in order. */
    List<QuicConnection> connections() {
        return connections;
    }

    @Override
    public void onConnection(QuicConnection connection) {
        log.println(prefix + "connection from " + Display.address(connection.remoteAddress()));
    }

    @Override
    public void onOpen(QuicConnection connection) {
        connections.add(connection);
        log.println(prefix + "handshake complete with " + Display.address(connection.remoteAddress())
                + ", ALPN " + connection.alpn());
    }

    @Override
    public void onStream(QuicStream stream) {
        if (!stream.isBidirectional()) {
            log.println(prefix + "stream " + stream.id() + " is unidirectional: its bytes are discarded");
        }
    }

    @Override
    public void onData(QuicStream stream, ByteBuffer data, boolean fin) {
        if (!stream.isBidirectional()) {
            return;
        }
        if (data.hasRemaining()) {
            ByteBuffer copy = ByteBuffer.allocate(data.remaining());
            copy.put(data).flip();
            // Above the high-water mark write() still queues the bytes; an echo server has no
            // better choice than to keep them (the peer's flow control bounds them).
            stream.write(copy);
        }
        if (fin) {
            stream.finish();
        }
    }

    @Override
    public void onStreamReset(QuicStream stream, long errorCode) {
        log.println(prefix + "stream " + stream.id() + " reset by the peer with code " + errorCode);
        stream.reset(errorCode);
    }

    @Override
    public void onClose(QuicConnection connection, QuicCloseReason reason) {
        QuicStats stats = connection.stats();
        log.println(prefix + "connection with " + Display.address(connection.remoteAddress()) + " closed: "
                + Display.closeReason(reason) + "; " + stats.streamsOpenedByPeer() + " streams, "
                + stats.bytesReceived() + " bytes received, " + stats.bytesSent() + " sent");
    }

    @Override
    public void onError(QuicConnection connection, Throwable error) {
        String where = connection == null ? "" : " (" + Display.address(connection.remoteAddress()) + ")";
        log.println(prefix + "error" + where + ": " + JquicCommand.describe(error));
    }
}
