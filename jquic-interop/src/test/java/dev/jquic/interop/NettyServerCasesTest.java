package dev.jquic.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
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

    /*
     * handshakeloss (inherited) is enabled again (2026-11-27): 120 of 120 runs passed (seeds
     * 51001-51120, 50 handshakes each) after two changes. (1) NettyTimerRace: in the last failures
     * (43060, 44028) quiche's server declared its first response packet lost from a timer that
     * Netty ran inside a send and then never sent it, until the idle timeout (NettyPeerFactsTest).
     * (2) jquic repeats a lost handshake ACK while the RTT sample it gives stays under kInitialRtt:
     * withheld after one smoothed RTT, quiche kept its 333 ms default and probed 1, 2, 4 and 8 s
     * apart (50103). jquic faults found through this cell before, each pinned by a test: a first
     * RTT sample of 9.4 s from a stale repeated Initial ACK (40060), a PTO backoff multiplied by a
     * later base (42004, 42039), no backoff reset with Handshake keys (42004), ACKs lost while
     * quiche repeated only two of three packets (43018), the Initial ACK hold (34005), probes at
     * Handshake keys (10310), stale buffered packets acknowledged (10616), the 1-RTT probe alone in
     * the second probe datagram (10712), the Finished resent on a repeated flight (11001), spaced
     * probe datagrams (36050), confirmation by a 1-RTT ACK (39004).
     */
}
