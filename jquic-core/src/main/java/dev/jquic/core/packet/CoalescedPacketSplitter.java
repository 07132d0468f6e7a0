package dev.jquic.core.packet;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.codec.WireReader;
import dev.jquic.core.types.ConnectionId;
import java.nio.ByteBuffer;

/**
 * Splits a datagram into its coalesced packets (RFC 9000 §12.2): a long-header packet ends
 * where its Length field says; a short-header, Retry, Version Negotiation or unsupported-version
 * packet takes the rest of the datagram. Reusable: one instance per receive loop, {@link #reset}
 * per datagram. Not thread-safe.
 *
 * <pre>{@code
 * splitter.reset(datagram, ourConnectionIdLength);
 * while (splitter.hasNext()) {
 *     ParsedPacket packet;
 *     try {
 *         packet = splitter.next();
 *     } catch (QuicProtocolException malformed) {
 *         break; // drop the rest of the datagram; earlier packets remain valid
 *     }
 *     ...
 * }
 * }</pre>
 *
 * <p>A malformed packet ends the iteration, since the following packet boundaries are unknown.
 * RFC 9000 §12.2: receivers SHOULD ignore subsequent packets with a different Destination
 * Connection ID than the first packet; such a packet, or a packet that cannot follow another
 * (Retry, Version Negotiation, unsupported version), also ends the iteration with an exception.
 */
public final class CoalescedPacketSplitter {
    private ByteBuffer view = ByteBuffer.allocate(0);
    private WireReader reader = new WireReader(view, TransportError.PROTOCOL_VIOLATION);
    private ByteBuffer datagram = view;
    private int shortHeaderConnectionIdLength;
    private int nextPacketStart;
    private int packetCount;
    private ConnectionId firstDestinationConnectionId;

    /**
     * Starts splitting {@code datagram} from its position to its limit. The buffer's position
     * and limit are not changed; the splitter keeps a reference to it until the next reset.
     *
     * @param shortHeaderConnectionIdLength the length of the connection IDs this endpoint issued
     */
    public void reset(ByteBuffer datagram, int shortHeaderConnectionIdLength) {
        if (shortHeaderConnectionIdLength < 0 || shortHeaderConnectionIdLength > ConnectionId.MAX_LENGTH) {
            throw new IllegalArgumentException("short header connection ID length " + shortHeaderConnectionIdLength);
        }
        if (this.datagram != datagram) {
            this.datagram = datagram;
            this.view = datagram.duplicate();
            this.reader = new WireReader(view, TransportError.PROTOCOL_VIOLATION);
        }
        view.limit(datagram.limit());
        this.shortHeaderConnectionIdLength = shortHeaderConnectionIdLength;
        this.nextPacketStart = datagram.position();
        this.packetCount = 0;
        this.firstDestinationConnectionId = null;
    }

    /** Whether bytes remain that have not been returned as a packet. */
    public boolean hasNext() {
        return nextPacketStart < view.limit();
    }

    /** The index where the next packet starts (the datagram's limit when none is left). */
    public int nextPacketStart() {
        return nextPacketStart;
    }

    /** The number of packets returned since the last reset. */
    public int packetCount() {
        return packetCount;
    }

    /**
     * The next packet of the datagram.
     *
     * @throws QuicProtocolException (PROTOCOL_VIOLATION) if the remaining bytes do not start
     *     with a valid packet; the iteration then ends
     */
    public ParsedPacket next() throws QuicProtocolException {
        if (!hasNext()) {
            throw new QuicProtocolException(TransportError.PROTOCOL_VIOLATION, "no packet left in the datagram");
        }
        int limit = view.limit();
        view.position(nextPacketStart);
        nextPacketStart = limit;
        ParsedPacket packet = PacketParser.parse(reader, shortHeaderConnectionIdLength);
        if (packetCount > 0) {
            checkMayFollow(packet);
        } else if (packet instanceof PacketHeader header) {
            firstDestinationConnectionId = header.destinationConnectionId();
        }
        packetCount++;
        nextPacketStart = packet.packetEnd();
        return packet;
    }

    private void checkMayFollow(ParsedPacket packet) throws QuicProtocolException {
        if (!(packet instanceof PacketHeader header) || firstDestinationConnectionId == null) {
            throw new QuicProtocolException(TransportError.PROTOCOL_VIOLATION,
                    "a " + packet.getClass().getSimpleName() + " cannot be coalesced");
        }
        // RFC 9000 §12.2: receivers SHOULD ignore subsequent packets with a different DCID.
        if (!header.destinationConnectionId().equals(firstDestinationConnectionId)) {
            throw new QuicProtocolException(TransportError.PROTOCOL_VIOLATION,
                    "coalesced packet with a different Destination Connection ID");
        }
    }
}
