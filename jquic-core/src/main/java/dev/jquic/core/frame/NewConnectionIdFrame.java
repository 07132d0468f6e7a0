package dev.jquic.core.frame;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.VarInt;
import dev.jquic.core.codec.WireReader;
import dev.jquic.core.types.ConnectionId;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * NEW_CONNECTION_ID frame (RFC 9000 §19.15): a new connection ID for the peer to use, with its
 * sequence number and stateless reset token, and the sequence number below which the peer
 * must retire older IDs.
 *
 * <pre>
 * NEW_CONNECTION_ID Frame {
 *   Type (i) = 0x18,
 *   Sequence Number (i),
 *   Retire Prior To (i),
 *   Length (8),
 *   Connection ID (8..160),
 *   Stateless Reset Token (128),
 * }
 * </pre>
 *
 * The 16-byte token is copied in and out; equality is by content.
 */
public record NewConnectionIdFrame(long sequenceNumber, long retirePriorTo, ConnectionId connectionId,
        byte[] statelessResetToken) implements Frame {

    /** RFC 9000 §10.3: a stateless reset token is 16 bytes. */
    public static final int STATELESS_RESET_TOKEN_LENGTH = 16;

    public NewConnectionIdFrame {
        Encoding.requireVarInt(sequenceNumber, "sequenceNumber");
        Encoding.requireVarInt(retirePriorTo, "retirePriorTo");
        if (retirePriorTo > sequenceNumber) {
            throw new IllegalArgumentException(
                    "retirePriorTo " + retirePriorTo + " exceeds sequenceNumber " + sequenceNumber);
        }
        Objects.requireNonNull(connectionId, "connectionId");
        if (connectionId.length() < 1) {
            throw new IllegalArgumentException("NEW_CONNECTION_ID needs a non-empty connection ID");
        }
        if (statelessResetToken.length != STATELESS_RESET_TOKEN_LENGTH) {
            throw new IllegalArgumentException("stateless reset token must be 16 bytes: " + statelessResetToken.length);
        }
        statelessResetToken = statelessResetToken.clone();
    }

    static NewConnectionIdFrame decodeFields(WireReader reader) throws QuicProtocolException {
        long sequenceNumber = reader.readVarInt();
        long retirePriorTo = reader.readVarInt();
        // RFC 9000 §19.15: Retire Prior To greater than Sequence Number MUST be treated as a
        // connection error of type FRAME_ENCODING_ERROR.
        if (retirePriorTo > sequenceNumber) {
            throw reader.error(
                    "NEW_CONNECTION_ID retirePriorTo " + retirePriorTo + " exceeds sequence " + sequenceNumber);
        }
        int length = reader.readUint8();
        // RFC 9000 §19.15: a Length below 1 or above 20 MUST be treated as a connection error of
        // type FRAME_ENCODING_ERROR.
        if (length < 1 || length > ConnectionId.MAX_LENGTH) {
            throw reader.error("NEW_CONNECTION_ID length " + length + " outside 1..20");
        }
        ConnectionId connectionId = ConnectionId.read(reader, length);
        byte[] token = reader.readBytes(STATELESS_RESET_TOKEN_LENGTH);
        return new NewConnectionIdFrame(sequenceNumber, retirePriorTo, connectionId, token);
    }

    /** A copy of the stateless reset token. */
    @Override
    public byte[] statelessResetToken() {
        return statelessResetToken.clone();
    }

    @Override
    public long frameType() {
        return FrameTypes.NEW_CONNECTION_ID;
    }

    @Override
    public void encode(ByteBuffer out) {
        out.put((byte) FrameTypes.NEW_CONNECTION_ID);
        VarInt.write(out, sequenceNumber);
        VarInt.write(out, retirePriorTo);
        out.put((byte) connectionId.length());
        connectionId.writeTo(out);
        out.put(statelessResetToken);
    }

    @Override
    public int encodedLength() {
        return 1 + VarInt.encodedLength(sequenceNumber) + VarInt.encodedLength(retirePriorTo) + 1
                + connectionId.length() + STATELESS_RESET_TOKEN_LENGTH;
    }

    @Override
    public boolean probing() {
        return true;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NewConnectionIdFrame that
                && sequenceNumber == that.sequenceNumber
                && retirePriorTo == that.retirePriorTo
                && connectionId.equals(that.connectionId)
                && Arrays.equals(statelessResetToken, that.statelessResetToken);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sequenceNumber, retirePriorTo, connectionId) * 31 + Arrays.hashCode(statelessResetToken);
    }

    @Override
    public String toString() {
        return "NewConnectionIdFrame[sequenceNumber=" + sequenceNumber + ", retirePriorTo=" + retirePriorTo
                + ", connectionId=" + connectionId.toHex()
                + ", statelessResetToken=" + HexFormat.of().formatHex(statelessResetToken) + "]";
    }
}
