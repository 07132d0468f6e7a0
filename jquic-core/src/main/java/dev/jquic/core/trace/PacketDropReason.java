package dev.jquic.core.trace;

/**
 * Why a received packet was dropped, named after the triggers of qlog's
 * {@code transport:packet_dropped} event (draft-ietf-quic-qlog-quic-events §5.7).
 */
public enum PacketDropReason {
    /** It could not be parsed (RFC 9000 §12.2: the rest of its datagram goes with it). */
    INVALID("invalid"),
    /** Its keys were discarded (RFC 9001 §4.9) or never come for this role (a client's 0-RTT). */
    KEY_UNAVAILABLE("key_unavailable"),
    /** Its keys do not exist yet and the buffer of such packets (RFC 9001 §5.7) is full. */
    BUFFER_FULL("general"),
    /** Authentication failed (RFC 9001 §5.3; corrupted or forged). */
    DECRYPTION_FAILURE("decryption_failure"),
    /** A packet number already received (RFC 9000 §12.3). */
    DUPLICATE("duplicate"),
    /** A version this connection does not use. */
    UNSUPPORTED("unsupported"),
    /** Well formed, but not acceptable here (a Retry or Version Negotiation out of turn, RFC 9000 §14.1). */
    REJECTED("rejected");

    private final String qlogTrigger;

    PacketDropReason(String qlogTrigger) {
        this.qlogTrigger = qlogTrigger;
    }

    /** The qlog trigger string. */
    public String qlogTrigger() {
        return qlogTrigger;
    }
}
