package dev.jquic.core.frame;

import dev.jquic.core.types.PacketType;

/**
 * The "Pkts" column of RFC 9000 §12.4 Table 3 (which packet types may carry which frames),
 * extended with DATAGRAM (RFC 9221 §4: 0-RTT and 1-RTT only).
 *
 * <pre>
 * PADDING, PING                    IH01     CRYPTO, ACK                  IH_1
 * CONNECTION_CLOSE 0x1c            IH01     CONNECTION_CLOSE 0x1d        __01
 * NEW_TOKEN, PATH_RESPONSE,
 * HANDSHAKE_DONE                   ___1     DATAGRAM                     __01
 * every other frame type           __01
 * </pre>
 *
 * <p>RETIRE_CONNECTION_ID follows the table (__01), although §12.5 notes that it cannot
 * legitimately be sent in 0-RTT; the server MAY reject it there, and this table does not.
 */
public final class FramePermissions {
    private static final int INITIAL = 1;
    private static final int HANDSHAKE = 1 << 1;
    private static final int ZERO_RTT = 1 << 2;
    private static final int ONE_RTT = 1 << 3;

    private static final int IH01 = INITIAL | HANDSHAKE | ZERO_RTT | ONE_RTT;
    private static final int IH_1 = INITIAL | HANDSHAKE | ONE_RTT;
    private static final int __01 = ZERO_RTT | ONE_RTT;
    private static final int ___1 = ONE_RTT;

    /** Indexed by frame type 0x00..0x1e. */
    private static final int[] TABLE = {
        IH01, // 0x00 PADDING
        IH01, // 0x01 PING
        IH_1, // 0x02 ACK
        IH_1, // 0x03 ACK with ECN
        __01, // 0x04 RESET_STREAM
        __01, // 0x05 STOP_SENDING
        IH_1, // 0x06 CRYPTO
        ___1, // 0x07 NEW_TOKEN
        __01, __01, __01, __01, __01, __01, __01, __01, // 0x08..0x0f STREAM
        __01, // 0x10 MAX_DATA
        __01, // 0x11 MAX_STREAM_DATA
        __01, // 0x12 MAX_STREAMS bidi
        __01, // 0x13 MAX_STREAMS uni
        __01, // 0x14 DATA_BLOCKED
        __01, // 0x15 STREAM_DATA_BLOCKED
        __01, // 0x16 STREAMS_BLOCKED bidi
        __01, // 0x17 STREAMS_BLOCKED uni
        __01, // 0x18 NEW_CONNECTION_ID
        __01, // 0x19 RETIRE_CONNECTION_ID
        __01, // 0x1a PATH_CHALLENGE
        ___1, // 0x1b PATH_RESPONSE
        IH01, // 0x1c CONNECTION_CLOSE (transport); "ih": only this variant in Initial/Handshake
        __01, // 0x1d CONNECTION_CLOSE (application)
        ___1, // 0x1e HANDSHAKE_DONE
    };

    private FramePermissions() {
    }

    /**
     * Whether a frame of {@code frameType} may appear in a packet of {@code packetType}. Unknown
     * frame types and packet types that carry no frames (Retry, Version Negotiation) give false.
     */
    public static boolean isPermitted(long frameType, PacketType packetType) {
        return (mask(frameType) & bit(packetType)) != 0;
    }

    private static int mask(long frameType) {
        if (frameType >= 0 && frameType < TABLE.length) {
            return TABLE[(int) frameType];
        }
        if (frameType == FrameTypes.DATAGRAM || frameType == FrameTypes.DATAGRAM_WITH_LENGTH) {
            // RFC 9221 §4: DATAGRAM frames MUST be protected with 0-RTT or 1-RTT keys.
            return __01;
        }
        return 0;
    }

    private static int bit(PacketType packetType) {
        return switch (packetType) {
            case INITIAL -> INITIAL;
            case HANDSHAKE -> HANDSHAKE;
            case ZERO_RTT -> ZERO_RTT;
            case ONE_RTT -> ONE_RTT;
            case RETRY, VERSION_NEGOTIATION -> 0;
        };
    }
}
