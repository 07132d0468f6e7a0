package dev.jquic.core.types;

/** RFC 9000 §12.3: the three packet number spaces. */
public enum PacketNumberSpace {
    INITIAL,
    HANDSHAKE,
    APPLICATION
}
