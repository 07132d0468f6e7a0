package dev.jquic.core.frame;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.codec.WireReader;
import dev.jquic.core.types.PacketType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the frames of a decrypted packet payload (RFC 9000 §12.4), checking each frame type
 * against the packet type ({@link FramePermissions}). The reader should be built with
 * {@link TransportError#FRAME_ENCODING_ERROR}, the code of truncated or malformed frames
 * (checked).
 *
 * <p>Errors, all as {@link QuicProtocolException}:
 * <ul>
 * <li>unknown frame type: FRAME_ENCODING_ERROR;
 * <li>frame type not permitted in the packet type: PROTOCOL_VIOLATION;
 * <li>frame type not in its shortest encoding: PROTOCOL_VIOLATION;
 * <li>truncated frame or field out of range: FRAME_ENCODING_ERROR;
 * <li>payload without any frame: PROTOCOL_VIOLATION.
 * </ul>
 *
 * STREAM, CRYPTO and DATAGRAM payloads are views of the input buffer, valid while it is.
 * Stateless; not thread-safe only in that the reader is not.
 */
public final class FrameDecoder {

    private FrameDecoder() {
    }

    /**
     * Reads one frame at the reader's position.
     *
     * @throws IllegalArgumentException if {@code packetType} carries no frames (Retry, Version
     *     Negotiation) or the reader was not built with FRAME_ENCODING_ERROR: caller bugs, not
     *     peer errors
     */
    public static Frame decode(WireReader reader, PacketType packetType) throws QuicProtocolException {
        checkArguments(reader, packetType);
        int frameType = readFrameType(reader);
        // RFC 9000 §12.4: receipt of a frame in a packet type that is not permitted MUST be a
        // connection error of type PROTOCOL_VIOLATION.
        if (!FramePermissions.isPermitted(frameType, packetType)) {
            throw new QuicProtocolException(TransportError.PROTOCOL_VIOLATION,
                    FrameTypes.name(frameType) + " frame not permitted in a " + packetType + " packet");
        }
        return decodeFields(reader, frameType);
    }

    /**
     * Decodes every frame of the rest of the reader's buffer, handing each to {@code consumer}
     * as soon as it is read; returns the number of frames.
     *
     * @throws QuicProtocolException PROTOCOL_VIOLATION if the payload holds no frame, or any
     *     error of {@link #decode} or of the consumer
     */
    public static int decodeAll(WireReader reader, PacketType packetType, FrameConsumer consumer)
            throws QuicProtocolException {
        checkArguments(reader, packetType);
        // RFC 9000 §12.4: a packet containing no frames MUST be a PROTOCOL_VIOLATION.
        if (!reader.hasRemaining()) {
            throw new QuicProtocolException(TransportError.PROTOCOL_VIOLATION, "packet payload contains no frames");
        }
        int count = 0;
        while (reader.hasRemaining()) {
            consumer.accept(decode(reader, packetType));
            count++;
        }
        return count;
    }

    /** Decodes all frames of {@code payload}'s remaining bytes into a list (tests, tools). */
    public static List<Frame> decodeAll(ByteBuffer payload, PacketType packetType) throws QuicProtocolException {
        List<Frame> frames = new ArrayList<>();
        decodeAll(new WireReader(payload, TransportError.FRAME_ENCODING_ERROR), packetType, frames::add);
        return frames;
    }

    private static void checkArguments(WireReader reader, PacketType packetType) {
        if (reader.malformedErrorCode() != TransportError.FRAME_ENCODING_ERROR.code()) {
            throw new IllegalArgumentException("frame readers must report FRAME_ENCODING_ERROR");
        }
        if (!packetType.carriesFrames()) {
            throw new IllegalArgumentException(packetType + " packets carry no frames");
        }
    }

    /** Reads the Frame Type varint; returns it only if known and minimally encoded. */
    private static int readFrameType(WireReader reader) throws QuicProtocolException {
        reader.require(1, "frame type");
        ByteBuffer buffer = reader.buffer();
        int first = buffer.get(buffer.position()) & 0xff;
        if (first < 0x40) {
            buffer.position(buffer.position() + 1);
            if (!FrameTypes.isKnown(first)) {
                // RFC 9000 §12.4: a frame of unknown type MUST be a FRAME_ENCODING_ERROR.
                throw reader.error("unknown frame type 0x" + Integer.toHexString(first));
            }
            return first;
        }
        long frameType = reader.readVarInt();
        // RFC 9000 §12.4: a frame type MUST use the shortest encoding; receipt of a longer one
        // MAY be a PROTOCOL_VIOLATION, which this decoder chooses.
        if (frameType < 0x40 || (frameType < 0x4000 && first >= 0x80)
                || (frameType < 0x4000_0000L && first >= 0xC0)) {
            throw new QuicProtocolException(TransportError.PROTOCOL_VIOLATION,
                    "frame type 0x" + Long.toHexString(frameType) + " not in its shortest encoding");
        }
        // Every known frame type is below 0x40, so a minimal multi-byte type is unknown.
        // RFC 9000 §12.4: a frame of unknown type MUST be a FRAME_ENCODING_ERROR.
        throw reader.error("unknown frame type 0x" + Long.toHexString(frameType));
    }

    private static Frame decodeFields(WireReader reader, int frameType) throws QuicProtocolException {
        return switch (frameType) {
            case FrameTypes.PADDING -> PaddingFrame.decodeFields(reader);
            case FrameTypes.PING -> PingFrame.INSTANCE;
            case FrameTypes.ACK, FrameTypes.ACK_ECN -> AckFrame.decodeFields(reader, frameType);
            case FrameTypes.RESET_STREAM -> ResetStreamFrame.decodeFields(reader);
            case FrameTypes.STOP_SENDING -> StopSendingFrame.decodeFields(reader);
            case FrameTypes.CRYPTO -> CryptoFrame.decodeFields(reader);
            case FrameTypes.NEW_TOKEN -> NewTokenFrame.decodeFields(reader);
            case 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f -> StreamFrame.decodeFields(reader, frameType);
            case FrameTypes.MAX_DATA -> MaxDataFrame.decodeFields(reader);
            case FrameTypes.MAX_STREAM_DATA -> MaxStreamDataFrame.decodeFields(reader);
            case FrameTypes.MAX_STREAMS_BIDI, FrameTypes.MAX_STREAMS_UNI ->
                    MaxStreamsFrame.decodeFields(reader, frameType);
            case FrameTypes.DATA_BLOCKED -> DataBlockedFrame.decodeFields(reader);
            case FrameTypes.STREAM_DATA_BLOCKED -> StreamDataBlockedFrame.decodeFields(reader);
            case FrameTypes.STREAMS_BLOCKED_BIDI, FrameTypes.STREAMS_BLOCKED_UNI ->
                    StreamsBlockedFrame.decodeFields(reader, frameType);
            case FrameTypes.NEW_CONNECTION_ID -> NewConnectionIdFrame.decodeFields(reader);
            case FrameTypes.RETIRE_CONNECTION_ID -> RetireConnectionIdFrame.decodeFields(reader);
            case FrameTypes.PATH_CHALLENGE -> PathChallengeFrame.decodeFields(reader);
            case FrameTypes.PATH_RESPONSE -> PathResponseFrame.decodeFields(reader);
            case FrameTypes.CONNECTION_CLOSE_TRANSPORT, FrameTypes.CONNECTION_CLOSE_APPLICATION ->
                    ConnectionCloseFrame.decodeFields(reader, frameType);
            case FrameTypes.HANDSHAKE_DONE -> HandshakeDoneFrame.INSTANCE;
            case FrameTypes.DATAGRAM, FrameTypes.DATAGRAM_WITH_LENGTH -> DatagramFrame.decodeFields(reader, frameType);
            default -> throw reader.error("unknown frame type 0x" + Integer.toHexString(frameType));
        };
    }
}
