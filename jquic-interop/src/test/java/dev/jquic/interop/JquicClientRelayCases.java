package dev.jquic.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.crypto.CipherSuite;
import dev.jquic.testkit.relay.RelayConfig;
import dev.jquic.testkit.relay.RelayDirection;
import dev.jquic.testkit.relay.UdpRelay;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The relay cases with jquic as the client; a subclass provides the peer's server. */
abstract class JquicClientRelayCases {

    static final long MIB = 1 << 20;

    /** Starts the peer's download server (once per test). */
    abstract InetSocketAddress peerServer() throws Exception;

    /** Starts a download server of the peer that forces a Retry. */
    abstract InetSocketAddress retryingPeerServer() throws Exception;

    /** Starts the peer's download server with {@code certificates} (a chain, leaf first). */
    abstract InetSocketAddress peerServer(TestCertificates certificates) throws Exception;

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path chainDirectory;

    @Test
    void amplificationlimit() throws Exception {
        TestCertificates chain = TestCertificates.createRsaChain(chainDirectory, AmplificationLimitCase.INTERMEDIATES);
        try (UdpRelay relay = UdpRelay.start(peerServer(chain), AmplificationLimitCase.relayConfig())) {
            relay.reportSeedOnFailure(() -> {
                assertEquals(1, new JquicDownloadClient().run(relay.address(), 1_000).filesVerified());
                AmplificationLimitCase.check(relay, chain, getClass());
            });
        }
    }

    @Test
    void transfer() throws Exception {
        InetSocketAddress server = peerServer();
        assertEquals(1, new JquicDownloadClient().run(server, MIB).filesVerified());
        JquicDownloadClient.Result big = new JquicDownloadClient().run(server, 50 * MIB);
        assertEquals(1, big.filesVerified());
        InteropMatrix.note(getClass(), "transfer", String.format("50 MiB in %.1f s", big.transferNanos() / 1e9));
    }

    @Test
    void multiplexing() throws Exception {
        // The peers allow 100 concurrent bidirectional streams: the client waits for MAX_STREAMS.
        long[] sizes = new long[1_999];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = 32 + i % 1_000;
        }
        assertEquals(1_999, new JquicDownloadClient().run(peerServer(), sizes).filesVerified());
    }

    @Test
    void chacha20() throws Exception {
        JquicDownloadClient client = new JquicDownloadClient();
        client.tls.cipherSuites(CipherSuite.TLS_CHACHA20_POLY1305_SHA256);
        assertEquals(1, client.run(peerServer(), MIB).filesVerified());
    }

    @Test
    void keyupdate() throws Exception {
        JquicDownloadClient client = new JquicDownloadClient();
        client.keyUpdateAfterBytes = MIB;
        JquicDownloadClient.Result result = client.run(peerServer(), 10 * MIB);
        assertEquals(1, result.filesVerified());
        assertTrue(result.keyGeneration() >= 1, "our key update happened: generation " + result.keyGeneration());
    }

    @Test
    void retry() throws Exception {
        JquicDownloadClient.Result result = new JquicDownloadClient().run(retryingPeerServer(), 1_000);
        assertEquals(1, result.filesVerified());
        // RFC 9000 §7.3: the server's retry_source_connection_id proves our second Initial echoed its Retry token.
        assertTrue(result.serverParameters().retrySourceConnectionId().isPresent(), "a Retry was used");
    }


    private JquicDownloadClient.Result through(RelayConfig config, JquicDownloadClient client, long... sizes)
            throws Exception {
        try (UdpRelay relay = UdpRelay.start(peerServer(), config)) {
            JquicDownloadClient.Result[] result = new JquicDownloadClient.Result[1];
            relay.reportSeedOnFailure(() -> result[0] = client.run(relay.address(), sizes));
            return result[0];
        }
    }

    /**
     * The interop runner's budget for its 50 handshakes through loss or corruption (its
     * {@code TestCaseHandshakeLoss.timeout()}): the case fails unless all 50 succeed within it.
     * Each connection also has to finish within its client's own limits (idle timeout, and
     * {@link JquicDownloadClient#limit}).
     */
    static final Duration CASE_BUDGET = Duration.ofSeconds(300);

    private void fiftyHandshakes(RelayConfig config) throws Exception {
        try (UdpRelay relay = UdpRelay.start(peerServer(), config)) {
            HandshakeDurations durations = new HandshakeDurations();
            relay.reportSeedOnFailure(() -> {
                ExecutorService pool = Executors.newFixedThreadPool(10);
                try {
                    List<Future<JquicDownloadClient.Result>> results = new ArrayList<>();
                    for (int i = 0; i < 50; i++) {
                        results.add(pool.submit(() -> durations.timed(() -> {
                            JquicDownloadClient client = new JquicDownloadClient();
                            TraceLog trace = new TraceLog();
                            client.tracer = trace;
                            try {
                                return client.run(relay.address(), 1_000);
                            } catch (Exception | AssertionError failed) {
                                // The relay's record of this flow goes first in the message, so that
                                // the one line a build summary shows of it says what happened.
                                String flow = relay.flowSummary(client.localAddress);
                                System.out.println("failed handshake, jquic client's trace (" + flow + "):\n"
                                        + trace.text());
                                throw new AssertionError("handshake failed (relay flow " + flow + "): " + failed,
                                        failed);
                            }
                        })));
                    }
                    int succeeded = 0;
                    long end = System.nanoTime() + CASE_BUDGET.toNanos();
                    for (Future<JquicDownloadClient.Result> result : results) {
                        succeeded += result.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS)
                                .filesVerified();
                    }
                    assertEquals(50, succeeded, "handshakes (with a small download) that succeeded");
                } finally {
                    pool.shutdownNow();
                }
            });
            InteropMatrix.note(getClass(), caseName(config), relay.statistics(RelayDirection.TO_SERVER).dropped()
                    + relay.statistics(RelayDirection.TO_CLIENT).dropped() + " dropped, "
                    + (relay.statistics(RelayDirection.TO_SERVER).corrupted()
                    + relay.statistics(RelayDirection.TO_CLIENT).corrupted()) + " corrupted; handshakes: "
                    + durations.summary());
        }
    }

    private static String caseName(RelayConfig config) {
        return config.toServer().lossShare() > 0 ? "handshakeloss" : "handshakecorruption";
    }

    /** A first connection that waits for a session ticket; returns its result. */
    private static JquicDownloadClient.Result firstForTicket(InetSocketAddress server) throws Exception {
        JquicDownloadClient first = new JquicDownloadClient();
        first.waitForTicket = true;
        first.limit = Duration.ofSeconds(10);
        JquicDownloadClient.Result result = first.run(server, 1_000);
        assertEquals(1, result.filesVerified());
        return result;
    }

    @Test
    void resumption() throws Exception {
        InetSocketAddress server = peerServer();
        JquicDownloadClient.Result first = firstForTicket(server);
        JquicDownloadClient second = new JquicDownloadClient();
        second.ticket = first.sessionTicket();
        second.rememberedServerParameters = first.serverParameters();
        JquicDownloadClient.Result result = second.run(server, 1_000);
        assertEquals(1, result.filesVerified());
        assertTrue(result.resumed(), "the server accepted the ticket (PSK handshake, no certificate)");
    }

    @Test
    void zerortt() throws Exception {
        InetSocketAddress server = peerServer();
        JquicDownloadClient.Result first = firstForTicket(server);
        if (!dev.jquic.tls.ticket.ClientTicket.decode(first.sessionTicket()).allowsEarlyData()) {
            InteropMatrix.notSupported("the server's session tickets do not allow early data (no early_data "
                    + "extension in its NewSessionTicket; Kwik 0.10.3 implements 0-RTT in its client only)");
        }
        JquicDownloadClient second = new JquicDownloadClient();
        second.ticket = first.sessionTicket();
        second.rememberedServerParameters = first.serverParameters();
        second.tls.earlyDataEnabled(true);
        second.requestEarly = true;
        JquicDownloadClient.Result result = second.run(server, 1_000);
        assertEquals(1, result.filesVerified());
        assertTrue(result.stats().zeroRttPacketsSent() > 0, "the request went out in 0-RTT: " + result.stats());
        assertTrue(result.stats().zeroRttAccepted(), "the server accepted 0-RTT: " + result.stats());
    }

    @Test
    void handshakeloss() throws Exception {
        fiftyHandshakes(Impaired.handshakeLoss(Impaired.SEED));
    }

    @Test
    void handshakecorruption() throws Exception {
        fiftyHandshakes(Impaired.handshakeCorruption(Impaired.SEED));
    }

    @Test
    void transferloss() throws Exception {
        assertEquals(1, through(Impaired.transferLoss(), new JquicDownloadClient(), 5 * MIB).filesVerified());
    }

    @Test
    void transfercorruption() throws Exception {
        JquicDownloadClient.Result result = through(Impaired.transferCorruption(), new JquicDownloadClient(), 5 * MIB);
        assertEquals(1, result.filesVerified());
        assertTrue(result.stats().packetsDropped() > 0, "corrupted packets were dropped, not fatal");
    }

    @Test
    void longrtt() throws Exception {
        JquicDownloadClient client = new JquicDownloadClient();
        client.limit = Duration.ofSeconds(60);
        JquicDownloadClient.Result result = through(Impaired.longRtt(), client, MIB);
        assertEquals(1, result.filesVerified());
        assertTrue(result.stats().minRttNanos() >= 1_400_000_000L, "RTT " + result.stats().minRttNanos());
    }

    @Test
    void goodput() throws Exception {
        double goodput = jquicClientGoodput();
        InteropMatrix.note(getClass(), "goodput", String.format("%.2f Mbit/s", goodput));
        assertTrue(goodput >= 9.0, String.format("goodput %.2f Mbit/s through a 10 Mbit/s bottleneck", goodput));
    }

    /** Mbit/s of a 10 MiB download by jquic's client from the peer's server through the goodput relay. */
    final double jquicClientGoodput() throws Exception {
        JquicDownloadClient.Result result = through(Impaired.goodput(), new JquicDownloadClient(), 10 * MIB);
        assertEquals(1, result.filesVerified());
        return Impaired.megabitsPerSecond(10 * MIB, result.transferNanos());
    }

    @Test
    void blackhole() throws Exception {
        try (UdpRelay relay = UdpRelay.start(peerServer(), Impaired.plain())) {
            JquicDownloadClient client = new JquicDownloadClient();
            client.midTransferBytes = 2 * MIB;
            client.midTransfer = () -> relay.blackhole(Duration.ofSeconds(2));
            relay.reportSeedOnFailure(() -> assertEquals(1, client.run(relay.address(), 10 * MIB).filesVerified()));
            assertTrue(relay.statistics(RelayDirection.TO_CLIENT).blackholed()
                    + relay.statistics(RelayDirection.TO_SERVER).blackholed() > 0, "the blackhole dropped packets");
        }
    }

    @Test
    void rebind_port() throws Exception {
        try (UdpRelay relay = UdpRelay.start(peerServer(), Impaired.plain())) {
            JquicDownloadClient client = new JquicDownloadClient();
            client.midTransferBytes = 2 * MIB;
            client.midTransfer = relay::rebindClientPorts;
            relay.reportSeedOnFailure(() -> assertEquals(1, client.run(relay.address(), 10 * MIB).filesVerified()));
        }
    }
}
