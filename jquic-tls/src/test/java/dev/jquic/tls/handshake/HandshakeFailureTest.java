package dev.jquic.tls.handshake;

import static dev.jquic.tls.handshake.HandshakeFixtures.CLIENT_PARAMETERS;
import static dev.jquic.tls.handshake.HandshakeFixtures.SERVER_PARAMETERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.tls.TlsSession;
import dev.jquic.core.types.EncryptionLevel;
import dev.jquic.core.types.EndpointRole;
import dev.jquic.tls.ClientAuthentication;
import dev.jquic.tls.QuicTls;
import dev.jquic.tls.TlsAlert;
import dev.jquic.tls.TlsClientConfig;
import dev.jquic.tls.TlsServerConfig;
import dev.jquic.tls.cert.PeerCertificateVerifier;
import dev.jquic.tls.keys.NamedGroup;
import dev.jquic.tls.message.ClientHello;
import dev.jquic.tls.message.EncryptedExtensions;
import dev.jquic.tls.message.Extension;
import dev.jquic.tls.message.ExtensionType;
import dev.jquic.tls.message.Extensions;
import dev.jquic.tls.message.KeyShareHelloRetryExtension;
import dev.jquic.tls.message.Opaque;
import dev.jquic.tls.message.ServerHello;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandshakeFailureTest {
    private static final int CLIENT_HELLO = 1;
    private static final int SERVER_HELLO = 2;
    private static final int ENCRYPTED_EXTENSIONS = 8;
    private static final int CERTIFICATE_VERIFY = 15;
    private static final int FINISHED = 20;

    /** Runs the handshake and returns the error, checking which side raised it. */
    static QuicProtocolException fails(EndpointRole side, TlsClientConfig client, String serverName,
            TlsServerConfig server, HandshakePump.Interceptor interceptor) {
        TlsSession clientSession = QuicTls.client(client, serverName, CLIENT_PARAMETERS.duplicate());
        TlsSession serverSession = QuicTls.server(server, SERVER_PARAMETERS.duplicate());
        HandshakePump pump = new HandshakePump(clientSession, serverSession, interceptor);
        QuicProtocolException error = assertThrows(QuicProtocolException.class, pump::run);
        assertEquals(side, pump.failedSide, error.toString());
        assertFalse(clientSession.isHandshakeComplete() && serverSession.isHandshakeComplete());
        return error;
    }

    static QuicProtocolException fails(EndpointRole side, TlsClientConfig client, TlsServerConfig server) {
        return fails(side, client, "localhost", server, (from, level, data) -> data);
    }

    static void assertAlert(TlsAlert alert, QuicProtocolException error) {
        assertEquals(alert.transportErrorCode(), error.errorCode(), error.toString());
    }

    static byte[] flipLastByte(byte[] message) {
        byte[] copy = message.clone();
        copy[copy.length - 1] ^= 0x01;
        return copy;
    }

    @Test
    void tamperedServerFinishedIsDecryptError() {
        assertAlert(TlsAlert.DECRYPT_ERROR, fails(EndpointRole.CLIENT, HandshakeFixtures.client().build(), "localhost",
                HandshakeFixtures.server().build(),
                HandshakeFixtures.editMessage(EndpointRole.SERVER, FINISHED, HandshakeFailureTest::flipLastByte)));
    }

    @Test
    void tamperedClientFinishedIsDecryptError() {
        assertAlert(TlsAlert.DECRYPT_ERROR, fails(EndpointRole.SERVER, HandshakeFixtures.client().build(), "localhost",
                HandshakeFixtures.server().build(),
                HandshakeFixtures.editMessage(EndpointRole.CLIENT, FINISHED, HandshakeFailureTest::flipLastByte)));
    }

    @Test
    void wrongCertificateVerifySignatureIsDecryptError() {
        for (String[] fixture : new String[][] {{"leaf-ec256.pem", "leaf-ec256-pkcs8.key"},
                {"leaf-ed25519.pem", "leaf-ed25519.key"}, {"leaf-rsa.pem", "leaf-rsa-pkcs8.key"}}) {
            TlsServerConfig server = HandshakeFixtures.server(HandshakeFixtures.credentials(fixture[0], fixture[1])).build();
            assertAlert(TlsAlert.DECRYPT_ERROR, fails(EndpointRole.CLIENT, HandshakeFixtures.client().build(),
                    "localhost", server, HandshakeFixtures.editMessage(EndpointRole.SERVER, CERTIFICATE_VERIFY,
                            HandshakeFailureTest::flipLastByte)));
        }
    }

    @Test
    void expiredCertificate() {
        TlsClientConfig client = HandshakeFixtures.client().clock(HandshakeFixtures.AFTER_VALIDITY_CLOCK)
                .peerCertificateVerifier(PeerCertificateVerifier.pkix(HandshakeFixtures.ca(),
                        HandshakeFixtures.AFTER_VALIDITY_CLOCK)).build();
        assertAlert(TlsAlert.CERTIFICATE_EXPIRED, fails(EndpointRole.CLIENT, client, HandshakeFixtures.server().build()));
    }

    @Test
    void wrongHostName() {
        assertAlert(TlsAlert.CERTIFICATE_UNKNOWN, fails(EndpointRole.CLIENT, HandshakeFixtures.client().build(),
                "wrong.example.com", HandshakeFixtures.server().build(), (from, level, data) -> data));
    }

    @Test
    void unknownCertificateAuthority() {
        TlsServerConfig server = HandshakeFixtures.server(
                HandshakeFixtures.credentials("unknown-ca-leaf.pem", "unknown-ca-leaf.key")).build();
        assertAlert(TlsAlert.UNKNOWN_CA, fails(EndpointRole.CLIENT, HandshakeFixtures.client().build(), server));
    }

    @Test
    void pinMismatch() {
        TlsClientConfig client = HandshakeFixtures.client().peerCertificateVerifier(PeerCertificateVerifier.pinned(
                List.of(HandshakeFixtures.credentials("other-host.pem", "other-host.key").leafFingerprint()))).build();
        assertAlert(TlsAlert.BAD_CERTIFICATE, fails(EndpointRole.CLIENT, client, HandshakeFixtures.server().build()));
    }

    @Test
    void noCommonApplicationProtocol() {
        assertAlert(TlsAlert.NO_APPLICATION_PROTOCOL, fails(EndpointRole.SERVER,
                HandshakeFixtures.client().applicationProtocols("hq-interop").build(),
                HandshakeFixtures.server().applicationProtocols("h3").build()));
    }

    @Test
    void noCommonGroupIsHandshakeFailure() {
        assertAlert(TlsAlert.HANDSHAKE_FAILURE, fails(EndpointRole.SERVER,
                HandshakeFixtures.client().groups(NamedGroup.X25519).keyShareGroups(NamedGroup.X25519).build(),
                HandshakeFixtures.server().groups(NamedGroup.SECP256R1, NamedGroup.SECP384R1).build()));
    }

    @Test
    void noCommonCipherSuiteIsHandshakeFailure() {
        assertAlert(TlsAlert.HANDSHAKE_FAILURE, fails(EndpointRole.SERVER,
                HandshakeFixtures.client().cipherSuites(dev.jquic.core.crypto.CipherSuite.TLS_AES_128_GCM_SHA256).build(),
                HandshakeFixtures.server().cipherSuites(dev.jquic.core.crypto.CipherSuite.TLS_AES_256_GCM_SHA384).build()));
    }

    @Test
    void clientCertificateRequiredButNotSent() {
        TlsServerConfig server = HandshakeFixtures.server().clientAuthentication(ClientAuthentication.REQUIRED,
                PeerCertificateVerifier.clientCertificates(HandshakeFixtures.ca(), HandshakeFixtures.VALID_CLOCK)).build();
        assertAlert(TlsAlert.CERTIFICATE_REQUIRED, fails(EndpointRole.SERVER, HandshakeFixtures.client().build(), server));
    }

    @Test
    void clientCertificateFromUnknownCa() {
        TlsServerConfig server = HandshakeFixtures.server().clientAuthentication(ClientAuthentication.REQUESTED,
                PeerCertificateVerifier.clientCertificates(HandshakeFixtures.ca(), HandshakeFixtures.VALID_CLOCK)).build();
        TlsClientConfig client = HandshakeFixtures.client().clientCredentials(
                HandshakeFixtures.credentials("unknown-ca-leaf.pem", "unknown-ca-leaf.key")).build();
        assertAlert(TlsAlert.UNKNOWN_CA, fails(EndpointRole.SERVER, client, server));
    }

    /** Re-encodes the first ClientHello with its extensions filtered and its session id replaced. */
    static HandshakePump.Interceptor rewriteClientHello(int dropExtension, Opaque sessionId) {
        return HandshakeFixtures.editMessage(EndpointRole.CLIENT, CLIENT_HELLO, raw -> {
            try {
                ClientHello hello = ClientHello.decode(ByteBuffer.wrap(raw, 4, raw.length - 4));
                List<Extension> kept = new ArrayList<>();
                for (Extension extension : hello.extensions().list()) {
                    if (extension.type() != dropExtension) {
                        kept.add(extension);
                    }
                }
                return new ClientHello(hello.legacyVersion(), hello.random(), sessionId, hello.cipherSuites(),
                        hello.legacyCompressionMethods(), new Extensions(kept)).toByteArray();
            } catch (QuicProtocolException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void clientHelloWithoutTransportParametersIsMissingExtension() {
        assertAlert(TlsAlert.MISSING_EXTENSION, fails(EndpointRole.SERVER, HandshakeFixtures.client().build(),
                "localhost", HandshakeFixtures.server().build(),
                rewriteClientHello(ExtensionType.QUIC_TRANSPORT_PARAMETERS, Opaque.EMPTY)));
    }

    @Test
    void clientHelloWithoutAlpnIsNoApplicationProtocol() {
        assertAlert(TlsAlert.NO_APPLICATION_PROTOCOL, fails(EndpointRole.SERVER, HandshakeFixtures.client().build(),
                "localhost", HandshakeFixtures.server().build(),
                rewriteClientHello(ExtensionType.APPLICATION_LAYER_PROTOCOL_NEGOTIATION, Opaque.EMPTY)));
    }

    @Test
    void clientHelloWithoutSupportedVersionsIsProtocolVersion() {
        assertAlert(TlsAlert.PROTOCOL_VERSION, fails(EndpointRole.SERVER, HandshakeFixtures.client().build(),
                "localhost", HandshakeFixtures.server().build(),
                rewriteClientHello(ExtensionType.SUPPORTED_VERSIONS, Opaque.EMPTY)));
    }

    @Test
    void clientHelloWithoutKeyShareIsMissingExtension() {
        assertAlert(TlsAlert.MISSING_EXTENSION, fails(EndpointRole.SERVER, HandshakeFixtures.client().build(),
                "localhost", HandshakeFixtures.server().build(),
                rewriteClientHello(ExtensionType.KEY_SHARE, Opaque.EMPTY)));
    }

    @Test
    void nonEmptyLegacySessionIdIsProtocolViolation() {
        QuicProtocolException error = fails(EndpointRole.SERVER, HandshakeFixtures.client().build(), "localhost",
                HandshakeFixtures.server().build(), rewriteClientHello(-1, Opaque.of(new byte[8])));
        assertEquals(TransportError.PROTOCOL_VIOLATION.code(), error.errorCode());
    }

    @Test
    void encryptedExtensionsWithoutTransportParametersIsMissingExtension() {
        HandshakePump.Interceptor dropParameters = HandshakeFixtures.editMessage(EndpointRole.SERVER,
                ENCRYPTED_EXTENSIONS, raw -> {
                    try {
                        EncryptedExtensions encrypted = EncryptedExtensions.decode(ByteBuffer.wrap(raw, 4, raw.length - 4));
                        List<Extension> kept = new ArrayList<>(encrypted.extensions().list());
                        kept.removeIf(extension -> extension.type() == ExtensionType.QUIC_TRANSPORT_PARAMETERS);
                        return new EncryptedExtensions(new Extensions(kept)).toByteArray();
                    } catch (QuicProtocolException e) {
                        throw new AssertionError(e);
                    }
                });
        assertAlert(TlsAlert.MISSING_EXTENSION, fails(EndpointRole.CLIENT, HandshakeFixtures.client().build(),
                "localhost", HandshakeFixtures.server().build(), dropParameters));
    }

    /** Inserts a copy of the ClientHello's last extension at the end of its extension block. */
    static byte[] duplicateLastExtension(byte[] raw) {
        ByteBuffer body = ByteBuffer.wrap(raw, 4, raw.length - 4).slice();
        int position = 2 + 32;
        position += 1 + (body.get(position) & 0xff);
        position += 2 + (body.getShort(position) & 0xffff);
        position += 1 + (body.get(position) & 0xff);
        int blockStart = position + 2;
        int last = blockStart;
        int cursor = blockStart;
        while (cursor < body.limit()) {
            last = cursor;
            cursor += 4 + (body.getShort(cursor + 2) & 0xffff);
        }
        byte[] duplicate = java.util.Arrays.copyOfRange(raw, 4 + last, raw.length);
        byte[] bodyBytes = new byte[body.limit() + duplicate.length];
        body.get(0, bodyBytes, 0, body.limit());
        System.arraycopy(duplicate, 0, bodyBytes, body.limit(), duplicate.length);
        int blockLength = bodyBytes.length - blockStart;
        bodyBytes[position] = (byte) (blockLength >>> 8);
        bodyBytes[position + 1] = (byte) blockLength;
        return HandshakeFixtures.reframe(CLIENT_HELLO, bodyBytes);
    }

    @Test
    void duplicateExtensionIsIllegalParameter() {
        assertAlert(TlsAlert.ILLEGAL_PARAMETER, fails(EndpointRole.SERVER, HandshakeFixtures.client().build(),
                "localhost", HandshakeFixtures.server().build(),
                HandshakeFixtures.editMessage(EndpointRole.CLIENT, CLIENT_HELLO, HandshakeFailureTest::duplicateLastExtension)));
    }

    @Test
    void helloRetryRequestForAnAlreadySharedGroupIsIllegalParameter() {
        HandshakePump.Interceptor retryForX25519 = HandshakeFixtures.editMessage(EndpointRole.SERVER, SERVER_HELLO, raw -> {
            try {
                ServerHello retry = ServerHello.decode(ByteBuffer.wrap(raw, 4, raw.length - 4));
                return new ServerHello(retry.legacyVersion(), retry.random(), retry.legacySessionIdEcho(),
                        retry.cipherSuite(), retry.legacyCompressionMethod(),
                        retry.extensions().with(new KeyShareHelloRetryExtension(NamedGroup.X25519.code()))).toByteArray();
            } catch (QuicProtocolException e) {
                throw new AssertionError(e);
            }
        });
        assertAlert(TlsAlert.ILLEGAL_PARAMETER, fails(EndpointRole.CLIENT, HandshakeFixtures.client().build(),
                "localhost", HandshakeFixtures.server().groups(NamedGroup.SECP256R1).build(), retryForX25519));
    }

    @Test
    void secondHelloRetryRequestIsUnexpectedMessage() {
        byte[][] firstRetry = {null};
        HandshakePump.Interceptor repeatRetry = (from, level, data) -> {
            if (from != EndpointRole.SERVER || level != EncryptionLevel.INITIAL) {
                return data;
            }
            if (firstRetry[0] == null) {
                firstRetry[0] = data;
                return data;
            }
            return firstRetry[0];
        };
        assertAlert(TlsAlert.UNEXPECTED_MESSAGE, fails(EndpointRole.CLIENT, HandshakeFixtures.client().build(),
                "localhost", HandshakeFixtures.server().groups(NamedGroup.SECP256R1).build(), repeatRetry));
    }

    @Test
    void handshakeDataAtTheWrongLevelIsUnexpectedMessage() {
        TlsSession server = QuicTls.server(HandshakeFixtures.server().build(), SERVER_PARAMETERS.duplicate());
        TlsSession client = QuicTls.client(HandshakeFixtures.client().build(), "localhost", CLIENT_PARAMETERS.duplicate());
        QuicProtocolException error = assertThrows(QuicProtocolException.class, () -> {
            client.start();
            dev.jquic.core.tls.TlsOutput.CryptoData hello = (dev.jquic.core.tls.TlsOutput.CryptoData) client.pollOutput();
            server.handleCryptoData(EncryptionLevel.HANDSHAKE, hello.data());
        });
        assertAlert(TlsAlert.UNEXPECTED_MESSAGE, error);
    }

    @Test
    void serverFlightAtInitialIsUnexpectedMessage() {
        // The server's EncryptedExtensions..Finished delivered at INITIAL, glued to the ServerHello.
        boolean[] merged = {false};
        TlsSession client = QuicTls.client(HandshakeFixtures.client().build(), "localhost", CLIENT_PARAMETERS.duplicate());
        TlsSession server = QuicTls.server(HandshakeFixtures.server().build(), SERVER_PARAMETERS.duplicate());
        QuicProtocolException error = assertThrows(QuicProtocolException.class, () -> {
            client.start();
            server.handleCryptoData(EncryptionLevel.INITIAL,
                    ((dev.jquic.core.tls.TlsOutput.CryptoData) client.pollOutput()).data());
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            dev.jquic.core.tls.TlsOutput output;
            while ((output = server.pollOutput()) != null) {
                if (output instanceof dev.jquic.core.tls.TlsOutput.CryptoData crypto) {
                    byte[] bytes = new byte[crypto.data().remaining()];
                    crypto.data().get(bytes);
                    all.writeBytes(bytes);
                }
            }
            merged[0] = true;
            client.handleCryptoData(EncryptionLevel.INITIAL, ByteBuffer.wrap(all.toByteArray()));
        });
        assertEquals(true, merged[0]);
        assertAlert(TlsAlert.UNEXPECTED_MESSAGE, error);
        // The session is dead: further input repeats the error.
        QuicProtocolException again = assertThrows(QuicProtocolException.class,
                () -> client.handleCryptoData(EncryptionLevel.HANDSHAKE, ByteBuffer.wrap(new byte[] {8, 0, 0, 0})));
        assertEquals(error.errorCode(), again.errorCode());
        assertEquals(ClientState.FAILED, ((ClientHandshake) client).state());
        assertEquals(null, client.pollOutput(), "a dead session has no outputs");
    }

    @Test
    void keyUpdateIsUnexpectedMessage() throws Exception {
        HandshakePump pump = HandshakeSuccessTest.handshake(HandshakeFixtures.client().build(), "localhost",
                HandshakeFixtures.server().build());
        byte[] keyUpdate = {24, 0, 0, 1, 0};
        assertAlert(TlsAlert.UNEXPECTED_MESSAGE, assertThrows(QuicProtocolException.class,
                () -> pump.client.handleCryptoData(EncryptionLevel.ONE_RTT, ByteBuffer.wrap(keyUpdate))));
        assertAlert(TlsAlert.UNEXPECTED_MESSAGE, assertThrows(QuicProtocolException.class,
                () -> pump.server.handleCryptoData(EncryptionLevel.ONE_RTT, ByteBuffer.wrap(keyUpdate))));
    }

    @Test
    void clientDataBeforeStartIsUnexpectedMessage() {
        TlsSession client = QuicTls.client(HandshakeFixtures.client().build(), "localhost", CLIENT_PARAMETERS.duplicate());
        assertAlert(TlsAlert.UNEXPECTED_MESSAGE, assertThrows(QuicProtocolException.class,
                () -> client.handleCryptoData(EncryptionLevel.INITIAL, ByteBuffer.wrap(new byte[] {2, 0, 0, 0}))));
    }

    @Test
    void wrongClientCertificateVerifySignatureIsDecryptError() {
        TlsServerConfig server = HandshakeFixtures.server().clientAuthentication(ClientAuthentication.REQUIRED,
                PeerCertificateVerifier.clientCertificates(HandshakeFixtures.ca(), HandshakeFixtures.VALID_CLOCK)).build();
        TlsClientConfig client = HandshakeFixtures.client().clientCredentials(HandshakeFixtures.ec256()).build();
        assertAlert(TlsAlert.DECRYPT_ERROR, fails(EndpointRole.SERVER, client, "localhost", server,
                HandshakeFixtures.editMessage(EndpointRole.CLIENT, CERTIFICATE_VERIFY, HandshakeFailureTest::flipLastByte)));
    }
}
