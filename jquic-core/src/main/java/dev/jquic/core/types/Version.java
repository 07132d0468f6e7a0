package dev.jquic.core.types;

/**
 * A QUIC version number (RFC 8999 §5.1, RFC 9000 §15). Known versions are QUIC v1 (RFC 9000)
 * and QUIC v2 (RFC 9369); others can be represented so that Version Negotiation can name them.
 */
public record Version(int value) {
    public static final Version V1 = new Version(0x0000_0001);
    public static final Version V2 = new Version(0x6b33_43cf);
    /** RFC 9000 §17.2.1: version 0 identifies a Version Negotiation packet. */
    public static final Version NEGOTIATION = new Version(0);

    public static Version of(int value) {
        return switch (value) {
            case 0x0000_0001 -> V1;
            case 0x6b33_43cf -> V2;
            case 0 -> NEGOTIATION;
            default -> new Version(value);
        };
    }

    /** Whether jquic implements this version. */
    public boolean isSupported() {
        return this.equals(V1) || this.equals(V2);
    }

    /** RFC 9000 §15: versions 0x?a?a?a?a are reserved to exercise version negotiation. */
    public boolean isReservedForGrease() {
        return (value & 0x0f0f_0f0f) == 0x0a0a_0a0a;
    }

    /**
     * The two long-header type bits of {@code type} in this version.
     * RFC 9000 §17.2 (v1): Initial 0, 0-RTT 1, Handshake 2, Retry 3.
     * RFC 9369 §3.2 (v2): Initial 1, 0-RTT 2, Handshake 3, Retry 0.
     */
    public int longHeaderTypeBits(PacketType type) {
        int v1Bits = switch (type) {
            case INITIAL -> 0;
            case ZERO_RTT -> 1;
            case HANDSHAKE -> 2;
            case RETRY -> 3;
            default -> throw new IllegalArgumentException(type + " has no long-header type bits");
        };
        return this.equals(V2) ? (v1Bits + 1) & 0b11 : v1Bits;
    }

    /** Inverse of {@link #longHeaderTypeBits(PacketType)}. */
    public PacketType longHeaderPacketType(int typeBits) {
        int v1Bits = this.equals(V2) ? (typeBits + 3) & 0b11 : typeBits & 0b11;
        return switch (v1Bits) {
            case 0 -> PacketType.INITIAL;
            case 1 -> PacketType.ZERO_RTT;
            case 2 -> PacketType.HANDSHAKE;
            default -> PacketType.RETRY;
        };
    }

    @Override
    public String toString() {
        if (this.equals(V1)) {
            return "QUICv1";
        }
        if (this.equals(V2)) {
            return "QUICv2";
        }
        return String.format("0x%08x", value);
    }
}
