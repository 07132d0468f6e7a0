package dev.jquic.testkit.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.connection.Connection;
import dev.jquic.core.connection.ConnectionEvent;
import dev.jquic.core.frame.StreamDirection;
import dev.jquic.core.params.TransportParameters;
import dev.jquic.core.stream.StreamEvent;
import dev.jquic.testkit.net.SimulatedAddress;
import dev.jquic.testkit.net.SimulatedNetwork;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Session resumption with 0-RTT data (RFC 9001 §4.6; RFC 9000 §7.4.1) over the real TLS. */
class ZeroRttScenarioTest {

    private static final byte[] REQUEST = "GET /early".getBytes(StandardCharsets.US_ASCII);

    @Test
    void resumedClientSendsItsRequestInZeroRttAndTheServerAcceptsIt() {
        // First connection: obtain a ticket and the server's transport parameters.
        SimulatedNetwork first = new SimulatedNetwork(41);
        first.linkBothWays(Scenario.CLIENT, Scenario.SERVER, Scenario.delay(10));
        QuicNode server1 = QuicNode.server(Scenario.SERVER, Scenario.config(), RealTls.serverWithEarlyData(), 1);
        QuicNode client1 = QuicNode.client(Scenario.CLIENT, Scenario.SERVER, Scenario.config(),
                RealTls.earlyDataClient("server.test", null), 2, first.nowNanos());
        first.register(Scenario.SERVER, server1).register(Scenario.CLIENT, client1);
        first.runUntil(() -> client1.sawEvent(ConnectionEvent.SessionTicket.class), 5 * Scenario.SECONDS);
        byte[] ticket = null;
        for (ConnectionEvent event : client1.events()) {
            if (event instanceof ConnectionEvent.SessionTicket sessionTicket) {
                ticket = sessionTicket.ticket();
            }
        }
        assertNotNull(ticket);
        TransportParameters remembered = client1.connection().peerTransportParameters();

        // Second connection: the request leaves before the handshake completes.
        SimulatedNetwork second = new SimulatedNetwork(42);
        SimulatedAddress client2Address = SimulatedAddress.of(5, 40_000);
        second.linkBothWays(client2Address, Scenario.SERVER, Scenario.delay(10));
        QuicNode server2 = QuicNode.server(Scenario.SERVER, Scenario.config(), RealTls.serverWithEarlyData(), 3);
        QuicNode client2 = QuicNode.resumingClient(client2Address, Scenario.SERVER, Scenario.config(),
                RealTls.earlyDataClient("server.test", ticket), remembered, 4, second.nowNanos());
        Connection early = client2.connection();
        long streamId = early.openStream(StreamDirection.BIDIRECTIONAL);
        assertTrue(streamId >= 0, "remembered limits allow opening a stream before the handshake");
        assertEquals(REQUEST.length, early.write(streamId, ByteBuffer.wrap(REQUEST)));
        early.finish(streamId);
        ByteBuffer received = ByteBuffer.allocate(100);
        boolean[] dataBeforeHandshake = {false};
        server2.application(new QuicNode.Application() {
            @Override
            public void onEvent(QuicNode node, ConnectionEvent event, long nowNanos) {
                if (event instanceof ConnectionEvent.Stream stream && stream.event() instanceof StreamEvent.Readable) {
                    if (!node.sawEvent(ConnectionEvent.HandshakeCompleted.class)) {
                        dataBeforeHandshake[0] = true;
                    }
                    node.connection().read(((StreamEvent.Readable) stream.event()).streamId(), received);
                }
            }
        });
        second.register(Scenario.SERVER, server2).register(client2Address, client2);
        second.runUntil(() -> received.position() == REQUEST.length && server2.connection().state().isEstablished()
                && client2.connection().state().isEstablished(), 5 * Scenario.SECONDS);

        assertEquals("GET /early", new String(received.array(), 0, received.position(), StandardCharsets.US_ASCII));
        assertTrue(dataBeforeHandshake[0], "the server read the request before its handshake completed");
        assertTrue(client2.connection().stats().zeroRttPacketsSent() > 0);
        assertTrue(server2.connection().stats().zeroRttPacketsReceived() > 0);
        assertTrue(client2.connection().stats().zeroRttAccepted());
        assertTrue(server2.connection().stats().zeroRttAccepted());
    }
}
