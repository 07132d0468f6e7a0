package dev.jquic.core.recovery;

/** What {@link LossRecovery#onAckReceived} made of an ACK frame. */
public enum AckOutcome {
    /** The ACK acknowledged nothing new (duplicate or reordered ACK). */
    NOTHING_NEW,
    /** At least one tracked packet was newly acknowledged. */
    NEWLY_ACKNOWLEDGED,
    /**
     * The ACK covers a packet number this endpoint never sent in that space; RFC 9000 §13.1:
     * the connection MAY treat this as a connection error of type PROTOCOL_VIOLATION. No state
     * was changed.
     */
    UNSENT_PACKET_ACKNOWLEDGED
}
