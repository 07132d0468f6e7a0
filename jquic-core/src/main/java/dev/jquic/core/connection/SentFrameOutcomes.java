package dev.jquic.core.connection;

import dev.jquic.core.frame.CryptoFrame;
import dev.jquic.core.frame.Frame;
import dev.jquic.core.frame.HandshakeDoneFrame;
import dev.jquic.core.frame.NewConnectionIdFrame;
import dev.jquic.core.frame.PathChallengeFrame;
import dev.jquic.core.frame.PathResponseFrame;
import dev.jquic.core.frame.RetireConnectionIdFrame;
import dev.jquic.core.recovery.RecoveryListener;
import dev.jquic.core.recovery.SentPacket;
import dev.jquic.core.trace.ConnectionTracer;
import dev.jquic.core.types.EncryptionLevel;
import dev.jquic.core.types.PacketNumberSpace;

/**
 * Hands what an acknowledged or lost packet carried back to the owner of each frame (RFC 9000
 * §13.3): CRYPTO ranges to the crypto streams, connection-ID frames to their managers, stream and
 * flow-control frames to the stream layer; HANDSHAKE_DONE is sent again when lost; PATH_CHALLENGE
 * and PATH_RESPONSE are never repeated as such (the path manager retries with fresh data).
 */
final class SentFrameOutcomes implements RecoveryListener<SentFrames> {

    /*
     * Records of acknowledged packets, reused for the next packets sent: a new SentFrames and its
     * list cost about 90 bytes per packet (ConnectionTransferBenchmark, JFR). Acknowledgment or
     * loss is the end of a record's life: loss recovery has cleared the packet's slot and calls
     * neither twice (a PTO probe's requeue of a tracked packet does not recycle). Few are kept,
     * so that an idle connection holds little.
     */
    private static final int POOL_CAPACITY = 16;
    private final SentFrames[] pool = new SentFrames[POOL_CAPACITY];
    private int pooled;

    private final Connection connection;

    SentFrameOutcomes(Connection connection) {
        this.connection = connection;
    }

    /** An empty record for a packet about to be built. */
    SentFrames newSentFrames() {
        if (pooled == 0) {
            return new SentFrames();
        }
        SentFrames reused = pool[--pooled];
        pool[pooled] = null;
        return reused;
    }

    /** Returns a record nothing refers to any more (its packet was acknowledged, or never sent). */
    void recycle(SentFrames sent) {
        if (pooled < POOL_CAPACITY) {
            sent.clear();
            pool[pooled++] = sent;
        }
    }

    @Override
    public void onPacketAcknowledged(PacketNumberSpace space, SentPacket<SentFrames> packet) {
        if (space == PacketNumberSpace.APPLICATION) {
            connection.mtu.onPacketAcknowledged(packet.packetNumber(), packet.sizeBytes(), connection.nowNanos);
        }
        SentFrames sent = packet.contents();
        if (sent == null) {
            return;
        }
        Connection c = connection;
        EncryptionLevel level = DatagramAssembler.levelOf(space);
        for (int i = 0; i < sent.frames.size(); i++) {
            Frame frame = sent.frames.get(i);
            if (frame instanceof CryptoFrame crypto) {
                c.crypto.onFrameAcked(level, crypto);
            } else if (frame instanceof RetireConnectionIdFrame retire) {
                c.peerConnectionIds.onFrameAcknowledged(retire);
            } else if (frame instanceof HandshakeDoneFrame) {
                c.handshakeDoneAcknowledged = true;
            } else if (!(frame instanceof NewConnectionIdFrame)) {
                c.streams.onFrameAcked(frame);
            }
        }
        if (sent.largestAcknowledgedInAck >= 0) {
            c.space(space).ackTracker.onAckOfAckReceived(sent.largestAcknowledgedInAck);
        }
        if (sent.oneRtt && c.oneRttKeys != null) {
            c.oneRttKeys.onPacketAcknowledged(packet.packetNumber(), c.nowNanos, c.currentPtoNanos());
        }
        recycle(sent);
    }

    @Override
    public void onPacketLost(PacketNumberSpace space, SentPacket<SentFrames> packet) {
        if (connection.tracer != ConnectionTracer.NONE) {
            connection.tracer.packetLost(connection.nowNanos, space, packet.packetNumber());
        }
        if (space == PacketNumberSpace.APPLICATION) {
            connection.mtu.onPacketLost(packet.packetNumber(), packet.sizeBytes(), connection.nowNanos);
        }
        requeue(space, packet.contents());
        if (packet.contents() != null) {
            recycle(packet.contents());
        }
    }

    /** RFC 9000 §14.4: the loss of a PMTU probe is not a congestion signal. */
    @Override
    public boolean isCongestionSignalWhenLost(PacketNumberSpace space, SentPacket<SentFrames> packet) {
        return space != PacketNumberSpace.APPLICATION || !connection.mtu.isProbe(packet.packetNumber());
    }

    /**
     * Queues what {@code sent} carried for sending again, as if it had been lost: used for lost
     * packets and for PTO probes that repeat the oldest unacknowledged packet (RFC 9002 §6.2.4).
     * Owners tolerate a later acknowledgment of the original.
     */
    void requeue(PacketNumberSpace space, SentFrames sent) {
        if (sent == null) {
            return;
        }
        Connection c = connection;
        EncryptionLevel level = DatagramAssembler.levelOf(space);
        for (int i = 0; i < sent.frames.size(); i++) {
            Frame frame = sent.frames.get(i);
            if (frame instanceof CryptoFrame crypto) {
                c.crypto.onFrameLost(level, crypto);
            } else if (frame instanceof NewConnectionIdFrame newId) {
                c.localConnectionIds.onFrameLost(newId);
            } else if (frame instanceof RetireConnectionIdFrame retire) {
                c.peerConnectionIds.onFrameLost(retire);
            } else if (frame instanceof HandshakeDoneFrame) {
                // RFC 9000 §13.3: HANDSHAKE_DONE is sent again until acknowledged.
                c.handshakeDoneToSend = true;
            } else if (!(frame instanceof PathChallengeFrame) && !(frame instanceof PathResponseFrame)) {
                c.streams.onFrameLost(frame);
            }
        }
    }

    @Override
    public boolean hasHandshakeCryptoToSend() {
        return connection.crypto.hasDataToSend(EncryptionLevel.HANDSHAKE);
    }
}
