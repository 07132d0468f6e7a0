package dev.jquic.tls.message;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;

/**
 * early_data in a NewSessionTicket (TLS 1.3 spec §4.2.10): {@code uint32 max_early_data_size}.
 * RFC 9001 §4.6.1: in QUIC a ticket allowing 0-RTT carries 0xffffffff (checked by the state machine).
 */
public record EarlyDataTicketExtension(long maxEarlyDataSize) implements Extension {
    /** RFC 9001 §4.6.1: the only value a QUIC server may send. */
    public static final long QUIC_MAX_EARLY_DATA_SIZE = 0xFFFF_FFFFL;

    public EarlyDataTicketExtension {
        TlsCodec.checkUint32(maxEarlyDataSize, "max_early_data_size");
    }

    @Override
    public int type() {
        return ExtensionType.EARLY_DATA;
    }

    @Override
    public int dataLength() {
        return 4;
    }

    @Override
    public void encodeData(ByteBuffer out) {
        out.putInt((int) maxEarlyDataSize);
    }

    static EarlyDataTicketExtension decode(WireReader data) throws QuicProtocolException {
        long size = data.readUint32();
        TlsCodec.requireEnd(data, "early_data");
        return new EarlyDataTicketExtension(size);
    }
}
