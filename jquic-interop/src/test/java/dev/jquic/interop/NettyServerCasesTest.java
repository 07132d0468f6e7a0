package dev.jquic.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Interop cases: jquic client downloads from a Netty QUIC (quiche) server. */
@ExtendWith(InteropMatrix.class)
@InteropMatrix.Suite(peer = "Netty QUIC 4.2.18 (quiche)", direction = "jquic client → peer server")
class NettyServerCasesTest extends JquicClientRelayCases {

    @TempDir
    Path directory;
    private final NettyPeer peer = new NettyPeer();

    @AfterEach
    void stop() throws Exception {
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

    @Override
    InetSocketAddress peerServer(TestCertificates certificates) throws Exception {
        return peer.startServer(certificates, false, 100);
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
    void v2() {
        InteropMatrix.notSupported("quiche implements QUIC v1 only (Netty's QuicCodecBuilder.version(int) takes "
                + "one version; quiche has no RFC 9369 support)");
    }

    @Test
    @Disabled("issue #6: the failures left are quiche's. 2 of 120 runs failed (2026-11-27, seeds 43001-43060"
            + " and 44001-44060, each 50 handshakes): in 43060 and 44028 quiche's server declared lost its 1-RTT"
            + " packet with the first 675 bytes of the response (and HANDSHAKE_DONE and its session ticket) after"
            + " the client acknowledged the later packet with the FIN, then sent nothing for 30 s with nothing in"
            + " flight and a 5,880-byte window (its qlog: cf_lost_packets 4, bytes_in_flight 0). The jquic"
            + " failures of those and the preceding runs are fixed and pinned by tests: a repeated Initial ACK that"
            + " gave quiche a first RTT sample of 9.4 s (40060; stale acknowledgments are left out of repeats), a"
            + " PTO backoff of 10 and 11 doublings at a few milliseconds multiplied by a later 1-2 s base (42004,"
            + " 42039; the period at most doubles), a ServerHello without the Handshake flight that left the client"
            + " 22 minutes from its first Handshake probe (42004; the backoff restarts with Handshake keys), and"
            + " ACKs lost while quiche repeated only the two oldest of three response packets (43018; an ACK of"
            + " repeated data goes with a PING). Before: 1 of 60 (40001-40060) and 4 of 122; quiche's own client"
            + " completed 50 of 50 in only 8 of 35 runs through the same relay (32001-32035). Earlier fixes, each"
            + " traced with quiche's qlog (-Dinterop.quicheQlog=DIR): the Initial ACK hold (10 s, now 3 s), Handshake"
            + " probes once Handshake keys are held (10310), stale buffered packets not acknowledged (10616), the"
            + " second probe datagram carrying the 1-RTT probe alone (10712), the Finished resent when the server"
            + " repeats its flight (11001), spaced probe datagrams (36050), confirmation by a 1-RTT ACK (39004)")
    @Override
    void handshakeloss() throws Exception {
        super.handshakeloss();
    }
}
