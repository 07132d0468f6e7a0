package dev.jquic.testkit.quic;

import dev.jquic.core.connection.Connection;
import dev.jquic.core.connection.ConnectionEvent;
import dev.jquic.core.endpoint.EndpointEvent;
import dev.jquic.core.frame.StreamDirection;
import dev.jquic.core.stream.StreamEvent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A client application over an {@link EndpointNode}: on each connection, once its handshake
 * completes, sends {@code bytesPerConnection} pattern bytes on one bidirectional stream, FIN,
 * and checks the echo byte for byte.
 */
final class EndpointClientApp implements EndpointNode.Application {

    private static final class Transfer {
        long streamId = -1;
        long sent;
        long received;
        boolean finished;
        boolean done;
    }

    private final long bytesPerConnection;
    private final Map<Long, Transfer> transfers = new HashMap<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(16 * 1024);
    final List<String> failures = new ArrayList<>();
    int completed;

    EndpointClientApp(long bytesPerConnection) {
        this.bytesPerConnection = bytesPerConnection;
    }

    @Override
    public void onEvent(EndpointNode node, EndpointEvent event, long nowNanos) {
        if (!(event instanceof EndpointEvent.ConnectionEventOf of)) {
            return;
        }
        Connection connection = node.endpoint().connection(of.handle());
        if (of.event() instanceof ConnectionEvent.HandshakeCompleted) {
            Transfer transfer = new Transfer();
            transfer.streamId = connection.openStream(StreamDirection.BIDIRECTIONAL);
            transfers.put(of.handle(), transfer);
        } else if (of.event() instanceof ConnectionEvent.Stream stream
                && stream.event() instanceof StreamEvent.Readable readable) {
            Transfer transfer = transfers.get(of.handle());
            if (transfer != null && transfer.streamId == readable.streamId()) {
                read(connection, transfer);
            }
        }
    }

    private void read(Connection connection, Transfer transfer) {
        while (!transfer.done) {
            readBuffer.clear();
            int read = connection.read(transfer.streamId, readBuffer);
            if (read == 0) {
                return;
            }
            if (read == -1) {
                transfer.done = true;
                if (transfer.received != bytesPerConnection) {
                    failures.add("stream ended at " + transfer.received);
                }
                completed++;
                return;
            }
            for (int i = 0; i < read; i++) {
                if (readBuffer.get(i) != TransferApp.patternByte(transfer.streamId, transfer.received + i)
                        && failures.size() < 10) {
                    failures.add("byte " + (transfer.received + i) + " differs");
                }
            }
            transfer.received += read;
        }
    }

    @Override
    public void afterInput(EndpointNode node, long nowNanos) {
        for (Map.Entry<Long, Transfer> entry : transfers.entrySet()) {
            Transfer transfer = entry.getValue();
            Connection connection = node.endpoint().connection(entry.getKey());
            if (connection == null || transfer.finished) {
                continue;
            }
            while (transfer.sent < bytesPerConnection) {
                int length = (int) Math.min(4096, bytesPerConnection - transfer.sent);
                ByteBuffer chunk = ByteBuffer.allocate(length);
                for (int i = 0; i < length; i++) {
                    chunk.put(TransferApp.patternByte(transfer.streamId, transfer.sent + i));
                }
                chunk.flip();
                int accepted = connection.write(transfer.streamId, chunk);
                transfer.sent += accepted;
                if (accepted < length) {
                    break;
                }
            }
            if (transfer.sent == bytesPerConnection) {
                connection.finish(transfer.streamId);
                transfer.finished = true;
            }
            node.endpoint().markActive(entry.getKey());
        }
    }
}
