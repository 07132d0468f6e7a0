package dev.jquic.core.recovery;

import dev.jquic.core.types.PacketNumberSpace;

/**
 * Receives the outcome of ACK processing and loss detection from {@link LossRecovery}. Losses
 * of one ACK or timeout are reported before its acknowledgments, packets in each group in
 * ascending packet number order. Callbacks must not call back into the {@link LossRecovery}.
 *
 * @param <T> the connection's type for packet contents
 */
public interface RecoveryListener<T> {

    /** {@code packet} was newly acknowledged in {@code space}. */
    void onPacketAcknowledged(PacketNumberSpace space, SentPacket<T> packet);

    /** {@code packet} was declared lost in {@code space}; its information should be re-queued. */
    void onPacketLost(PacketNumberSpace space, SentPacket<T> packet);

    /**
     * Whether the loss of the in-flight {@code packet} is a congestion signal. A PMTU probe's is
     * not (RFC 9000 §14.4; RFC 8899 §3 item 7): it leaves bytes in flight without a congestion
     * event and does not count toward persistent congestion. Asked before {@link #onPacketLost}.
     */
    default boolean isCongestionSignalWhenLost(PacketNumberSpace space, SentPacket<T> packet) {
        return true;
    }

    /**
     * Whether CRYPTO data of the Handshake level waits to be sent (again): declared lost and not
     * yet resent, typically held back by the congestion window. Asked for a client whose handshake
     * is not confirmed and that has no Handshake packet in flight.
     */
    default boolean hasHandshakeCryptoToSend() {
        return false;
    }
}
