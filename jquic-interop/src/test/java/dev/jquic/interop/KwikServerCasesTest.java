package dev.jquic.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.types.Version;
import java.net.InetSocketAddress;
import java.nio.file.Path;
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

    @AfterEach
    void stop() {
        peer.close();
    }

    @Override
    InetSocketAddress retryingPeerServer() throws Exception {
        return peer.startServer(directory, true, 100);
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

    @Test
    @Disabled("issue #6: after the fixes (Initial padding, CRYPTO in both probes, Kwik assertions off) 0 to 4 of 50"
            + " handshakes through 30% burst loss still idle out; measured: Kwik's Handshake flight arrives before its"
            + " ServerHello (dropped by the client, no keys yet), the client then gets nothing for 15 s while it probes"
            + " with Initial PINGs; whether Kwik stops retransmitting or the shared relay drops every answer is open")
    @Override
    void handshakeloss() throws Exception {
        super.handshakeloss();
    }

    @Test
    @Disabled("issue #6: one handshake in 50-200 fails through 30% corruption after the fixes; measured: (1) Kwik"
            + " closed a connection with FRAME_ENCODING_ERROR right after a corrupted datagram: Kwik 0.10.3's"
            + " LongHeaderPacket.parse throws that TransportError when the unauthenticated Length varint is malformed,"
            + " before decryption (RFC 9000 §5.2: a packet whose protection cannot be removed is discarded);"
            + " (2) a client sent 9 full-size ClientHello datagrams and got no datagram back in 15 s (open)")
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

    @Test
    @Disabled("issue #6: 8.6-8.95 Mbit/s measured (Kwik as sender): Kwik 0.10.3's unpaced NewReno halves its window"
            + " each time the 25-packet queue overflows (every ~1.25 s), throughput dips to 7.5-8.5 Mbit/s for ~0.5 s;"
            + " jquic's client is not the limit: flow-control credit stays 1-3 MB ahead, no packet dropped, and the same"
            + " client gets 9.5 Mbit/s from quiche's paced sender")
    @Override
    void goodput() throws Exception {
        super.goodput();
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
