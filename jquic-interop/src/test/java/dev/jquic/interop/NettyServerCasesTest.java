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
    @Disabled("issue #6: 2 runs of 11 fail (2026-11-26, seeds 2001-2005, 3001-3006): quiche acknowledged the"
            + " ClientHello from 7 s on yet sent only ACK-only Initials and at 22 s a PING-only probe (its ACK"
            + " reporting 6.8 s of ack delay), never its ServerHello in 47 s (seed 3002); or it sent the ServerHello"
            + " only after 22 s (ack delay 8.8 s) and then answered none of the client's Handshake and 1-RTT packets"
            + " for 30 s (3001). Fixed in jquic before: a 10 s Handshake ACK from quiche made jquic's PTO 30 s"
            + " (first RTT sample now without the reported ack delay); quiche's PING-only probes never resent its"
            + " lost Handshake flight while the jquic client waited (it now probes until its handshake completes)."
            + " Also seen: all 9 ClientHello copies of a client unanswered, which the loss model alone explains"
            + " about once in 2,000 handshakes")
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
