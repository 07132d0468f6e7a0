package dev.jquic.cli;

import dev.jquic.QuicHandler;
import dev.jquic.QuicStats;
import dev.jquic.QuicStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The server side of {@link PerfProtocol}: one state per client-opened stream, all on the loop thread. */
final class PerfServerHandler implements QuicHandler {

    /** What the server knows of one stream. */
    private static final class Incoming {
        final ByteBuffer header = ByteBuffer.allocate(PerfProtocol.HEADER_BYTES);
        final long startNanos = System.nanoTime();
        long bodyBytes;
        PatternSender sender;
    }

    private final Map<QuicStream, Incoming> streams = new ConcurrentHashMap<>();
    private final PrintWriter out;

    PerfServerHandler(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void onStream(QuicStream stream) {
        if (!stream.isBidirectional()) {
            stream.stopSending(PerfProtocol.BAD_HEADER);
            return;
        }
        streams.put(stream, new Incoming());
    }

    @Override
    public void onData(QuicStream stream, ByteBuffer data, boolean fin) {
        Incoming incoming = streams.get(stream);
        if (incoming == null || incoming.sender != null) {
            return;
        }
        if (incoming.header.hasRemaining()) {
            int take = Math.min(incoming.header.remaining(), data.remaining());
            incoming.header.put(data.slice(data.position(), take));
            data.position(data.position() + take);
        }
        incoming.bodyBytes += data.remaining();
        if (fin) {
            respond(stream, incoming);
        }
    }

    private void respond(QuicStream stream, Incoming incoming) {
        ByteBuffer header = incoming.header;
        if (header.hasRemaining()) {
            reject(stream);
            return;
        }
        byte kind = header.get(0);
        long argument = header.getLong(1);
        if (kind == PerfProtocol.UPLOAD) {
            streams.remove(stream);
            stream.write(ByteBuffer.allocate(Long.BYTES).putLong(0, incoming.bodyBytes));
            stream.finish();
            report("upload", stream, incoming.bodyBytes, incoming.startNanos);
        } else if ((kind == PerfProtocol.DOWNLOAD || kind == PerfProtocol.REQUEST)
                && argument >= 0 && argument <= PerfProtocol.MAX_ARGUMENT) {
            incoming.sender = new PatternSender(stream, argument);
            pump(stream, incoming);
        } else {
            reject(stream);
        }
    }

    @Override
    public void onDrain(QuicStream stream) {
        Incoming incoming = streams.get(stream);
        if (incoming != null && incoming.sender != null) {
            pump(stream, incoming);
        }
    }

    private void pump(QuicStream stream, Incoming incoming) {
        incoming.sender.pump();
        if (incoming.sender.isFinished()) {
            streams.remove(stream);
            if (incoming.header.get(0) == PerfProtocol.DOWNLOAD) {
                report("download", stream, incoming.sender.sent(), incoming.startNanos);
            }
        }
    }

    @Override
    public void onStreamReset(QuicStream stream, long errorCode) {
        streams.remove(stream);
    }

    @Override
    public void onStopSending(QuicStream stream, long errorCode) {
        streams.remove(stream);
    }

    @Override
    public void onClose(dev.jquic.QuicConnection connection, dev.jquic.QuicCloseReason reason) {
        streams.keySet().removeIf(stream -> stream.connection() == connection);
    }

    private void reject(QuicStream stream) {
        streams.remove(stream);
        stream.reset(PerfProtocol.BAD_HEADER);
        stream.stopSending(PerfProtocol.BAD_HEADER);
    }

    /**
     * One line per bulk transfer (requests are too many to log one by one), with the server's
     * side of the connection: for a download it is the sender, whose losses and window matter.
     * A download is reported when its last byte is queued, so its figure includes up to one
     * high-water mark of bytes still in flight.
     */
    private void report(String what, QuicStream stream, long bytes, long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        QuicStats stats = stream.connection().stats();
        out.printf(Locale.ROOT, "%s: %d bytes in %.2f s (%.1f MiB/s); server side: %d packets sent, %d lost, %d stream bytes"
                + " retransmitted, smoothed rtt %.3f ms, congestion window %d bytes%n", what, bytes, seconds,
                bytes / 1048576.0 / Math.max(seconds, 1e-9), stats.packetsSent(), stats.packetsLost(),
                stats.streamBytesRetransmitted(), stats.smoothedRtt() == null ? 0.0 : stats.smoothedRtt().toNanos() / 1e6,
                stats.congestionWindowBytes());
    }
}
