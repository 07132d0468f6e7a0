package dev.jquic.testkit.relay;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which long-header packet types a datagram carries, read from the unprotected parts of the
 * headers only (RFC 9000 §17.2: form bit, version, connection IDs, token and Length are not
 * header-protected; the two type bits of the first byte are not either). Walks coalesced packets
 * (RFC 9000 §12.2) until a short header, a version it does not know, or a malformed header; a
 * packet counts only if its Length fits in the datagram.
 * Test support: lets the relay recognise the client's first Handshake packet.
 */
public final class LongHeaderTypes {

    /** A long-header packet type. */
    public enum Type { INITIAL, ZERO_RTT, HANDSHAKE, RETRY }

    static final int VERSION_1 = 0x00000001;
    /** RFC 9369 §3.1. */
    static final int VERSION_2 = 0x6b3343cf;
    private static final Type[] V1_TYPES = {Type.INITIAL, Type.ZERO_RTT, Type.HANDSHAKE, Type.RETRY};
    // RFC 9369 §3.2: v2 renumbers the types: Initial 0b01, 0-RTT 0b10, Handshake 0b11, Retry 0b00.
    private static final Type[] V2_TYPES = {Type.RETRY, Type.INITIAL, Type.ZERO_RTT, Type.HANDSHAKE};

    private LongHeaderTypes() {
    }

    /** The long-header types in the first {@code length} bytes of {@code datagram}. */
    public static Set<Type> of(byte[] datagram, int length) {
        Set<Type> types = EnumSet.noneOf(Type.class);
        int at = 0;
        for (int packets = 0; packets < 16 && at < length; packets++) {
            int first = datagram[at] & 0xff;
            if ((first & 0x80) == 0 || at + 6 > length) {
                return types; // a short header ends the datagram's long packets
            }
            int version = readInt(datagram, at + 1);
            Type[] table = version == VERSION_1 ? V1_TYPES : version == VERSION_2 ? V2_TYPES : null;
            if (table == null) {
                return types; // Version Negotiation (version 0) or unknown
            }
            Type type = table[(first >> 4) & 0x3];
            if (type == Type.RETRY) {
                types.add(type);
                return types; // a Retry has no Length field and is never coalesced
            }
            int cursor = at + 5;
            int destinationLength = datagram[cursor] & 0xff;
            cursor += 1 + destinationLength;
            if (cursor >= length) {
                return types;
            }
            int sourceLength = datagram[cursor] & 0xff;
            cursor += 1 + sourceLength;
            if (type == Type.INITIAL) {
                long tokenLength = cursor < length ? varint(datagram, cursor, length) : -1;
                if (tokenLength < 0) {
                    return types;
                }
                cursor += varintLength(datagram[cursor]) + (int) Math.min(tokenLength, length);
            }
            long payloadLength = cursor < length ? varint(datagram, cursor, length) : -1;
            if (payloadLength < 0) {
                return types;
            }
            long next = cursor + varintLength(datagram[cursor]) + payloadLength;
            if (next > length) {
                return types; // truncated: not counted
            }
            types.add(type);
            at = (int) next;
        }
        return types;
    }

    private static int readInt(byte[] data, int at) {
        return (data[at] & 0xff) << 24 | (data[at + 1] & 0xff) << 16 | (data[at + 2] & 0xff) << 8 | data[at + 3] & 0xff;
    }

    /** RFC 9000 §16: the length of the variable-length integer starting with {@code first}. */
    private static int varintLength(byte first) {
        return 1 << ((first & 0xff) >> 6);
    }

    /** The variable-length integer at {@code at}, or -1 if it runs past {@code length}. */
    private static long varint(byte[] data, int at, int length) {
        int size = varintLength(data[at]);
        if (at + size > length) {
            return -1;
        }
        long value = data[at] & 0x3f;
        for (int i = 1; i < size; i++) {
            value = value << 8 | (data[at + i] & 0xff);
        }
        return value;
    }
}
