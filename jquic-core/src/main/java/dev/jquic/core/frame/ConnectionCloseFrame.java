package dev.jquic.core.frame;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.VarInt;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * CONNECTION_CLOSE frame (RFC 9000 §19.19). Type 0x1c signals a QUIC-layer error (a §20.1
 * code) and names the frame type that triggered it (0 when unknown); type 0x1d signals an
 * application error and has no Frame Type field.
 *
 * <pre>
 * CONNECTION_CLOSE Frame {
 *   Type (i) = 0x1c..0x1d,
 *   Error Code (i),
 *   [Frame Type (i)],
 *   Reason Phrase Length (i),
 *   Reason Phrase (..),
 * }
 * </pre>
 *
 * The reason phrase is kept as bytes (copied in and out; equality is by content), since a peer
 * may send invalid UTF-8; {@link #reasonText()} decodes it leniently.
 *
 * @param kind whether the error is at the QUIC layer (0x1c) or the application layer (0x1d)
 * @param errorCode a transport error code (§20.1) or an application error code (§20.2)
 * @param triggeringFrameType the frame type that caused a transport error, 0 if unknown; always 0
 *     for {@link Kind#APPLICATION}
 * @param reasonPhrase the reason phrase bytes, UTF-8 by convention
 */
public record ConnectionCloseFrame(Kind kind, long errorCode, long triggeringFrameType, byte[] reasonPhrase)
        implements Frame {

    /** Which CONNECTION_CLOSE variant. */
    public enum Kind {
        /** Type 0x1c: an error at the QUIC layer, or none (NO_ERROR). */
        TRANSPORT,
        /** Type 0x1d: an application-protocol error; only in 0-RTT and 1-RTT packets. */
        APPLICATION
    }

    private static final byte[] NO_REASON = new byte[0];

    public ConnectionCloseFrame {
        Objects.requireNonNull(kind, "kind");
        Encoding.requireVarInt(errorCode, "errorCode");
        Encoding.requireVarInt(triggeringFrameType, "triggeringFrameType");
        if (kind == Kind.APPLICATION && triggeringFrameType != 0) {
            throw new IllegalArgumentException("an application CONNECTION_CLOSE has no frame type");
        }
        reasonPhrase = reasonPhrase.length == 0 ? NO_REASON : reasonPhrase.clone();
    }

    /** A transport-level close (type 0x1c) with a UTF-8 reason. */
    public static ConnectionCloseFrame transport(long errorCode, long triggeringFrameType, String reason) {
        return new ConnectionCloseFrame(Kind.TRANSPORT, errorCode, triggeringFrameType,
                reason.getBytes(StandardCharsets.UTF_8));
    }

    /** An application-level close (type 0x1d) with a UTF-8 reason. */
    public static ConnectionCloseFrame application(long errorCode, String reason) {
        return new ConnectionCloseFrame(Kind.APPLICATION, errorCode, 0, reason.getBytes(StandardCharsets.UTF_8));
    }

    static ConnectionCloseFrame decodeFields(WireReader reader, int frameType) throws QuicProtocolException {
        Kind kind = frameType == FrameTypes.CONNECTION_CLOSE_TRANSPORT ? Kind.TRANSPORT : Kind.APPLICATION;
        long errorCode = reader.readVarInt();
        long triggeringFrameType = kind == Kind.TRANSPORT ? reader.readVarInt() : 0;
        int length = reader.readVarIntLength("CONNECTION_CLOSE reason phrase");
        return new ConnectionCloseFrame(kind, errorCode, triggeringFrameType, reader.readBytes(length));
    }

    /** A copy of the reason phrase bytes. */
    @Override
    public byte[] reasonPhrase() {
        return reasonPhrase.clone();
    }

    /**
     * The reason phrase decoded as UTF-8; malformed sequences become U+FFFD (never throws).
     */
    public String reasonText() {
        return new String(reasonPhrase, StandardCharsets.UTF_8);
    }

    @Override
    public long frameType() {
        return kind == Kind.TRANSPORT ? FrameTypes.CONNECTION_CLOSE_TRANSPORT : FrameTypes.CONNECTION_CLOSE_APPLICATION;
    }

    @Override
    public void encode(ByteBuffer out) {
        out.put((byte) frameType());
        VarInt.write(out, errorCode);
        if (kind == Kind.TRANSPORT) {
            VarInt.write(out, triggeringFrameType);
        }
        VarInt.write(out, reasonPhrase.length);
        out.put(reasonPhrase);
    }

    @Override
    public int encodedLength() {
        return 1 + VarInt.encodedLength(errorCode)
                + (kind == Kind.TRANSPORT ? VarInt.encodedLength(triggeringFrameType) : 0)
                + VarInt.encodedLength(reasonPhrase.length) + reasonPhrase.length;
    }

    /** RFC 9002 §2: CONNECTION_CLOSE is not ack-eliciting. */
    @Override
    public boolean ackEliciting() {
        return false;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConnectionCloseFrame that
                && kind == that.kind
                && errorCode == that.errorCode
                && triggeringFrameType == that.triggeringFrameType
                && Arrays.equals(reasonPhrase, that.reasonPhrase);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, errorCode, triggeringFrameType) * 31 + Arrays.hashCode(reasonPhrase);
    }

    @Override
    public String toString() {
        return "ConnectionCloseFrame[kind=" + kind + ", errorCode=0x" + Long.toHexString(errorCode)
                + ", triggeringFrameType=0x" + Long.toHexString(triggeringFrameType)
                + ", reason=\"" + reasonText() + "\"]";
    }
}
