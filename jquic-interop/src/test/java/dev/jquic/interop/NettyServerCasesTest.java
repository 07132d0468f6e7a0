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
    @Disabled("issue #6: quiche's own client fails this case against the same server more often than ours:"
            + " through the same relay it completed 50 of 50 in only 8 of 35 runs (2026-11-27, seeds 32001-32035;"
            + " lost requests and handshakes timed out), where jquic's client completed 59 of 60 (2026-11-27, seeds"
            + " 40001-40060, after a 3 s Initial ACK hold, spaced probe datagrams, confirmation by a 1-RTT ACK and"
            + " a fix to this harness's connection IDs) and 118 of 122 before (seeds 34001-34060, 35001-35063),"
            + " every failure traced with packet_dropped/packet_buffered events and quiche's qlog. The failure"
            + " left (40060, as 36025 and 12207): quiche took a 9.4 s RTT sample from the client's repeated"
            + " Initial ACK (the first copy was lost; quiche ignores ACK Delay there), so its next probe for the"
            + " lost response came after the 30 s idle timeout. Before: 32036 failed once and passed when run again;"
            + " 1 of 45 runs failed since six client fixes (2026-11-26, seeds 11101-11110, 11201-11215,"
            + " 11301-11320), each fix traced with quiche's own qlog (-Dinterop.quicheQlog=DIR): the client"
            + " acknowledges quiche's ACK-only Initials once 10 s (now 3 s) passed without a ServerHello (quiche resends it on"
            + " its own only every other PTO, at 1, 5 and 21 s); a client holding Handshake keys probes with a"
            + " Handshake packet (seed 10310); a packet buffered longer than a PTO is used but not acknowledged"
            + " (seed 10616: quiche's first RTT sample was 11 s); a client's second probe datagram carries its 1-RTT"
            + " probe alone (seed 10712: quiche drops the rest of a datagram whose first packet, a repeated"
            + " Finished, it has no keys for); the client resends its Finished when the server repeats its flight"
            + " (seed 11001, RFC 9002 §6.2.3). The failure since (11302) was one connection among 50 whose datagrams"
            + " the relay dropped: 7 of its 9 ClientHello copies in 30 s and 7 of quiche's 8 answers. Such a"
            + " connection was seen twice before (10408, 10503). Before the fixes 3 of 14, 2 of 12 and 1 of 12 runs"
            + " failed. One more failure in 12 runs of the class (seed 12207): after 22 s of loss quiche took a"
            + " 13.4 s RTT sample (the client's Initial ACK, re-sent until it got through, of a packet received"
            + " 13.4 s before; quiche ignores Initial ACK delays), so its PTO for the lost tail of the response was"
            + " 12.8 s; that probe was lost too, and the client's 30 s idle timeout came before quiche's next")
    @Override
    void handshakeloss() throws Exception {
        super.handshakeloss();
    }
}
