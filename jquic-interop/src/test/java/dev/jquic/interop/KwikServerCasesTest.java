package dev.jquic.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.types.Version;
import dev.jquic.testkit.relay.RelayConfig;
import dev.jquic.testkit.relay.RelayDirection;
import dev.jquic.testkit.relay.RelayStatistics;
import dev.jquic.testkit.relay.UdpRelay;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tech.kwik.core.QuicConnection.QuicVersion;

/** Interop cases: jquic client downloads from a Kwik server. */
@ExtendWith(InteropMatrix.class)
@InteropMatrix.Suite(peer = "Kwik 0.10.3", direction = "jquic client → peer server")
class KwikServerCasesTest extends JquicClientRelayCases {

    @TempDir
    Path directory;
    private final KwikPeer peer = new KwikPeer();

    /** The relay in front of the retrying server, if a test started one. */
    private UdpRelay retryLink;

    @AfterEach
    void stop() {
        if (retryLink != null) {
            retryLink.close();
        }
        peer.close();
    }

    @Override
    InetSocketAddress retryingPeerServer() throws Exception {
        // Kwik 0.10.3's server registers the connection ID it names in its Retry only after the
        // connection's own thread has started, and that thread sends the Retry
        // (ServerConnectionCandidate.createAndRegisterServerConnection). On loopback our second
        // Initial can arrive first: Kwik then takes it for a new connection with another token
        // and closes with INVALID_TOKEN (seen once, 2026-11-27, in a full verify). A link with a
        // 2 ms round trip, shorter than any real network's, gives Kwik that time.
        retryLink = UdpRelay.start(peer.startServer(directory, true, 100),
                RelayConfig.builder(Impaired.SEED).roundTripTime(Duration.ofMillis(2)).build());
        return retryLink.address();
    }

    @Override
    InetSocketAddress peerServer() throws Exception {
        return server();
    }

    private InetSocketAddress server() throws Exception {
        return peer.startServer(directory, false, 100);
    }

    @Test
    void handshake() throws Exception {
        JquicDownloadClient.Result result = new JquicDownloadClient().run(server(), 1_000);
        assertEquals(1, result.filesVerified());
        assertEquals("hq-interop", result.applicationProtocol());
    }

    @Test
    void v2() throws Exception {
        InetSocketAddress server = peer.startServer(directory, false, 100, QuicVersion.V1, QuicVersion.V2);
        JquicDownloadClient client = new JquicDownloadClient();
        // Compatible version negotiation (RFC 9368): first Initial in v1, both offered, v2 preferred.
        client.config = client.config.toBuilder().version(Version.V1).supportedVersions(List.of(Version.V2,
                Version.V1)).build();
        JquicDownloadClient.Result result = client.run(server, MIB);
        assertEquals(1, result.filesVerified());
        assertEquals(Version.V2, result.version());
    }

    /*
     * Enabled 2026-11-27 (issue #6): 36 of 36 runs passed once the jquic client held its ACK of the
     * server's ACK-only Initials for 3 s instead of 10 s (seeds 37001-37012), and with its probe
     * datagrams spaced and this harness's connection IDs drawn from SecureRandom too (41001-41024,
     * confirmation by a 1-RTT ACK included). The 4
     * failures of 36 runs recorded before (10001: 9 ClientHello copies and never Kwik's ServerHello
     * again; 10310 and 10710: nothing new after the client's Finished; 10704: the request
     * acknowledged and no response) were traced while parallel clients of this harness could share
     * connection IDs (seeded from System.nanoTime), which merges two connections at the server.
     */
    @Test
    @Override
    void handshakeloss() throws Exception {
        super.handshakeloss();
    }

    @Test
    @Disabled("issue #6: 5 of 18 runs failed (2026-11-26, seeds 10701-10712, 10801-10806), each on one of two Kwik"
            + " faults: (1) Kwik's server keeps the Source Connection ID of the first Initial of a new connection"
            + " before authenticating it, so a copy of the ClientHello with a damaged SCID makes it drop every"
            + " genuine copy for 30 s (KwikPeerFactsTest; the relay forwarded all 9 of the client's ClientHello"
            + " copies and Kwik answered none: 10701, 10711); (2) it closes the connection with FRAME_ENCODING_ERROR"
            + " right after a corrupted datagram: LongHeaderPacket.parse throws that when the unauthenticated Length"
            + " varint is malformed, before decryption (RFC 9000 §5.2: a packet whose protection cannot be removed"
            + " is discarded; 10702, 10708, 10804; KwikPeerFactsTest shows the same parse fault in Kwik's client)")
    @Override
    void handshakecorruption() throws Exception {
        super.handshakecorruption();
    }

    @Test
    @Override
    void blackhole() throws Exception {
        super.blackhole();
    }

    @Test
    @Override
    void rebind_port() throws Exception {
        // Measured (issue #6): after the relay rebinds the client's port, Kwik logs nothing for our
        // packets and keeps probing the old address until the client idles out. Kwik 0.10.3's server
        // filters every datagram whose source is not the handshake's address (ClientAddressFilter,
        // in every server connection, not configurable) and announces disable_active_migration;
        // RFC 9000 §9 lets it drop such packets. No client behaviour survives that NAT rebinding.
        JquicDownloadClient.Result result = new JquicDownloadClient().run(server(), 1_000);
        assertTrue(result.serverParameters().disableActiveMigration(), "Kwik announced disable_active_migration");
        InteropMatrix.notSupported("Kwik 0.10.3's server drops every datagram from an address other than the "
                + "handshake's (ClientAddressFilter, not configurable; it sends disable_active_migration, and RFC 9000 "
                + "§9 allows the drop), so a NAT rebinding ends the connection");
    }

    /**
     * Kwik as the sender: when jquic's client gets less than 9 Mbit/s, the same download by Kwik's
     * own client through the same bottleneck tells whether the limit is Kwik's sender. The case
     * fails unless, in one of up to four pairs of transfers with Kwik's sender in the same mode
     * ({@link SenderTransfer}), Kwik's own client falls short as well and jquic's client gets at
     * least 95 % of what it gets. A pair in different modes, or in the same mode with the window
     * frozen at different sizes, says nothing about the clients, so the next pair is tried.
     */
    @Test
    @Override
    void goodput() throws Exception {
        // Kwik's server runs in this JVM: without a warm-up the first timed download (jquic's) pays
        // for compiling Kwik's sending path and the second (Kwik's own) does not. One untimed
        // download straight to the server by each client first, so both face the same server.
        InetSocketAddress warmUpServer = peerServer();
        assertEquals(1, new JquicDownloadClient().run(warmUpServer, 10 * MIB).filesVerified(), "warm-up");
        assertEquals(1, peer.download(KwikPeer.client(warmUpServer), 1, connection -> { }, MIB), "warm-up");
        List<String> samples = new ArrayList<>();
        // Bounded: at most four pairs of 10 MiB transfers (~9 s each).
        for (int pair = 0; pair < 4; pair++) {
            SenderTransfer jquic = jquicClientTransfer();
            samples.add("jquic's client " + jquic);
            if (jquic.megabitsPerSecond() >= 9.0) {
                InteropMatrix.note(getClass(), "goodput", String.format("%.2f Mbit/s", jquic.megabitsPerSecond()));
                return;
            }
            SenderTransfer kwik = kwikClientTransfer();
            samples.add("Kwik's own client " + kwik);
            if (jquic.fullDatagrams() == kwik.fullDatagrams() && kwik.megabitsPerSecond() < 9.0
                    && jquic.megabitsPerSecond() >= 0.95 * kwik.megabitsPerSecond()) {
                InteropMatrix.notSupported(String.format("Kwik 0.10.3's sender reaches %.2f Mbit/s to its own client"
                        + " through the 10 Mbit/s, 30 ms, 25-packet bottleneck (%.2f to jquic's client, in the same"
                        + " mode of its sender): its unpaced NewReno halves its window each time the queue overflows",
                        kwik.megabitsPerSecond(), jquic.megabitsPerSecond()));
                return;
            }
        }
        throw new AssertionError("in no pair of transfers with Kwik's sender in the same mode did jquic's client get"
                + " 9 Mbit/s, or 95 % of what Kwik's own client got below that: " + samples);
    }

    /**
     * One 10 MiB download from Kwik's server through the goodput relay. Kwik's sender runs in one of
     * two modes per connection. Its NewReno grows the window only on an ACK that finds it full to
     * within 3 bytes (its NewRenoCongestionController), and it fills a window's remainder with a
     * smaller datagram only when one fits (its SenderImpl and PacketAssembler). While that works
     * the window saws up and down, datagrams average ~900-1,180 B, and both clients got
     * 8.1-9.1 Mbit/s. When a remainder too small for a packet is left, every datagram is full
     * (~1,250 B) and the window stays frozen at its size then: 9.4-9.5 Mbit/s at ~64 KB, 7.5-8.4
     * at ~32 KB (Kwik's log, {@code -Dinterop.kwik.cc=true}, 2026-11-27). Comparing transfers of
     * different modes failed the case (a clean-clone CI run, 4 pairs, jquic's client frozen each
     * time); the relay's bytes per datagram tell the modes apart. {@code datagramsPerAck} is the
     * relay's count of datagrams to the client per datagram to the server: the client's ACK rate.
     */
    record SenderTransfer(double megabitsPerSecond, long bytesPerDatagram, double datagramsPerAck) {
        boolean fullDatagrams() {
            return bytesPerDatagram >= 1_225;
        }

        @Override
        public String toString() {
            return String.format("%.2f Mbit/s at %d B per datagram, %.1f datagrams per datagram back",
                    megabitsPerSecond, bytesPerDatagram, datagramsPerAck);
        }
    }

    private SenderTransfer jquicClientTransfer() throws Exception {
        try (UdpRelay relay = UdpRelay.start(peerServer(), Impaired.goodput())) {
            JquicDownloadClient.Result[] result = new JquicDownloadClient.Result[1];
            relay.reportSeedOnFailure(() -> result[0] = new JquicDownloadClient().run(relay.address(), 10 * MIB));
            assertEquals(1, result[0].filesVerified(), "jquic's client verified its 10 MiB download");
            return transfer(relay, result[0].transferNanos());
        }
    }

    private SenderTransfer kwikClientTransfer() throws Exception {
        try (UdpRelay relay = UdpRelay.start(peerServer(), Impaired.goodput())) {
            // Timed like jquic's client: from the start of the connection to the last byte verified.
            long start = System.nanoTime();
            int verified = peer.download(KwikPeer.client(relay.address()), 1, connection -> { }, 10 * MIB);
            long elapsed = System.nanoTime() - start;
            assertEquals(1, verified, "Kwik's client verified its 10 MiB download");
            return transfer(relay, elapsed);
        }
    }

    private static SenderTransfer transfer(UdpRelay relay, long nanos) {
        RelayStatistics toClient = relay.statistics(RelayDirection.TO_CLIENT);
        RelayStatistics toServer = relay.statistics(RelayDirection.TO_SERVER);
        return new SenderTransfer(Impaired.megabitsPerSecond(10 * MIB, nanos),
                toClient.forwardedBytes() / Math.max(1, toClient.forwarded()),
                toClient.forwarded() / (double) Math.max(1, toServer.forwarded()));
    }

    @Override
    InetSocketAddress peerServer(TestCertificates certificates) throws Exception {
        return peer.startServer(certificates, false, 100);
    }

    @Test
    @Override
    void zerortt() throws Exception {
        super.zerortt();
    }
}
