package dev.jquic.core.types;

/**
 * The packet types of RFC 9000 §17. The long-header type bits differ between versions:
 * see {@link Version#longHeaderTypeBits(PacketType)}.
 */
public enum PacketType {
    INITIAL(EncryptionLevel.INITIAL),
    ZERO_RTT(EncryptionLevel.ZERO_RTT),
    HANDSHAKE(EncryptionLevel.HANDSHAKE),
    RETRY(null),
    VERSION_NEGOTIATION(null),
    ONE_RTT(EncryptionLevel.ONE_RTT);

    private final EncryptionLevel level;

    PacketType(EncryptionLevel level) {
        this.level = level;
    }

    /** The keys protecting this packet type, or {@code null} for Retry and Version Negotiation. */
    public EncryptionLevel encryptionLevel() {
        return level;
    }

    /** Whether the packet carries frames (every type but Retry and Version Negotiation). */
    public boolean carriesFrames() {
        return level != null;
    }

    public boolean hasLongHeader() {
        return this != ONE_RTT;
    }
}
