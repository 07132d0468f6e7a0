package dev.jquic.interop;

import dev.jquic.core.connection.Connection;
import dev.jquic.core.connection.ConnectionEvent;
import dev.jquic.core.stream.StreamEvent;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Server-side echo over a core connection: every stream's bytes back on it, FIN after FIN. */
final class EchoApplication {

    private final Map<Long, ArrayDeque<ByteBuffer>> pending = new HashMap<>();
    private final Set<Long> finishAfterPending = new HashSet<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(65_536);
    int streamsEchoed;

    void onEvent(Connection connection, ConnectionEvent event) {
        if (event instanceof ConnectionEvent.Stream stream && stream.event() instanceof StreamEvent.Readable readable) {
            long id = readable.streamId();
            while (true) {
                readBuffer.clear();
                int read = connection.read(id, readBuffer);
                if (read == -1) {
                    finishAfterPending.add(id);
                    break;
                }
                if (read == 0) {
                    break;
                }
                readBuffer.flip();
                ByteBuffer copy = ByteBuffer.allocate(read).put(readBuffer).flip();
                pending.computeIfAbsent(id, key -> new ArrayDeque<>()).add(copy);
            }
        }
    }

    void afterRound(Connection connection) {
        if (connection == null) {
            return;
        }
        for (var entry : pending.entrySet()) {
            ArrayDeque<ByteBuffer> queue = entry.getValue();
            while (!queue.isEmpty()) {
                connection.write(entry.getKey(), queue.peek());
                if (queue.peek().hasRemaining()) {
                    break;
                }
                queue.poll();
            }
        }
        for (var iterator = finishAfterPending.iterator(); iterator.hasNext();) {
            long id = iterator.next();
            ArrayDeque<ByteBuffer> queue = pending.get(id);
            if (queue == null || queue.isEmpty()) {
                connection.finish(id);
                pending.remove(id);
                iterator.remove();
                streamsEchoed++;
            }
        }
    }
}
