package dev.jquic.core.stream;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.frame.DataBlockedFrame;
import dev.jquic.core.frame.Frame;
import dev.jquic.core.frame.FrameDecoder;
import dev.jquic.core.frame.MaxDataFrame;
import dev.jquic.core.frame.MaxStreamDataFrame;
import dev.jquic.core.frame.MaxStreamsFrame;
import dev.jquic.core.frame.ResetStreamFrame;
import dev.jquic.core.frame.StopSendingFrame;
import dev.jquic.core.frame.StreamDataBlockedFrame;
import dev.jquic.core.frame.StreamFrame;
import dev.jquic.core.frame.StreamsBlockedFrame;
import dev.jquic.core.types.EndpointRole;
import dev.jquic.core.types.PacketType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Two {@link StreamManager}s (client and server) exchanging frames in memory: one "packet" is
 * written by {@link StreamManager#writeFrames}, encoded, decoded with {@link FrameDecoder} and fed
 * to the peer; a lost packet's frames go back through {@link StreamManager#onFrameLost}, a
 * delivered packet's through {@link StreamManager#onFrameAcked}.
 */
final class StreamPair {
    static final int PACKET_SIZE = 1200;
    static final long RTT_NANOS = 10_000_000L;

    final StreamManager client;
    final StreamManager server;
    private final Random random;
    private final int lossPercent;
    long nowNanos;
    /** Simulated time between two packets (a fat pipe sends many per round trip). */
    long nanosPerPacket = RTT_NANOS / 4;
    /** The payload budget of one packet. */
    int packetSize = PACKET_SIZE;
    /** Frames of the last packet each side wrote (delivered or not). */
    final List<Frame> lastClientFrames = new ArrayList<>();
    final List<Frame> lastServerFrames = new ArrayList<>();

    StreamPair(StreamLimits clientLimits, StreamLimits serverLimits, long seed, int lossPercent) {
        this.client = new StreamManager(EndpointRole.CLIENT, clientLimits);
        this.server = new StreamManager(EndpointRole.SERVER, serverLimits);
        this.random = new Random(seed);
        this.lossPercent = lossPercent;
        exchangeLimits(client, serverLimits);
        exchangeLimits(server, clientLimits);
    }

    StreamPair(StreamLimits limits) {
        this(limits, limits, 1, 0);
    }

    private static void exchangeLimits(StreamManager manager, StreamLimits peer) {
        manager.onPeerLimits(peer.initialMaxData(), peer.initialMaxStreamDataBidiLocal(),
                peer.initialMaxStreamDataBidiRemote(), peer.initialMaxStreamDataUni(),
                peer.initialMaxStreamsBidi(), peer.initialMaxStreamsUni());
    }

    /** One packet from the client to the server; returns the frames written. */
    List<Frame> clientToServer() throws QuicProtocolException {
        return send(client, server, lastClientFrames);
    }

    List<Frame> serverToClient() throws QuicProtocolException {
        return send(server, client, lastServerFrames);
    }

    /** Sends packets both ways while either side wants to, at most {@code maxPackets} per side. */
    void pump(int maxPackets) throws QuicProtocolException {
        for (int i = 0; i < maxPackets && (client.wantsToSend() || server.wantsToSend()); i++) {
            if (client.wantsToSend()) {
                clientToServer();
            }
            if (server.wantsToSend()) {
                serverToClient();
            }
        }
    }

    private List<Frame> send(StreamManager from, StreamManager to, List<Frame> record) throws QuicProtocolException {
        nowNanos += nanosPerPacket;
        ByteBuffer packet = ByteBuffer.allocate(PACKET_SIZE + 100);
        List<Frame> sent = new ArrayList<>();
        int written = from.writeFrames(packet, packetSize, sent, nowNanos, RTT_NANOS);
        if (written != packet.position() || written > packetSize) {
            throw new AssertionError("writeFrames returned " + written + ", wrote " + packet.position()
                    + ", budget " + packetSize);
        }
        int frameBytes = sent.stream().mapToInt(Frame::encodedLength).sum();
        if (frameBytes != written) {
            throw new AssertionError("frames of " + frameBytes + " bytes but " + written + " written");
        }
        record.clear();
        record.addAll(sent);
        if (written == 0) {
            return sent;
        }
        boolean lost = random.nextInt(100) < lossPercent;
        if (lost) {
            sent.forEach(from::onFrameLost);
            return sent;
        }
        packet.flip();
        for (Frame frame : FrameDecoder.decodeAll(packet, PacketType.ONE_RTT)) {
            deliver(to, frame);
        }
        sent.forEach(from::onFrameAcked);
        return sent;
    }

    static void deliver(StreamManager to, Frame frame) throws QuicProtocolException {
        if (frame instanceof StreamFrame f) {
            to.onStreamFrame(f);
        } else if (frame instanceof ResetStreamFrame f) {
            to.onResetStream(f);
        } else if (frame instanceof StopSendingFrame f) {
            to.onStopSending(f);
        } else if (frame instanceof MaxDataFrame f) {
            to.onMaxData(f);
        } else if (frame instanceof MaxStreamDataFrame f) {
            to.onMaxStreamData(f);
        } else if (frame instanceof MaxStreamsFrame f) {
            to.onMaxStreams(f);
        } else if (frame instanceof DataBlockedFrame f) {
            to.onDataBlocked(f);
        } else if (frame instanceof StreamDataBlockedFrame f) {
            to.onStreamDataBlocked(f);
        } else if (frame instanceof StreamsBlockedFrame f) {
            to.onStreamsBlocked(f);
        } else {
            throw new AssertionError("unexpected frame " + frame);
        }
    }

    /** Small windows and stream counts, so flow control and MAX_STREAMS are exercised. */
    static StreamLimits smallLimits() {
        return new StreamLimits(16 * 1024, 4 * 1024, 4 * 1024, 4 * 1024, 3, 3, 64 * 1024, 32 * 1024, 8 * 1024, 64);
    }
}
