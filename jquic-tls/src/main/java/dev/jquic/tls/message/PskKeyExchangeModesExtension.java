package dev.jquic.tls.message;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** psk_key_exchange_modes (TLS 1.3 spec §4.2.9): {@code PskKeyExchangeMode ke_modes<1..255>}. */
public record PskKeyExchangeModesExtension(List<Integer> modes) implements Extension {
    /** PSK-only key establishment. */
    public static final int PSK_KE = 0;
    /** PSK with (EC)DHE key establishment. */
    public static final int PSK_DHE_KE = 1;

    public PskKeyExchangeModesExtension {
        modes = List.copyOf(modes);
        for (int mode : modes) {
            TlsCodec.checkUint8(mode, "ke_mode");
        }
        TlsCodec.checkLength(modes.size(), 1, 255, "ke_modes");
    }

    @Override
    public int type() {
        return ExtensionType.PSK_KEY_EXCHANGE_MODES;
    }

    @Override
    public int dataLength() {
        return 1 + modes.size();
    }

    @Override
    public void encodeData(ByteBuffer out) {
        out.put((byte) modes.size());
        for (int mode : modes) {
            out.put((byte) mode);
        }
    }

    static PskKeyExchangeModesExtension decode(WireReader data) throws QuicProtocolException {
        WireReader list = TlsCodec.readVector(data, 1, 1, 255, "ke_modes");
        TlsCodec.requireEnd(data, "psk_key_exchange_modes");
        List<Integer> modes = new ArrayList<>();
        while (list.hasRemaining()) {
            modes.add(list.readUint8());
        }
        return new PskKeyExchangeModesExtension(modes);
    }
}
