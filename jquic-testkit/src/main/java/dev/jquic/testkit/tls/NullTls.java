package dev.jquic.testkit.tls;

import dev.jquic.core.crypto.CipherSuite;
import dev.jquic.core.tls.TlsSession;
import dev.jquic.core.types.EncryptionLevel;
import dev.jquic.core.types.EndpointRole;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * Factories of "null TLS" sessions for transport tests: the same flights at the same encryption
 * levels, in the same output order, as a real TLS 1.3 handshake in QUIC (RFC 9001 §4.1), but with
 * fixed public secrets and without certificates or key exchange. NOT secure; tests only.
 *
 * <p>Flow: the client's {@code start()} sends ClientHello at INITIAL (cipher suite, ALPN list,
 * server name, transport parameters). The server answers ServerHello at INITIAL, switches to
 * HANDSHAKE, sends EncryptedExtensions (its transport parameters, the chosen ALPN, optional
 * padding) and Finished, then releases 1-RTT secrets. The client releases 1-RTT secrets, sends its
 * Finished at HANDSHAKE and completes; the server completes on that Finished.
 *
 * <p>Errors are CRYPTO_ERROR(0x100 + alert) {@link dev.jquic.core.codec.QuicProtocolException}s:
 * unexpected_message (10) for data at the wrong level or a message the state does not expect,
 * handshake_failure (40) for differing cipher suites, illegal_parameter (47) for a server choice
 * the client did not offer, decode_error (50) for malformed or over-64-KiB messages, decrypt_error
 * (51) for a wrong Finished, no_application_protocol (120) for no common ALPN.
 */
public final class NullTls {

    /**
     * Session options.
     *
     * @param cipherSuite the suite both sides must use; its hash sets the secret length
     * @param serverFlightPaddingBytes filler bytes a server adds to EncryptedExtensions, e.g. to
     *     emulate a large certificate chain in anti-amplification tests (0 to 57344)
     */
    public record Options(CipherSuite cipherSuite, int serverFlightPaddingBytes) {
        public Options {
            Objects.requireNonNull(cipherSuite, "cipherSuite");
            if (serverFlightPaddingBytes < 0 || serverFlightPaddingBytes > NullTlsCodec.MAX_PADDING_BYTES) {
                throw new IllegalArgumentException("serverFlightPaddingBytes " + serverFlightPaddingBytes
                        + " outside 0.." + NullTlsCodec.MAX_PADDING_BYTES);
            }
        }

        /** TLS_AES_128_GCM_SHA256, no padding. */
        public static Options defaults() {
            return new Options(CipherSuite.TLS_AES_128_GCM_SHA256, 0);
        }

        public Options withCipherSuite(CipherSuite suite) {
            return new Options(suite, serverFlightPaddingBytes);
        }

        public Options withServerFlightPaddingBytes(int paddingBytes) {
            return new Options(cipherSuite, paddingBytes);
        }
    }

    private NullTls() {
    }

    /** A client with {@link Options#defaults()}. */
    public static TlsSession client(ByteBuffer localTransportParameters, List<String> alpn, String serverName) {
        return client(localTransportParameters, alpn, serverName, Options.defaults());
    }

    /**
     * A client session; call {@code start()} to queue its ClientHello.
     *
     * @param localTransportParameters encoded quic_transport_parameters (RFC 9001 §8.2), opaque,
     *     at most 4096 bytes; its remaining bytes are copied, its position is left alone
     * @param alpn the offered application protocols in preference order, each 1 to 255 bytes of UTF-8
     * @param serverName the SNI to send (1 to 255 bytes of UTF-8), or {@code null} for none
     */
    public static TlsSession client(ByteBuffer localTransportParameters, List<String> alpn, String serverName,
            Options options) {
        Objects.requireNonNull(options, "options");
        List<String> offered = checkedAlpn(alpn);
        if (offered.stream().mapToInt(name -> 1 + NullTlsCodec.bytes(name).length).sum() > 0xFFFF) {
            throw new IllegalArgumentException("ALPN list too long");
        }
        if (serverName != null) {
            int length = NullTlsCodec.bytes(serverName).length;
            if (length == 0 || length > 255) {
                throw new IllegalArgumentException("server name of " + length + " bytes");
            }
        }
        return new NullTlsClient(options.cipherSuite(), copy(localTransportParameters), offered, serverName);
    }

    /** A server with {@link Options#defaults()}. */
    public static TlsSession server(ByteBuffer localTransportParameters, List<String> supportedAlpn) {
        return server(localTransportParameters, supportedAlpn, Options.defaults());
    }

    /**
     * A server session; it answers the ClientHello with the first client protocol it supports.
     *
     * @param localTransportParameters as for {@link #client(ByteBuffer, List, String, Options)}
     * @param supportedAlpn the protocols this server accepts, each 1 to 255 bytes of UTF-8
     */
    public static TlsSession server(ByteBuffer localTransportParameters, List<String> supportedAlpn,
            Options options) {
        Objects.requireNonNull(options, "options");
        return new NullTlsServer(options.cipherSuite(), copy(localTransportParameters), checkedAlpn(supportedAlpn),
                options.serverFlightPaddingBytes());
    }

    /**
     * The fixed traffic secret that a null-TLS endpoint of role {@code writer} uses to protect
     * packets at {@code level} (HANDSHAKE or ONE_RTT) with {@code suite}; its peer reads with the
     * same secret. Lets test tools such as a packet rewriter open and re-seal packets. Initial
     * secrets come from the client's first Destination Connection ID instead (RFC 9001 §5.2).
     *
     * @throws IllegalArgumentException for INITIAL or ZERO_RTT (the null TLS has no 0-RTT)
     */
    public static byte[] trafficSecret(EncryptionLevel level, EndpointRole writer, CipherSuite suite) {
        Objects.requireNonNull(writer, "writer");
        boolean client = writer == EndpointRole.CLIENT;
        String label = switch (level) {
            case HANDSHAKE -> client ? NullTlsSecrets.CLIENT_HANDSHAKE : NullTlsSecrets.SERVER_HANDSHAKE;
            case ONE_RTT -> client ? NullTlsSecrets.CLIENT_APPLICATION : NullTlsSecrets.SERVER_APPLICATION;
            default -> throw new IllegalArgumentException("the null TLS has no " + level + " secret");
        };
        return NullTlsSecrets.secret(suite, label);
    }

    private static List<String> checkedAlpn(List<String> alpn) {
        List<String> names = List.copyOf(alpn);
        for (String name : names) {
            int length = NullTlsCodec.bytes(name).length;
            if (length == 0 || length > 255) {
                throw new IllegalArgumentException("ALPN protocol name of " + length + " bytes");
            }
        }
        return names;
    }

    private static byte[] copy(ByteBuffer parameters) {
        ByteBuffer view = parameters.duplicate();
        if (view.remaining() > NullTlsCodec.MAX_TRANSPORT_PARAMETERS_BYTES) {
            throw new IllegalArgumentException("transport parameters of " + view.remaining() + " bytes exceed "
                    + NullTlsCodec.MAX_TRANSPORT_PARAMETERS_BYTES);
        }
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return bytes;
    }
}
