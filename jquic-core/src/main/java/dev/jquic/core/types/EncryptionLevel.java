package dev.jquic.core.types;

/** RFC 9001 §4: the four encryption levels, in handshake order. */
public enum EncryptionLevel {
    INITIAL(PacketNumberSpace.INITIAL),
    ZERO_RTT(PacketNumberSpace.APPLICATION),
    HANDSHAKE(PacketNumberSpace.HANDSHAKE),
    ONE_RTT(PacketNumberSpace.APPLICATION);

    private final PacketNumberSpace space;

    EncryptionLevel(PacketNumberSpace space) {
        this.space = space;
    }

    /** RFC 9000 §12.3: 0-RTT and 1-RTT share the application data space. */
    public PacketNumberSpace packetNumberSpace() {
        return space;
    }
}
