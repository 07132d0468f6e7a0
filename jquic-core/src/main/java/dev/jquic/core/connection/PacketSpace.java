package dev.jquic.core.connection;

import dev.jquic.core.crypto.PacketProtection;
import dev.jquic.core.packet.PacketNumbers;
import dev.jquic.core.types.PacketNumberSpace;

/**
 * The per-space state of a connection (RFC 9000 §12.3): packet numbers sent and received, the
 * ACK tracker, and — for the Initial and Handshake spaces — the keys. The application data space
 * keeps its 1-RTT keys in {@link OneRttKeys} and its 0-RTT keys here.
 */
final class PacketSpace {

    final PacketNumberSpace space;
    final AckTracker ackTracker;
    /** The next packet number to send (RFC 9000 §12.3: starts at 0, increases by at least 1). */
    long nextPacketNumber;
    /** Largest packet number processed, or {@link PacketNumbers#NONE}. */
    long largestReceived = PacketNumbers.NONE;
    /** Largest packet number the peer acknowledged, for packet number encoding (RFC 9000 §17.1). */
    long largestAckedByPeer = PacketNumbers.NONE;
    PacketProtection sendKeys;
    PacketProtection receiveKeys;
    /** RFC 9001 §4.9: keys discarded; nothing more is sent or accepted in this space. */
    boolean discarded;
    /** Ack-eliciting probe packets owed after a PTO (RFC 9002 §6.2.4). */
    int probesOwed;
    /** A packet number deliberately never sent (RFC 9000 §21.4), or -1. */
    long skippedPacketNumber = -1;
    /** The next packet number to skip (RFC 9000 §21.4), or -1 before the first is drawn. */
    long packetNumberToSkip = -1;

    PacketSpace(PacketNumberSpace space, long maxAckDelayNanos) {
        this.space = space;
        this.ackTracker = new AckTracker(space, maxAckDelayNanos);
    }

    boolean canSend() {
        return !discarded && sendKeys != null;
    }

    void discard() {
        discarded = true;
        sendKeys = null;
        receiveKeys = null;
        probesOwed = 0;
    }
}
