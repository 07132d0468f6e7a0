package dev.jquic.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.connection.ConnectionConfig;
import dev.jquic.core.crypto.CipherSuite;
import dev.jquic.core.stream.StreamLimits;
import dev.jquic.tls.TlsServerConfig;
import dev.jquic.tls.handshake.ServerHandshake;
import dev.jquic.tls.ticket.SessionTicketPolicy;
import io.netty.handler.codec.quic.NettySessionCacheProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Interop cases: a Netty QUIC (quiche) client downloads from jquic's server. */
@ExtendWith(InteropMatrix.class)
@InteropMatrix.Suite(peer = "Netty QUIC 4.2.18 (quiche)", direction = "peer client → jquic server")
class NettyClientCasesTest extends PeerClientRelayCases {

    @Override
    int peerDownload(java.net.InetSocketAddress server, long... sizes) throws Exception {
        return peer.download(server, 1, 60, sizes);
    }

    private final NettyPeer peer = new NettyPeer();
    private JquicDownloadServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            for (var connection : server.connections) {
                System.out.println("jquic server connection: " + connection.state() + " " + connection.closeReason());
            }
            System.out.print(server.handshakeTraces());
            server.close();
        }
        peer.close();
    }

    private JquicDownloadServer start(TlsServerConfig tls, ConnectionConfig config) throws Exception {
        server = new JquicDownloadServer(tls, config);
        return server;
    }

    private JquicDownloadServer start() throws Exception {
        return start(JquicDownloadServer.tls().build(), ConnectionConfig.builder().build());
    }

    @Test
    void handshake() throws Exception {
        assertEquals(1, peer.download(start().address(), 1, 10, 1_000));
        assertEquals("hq-interop", server.connections.get(0).applicationProtocol());
    }

    @Test
    void transfer() throws Exception {
        start();
        assertEquals(1, peer.download(server.address(), 1, 30, MIB));
        long begin = System.nanoTime();
        assertEquals(1, peer.download(server.address(), 1, 60, 50 * MIB));
        InteropMatrix.note(getClass(), "transfer", String.format("50 MiB in %.1f s", (System.nanoTime() - begin) / 1e9));
    }

    @Test
    void multiplexing() throws Exception {
        StreamLimits defaults = StreamLimits.defaults();
        StreamLimits limits = new StreamLimits(defaults.initialMaxData(), defaults.initialMaxStreamDataBidiLocal(),
                defaults.initialMaxStreamDataBidiRemote(), defaults.initialMaxStreamDataUni(), 1_000,
                defaults.initialMaxStreamsUni(), defaults.maxConnectionWindow(), defaults.maxStreamWindow(),
                defaults.sendBufferBytesPerStream(), defaults.maxRangesPerStream());
        start(JquicDownloadServer.tls().build(), ConnectionConfig.builder().streamLimits(limits).build());
        long[] sizes = new long[1_999];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = 32 + i % 1_000;
        }
        assertEquals(1_999, peer.download(server.address(), 500, 60, sizes));
    }

    @Test
    void chacha20() throws Exception {
        // BoringSSL does not let a TLS 1.3 client restrict its suites; our server accepts only ChaCha20.
        start(JquicDownloadServer.tls().cipherSuites(CipherSuite.TLS_CHACHA20_POLY1305_SHA256).build(),
                ConnectionConfig.builder().build());
        assertEquals(1, peer.download(server.address(), 1, 30, MIB));
    }

    /** A first connection with {@code context}; returns once BoringSSL cached the session it got from our server. */
    private void firstConnection(io.netty.handler.codec.quic.QuicSslContext context) throws Exception {
        assertEquals(1, peer.download(context, server.address(), 1, 10, 1_000));
        long end = System.nanoTime() + 5_000_000_000L;
        while (!NettySessionCacheProbe.hasSession(context, "localhost", server.address().getPort())
                && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertTrue(NettySessionCacheProbe.hasSession(context, "localhost", server.address().getPort()),
                "quiche's client stored the session ticket of our server");
    }

    @Test
    void resumption() throws Exception {
        start();
        io.netty.handler.codec.quic.QuicSslContext context = NettyPeer.clientContext(false);
        firstConnection(context);
        assertEquals(1, peer.download(context, server.address(), 1, 10, 1_000));
        assertEquals(2, server.sessions.size(), "two connections");
        assertFalse(server.sessions.get(0) instanceof ServerHandshake first && first.isResumed(), "first: full");
        assertTrue(server.sessions.get(1) instanceof ServerHandshake handshake && handshake.isResumed(),
                "our server resumed the session (PSK handshake, no certificate sent)");
    }

    @Test
    void zerortt() throws Exception {
        start(JquicDownloadServer.tls().sessionTickets(SessionTicketPolicy.defaults().withEarlyData(true)).build(),
                ConnectionConfig.builder().build());
        io.netty.handler.codec.quic.QuicSslContext context = NettyPeer.clientContext(true);
        firstConnection(context);
        assertTrue(peer.downloadEarly(context, server.address(), 10, 1_000), "the early request was answered");
        var connection = server.connections.get(1);
        assertTrue(server.sessions.get(1) instanceof ServerHandshake resumed && resumed.isResumed(),
                "the second connection resumed");
        assertTrue(server.sessions.get(1) instanceof ServerHandshake handshake && handshake.isEarlyDataAccepted(),
                "our server accepted early data");
        if (connection.stats().zeroRttPacketsReceived() == 0) {
            // Measured: quiche's resumed connection sends its Initial (padded, alone), then the request in
            // 1-RTT with its Handshake flight; the same against Netty's own server, and with 150 ms added to
            // the server's answers (so not a race with the handshake).
            InteropMatrix.notSupported("quiche's client (Netty 4.2.18) fires SslEarlyDataReadyEvent and accepts "
                    + "the stream write, but sends no 0-RTT packet: the request leaves in 1-RTT after the handshake "
                    + "(also against Netty's own server); our server offered and accepted early data");
        }
    }

    @Test
    void keyupdate() {
        InteropMatrix.notSupported("the case needs our side (here the server) to initiate; covered with jquic as "
                + "client. quiche's client cannot be asked to initiate a key update through Netty's API");
    }

    @Test
    void v2() {
        InteropMatrix.notSupported("quiche implements QUIC v1 only (no RFC 9369 support)");
    }

    @Test
    @Disabled("issue #6: quiche's client times out its handshake: 1 of 60 runs failed (2026-11-27, seeds"
            + " 52001-52060, 50 connections each; 2 of 60 in 45001-45060). In 52019 quiche's Initial packets 0-2"
            + " were lost (its ClientHello arrived at 4 s); then, twice, its 1-RTT request reached the server but"
            + " none of its Handshake packets with the Finished did, while its probes backed off; every ACK it sent the jquic server was lost"
            + " too, so the server, with no RTT sample, probed 1, 2, 4 and 8 s apart, and 30 s passed. In 45051"
            + " and 45055, Netty's ConnectTimeoutException after 30 s in which quiche sent 8 datagrams: all 6"
            + " ClientHello copies were dropped, the 2 PING probes got through, and the jquic server's ACKs of"
            + " them were dropped too. quiche's own client completes this case in only 8 of 35 runs against its"
            + " own server. NettyTimerRace does not help here: with it on quiche's clients, 4 of the same 60"
            + " runs failed. The fault that disabled this cell before is avoided: quiche lost its request for"
            + " good when the packet with it was lost and the separate one with its FIN was acknowledged"
            + " (11203, 11213); NettyPeer now sends the request and its FIN in one STREAM frame")
    @Override
    void handshakeloss() throws Exception {
        super.handshakeloss();
    }

    /*
     * Enabled again (2026-11-27) after 119 of 120 runs passed (seeds 46001-46120): it was disabled
     * for quiche losing a request whose FIN was acknowledged apart from it, which NettyPeer now
     * avoids by sending both in one frame. The failed run (46117) was one connection whose
     * ClientHello had a bit of its Version field flipped; the jquic server answered with Version
     * Negotiation, which arrived damaged too, and quiche's client abandoned the attempt (RFC 9000
     * §6.2: a client that supports only its version MUST, and a damaged list no longer names it).
     */
    @Test
    @Override
    void handshakecorruption() throws Exception {
        super.handshakecorruption();
    }
}
