package dev.jquic.core.types;

/**
 * RFC 9000 §2.1: a stream ID is a 62-bit integer whose two low bits give the initiator
 * (bit 0: 0 client, 1 server) and the direction (bit 1: 0 bidirectional, 1 unidirectional).
 * Stream IDs stay primitive {@code long}s on hot paths; this class holds the arithmetic.
 */
public final class StreamId {
    private StreamId() {
    }

    public static boolean isClientInitiated(long streamId) {
        return (streamId & 0x1) == 0;
    }

    public static boolean isServerInitiated(long streamId) {
        return (streamId & 0x1) != 0;
    }

    public static boolean isBidirectional(long streamId) {
        return (streamId & 0x2) == 0;
    }

    public static boolean isUnidirectional(long streamId) {
        return (streamId & 0x2) != 0;
    }

    /** Position of the stream among those of its kind (0-based); MAX_STREAMS limits count these. */
    public static long index(long streamId) {
        return streamId >>> 2;
    }
}
