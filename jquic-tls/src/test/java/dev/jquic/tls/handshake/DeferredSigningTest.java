package dev.jquic.tls.handshake;

import static dev.jquic.tls.handshake.HandshakeFixtures.CLIENT_PARAMETERS;
import static dev.jquic.tls.handshake.HandshakeFixtures.SERVER_PARAMETERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.crypto.CipherSuite;
import dev.jquic.core.tls.TlsOutput;
import dev.jquic.core.tls.TlsSession;
import dev.jquic.core.types.EncryptionLevel;
import dev.jquic.tls.ClientAuthentication;
import dev.jquic.tls.QuicTls;
import dev.jquic.tls.TlsAlert;
import dev.jquic.tls.TlsServerConfig;
import dev.jquic.tls.cert.Credentials;
import dev.jquic.tls.keys.NamedGroup;
import dev.jquic.tls.message.HandshakeType;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A server that leaves its CertificateVerify signature (TLS 1.3 spec §4.4.3) to its owner. */
class DeferredSigningTest {

    private static HandshakePump untilSigning(TlsServerConfig.Builder server) throws QuicProtocolException {
        TlsSession client = QuicTls.client(HandshakeFixtures.client().build(), "localhost", CLIENT_PARAMETERS.duplicate());
        TlsSession serverSession = QuicTls.server(server.deferSigning(true).build(), SERVER_PARAMETERS.duplicate());
        return new HandshakePump(client, serverSession).run();
    }

    @Test
    void theServerSendsItsCertificateThenWaitsForTheSignatureAndFinishesWithIt() throws Exception {
        HandshakePump pump = untilSigning(HandshakeFixtures.server());
        ServerHandshake server = (ServerHandshake) pump.server;
        assertEquals(ServerState.SIGNING, server.state());
        assertEquals(1, pump.deferredWork.size());
        // ServerHello, the Handshake secrets, and EncryptedExtensions..Certificate went out; no 1-RTT secrets yet.
        assertEquals(List.of(TlsOutput.CryptoData.class, TlsOutput.SecretsAvailable.class, TlsOutput.CryptoData.class,
                TlsOutput.DeferredWork.class), pump.serverOutputs.stream().map(Object::getClass).toList());
        assertNull(pump.serverSecrets.get(EncryptionLevel.ONE_RTT));
        assertFalse(pump.client.isHandshakeComplete());
        assertEquals(ClientState.WAIT_CERTIFICATE_VERIFY, ((ClientHandshake) pump.client).state(),
                "the client has the certificate and waits for its signature");

        // The owner runs the work on a thread of its own.
        AtomicReference<Thread> signer = new AtomicReference<>();
        byte[] signature = CompletableFuture.supplyAsync(() -> {
            signer.set(Thread.currentThread());
            return pump.deferredWork.get(0).work().get();
        }).get();
        assertNotEquals(Thread.currentThread(), signer.get());
        pump.completeDeferredWork(signature);
        HandshakeSuccessTest.assertEstablished(pump, CipherSuite.TLS_AES_128_GCM_SHA256);
        assertEquals(1, pump.deferredWork.size(), "one signature per handshake");
    }

    @Test
    void afterAHelloRetryRequestAndWithClientAuthenticationTheDeferredFlightStillCompletes() throws Exception {
        Credentials clientCredentials = HandshakeFixtures.credentials("leaf-ed25519.pem", "leaf-ed25519.key");
        TlsSession client = QuicTls.client(HandshakeFixtures.client().clientCredentials(clientCredentials).build(),
                "localhost", CLIENT_PARAMETERS.duplicate());
        // Only P-384: the client's first key share (x25519) draws a HelloRetryRequest.
        TlsSession server = QuicTls.server(HandshakeSuccessTest.mutualServer(ClientAuthentication.REQUIRED)
                .groups(NamedGroup.SECP384R1).deferSigning(true).build(), SERVER_PARAMETERS.duplicate());
        HandshakePump pump = new HandshakePump(client, server).run();
        assertEquals(ServerState.SIGNING, ((ServerHandshake) server).state());
        pump.completeDeferredWork(pump.deferredWork.get(0).work().get());
        HandshakeSuccessTest.assertEstablished(pump, CipherSuite.TLS_AES_128_GCM_SHA256);
        assertEquals(clientCredentials.leaf(), ((ServerHandshake) server).peerCertificate());
    }

    @Test
    void aFailedSignatureEndsTheHandshakeWithInternalError() throws Exception {
        HandshakePump pump = untilSigning(HandshakeFixtures.server());
        QuicProtocolException failure = assertThrows(QuicProtocolException.class, () -> pump.completeDeferredWork(null));
        assertEquals(TransportError.cryptoError(TlsAlert.INTERNAL_ERROR.code()), failure.errorCode());
        assertTrue(failure.reason().contains("failed"), failure.reason());
        assertEquals(ServerState.FAILED, ((ServerHandshake) pump.server).state());
    }

    @Test
    void handshakeDataFromTheClientWhileSigningIsUnexpected() throws Exception {
        HandshakePump pump = untilSigning(HandshakeFixtures.server());
        // A client sends nothing at Handshake level before our Finished (TLS 1.3 spec §4.4.4).
        byte[] finished = HandshakeFixtures.reframe(HandshakeType.FINISHED.code(), new byte[32]);
        QuicProtocolException failure = assertThrows(QuicProtocolException.class,
                () -> pump.server.handleCryptoData(EncryptionLevel.HANDSHAKE, ByteBuffer.wrap(finished)));
        assertEquals(TransportError.cryptoError(TlsAlert.UNEXPECTED_MESSAGE.code()), failure.errorCode());
        assertThrows(QuicProtocolException.class, () -> pump.server.completeDeferredWork(new byte[256]),
                "a failed session stays failed");
    }

    @Test
    void aResultNobodyAskedForIsAnInternalError() throws Exception {
        TlsSession server = QuicTls.server(HandshakeFixtures.server().deferSigning(true).build(),
                SERVER_PARAMETERS.duplicate());
        QuicProtocolException failure = assertThrows(QuicProtocolException.class,
                () -> server.completeDeferredWork(new byte[256]));
        assertEquals(TransportError.cryptoError(TlsAlert.INTERNAL_ERROR.code()), failure.errorCode());
    }

    @Test
    void withoutTheOptionTheServerSignsInline() throws Exception {
        TlsSession client = QuicTls.client(HandshakeFixtures.client().build(), "localhost", CLIENT_PARAMETERS.duplicate());
        TlsSession server = QuicTls.server(HandshakeFixtures.server().build(), SERVER_PARAMETERS.duplicate());
        HandshakePump pump = new HandshakePump(client, server).run();
        assertEquals(List.of(), pump.deferredWork);
        assertInstanceOf(TlsOutput.HandshakeCompleted.class, HandshakeSuccessTest.lastBeforeTickets(pump.serverOutputs));
    }
}
