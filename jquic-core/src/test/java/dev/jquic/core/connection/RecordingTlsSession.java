package dev.jquic.core.connection;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.tls.TlsOutput;
import dev.jquic.core.tls.TlsSession;
import dev.jquic.core.types.EncryptionLevel;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A fake TLS for tests: records the CRYPTO bytes it receives per level, and, like a real TLS
 * (RFC 9001 §4.1.3), rejects bytes at a level other than the one it reads with unexpected_message.
 */
final class RecordingTlsSession implements TlsSession {
    /** TLS alert unexpected_message (RFC 8446 §6). */
    private static final int UNEXPECTED_MESSAGE = 10;

    private final Map<EncryptionLevel, ByteArrayOutputStream> received = new EnumMap<>(EncryptionLevel.class);
    private final List<EncryptionLevel> callLevels = new ArrayList<>();
    private EncryptionLevel readLevel = EncryptionLevel.INITIAL;

    void setReadLevel(EncryptionLevel level) {
        readLevel = level;
    }

    byte[] received(EncryptionLevel level) {
        ByteArrayOutputStream bytes = received.get(level);
        return bytes == null ? new byte[0] : bytes.toByteArray();
    }

    List<EncryptionLevel> callLevels() {
        return callLevels;
    }

    @Override
    public void start() {
    }

    @Override
    public void handleCryptoData(EncryptionLevel level, ByteBuffer data) throws QuicProtocolException {
        callLevels.add(level);
        if (level != readLevel) {
            throw new QuicProtocolException(TransportError.cryptoError(UNEXPECTED_MESSAGE),
                    "data at " + level + " while reading " + readLevel);
        }
        ByteArrayOutputStream bytes = received.computeIfAbsent(level, key -> new ByteArrayOutputStream());
        while (data.hasRemaining()) {
            bytes.write(data.get());
        }
    }

    @Override
    public TlsOutput pollOutput() {
        return null;
    }

    @Override
    public void completeDeferredWork(byte[] result) throws QuicProtocolException {
        throw new QuicProtocolException(TransportError.cryptoError(80), "no deferred work was asked for");
    }

    @Override
    public boolean isHandshakeComplete() {
        return false;
    }

    @Override
    public String applicationProtocol() {
        return null;
    }

    @Override
    public String serverName() {
        return null;
    }

    @Override
    public ByteBuffer peerTransportParameters() {
        return null;
    }
}
