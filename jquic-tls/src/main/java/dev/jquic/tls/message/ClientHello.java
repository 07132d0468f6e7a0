package dev.jquic.tls.message;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * ClientHello (TLS 1.3 spec §4.1.2): {@code ProtocolVersion legacy_version; Random random;
 * opaque legacy_session_id<0..32>; CipherSuite cipher_suites<2..2^16-2>;
 * opaque legacy_compression_methods<1..2^8-1>; Extension extensions<7..2^16-1>}.
 *
 * <p>PSK binders (§4.2.11.2): a client builds the hello with placeholder binders of the right
 * lengths, hashes {@link #partialEncoding()}, then sends {@link #withBinders(List)}. A server hashes
 * {@link #partialMessage(RawHandshakeMessage)} of the received bytes. The semantic checks of
 * §4.1.2 (legacy_version 0x0303, compression methods exactly {0}) and RFC 9001 §8.4 (an empty
 * legacy_session_id in QUIC) are the server state machine's job. Unknown extensions are kept as
 * {@link UnknownExtension} (ignoring them is the server's choice, not an error).
 */
public record ClientHello(
        int legacyVersion,
        Opaque random,
        Opaque legacySessionId,
        List<Integer> cipherSuites,
        Opaque legacyCompressionMethods,
        Extensions extensions) implements HandshakeMessage {
    /** TLS 1.2's version code, the legacy_version of every TLS 1.3 hello. */
    public static final int LEGACY_VERSION = 0x0303;
    /** The only compression method list a TLS 1.3 ClientHello carries: {null}. */
    public static final Opaque NULL_COMPRESSION = Opaque.wrap(new byte[] {0});

    public ClientHello {
        TlsCodec.checkUint16(legacyVersion, "legacy_version");
        TlsCodec.checkLength(random.length(), 32, 32, "random");
        TlsCodec.checkLength(legacySessionId.length(), 0, 32, "legacy_session_id");
        cipherSuites = TlsCodec.checkUint16List(cipherSuites, "cipher suite");
        TlsCodec.checkLength(2 * cipherSuites.size(), 2, 0xfffe, "cipher_suites");
        TlsCodec.checkLength(legacyCompressionMethods.length(), 1, 0xff, "legacy_compression_methods");
        TlsCodec.checkLength(extensions.contentLength(), 7, 0xffff, "extensions");
        for (int i = 0; i < extensions.size() - 1; i++) {
            if (extensions.list().get(i).type() == ExtensionType.PRE_SHARED_KEY) {
                throw new IllegalArgumentException("pre_shared_key must be the last ClientHello extension");
            }
        }
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.CLIENT_HELLO;
    }

    @Override
    public int bodyLength() {
        return 2 + 32 + 1 + legacySessionId.length() + 2 + 2 * cipherSuites.size()
                + 1 + legacyCompressionMethods.length() + extensions.encodedLength();
    }

    @Override
    public void encodeBody(ByteBuffer out) {
        out.putShort((short) legacyVersion);
        random.writeTo(out);
        TlsCodec.putOpaque(out, 1, 0, 32, legacySessionId, "legacy_session_id");
        TlsCodec.putUint16List(out, 2, 2, 0xfffe, cipherSuites, "cipher_suites");
        TlsCodec.putOpaque(out, 1, 1, 0xff, legacyCompressionMethods, "legacy_compression_methods");
        extensions.encode(out);
    }

    /** The pre_shared_key extension (always last), if present. */
    public PreSharedKeyClientExtension preSharedKey() {
        return extensions.last() instanceof PreSharedKeyClientExtension psk ? psk : null;
    }

    /**
     * The length of the trailing binders list (with its 2-byte length), which ends the message.
     *
     * @throws IllegalStateException if there is no pre_shared_key extension
     */
    public int bindersListLength() {
        PreSharedKeyClientExtension psk = preSharedKey();
        if (psk == null) {
            throw new IllegalStateException("ClientHello has no pre_shared_key extension");
        }
        return psk.bindersListLength();
    }

    /**
     * RFC 9846 §4.2.11.2: the encoding up to, not including, the binders list (the header keeps the
     * full length) — the "partial ClientHello" the binders are computed over.
     */
    public byte[] partialEncoding() {
        byte[] full = toByteArray();
        return java.util.Arrays.copyOf(full, full.length - bindersListLength());
    }

    /**
     * The partial ClientHello of a received message: its raw bytes up to the binders list.
     *
     * @param raw the exact bytes this hello was decoded from
     */
    public ByteBuffer partialMessage(RawHandshakeMessage raw) {
        ByteBuffer bytes = raw.rawBuffer();
        bytes.limit(bytes.limit() - bindersListLength());
        return bytes.slice();
    }

    /** The same hello with the pre_shared_key binders replaced (same count and lengths keep it valid). */
    public ClientHello withBinders(List<Opaque> binders) {
        PreSharedKeyClientExtension psk = preSharedKey();
        if (psk == null) {
            throw new IllegalStateException("ClientHello has no pre_shared_key extension");
        }
        return new ClientHello(legacyVersion, random, legacySessionId, cipherSuites, legacyCompressionMethods,
                extensions.with(psk.withBinders(binders)));
    }

    /** Decodes a ClientHello body (without the 4-byte header). */
    public static ClientHello decode(ByteBuffer body) throws QuicProtocolException {
        WireReader in = TlsCodec.reader(body.duplicate());
        int legacyVersion = in.readUint16();
        Opaque random = Opaque.wrap(in.readBytes(32));
        Opaque sessionId = TlsCodec.readOpaque(in, 1, 0, 32, "legacy_session_id");
        List<Integer> cipherSuites = TlsCodec.readUint16List(in, 2, 2, 0xfffe, "cipher_suites");
        Opaque compression = TlsCodec.readOpaque(in, 1, 1, 0xff, "legacy_compression_methods");
        Extensions extensions = Extensions.decode(in, 7, ExtensionContext.CLIENT_HELLO);
        TlsCodec.requireEnd(in, "ClientHello");
        return new ClientHello(legacyVersion, random, sessionId, cipherSuites, compression, extensions);
    }
}
