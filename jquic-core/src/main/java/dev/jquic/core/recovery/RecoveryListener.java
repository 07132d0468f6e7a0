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
}
