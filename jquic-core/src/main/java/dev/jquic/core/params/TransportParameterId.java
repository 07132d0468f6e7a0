package dev.jquic.core.params;

/**
 * Transport parameter identifiers (RFC 9000 §18.2 and §22.3, RFC 9221 §3, RFC 9368 §3).
 * Identifiers are variable-length integers; the ones defined here are all below 64.
 */
public final class TransportParameterId {
    public static final long ORIGINAL_DESTINATION_CONNECTION_ID = 0x00;
    public static final long MAX_IDLE_TIMEOUT = 0x01;
    public static final long STATELESS_RESET_TOKEN = 0x02;
    public static final long MAX_UDP_PAYLOAD_SIZE = 0x03;
    public static final long INITIAL_MAX_DATA = 0x04;
    public static final long INITIAL_MAX_STREAM_DATA_BIDI_LOCAL = 0x05;
    public static final long INITIAL_MAX_STREAM_DATA_BIDI_REMOTE = 0x06;
    public static final long INITIAL_MAX_STREAM_DATA_UNI = 0x07;
    public static final long INITIAL_MAX_STREAMS_BIDI = 0x08;
    public static final long INITIAL_MAX_STREAMS_UNI = 0x09;
    public static final long ACK_DELAY_EXPONENT = 0x0a;
    public static final long MAX_ACK_DELAY = 0x0b;
    public static final long DISABLE_ACTIVE_MIGRATION = 0x0c;
    public static final long PREFERRED_ADDRESS = 0x0d;
    public static final long ACTIVE_CONNECTION_ID_LIMIT = 0x0e;
    public static final long INITIAL_SOURCE_CONNECTION_ID = 0x0f;
    public static final long RETRY_SOURCE_CONNECTION_ID = 0x10;
    /** RFC 9368 §3. */
    public static final long VERSION_INFORMATION = 0x11;
    /** RFC 9221 §3. */
    public static final long MAX_DATAGRAM_FRAME_SIZE = 0x20;

    private TransportParameterId() {
    }

    /** Whether jquic interprets this identifier; all others are ignored on receipt (RFC 9000 §7.4.2). */
    public static boolean isKnown(long id) {
        return (id >= ORIGINAL_DESTINATION_CONNECTION_ID && id <= VERSION_INFORMATION)
                || id == MAX_DATAGRAM_FRAME_SIZE;
    }

    /**
     * RFC 9000 §18.1: identifiers of the form {@code 31 * N + 27} are reserved to exercise the
     * requirement that unknown transport parameters be ignored.
     */
    public static boolean isReservedForGrease(long id) {
        return id >= 27 && (id - 27) % 31 == 0;
    }

    /** The RFC name of a known identifier, or its hex form. */
    public static String name(long id) {
        if (id == MAX_DATAGRAM_FRAME_SIZE) {
            return "max_datagram_frame_size";
        }
        return switch ((int) Math.min(id, Integer.MAX_VALUE)) {
            case 0x00 -> "original_destination_connection_id";
            case 0x01 -> "max_idle_timeout";
            case 0x02 -> "stateless_reset_token";
            case 0x03 -> "max_udp_payload_size";
            case 0x04 -> "initial_max_data";
            case 0x05 -> "initial_max_stream_data_bidi_local";
            case 0x06 -> "initial_max_stream_data_bidi_remote";
            case 0x07 -> "initial_max_stream_data_uni";
            case 0x08 -> "initial_max_streams_bidi";
            case 0x09 -> "initial_max_streams_uni";
            case 0x0a -> "ack_delay_exponent";
            case 0x0b -> "max_ack_delay";
            case 0x0c -> "disable_active_migration";
            case 0x0d -> "preferred_address";
            case 0x0e -> "active_connection_id_limit";
            case 0x0f -> "initial_source_connection_id";
            case 0x10 -> "retry_source_connection_id";
            case 0x11 -> "version_information";
            default -> String.format("0x%x", id);
        };
    }
}
