package dev.jquic.testkit.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.connection.ConnectionConfig;
import dev.jquic.core.connection.ConnectionEvent;
import dev.jquic.testkit.net.SeedReporting;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * RFC 9221: unreliable DATAGRAM frames once both sides advertise max_datagram_frame_size, in one
 * direction only when only one side does, and never beyond the peer's advertised size.
 */
class DatagramScenarioTest {

    private static final int COUNT = 20;

    /** Reads every datagram on {@link ConnectionEvent.DatagramsReadable}. */
    private static final class DatagramReader implements QuicNode.Application {
        final List<byte[]> received = new ArrayList<>();
        int readableEvents;

        @Override
        public void onEvent(QuicNode node, ConnectionEvent event, long nowNanos) {
            if (event instanceof ConnectionEvent.DatagramsReadable) {
                readableEvents++;
                ByteBuffer payload;
                while ((payload = node.connection().readDatagram()) != null) {
                    byte[] bytes = new byte[payload.remaining()];
                    payload.get(bytes);
                    received.add(bytes);
                }
            }
        }
    }

    private static ByteBuffer payload(int sender, int index, int length) {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        for (int i = 0; i < length; i++) {
            buffer.put((byte) (sender * 31 + index * 7 + i));
        }
        return buffer.flip();
    }

    private static ConnectionConfig datagrams(long maxFrameSize) {
        return ConnectionConfig.builder().maxDatagramFrameSize(maxFrameSize).build();
    }

    @Test
    void datagramsFlowBothWaysWhenBothSidesEnableThem() {
        Scenario scenario = new Scenario(41, Scenario.delay(10), datagrams(1200), datagrams(600));
        DatagramReader clientReader = new DatagramReader();
        DatagramReader serverReader = new DatagramReader();
        scenario.client.application(clientReader);
        scenario.server.application(serverReader);
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            scenario.network.runUntil(scenario::bothEstablished, 5 * Scenario.SECONDS);
            assertEquals(OptionalLong.of(1200),
                    scenario.server.connection().peerTransportParameters().maxDatagramFrameSize());
            assertEquals(OptionalLong.of(600),
                    scenario.client.connection().peerTransportParameters().maxDatagramFrameSize());
            // The server advertised 600 bytes per frame: 3 bytes of type and length leave 597.
            assertFalse(scenario.client.connection().sendDatagram(payload(1, 0, 598)));
            assertTrue(scenario.client.connection().sendDatagram(payload(1, 0, 597)));
            for (int i = 1; i < COUNT; i++) {
                assertTrue(scenario.client.connection().sendDatagram(payload(1, i, 100 + i)));
                assertTrue(scenario.server.connection().sendDatagram(payload(2, i, 1000 + i)));
            }
            scenario.network.runUntil(() -> serverReader.received.size() == COUNT
                    && clientReader.received.size() == COUNT - 1, scenario.network.nowNanos() + Scenario.SECONDS);
            assertTrue(serverReader.readableEvents >= 1 && clientReader.readableEvents >= 1);
            assertEquals(ByteBuffer.wrap(serverReader.received.get(0)), payload(1, 0, 597));
            for (int i = 1; i < COUNT; i++) {
                assertEquals(payload(1, i, 100 + i), ByteBuffer.wrap(serverReader.received.get(i)), "to server " + i);
                assertEquals(payload(2, i, 1000 + i), ByteBuffer.wrap(clientReader.received.get(i - 1)),
                        "to client " + i);
            }
            assertNull(scenario.client.connection().readDatagram());
            assertEquals(0, scenario.client.connection().stats().datagramFramesDropped());
            assertFalse(scenario.client.connection().state().isTerminating());
            assertFalse(scenario.server.connection().state().isTerminating());
        });
    }

    @Test
    void onlyTheSideThatAdvertisedSupportReceivesDatagrams() {
        // The server accepts DATAGRAM frames, the client does not.
        Scenario scenario = new Scenario(42, Scenario.delay(10), Scenario.config(), datagrams(1200));
        DatagramReader clientReader = new DatagramReader();
        DatagramReader serverReader = new DatagramReader();
        scenario.client.application(clientReader);
        scenario.server.application(serverReader);
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            scenario.network.runUntil(scenario::bothEstablished, 5 * Scenario.SECONDS);
            assertEquals(OptionalLong.empty(),
                    scenario.server.connection().peerTransportParameters().maxDatagramFrameSize());
            // RFC 9221 §3: an endpoint MUST NOT send DATAGRAM frames the peer did not advertise.
            assertFalse(scenario.server.connection().sendDatagram(payload(2, 0, 10)));
            assertTrue(scenario.client.connection().sendDatagram(payload(1, 0, 10)));
            scenario.network.runUntil(() -> serverReader.received.size() == 1,
                    scenario.network.nowNanos() + Scenario.SECONDS);
            assertEquals(payload(1, 0, 10), ByteBuffer.wrap(serverReader.received.get(0)));
            scenario.network.runFor(200 * Scenario.MILLIS);
            assertEquals(0, clientReader.readableEvents);
            assertFalse(scenario.client.connection().state().isTerminating());
            assertFalse(scenario.server.connection().state().isTerminating());
        });
    }

    @Test
    void neitherSideSendsDatagramsWhenNoneAdvertisedSupport() {
        Scenario scenario = new Scenario(43, Scenario.delay(10), Scenario.config(), Scenario.config());
        scenario.network.runUntil(scenario::bothEstablished, 5 * Scenario.SECONDS);
        assertFalse(scenario.client.connection().sendDatagram(payload(1, 0, 1)));
        assertFalse(scenario.server.connection().sendDatagram(payload(2, 0, 1)));
        assertEquals(OptionalLong.empty(),
                scenario.client.connection().peerTransportParameters().maxDatagramFrameSize());
    }
}
