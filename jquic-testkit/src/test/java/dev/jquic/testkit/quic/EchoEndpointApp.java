package dev.jquic.testkit.quic;

import dev.jquic.core.connection.Connection;
import dev.jquic.core.connection.ConnectionEvent;
import dev.jquic.core.endpoint.EndpointEvent;
import dev.jquic.core.stream.StreamEvent;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/** A server application over an {@link EndpointNode}: every stream's bytes go back on the same stream, FIN after. */
final class EchoEndpointApp implements EndpointNode.Application {

    private static final class Echo {
        final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
        boolean peerFinished;
        boolean finished;
    }

    private final Map<Long, Map<Long, Echo>> echoes = new HashMap<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(16 * 1024);
    int accepted;
    int forgotten;

    @Override
    public void onEvent(EndpointNode node, EndpointEvent event, long nowNanos) {
        if (event instanceof EndpointEvent.ConnectionAccepted) {
            accepted++;
        } else if (event instanceof EndpointEvent.ConnectionForgotten forgottenEvent) {
            forgotten++;
            echoes.remove(forgottenEvent.handle());
        } else if (event instanceof EndpointEvent.ConnectionEventOf of
                && of.event() instanceof ConnectionEvent.Stream stream) {
            long streamId;
            if (stream.event() instanceof StreamEvent.Readable readable) {
                streamId = readable.streamId();
            } else if (stream.event() instanceof StreamEvent.PeerOpened opened) {
                streamId = opened.streamId();
            } else {
                return;
            }
            read(node, of.handle(), streamId);
        }
    }

    private void read(EndpointNode node, long handle, long streamId) {
        Connection connection = node.endpoint().connection(handle);
        if (connection == null) {
            return;
        }
        Echo echo = echoes.computeIfAbsent(handle, h -> new HashMap<>()).computeIfAbsent(streamId, s -> new Echo());
        while (!echo.peerFinished) {
            readBuffer.clear();
            int read = connection.read(streamId, readBuffer);
            if (read == -1) {
                echo.peerFinished = true;
            } else if (read == 0) {
                break;
            } else {
                readBuffer.flip();
                ByteBuffer copy = ByteBuffer.allocate(read);
                copy.put(readBuffer).flip();
                echo.pending.add(copy);
            }
        }
    }

    @Override
    public void afterInput(EndpointNode node, long nowNanos) {
        for (Map.Entry<Long, Map<Long, Echo>> perConnection : echoes.entrySet()) {
            long handle = perConnection.getKey();
            Connection connection = node.endpoint().connection(handle);
            if (connection == null) {
                continue;
            }
            boolean touched = false;
            for (Map.Entry<Long, Echo> entry : perConnection.getValue().entrySet()) {
                Echo echo = entry.getValue();
                while (!echo.pending.isEmpty()) {
                    ByteBuffer head = echo.pending.peek();
                    if (connection.write(entry.getKey(), head) > 0) {
                        touched = true;
                    }
                    if (head.hasRemaining()) {
                        break;
                    }
                    echo.pending.poll();
                }
                if (echo.pending.isEmpty() && echo.peerFinished && !echo.finished) {
                    echo.finished = true;
                    connection.finish(entry.getKey());
                    touched = true;
                }
            }
            if (touched) {
                node.endpoint().markActive(handle);
            }
        }
    }
}
