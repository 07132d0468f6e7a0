package dev.jquic.tls.message;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;

/**
 * ServerHello (TLS 1.3 spec §4.1.3): {@code ProtocolVersion legacy_version; Random random;
 * opaque legacy_session_id_echo<0..32>; CipherSuite cipher_suite; uint8 legacy_compression_method;
 * Extension extensions<6..2^16-1>}. A HelloRetryRequest is a ServerHello whose random is
 * {@link #HELLO_RETRY_REQUEST_RANDOM}; its extensions decode in the HRR form.
 */
public record ServerHello(
        int legacyVersion,
        Opaque random,
        Opaque legacySessionIdEcho,
        int cipherSuite,
        int legacyCompressionMethod,
        Extensions extensions) implements HandshakeMessage {
    /** RFC 9846 §4.1.3: SHA-256("HelloRetryRequest"), the random that marks a HelloRetryRequest. */
    public static final Opaque HELLO_RETRY_REQUEST_RANDOM = Opaque.ofHex(
            "CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C");

    public ServerHello {
        TlsCodec.checkUint16(legacyVersion, "legacy_version");
        TlsCodec.checkLength(random.length(), 32, 32, "random");
        TlsCodec.checkLength(legacySessionIdEcho.length(), 0, 32, "legacy_session_id_echo");
        TlsCodec.checkUint16(cipherSuite, "cipher_suite");
        TlsCodec.checkUint8(legacyCompressionMethod, "legacy_compression_method");
        TlsCodec.checkLength(extensions.contentLength(), 6, 0xffff, "extensions");
    }

    /** Whether this is a HelloRetryRequest (its random is the special value, §4.1.3). */
    public boolean isHelloRetryRequest() {
        return random.equals(HELLO_RETRY_REQUEST_RANDOM);
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.SERVER_HELLO;
    }

    @Override
    public int bodyLength() {
        return 2 + 32 + 1 + legacySessionIdEcho.length() + 2 + 1 + extensions.encodedLength();
    }

    @Override
    public void encodeBody(ByteBuffer out) {
        out.putShort((short) legacyVersion);
        random.writeTo(out);
        TlsCodec.putOpaque(out, 1, 0, 32, legacySessionIdEcho, "legacy_session_id_echo");
        out.putShort((short) cipherSuite);
        out.put((byte) legacyCompressionMethod);
        extensions.encode(out);
    }

    /** Decodes a ServerHello or HelloRetryRequest body (without the 4-byte header). */
    public static ServerHello decode(ByteBuffer body) throws QuicProtocolException {
        WireReader in = TlsCodec.reader(body.duplicate());
        int legacyVersion = in.readUint16();
        Opaque random = Opaque.wrap(in.readBytes(32));
        Opaque sessionIdEcho = TlsCodec.readOpaque(in, 1, 0, 32, "legacy_session_id_echo");
        int cipherSuite = in.readUint16();
        int compression = in.readUint8();
        ExtensionContext context = random.equals(HELLO_RETRY_REQUEST_RANDOM)
                ? ExtensionContext.HELLO_RETRY_REQUEST
                : ExtensionContext.SERVER_HELLO;
        Extensions extensions = Extensions.decode(in, 6, context);
        TlsCodec.requireEnd(in, "ServerHello");
        return new ServerHello(legacyVersion, random, sessionIdEcho, cipherSuite, compression, extensions);
    }
}
