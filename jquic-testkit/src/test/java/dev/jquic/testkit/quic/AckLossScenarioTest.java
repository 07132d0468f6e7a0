package dev.jquic.testkit.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.frame.AckFrame;
import dev.jquic.core.frame.Frame;
import dev.jquic.core.frame.PingFrame;
import dev.jquic.core.frame.StreamFrame;
import dev.jquic.core.trace.ConnectionTracer;
import dev.jquic.core.types.PacketType;
import dev.jquic.testkit.net.Datagram;
import dev.jquic.testkit.net.SeedReporting;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A receiver whose ACKs are lost while the sender's retransmissions keep reaching it (RFC 9000
 * §13.2.4: an endpoint that only acknowledges may add an ack-eliciting frame now and then).
 */
class AckLossScenarioTest {

    @Test
    void aReceiverGivenDataItHasAcknowledgesWithAPingAndProbesUntilTheSenderHearsIt() {
        // The server's 3,000-byte response spans three datagrams; the last, with the FIN, is lost.
        // The client's ACKs of the first two and of the server's probes (which repeat the oldest
        // packets: they never reach the third) are lost too; after three probes the server's
        // datagrams stop arriving unless they carry the FIN, and its ACK-only ones are lost from
        // the FIN on. Issue #6 (jquic client, quiche server, seed 43018): both sides then waited
        // until the idle timeout. A client that sees data it already has sends its ACK with a
        // PING, in flight, so its own PTO probes (PINGs with no data to repeat) carry the ACK
        // again until the server learns the FIN's packet is missing and sends it again.
        Scenario scenario = new Scenario(21, Scenario.delay(10), Scenario.config(), Scenario.config());
        TransferApp server = new TransferApp(1, 3_000, 0);
        TransferApp client = new TransferApp(0, 3_000, 1);
        scenario.server.application(server);
        scenario.client.application(client);
        boolean[] carriesStream = new boolean[1];
        boolean[] carriesFin = new boolean[1];
        FrameRewriter clientPackets = FrameRewriter.forClientPackets(FrameRewriter.unchanged());
        FrameRewriter serverPackets = clientPackets.forServerPackets(8, packet -> {
            for (Frame frame : packet.frames()) {
                if (frame instanceof StreamFrame stream) {
                    carriesStream[0] = true;
                    carriesFin[0] |= stream.fin();
                }
            }
        });
        int[] streamDatagrams = {0};
        long[] finDroppedAt = {-1};
        int[] clientDatagramsDropped = {0};
        scenario.network.intercept(Scenario.SERVER, Scenario.CLIENT, (datagram, sequence, now) -> {
            carriesStream[0] = false;
            carriesFin[0] = false;
            Datagram passed = serverPackets.intercept(datagram, sequence, now);
            if (!carriesStream[0]) {
                // The server's ACKs of the client's PINGs are lost too: only the client's own
                // probes can carry its ACK through.
                return finDroppedAt[0] >= 0 ? null : passed;
            }
            streamDatagrams[0]++;
            if (carriesFin[0] && finDroppedAt[0] < 0) {
                finDroppedAt[0] = now;
                return null;
            }
            // Three datagrams of the response and three probes repeating it get through.
            return carriesFin[0] || streamDatagrams[0] <= 5 ? passed : null;
        });
        scenario.network.intercept(Scenario.CLIENT, Scenario.SERVER, (datagram, sequence, now) -> {
            Datagram passed = clientPackets.intercept(datagram, sequence, now);
            if (finDroppedAt[0] >= 0 && clientDatagramsDropped[0] < 3) {
                clientDatagramsDropped[0]++;
                return null;
            }
            return passed;
        });
        List<String> clientAckPings = new ArrayList<>();
        scenario.client.connection().setTracer(new ConnectionTracer() {
            @Override
            public void packetSent(long timeNanos, PacketType type, long packetNumber, int sizeBytes,
                    List<Frame> frames) {
                if (type == PacketType.ONE_RTT && frames.stream().anyMatch(f -> f instanceof AckFrame)
                        && frames.stream().anyMatch(f -> f instanceof PingFrame)) {
                    clientAckPings.add("#" + packetNumber + " at " + timeNanos / Scenario.MILLIS + " ms");
                }
            }
        });
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            scenario.network.runUntil(client::receivedAll, 20 * Scenario.SECONDS);
            assertTrue(finDroppedAt[0] >= 0, "the FIN's datagram was never sent");
            assertEquals(3, clientDatagramsDropped[0], "client datagrams dropped");
            assertTrue(client.receivedAll(), "the response never completed; client ACK+PINGs: " + clientAckPings);
            assertEquals(List.of(), client.failures);
            assertFalse(clientAckPings.isEmpty(), "the client never sent an ACK with a PING");
        });
    }
}
