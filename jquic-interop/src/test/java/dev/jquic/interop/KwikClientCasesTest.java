package dev.jquic.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.connection.ConnectionConfig;
import dev.jquic.core.stream.StreamLimits;
import dev.jquic.core.types.Version;
import dev.jquic.tls.TlsServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tech.kwik.agent15.TlsConstants;
import tech.kwik.core.QuicConnection.QuicVersion;

/** Interop cases: a Kwik client downloads from jquic's server. */
@ExtendWith(InteropMatrix.class)
@InteropMatrix.Suite(peer = "Kwik 0.10.3", direction = "peer client → jquic server")
class KwikClientCasesTest extends PeerClientRelayCases {

    @Override
    int peerDownload(java.net.InetSocketAddress server, long... sizes) throws Exception {
        return peer.download(KwikPeer.client(server), 1, c -> { }, sizes);
    }

    private final KwikPeer peer = new KwikPeer();
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
        assertEquals(1, peer.download(KwikPeer.client(start().address()), 1, c -> { }, 1_000));
        assertEquals("hq-interop", server.connections.get(0).applicationProtocol());
    }

    @Test
    void transfer() throws Exception {
        start();
        assertEquals(1, peer.download(KwikPeer.client(server.address()), 1, c -> { }, MIB));
        long begin = System.nanoTime();
        assertEquals(1, peer.download(KwikPeer.client(server.address()), 1, c -> { }, 50 * MIB));
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
        assertEquals(1_999, peer.download(KwikPeer.client(server.address()), 64, c -> { }, sizes));
    }

    @Test
    void chacha20() throws Exception {
        start();
        assertEquals(1, peer.download(KwikPeer.client(server.address())
                .cipherSuite(TlsConstants.CipherSuite.TLS_CHACHA20_POLY1305_SHA256), 1, c -> { }, MIB));
    }

    /** Connects, downloads one small file, waits for a session ticket, closes; returns the ticket. */
    private tech.kwik.core.QuicSessionTicket ticketFromFirstConnection() throws Exception {
        tech.kwik.core.QuicClientConnection first = KwikConnectRaces.build(KwikPeer.client(server.address()));
        first.connect();
        try {
            assertTrue(KwikPeer.fetch(first, 1_000));
            long end = System.nanoTime() + 5_000_000_000L;
            while (first.getNewSessionTickets().isEmpty() && System.nanoTime() < end) {
                Thread.sleep(5);
            }
            assertFalse(first.getNewSessionTickets().isEmpty(), "our server sent a session ticket");
            return first.getNewSessionTickets().get(0);
        } finally {
            first.close();
        }
    }

    @Test
    void resumption() throws Exception {
        start();
        tech.kwik.core.QuicSessionTicket ticket = ticketFromFirstConnection();
        assertEquals(1, peer.download(KwikPeer.client(server.address()).sessionTicket(ticket), 1, c -> { }, 1_000));
        assertTrue(server.sessions.get(1) instanceof dev.jquic.tls.handshake.ServerHandshake handshake
                && handshake.isResumed(), "our server resumed the session (no certificate sent)");
    }

    @Test
    void zerortt() throws Exception {
        start(JquicDownloadServer.tls().sessionTickets(
                dev.jquic.tls.ticket.SessionTicketPolicy.defaults().withEarlyData(true)).build(),
                ConnectionConfig.builder().build());
        tech.kwik.core.QuicSessionTicket ticket = ticketFromFirstConnection();
        tech.kwik.core.QuicClientConnection second =
                KwikConnectRaces.buildForEarlyData(KwikPeer.client(server.address()).sessionTicket(ticket));
        java.util.List<tech.kwik.core.QuicStream> streams = second.connect(java.util.List.of(
                new tech.kwik.core.QuicClientConnection.StreamEarlyData(Payload.request(1_000), true)));
        try {
            java.security.MessageDigest digest = Payload.digest();
            byte[] response = streams.get(0).getInputStream().readAllBytes();
            digest.update(response);
            assertTrue(Payload.matches(1_000, response.length, digest), "the 0-RTT request was answered");
        } finally {
            second.close();
        }
        var connection = server.connections.get(1);
        assertTrue(connection.stats().zeroRttPacketsReceived() > 0, "0-RTT packets arrived: " + connection.stats());
        assertTrue(server.sessions.get(1) instanceof dev.jquic.tls.handshake.ServerHandshake handshake
                && handshake.isEarlyDataAccepted(), "our server accepted early data");
    }

    @Test
    void keyupdate() {
        InteropMatrix.notSupported("the case needs our side (here the server) to initiate; covered with jquic as "
                + "client. Kwik's client API has no call to initiate a key update");
    }

    @Test
    void v2() throws Exception {
        // Our server prefers v2 (RFC 9368 §2.3: it may switch a compatible client to its preference).
        start(JquicDownloadServer.tls().build(), ConnectionConfig.builder()
                .supportedVersions(java.util.List.of(Version.V2, Version.V1)).build());
        assertEquals(1, peer.download(KwikPeer.client(server.address()).version(QuicVersion.V2), 1, c -> { }, MIB));
        assertEquals(Version.V2, server.connections.get(0).version());
    }

    @Test
    @Override
    void handshakeloss() throws Exception {
        super.handshakeloss();
    }

    @Test
    @Disabled("issue #6: two Kwik client faults, traced with Kwik's own log: 6 of 22 runs failed (2026-11-27, seeds"
            + " 20001-20022). (1) In 4 it closed with FRAME_ENCODING_ERROR when a damaged long header's Length did not"
            + " decode (LongHeaderPacket.parse, before the packet is authenticated; RFC 9000 §12.2 and RFC 9001 §5.2"
            + " want it dropped); its connect() then reports 'Handshake error: ' with nothing after it. Shown by"
            + " KwikPeerFactsTest; jquic drops such a packet (DamagedLengthTest). (2) In 2 a race in its"
            + " RecoveryManager lost the loss-detection timer: the receiver thread, confirming the handshake, cancelled"
            + " it just after the sender thread had armed it for the request packet ('Loss detection timeout: Timer"
            + " was cancelled.'), so a damaged request was never sent again and the connection idled out after 30 s"
            + " with all of jquic's data acknowledged. Before: 4 of 32 runs (2026-11-26)")
    @Override
    void handshakecorruption() throws Exception {
        super.handshakecorruption();
    }
}
