package dev.jquic.core.frame;

/**
 * Frame type values of RFC 9000 §19 (Table 3 of §12.4) and RFC 9221 §4. Types that carry flags
 * (ACK, STREAM, MAX_STREAMS, STREAMS_BLOCKED, CONNECTION_CLOSE, DATAGRAM) are given by their
 * lowest value and flag bits.
 */
public final class FrameTypes {
    public static final int PADDING = 0x00;
    public static final int PING = 0x01;
    /** 0x02; 0x03 adds the ECN counts. */
    public static final int ACK = 0x02;
    public static final int ACK_ECN = 0x03;
    public static final int RESET_STREAM = 0x04;
    public static final int STOP_SENDING = 0x05;
    public static final int CRYPTO = 0x06;
    public static final int NEW_TOKEN = 0x07;
    /** 0x08..0x0f, with the {@link #STREAM_FIN}, {@link #STREAM_LEN} and {@link #STREAM_OFF} bits. */
    public static final int STREAM = 0x08;
    public static final int STREAM_FIN = 0x01;
    public static final int STREAM_LEN = 0x02;
    public static final int STREAM_OFF = 0x04;
    public static final int MAX_DATA = 0x10;
    public static final int MAX_STREAM_DATA = 0x11;
    public static final int MAX_STREAMS_BIDI = 0x12;
    public static final int MAX_STREAMS_UNI = 0x13;
    public static final int DATA_BLOCKED = 0x14;
    public static final int STREAM_DATA_BLOCKED = 0x15;
    public static final int STREAMS_BLOCKED_BIDI = 0x16;
    public static final int STREAMS_BLOCKED_UNI = 0x17;
    public static final int NEW_CONNECTION_ID = 0x18;
    public static final int RETIRE_CONNECTION_ID = 0x19;
    public static final int PATH_CHALLENGE = 0x1a;
    public static final int PATH_RESPONSE = 0x1b;
    public static final int CONNECTION_CLOSE_TRANSPORT = 0x1c;
    public static final int CONNECTION_CLOSE_APPLICATION = 0x1d;
    public static final int HANDSHAKE_DONE = 0x1e;
    /** RFC 9221 §4: DATAGRAM without a Length field. */
    public static final int DATAGRAM = 0x30;
    /** RFC 9221 §4: DATAGRAM with a Length field. */
    public static final int DATAGRAM_WITH_LENGTH = 0x31;

    private FrameTypes() {
    }

    /** Whether {@code frameType} is one of the frame types this package knows. */
    public static boolean isKnown(long frameType) {
        return (frameType >= PADDING && frameType <= HANDSHAKE_DONE)
                || frameType == DATAGRAM || frameType == DATAGRAM_WITH_LENGTH;
    }

    /** The RFC name of a frame type, e.g. {@code STREAM} for 0x0b, or {@code UNKNOWN(0x..)}. */
    public static String name(long frameType) {
        if (frameType >= STREAM && frameType <= 0x0f) {
            return "STREAM";
        }
        return switch ((int) Math.min(frameType, Integer.MAX_VALUE)) {
            case PADDING -> "PADDING";
            case PING -> "PING";
            case ACK, ACK_ECN -> "ACK";
            case RESET_STREAM -> "RESET_STREAM";
            case STOP_SENDING -> "STOP_SENDING";
            case CRYPTO -> "CRYPTO";
            case NEW_TOKEN -> "NEW_TOKEN";
            case MAX_DATA -> "MAX_DATA";
            case MAX_STREAM_DATA -> "MAX_STREAM_DATA";
            case MAX_STREAMS_BIDI, MAX_STREAMS_UNI -> "MAX_STREAMS";
            case DATA_BLOCKED -> "DATA_BLOCKED";
            case STREAM_DATA_BLOCKED -> "STREAM_DATA_BLOCKED";
            case STREAMS_BLOCKED_BIDI, STREAMS_BLOCKED_UNI -> "STREAMS_BLOCKED";
            case NEW_CONNECTION_ID -> "NEW_CONNECTION_ID";
            case RETIRE_CONNECTION_ID -> "RETIRE_CONNECTION_ID";
            case PATH_CHALLENGE -> "PATH_CHALLENGE";
            case PATH_RESPONSE -> "PATH_RESPONSE";
            case CONNECTION_CLOSE_TRANSPORT, CONNECTION_CLOSE_APPLICATION -> "CONNECTION_CLOSE";
            case HANDSHAKE_DONE -> "HANDSHAKE_DONE";
            case DATAGRAM, DATAGRAM_WITH_LENGTH -> "DATAGRAM";
            default -> "UNKNOWN(0x" + Long.toHexString(frameType) + ")";
        };
    }
}
