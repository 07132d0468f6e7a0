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
    @Disabled("issue #6: 0 to 2 of 50 fail in about 1 run of 3 after this session's"
            + " fixes; traced: (1) fixed: a 10 s Handshake ACK from quiche made jquic's PTO 30 s (first RTT sample now"
            + " without the reported ack delay); (2) fixed: quiche's PING-only probes never resent its lost Handshake"
            + " flight while the jquic client, its Handshake packets all acknowledged, waited (it now probes until"
            + " its handshake completes); (3) open: quiche answered none of 13 probe rounds from a jquic client that"
            + " had completed its handshake; (4) all 9 ClientHello copies of a client (5 PTO rounds in its 30 s idle"
            + " timeout) unanswered, which the loss model alone explains about once in 2,000 handshakes; (5)"
            + " 2 of 8 runs still fail (2026-11-26, seeds 2001-2005, 3001-3003): quiche acknowledged the ClientHello"
            + " from 7 s on, yet sent only ACK-only Initials and at 22 s a PING-only probe (its ACK reporting 6.8 s"
            + " of ack delay), never its ServerHello in 47 s (seed 3002); or it sent the ServerHello only after 22 s"
            + " (ack delay 8.8 s) and then answered none of the client's Handshake and 1-RTT packets for 30 s (3001)")
    @Override
    void handshakeloss() throws Exception {
        super.handshakeloss();
    }

    @Test
    @Disabled("issue #6: same open cause as handshakeloss (one handshake of 50 now"
            + " and then gets no answer from quiche; traced once: the request acknowledged, no response for 30 s)")
    @Override
    void handshakecorruption() throws Exception {
        super.handshakecorruption();
    }
}
