package dev.jquic.tls.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.tls.TlsSession;
import dev.jquic.core.types.EncryptionLevel;
import dev.jquic.tls.TlsAlert;
import dev.jquic.tls.message.AlpnExtension;
import dev.jquic.tls.message.Certificate;
import dev.jquic.tls.message.CertificateRequest;
import dev.jquic.tls.message.EarlyDataExtension;
import dev.jquic.tls.message.EncryptedExtensions;
import dev.jquic.tls.message.Extension;
import dev.jquic.tls.message.ExtensionType;
import dev.jquic.tls.message.Extensions;
import dev.jquic.tls.message.HandshakeMessage;
import dev.jquic.tls.message.Opaque;
import dev.jquic.tls.message.ServerHello;
import dev.jquic.tls.message.SupportedVersionsServerExtension;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client's checks of the server's messages (TLS 1.3 spec §4.1.3, §4.2, §4.3, §4.4; RFC 9001 §8). */
class ServerMessageRulesTest {
    private static RecordedHandshake recorded;
    private static ServerHello serverHello;
    private static EncryptedExtensions encryptedExtensions;

    @BeforeAll
    static void record() throws QuicProtocolException {
        recorded = RecordedHandshake.record();
        serverHello = ServerHello.decode(body(recorded.serverHello));
        encryptedExtensions = EncryptedExtensions.decode(body(recorded.serverFlight.get(0)));
    }

    static ByteBuffer body(byte[] message) {
        return ByteBuffer.wrap(message, 4, message.length - 4).slice();
    }

    static void assertAlert(TlsAlert alert, TlsSession client, EncryptionLevel level, HandshakeMessage message) {
        QuicProtocolException error = assertThrows(QuicProtocolException.class,
                () -> client.handleCryptoData(level, ByteBuffer.wrap(message.toByteArray())));
        assertEquals(alert.transportErrorCode(), error.errorCode(), error.toString());
    }

    static ServerHello withServerHello(int suite, Extensions extensions, Opaque sessionIdEcho) {
        return new ServerHello(serverHello.legacyVersion(), serverHello.random(), sessionIdEcho, suite,
                serverHello.legacyCompressionMethod(), extensions);
    }

    @Test
    void serverHelloWithACipherSuiteNotOfferedIsIllegalParameter() throws Exception {
        assertAlert(TlsAlert.ILLEGAL_PARAMETER, RecordedHandshake.freshClient(), EncryptionLevel.INITIAL,
                withServerHello(0x1304, serverHello.extensions(), Opaque.EMPTY));
    }

    @Test
    void serverHelloEchoingAnotherSessionIdIsIllegalParameter() throws Exception {
        assertAlert(TlsAlert.ILLEGAL_PARAMETER, RecordedHandshake.freshClient(), EncryptionLevel.INITIAL,
                withServerHello(serverHello.cipherSuite(), serverHello.extensions(), Opaque.of(new byte[] {1})));
    }

    @Test
    void serverHelloSelectingTls12IsRejected() throws Exception {
        assertAlert(TlsAlert.ILLEGAL_PARAMETER, RecordedHandshake.freshClient(), EncryptionLevel.INITIAL,
                withServerHello(serverHello.cipherSuite(),
                        serverHello.extensions().with(new SupportedVersionsServerExtension(0x0303)), Opaque.EMPTY));
        List<Extension> withoutVersions = new ArrayList<>(serverHello.extensions().list());
        withoutVersions.removeIf(extension -> extension.type() == ExtensionType.SUPPORTED_VERSIONS);
        withoutVersions.add(new dev.jquic.tls.message.UnknownExtension(0x7777, Opaque.of(new byte[2])));
        assertAlert(TlsAlert.PROTOCOL_VERSION, RecordedHandshake.freshClient(), EncryptionLevel.INITIAL,
                withServerHello(serverHello.cipherSuite(), new Extensions(withoutVersions), Opaque.EMPTY));
    }

    @Test
    void serverHelloWithoutKeyShareIsMissingExtension() throws Exception {
        List<Extension> kept = new ArrayList<>(serverHello.extensions().list());
        kept.removeIf(extension -> extension.type() == ExtensionType.KEY_SHARE);
        kept.add(new dev.jquic.tls.message.UnknownExtension(0x7777, Opaque.of(new byte[2])));
        // An unknown extension we did not offer is unsupported_extension (TLS 1.3 spec §4.2) ...
        assertAlert(TlsAlert.UNSUPPORTED_EXTENSION, RecordedHandshake.freshClient(), EncryptionLevel.INITIAL,
                withServerHello(serverHello.cipherSuite(), new Extensions(kept), Opaque.EMPTY));
        // ... and without it the missing key_share is missing_extension.
        kept.remove(kept.size() - 1);
        assertAlert(TlsAlert.MISSING_EXTENSION, RecordedHandshake.freshClient(), EncryptionLevel.INITIAL,
                withServerHello(serverHello.cipherSuite(), new Extensions(kept), Opaque.EMPTY));
    }

    static EncryptedExtensions encryptedWith(Extension replacement, int removeType) {
        List<Extension> kept = new ArrayList<>(encryptedExtensions.extensions().list());
        kept.removeIf(extension -> extension.type() == removeType);
        Extensions extensions = new Extensions(kept);
        return new EncryptedExtensions(replacement == null ? extensions : extensions.with(replacement));
    }

    @Test
    void encryptedExtensionsWithoutAlpnIsNoApplicationProtocol() throws Exception {
        assertAlert(TlsAlert.NO_APPLICATION_PROTOCOL, recorded.clientAfter(0), EncryptionLevel.HANDSHAKE,
                encryptedWith(null, ExtensionType.APPLICATION_LAYER_PROTOCOL_NEGOTIATION));
    }

    @Test
    void encryptedExtensionsWithAnotherAlpnIsIllegalParameter() throws Exception {
        assertAlert(TlsAlert.ILLEGAL_PARAMETER, recorded.clientAfter(0), EncryptionLevel.HANDSHAKE,
                encryptedWith(AlpnExtension.ofNames("hq-interop"), -1));
        assertAlert(TlsAlert.ILLEGAL_PARAMETER, recorded.clientAfter(0), EncryptionLevel.HANDSHAKE,
                encryptedWith(AlpnExtension.ofNames("h3", "h3-29"), -1));
    }

    @Test
    void unsolicitedEarlyDataIsUnsupportedExtension() throws Exception {
        assertAlert(TlsAlert.UNSUPPORTED_EXTENSION, recorded.clientAfter(0), EncryptionLevel.HANDSHAKE,
                encryptedWith(new EarlyDataExtension(), -1));
    }

    @Test
    void emptyServerCertificateIsDecodeError() throws Exception {
        assertAlert(TlsAlert.DECODE_ERROR, recorded.clientAfter(1), EncryptionLevel.HANDSHAKE,
                new Certificate(Opaque.EMPTY, List.of()));
    }

    @Test
    void certificateRequestWithoutSignatureAlgorithmsIsMissingExtension() throws Exception {
        assertAlert(TlsAlert.MISSING_EXTENSION, recorded.clientAfter(1), EncryptionLevel.HANDSHAKE,
                new CertificateRequest(Opaque.EMPTY, Extensions.EMPTY));
    }

    @Test
    void finishedBeforeCertificateIsUnexpectedMessage() throws Exception {
        byte[] finished = recorded.serverFlight.get(3);
        TlsSession client = recorded.clientAfter(1);
        QuicProtocolException error = assertThrows(QuicProtocolException.class,
                () -> client.handleCryptoData(EncryptionLevel.HANDSHAKE, ByteBuffer.wrap(finished)));
        assertEquals(TlsAlert.UNEXPECTED_MESSAGE.transportErrorCode(), error.errorCode());
    }
}
