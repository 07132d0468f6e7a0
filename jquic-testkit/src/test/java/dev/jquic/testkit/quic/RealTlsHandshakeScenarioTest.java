package dev.jquic.testkit.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.connection.CloseReason;
import dev.jquic.core.connection.ConnectionConfig;
import dev.jquic.core.connection.ConnectionEvent;
import dev.jquic.core.connection.ConnectionState;
import dev.jquic.core.connection.TlsSessionFactory;
import dev.jquic.core.params.TransportParameters;
import dev.jquic.testkit.net.SeedReporting;
import dev.jquic.tls.QuicTls;
import dev.jquic.tls.TlsClientConfig;
import dev.jquic.tls.TlsServerConfig;
import dev.jquic.tls.cert.PeerCertificateVerifier;
import dev.jquic.tls.cert.Sha256Fingerprint;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The handshake with jquic's real TLS 1.3 (module jquic-tls) instead of the null TLS: a server
 * with a generated self-signed certificate, a client that pins its fingerprint or skips
 * verification. One round trip of virtual time on a clean link; ALPN, SNI and both sides'
 * transport parameters (RFC 9001 §8) arrive; 1-RTT data then flows.
 */
class RealTlsHandshakeScenarioTest {

    private static final long MILLIS = Scenario.MILLIS;
    private static final long SECONDS = Scenario.SECONDS;
    private static final String HOST = "quic.test";

    /** Generating a certificate costs real time: one for the whole class. */
    private static TlsServerConfig serverTls;

    @BeforeAll
    static void generateServerCertificate() {
        serverTls = TlsServerConfig.builder().applicationProtocols("h3", "test").selfSignedHost(HOST).build();
    }

    private static TlsSessionFactory client(PeerCertificateVerifier verifier) {
        TlsClientConfig config = TlsClientConfig.builder().applicationProtocols("test", "other")
                .peerCertificateVerifier(verifier).build();
        return parameters -> QuicTls.client(config, HOST, parameters);
    }

    private static TlsSessionFactory server() {
        return parameters -> QuicTls.server(serverTls, parameters);
    }

    private static Scenario scenario(long seed, PeerCertificateVerifier verifier) {
        ConnectionConfig clientConfig = ConnectionConfig.builder().maxIdleTimeoutMillis(20_000).build();
        ConnectionConfig serverConfig = ConnectionConfig.builder().maxIdleTimeoutMillis(25_000)
                .maxDatagramFrameSize(1200).build();
        return new Scenario(seed, Scenario.delay(10), Scenario.delay(10), clientConfig, serverConfig,
                client(verifier), server());
    }

    private static void assertHandshakeInOneRoundTrip(Scenario scenario) {
        long completed = scenario.network.runUntil(scenario::bothEstablished, 5 * SECONDS);
        // The client completes one round trip (20 ms) after its first Initial, the server half a
        // round trip later when the client's Finished arrives.
        System.out.printf("real TLS handshake: both established at %.1f ms of virtual time%n", completed / 1e6);
        assertEquals(30 * MILLIS, completed);
        assertEquals(20 * MILLIS, scenario.client.connection().stats().handshakeDurationNanos());
        assertTrue(scenario.client.sawEvent(ConnectionEvent.HandshakeCompleted.class));
        assertTrue(scenario.server.sawEvent(ConnectionEvent.HandshakeCompleted.class));
        // ALPN: the client's first choice the server also offers.
        assertEquals("test", scenario.client.connection().applicationProtocol());
        assertEquals("test", scenario.server.connection().applicationProtocol());
        // SNI reaches the server.
        assertEquals(HOST, scenario.server.connection().serverName());
        // RFC 9001 §8.2: each side's transport parameters, carried in TLS, reach the other intact.
        TransportParameters clientSaw = scenario.client.connection().peerTransportParameters();
        TransportParameters serverSaw = scenario.server.connection().peerTransportParameters();
        assertEquals(scenario.server.connection().localTransportParameters(), clientSaw);
        assertEquals(scenario.client.connection().localTransportParameters(), serverSaw);
        assertEquals(25_000, clientSaw.maxIdleTimeoutMillis());
        assertEquals(20_000, serverSaw.maxIdleTimeoutMillis());
        assertEquals(1200, clientSaw.maxDatagramFrameSize().orElse(0));
        assertFalse(serverSaw.maxDatagramFrameSize().isPresent());
        assertEquals(scenario.server.connection().localConnectionId(), clientSaw.initialSourceConnectionId().get());
        assertEquals(scenario.client.connection().localConnectionId(), serverSaw.initialSourceConnectionId().get());
        assertTrue(clientSaw.originalDestinationConnectionId().isPresent());
        assertTrue(clientSaw.statelessResetToken().isPresent());
        scenario.network.runFor(100 * MILLIS);
        assertEquals(ConnectionState.CONFIRMED, scenario.client.connection().state());
        assertEquals(ConnectionState.CONFIRMED, scenario.server.connection().state());
    }

    @Test
    void handshakeWithAPinnedSelfSignedCertificateTakesOneRoundTrip() {
        Sha256Fingerprint pin = serverTls.credentials().defaultCredentials().leafFingerprint();
        Scenario scenario = scenario(71, PeerCertificateVerifier.pinned(List.of(pin)));
        SeedReporting.reportSeedOnFailure(scenario.network, () -> assertHandshakeInOneRoundTrip(scenario));
    }

    @Test
    void handshakeWithAnInsecureClientTakesOneRoundTripAndCarriesData() {
        Scenario scenario = scenario(72, PeerCertificateVerifier.insecure());
        TransferApp clientApp = new TransferApp(2, 256 * 1024, 2);
        TransferApp serverApp = new TransferApp(2, 256 * 1024, 2);
        scenario.client.application(clientApp);
        scenario.server.application(serverApp);
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            assertHandshakeInOneRoundTrip(scenario);
            scenario.network.runUntil(() -> clientApp.receivedAll() && serverApp.receivedAll(), 30 * SECONDS);
            assertEquals(List.of(), clientApp.failures);
            assertEquals(List.of(), serverApp.failures);
            assertEquals(512 * 1024, clientApp.bytesReceived);
        });
    }

    /** A server whose TLS leaves the CertificateVerify signature to its owner; the owner here collects it. */
    private static Scenario deferredSigningScenario(long seed, List<Supplier<byte[]>> deferred) {
        TlsServerConfig deferring = TlsServerConfig.builder().applicationProtocols("h3", "test")
                .credentials(serverTls.credentials()).deferSigning(true).build();
        ConnectionConfig config = ConnectionConfig.builder().maxIdleTimeoutMillis(20_000).build();
        Scenario scenario = new Scenario(seed, Scenario.delay(10), Scenario.delay(10), config, config,
                client(PeerCertificateVerifier.insecure()), parameters -> QuicTls.server(deferring, parameters));
        scenario.server.application(new QuicNode.Application() {
            @Override
            public void onEvent(QuicNode node, ConnectionEvent event, long nowNanos) {
                if (event instanceof ConnectionEvent.DeferredWork work) {
                    deferred.add(work.work());
                }
            }
        });
        return scenario;
    }

    @Test
    void aServerSigningElsewhereCompletesTheHandshakeWhenTheSignatureArrives() {
        List<Supplier<byte[]>> deferred = new ArrayList<>();
        Scenario scenario = deferredSigningScenario(74, deferred);
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            long asked = scenario.network.runUntil(() -> !deferred.isEmpty(), 5 * SECONDS);
            assertEquals(10 * MILLIS, asked, "asked for as the ClientHello arrives");
            // The signature takes 1.5 s, longer than the client's first PTO (RFC 9002 §6.2.2.1:
            // 999 ms without an RTT sample).
            scenario.network.runFor(1_500 * MILLIS);
            assertFalse(scenario.client.connection().isHandshakeComplete());
            // The server answers nothing, not even an ACK, until its flight is whole; the client's
            // probes arrive meanwhile and are answered with it.
            assertEquals(0, scenario.client.connection().stats().packetsReceived());
            assertTrue(scenario.server.connection().stats().packetsReceived() > 1, "the client probed");
            assertFalse(scenario.server.connection().state().isTerminating());
            scenario.server.connection().completeDeferredWork(deferred.get(0).get(), scenario.network.nowNanos());
            long signed = scenario.network.nowNanos();
            long established = scenario.network.runUntil(scenario::bothEstablished, signed + 5 * SECONDS);
            // The rest of the flight reaches the client 10 ms later, its Finished the server 10 ms after.
            assertEquals(signed + 20 * MILLIS, established);
            assertEquals(1, deferred.size(), "one signature");
            assertEquals("test", scenario.client.connection().applicationProtocol());
            scenario.network.runFor(100 * MILLIS);
            assertEquals(ConnectionState.CONFIRMED, scenario.client.connection().state());
        });
    }

    @Test
    void aFailedDeferredSignatureClosesTheConnectionWithInternalError() {
        List<Supplier<byte[]>> deferred = new ArrayList<>();
        Scenario scenario = deferredSigningScenario(75, deferred);
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            scenario.network.runUntil(() -> !deferred.isEmpty(), 5 * SECONDS);
            scenario.server.connection().completeDeferredWork(null, scenario.network.nowNanos());
            scenario.network.runUntil(() -> scenario.client.connection().closeReason() != null,
                    scenario.network.nowNanos() + 5 * SECONDS);
            // RFC 9001 §4.8: TLS alert internal_error (80) as CRYPTO_ERROR 0x150.
            CloseReason server = scenario.server.connection().closeReason();
            assertEquals(CloseReason.Origin.LOCAL, server.origin());
            assertEquals(0x150, server.errorCode());
            assertEquals(CloseReason.Origin.PEER, scenario.client.connection().closeReason().origin());
            assertEquals(0x150, scenario.client.connection().closeReason().errorCode());
            // A result arriving after the close changes nothing.
            scenario.server.connection().completeDeferredWork(new byte[256], scenario.network.nowNanos());
            assertEquals(server, scenario.server.connection().closeReason());
        });
    }

    @Test
    void aClientPinningAnotherCertificateFailsTheHandshake() {
        Sha256Fingerprint wrong = Sha256Fingerprint.ofEncoded(new byte[] {1, 2, 3});
        Scenario scenario = scenario(73, PeerCertificateVerifier.pinned(List.of(wrong)));
        LifecycleRecorder clientLife = new LifecycleRecorder();
        LifecycleRecorder serverLife = new LifecycleRecorder();
        scenario.client.application(clientLife);
        scenario.server.application(serverLife);
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            scenario.network.runUntil(() -> clientLife.closedAtNanos >= 0 && serverLife.closedAtNanos >= 0,
                    5 * SECONDS);
            CloseReason local = scenario.client.connection().closeReason();
            CloseReason remote = scenario.server.connection().closeReason();
            System.out.println("wrong pin: client " + local + "; server " + remote);
            // RFC 9001 §4.8: a TLS alert becomes CRYPTO_ERROR 0x0100 + alert.
            assertEquals(CloseReason.Origin.LOCAL, local.origin());
            assertTrue(local.errorCode() >= 0x0100 && local.errorCode() <= 0x01ff, local.toString());
            assertEquals(CloseReason.Origin.PEER, remote.origin());
            assertEquals(local.errorCode(), remote.errorCode());
            assertFalse(scenario.client.connection().isHandshakeComplete());
        });
    }
}
