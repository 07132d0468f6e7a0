package dev.jquic.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.connection.ConnectionConfig;
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

/** The relay cases with the peer as the client of jquic's server; a subclass provides the client. */
abstract class PeerClientRelayCases {

    static final long MIB = 1 << 20;

    /** Downloads {@code sizes} from {@code server} with the peer's client; returns the files verified. */
    abstract int peerDownload(InetSocketAddress server, long... sizes) throws Exception;

    private static JquicDownloadServer newServer() throws Exception {
        return new JquicDownloadServer(JquicDownloadServer.tls().build(), ConnectionConfig.builder().build());
    }

    private void through(RelayConfig config, long size) throws Exception {
        try (JquicDownloadServer server = newServer(); UdpRelay relay = UdpRelay.start(server.address(), config)) {
            relay.reportSeedOnFailure(() -> assertEquals(1, peerDownload(relay.address(), size)));
        }
    }

    /** 50 handshakes: 10 servers, each behind its own relay, each serving 5 connections in turn. */
    private void fiftyHandshakes(long seed, java.util.function.LongFunction<RelayConfig> config, String caseName)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(10);
        long[] impaired = new long[1];
        HandshakeDurations durations = new HandshakeDurations();
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int s = 0; s < 10; s++) {
                long relaySeed = seed + s;
                results.add(pool.submit(() -> {
                    // The Endpoint serves overlapping connections (a client's next handshake may
                    // start while the server still holds the previous connection, whose
                    // CONNECTION_CLOSE the relay dropped), routed by connection ID.
                    try (JquicEndpointServer server = new JquicEndpointServer(false);
                            UdpRelay relay = UdpRelay.start(server.address(), config.apply(relaySeed))) {
                        int[] succeeded = {0};
                        relay.reportSeedOnFailure(() -> {
                            try {
                                for (int i = 0; i < 5; i++) {
                                    int verified = durations.timed(() -> peerDownload(relay.address(), 1_000));
                                    if (verified != 1) {
                                        System.out.println("failed handshake (the peer's client verified " + verified
                                                + " files); relay flows:\n" + relay.flowSummaries()
                                                + server.unfinishedTraces());
                                    }
                                    succeeded[0] += verified;
                                }
                            } catch (Exception | AssertionError failed) {
                                System.out.println("failed handshake; relay flows:\n" + relay.flowSummaries()
                                        + server.unfinishedTraces());
                                throw failed;
                            }
                        });
                        synchronized (impaired) {
                            for (RelayDirection direction : RelayDirection.values()) {
                                impaired[0] += relay.statistics(direction).dropped()
                                        + relay.statistics(direction).corrupted();
                            }
                        }
                        return succeeded[0];
                    }
                }));
            }
            int succeeded = 0;
            long end = System.nanoTime() + JquicClientRelayCases.CASE_BUDGET.toNanos();
            for (Future<Integer> result : results) {
                succeeded += result.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            assertEquals(50, succeeded, "handshakes (with a small download) that succeeded");
            InteropMatrix.note(getClass(), caseName, impaired[0] + " datagrams dropped or corrupted; handshakes: "
                    + durations.summary());
        } finally {
            pool.shutdownNow();
        }
    }

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path chainDirectory;

    /** Our server with a long RSA chain; the relay holds the peer client's second flight. */
    @Test
    void amplificationlimit() throws Exception {
        TestCertificates chain = TestCertificates.createRsaChain(chainDirectory, AmplificationLimitCase.INTERMEDIATES);
        var tls = JquicDownloadServer.tls().credentials(dev.jquic.tls.cert.CredentialsSelector.withDefault(
                chain.credentials)).build();
        try (JquicDownloadServer server = new JquicDownloadServer(tls, ConnectionConfig.builder().build());
                UdpRelay relay = UdpRelay.start(server.address(), AmplificationLimitCase.relayConfig())) {
            relay.reportSeedOnFailure(() -> {
                assertEquals(1, peerDownload(relay.address(), 1_000));
                AmplificationLimitCase.check(relay, chain, getClass());
            });
        }
    }

    /** Our Endpoint with requireRetry; the peer's second Initial must carry the Retry token. */
    @Test
    void retry() throws Exception {
        try (JquicEndpointServer server = new JquicEndpointServer(true)) {
            assertEquals(1, peerDownload(server.address(), 1_000));
            assertTrue(server.stats().retriesSent() >= 1, "the endpoint sent a Retry: " + server.stats());
            assertEquals(1, server.stats().connectionsAccepted(), "accepted only with the token: " + server.stats());
        }
    }

    @Test
    void handshakeloss() throws Exception {
        fiftyHandshakes(Impaired.SEED, Impaired::handshakeLoss, "handshakeloss");
    }

    @Test
    void handshakecorruption() throws Exception {
        fiftyHandshakes(Impaired.SEED, Impaired::handshakeCorruption, "handshakecorruption");
    }

    @Test
    void transferloss() throws Exception {
        through(Impaired.transferLoss(), 5 * MIB);
    }

    @Test
    void transfercorruption() throws Exception {
        through(Impaired.transferCorruption(), 5 * MIB);
    }

    @Test
    void longrtt() throws Exception {
        through(Impaired.longRtt(), MIB);
    }

    @Test
    void goodput() throws Exception {
        try (JquicDownloadServer server = newServer(); UdpRelay relay = UdpRelay.start(server.address(),
                Impaired.goodput())) {
            // One small download straight to the server first: run alone (-Dtest=...#goodput), the
            // peer's first connection in a fresh JVM spent about half a second loading its library,
            // which the timed download below would count (8.75-8.87 Mbit/s instead of 9.4).
            assertEquals(1, peerDownload(server.address(), 1_000));
            long start = System.nanoTime();
            relay.reportSeedOnFailure(() -> assertEquals(1, peerDownload(relay.address(), 10 * MIB)));
            double goodput = Impaired.megabitsPerSecond(10 * MIB, System.nanoTime() - start);
            InteropMatrix.note(getClass(), "goodput", String.format("%.2f Mbit/s incl. handshake", goodput));
            assertTrue(goodput >= 9.0, String.format("goodput %.2f Mbit/s through a 10 Mbit/s bottleneck", goodput));
        }
    }

    @Test
    void blackhole() throws Exception {
        try (JquicDownloadServer server = newServer(); UdpRelay relay = UdpRelay.start(server.address(),
                Impaired.plain())) {
            Impaired.when(relay, 2 * MIB, () -> relay.blackhole(Duration.ofSeconds(2)));
            relay.reportSeedOnFailure(() -> assertEquals(1, peerDownload(relay.address(), 10 * MIB)));
            assertTrue(relay.statistics(RelayDirection.TO_CLIENT).blackholed()
                    + relay.statistics(RelayDirection.TO_SERVER).blackholed() > 0, "the blackhole dropped packets");
        }
    }

    @Test
    void rebind_port() throws Exception {
        try (JquicDownloadServer server = newServer(); UdpRelay relay = UdpRelay.start(server.address(),
                Impaired.plain())) {
            Impaired.when(relay, 2 * MIB, relay::rebindClientPorts);
            relay.reportSeedOnFailure(() -> assertEquals(1, peerDownload(relay.address(), 10 * MIB)));
            assertTrue(server.connections.get(0).stats().datagramsReceived() > 0);
        }
    }
}
