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
    @Disabled("issue #6: 0 of 6 runs failed (2026-11-26, seeds 10101-10106) since handshake-space probes"
            + " repeat the ACK the peer has not confirmed (HandshakeLossScenarioTest): quiche's Initial probes are"
            + " bare PINGs and it resends a lost ServerHello only once an ACK lets it declare the packet lost; the"
            + " jquic client's ACK of them had been lost and its later probes carried none (seed 10018). Before that"
            + " fix 4 of 6 runs failed (10015-10020, machine busy), 0 of 14 (10001-10014). Still open: quiche"
            + " acknowledged the ClientHello yet resent its ServerHello only after 21 s (its ACKs then reporting"
            + " 7 s of delay), and then answered none of the client's Finished copies (seed 10016). Acknowledging its"
            + " ACK-only Initials would let it declare the ServerHello lost sooner, but Kwik's server mishandles"
            + " exactly that (HandshakeScenarioTest.aClientAcknowledgesNoServerInitialBeforeAnAckElicitingOne)")
    @Override
    void handshakeloss() throws Exception {
        super.handshakeloss();
    }

    @Test
    @Disabled("issue #6: 0 of 26 runs failed (2026-11-26, seeds 10001-10020, 10101-10106); before, one"
            + " handshake of 50 now and then got no answer from quiche (traced once: the request acknowledged, no"
            + " response for 30 s); left disabled until a longer soak shows a rate the CI can carry")
    @Override
    void handshakecorruption() throws Exception {
        super.handshakecorruption();
    }
}
