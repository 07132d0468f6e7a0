package dev.jquic.core.frame;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.VarInt;
import dev.jquic.core.codec.WireReader;
import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.StatelessResetToken;
import java.nio.ByteBuffer;
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
*/
public record NewConnectionIdFrame(long sequenceNumber, long retirePriorTo, ConnectionId connectionId,
        StatelessResetToken statelessResetToken) implements Frame {

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
        Objects.requireNonNull(statelessResetToken, "statelessResetToken");
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
        StatelessResetToken token = StatelessResetToken.read(reader);
        return new NewConnectionIdFrame(sequenceNumber, retirePriorTo, connectionId, token);
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
        statelessResetToken.writeTo(out);
    }

    @Override
    public int encodedLength() {
        return 1 + VarInt.encodedLength(sequenceNumber) + VarInt.encodedLength(retirePriorTo) + 1
                + connectionId.length() + StatelessResetToken.LENGTH;
    }

    @Override
    public boolean probing() {
        return true;
    }

    @Override
    public String toString() {
        return "NewConnectionIdFrame[sequenceNumber=" + sequenceNumber + ", retirePriorTo=" + retirePriorTo
                + ", connectionId=" + connectionId.toHex()
                + ", statelessResetToken=" + statelessResetToken + "]";
    }
}
