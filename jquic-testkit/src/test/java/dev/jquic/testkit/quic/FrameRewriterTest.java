package dev.jquic.testkit.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.frame.AckFrame;
import dev.jquic.core.frame.Frame;
import dev.jquic.core.frame.PaddingFrame;
import dev.jquic.core.frame.PingFrame;
import dev.jquic.core.types.PacketType;
import dev.jquic.testkit.net.SeedReporting;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameRewriterTest {

    @Test
    void aRewriteThatChangesNothingLeavesATransferByteExact() {
        Scenario scenario = new Scenario(21, Scenario.delay(10), Scenario.config(), Scenario.config());
        FrameRewriter clientPackets = FrameRewriter.forClientPackets(FrameRewriter.unchanged());
        FrameRewriter serverPackets = clientPackets.forServerPackets(8, FrameRewriter.unchanged());
        scenario.network.intercept(Scenario.CLIENT, Scenario.SERVER, clientPackets);
        scenario.network.intercept(Scenario.SERVER, Scenario.CLIENT, serverPackets);
        TransferApp clientApp = new TransferApp(2, 200_000, 2);
        TransferApp serverApp = new TransferApp(2, 200_000, 2);
        scenario.client.application(clientApp);
        scenario.server.application(serverApp);
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            scenario.network.runUntil(() -> clientApp.receivedAll() && serverApp.receivedAll(), 60 * Scenario.SECONDS);
            assertEquals(List.of(), clientApp.failures);
            assertEquals(List.of(), serverApp.failures);
            assertEquals(400_000, clientApp.bytesReceived);
            assertEquals(400_000, serverApp.bytesReceived);
            // Every packet was opened and sealed again, Initial and Handshake ones included.
            assertTrue(clientPackets.packetsRewritten() > 100, "client packets " + clientPackets.packetsRewritten());
            assertTrue(serverPackets.packetsRewritten() > 100, "server packets " + serverPackets.packetsRewritten());
            assertEquals(0, scenario.client.connection().stats().packetsLost());
        });
    }

    @Test
    void aPingAddedToAnAckOnlyPacketIsAcknowledged() {
        Scenario scenario = new Scenario(22, Scenario.delay(10), Scenario.config(), Scenario.config());
        long[] pingPacketNumber = {-1};
        List<PacketType> seenTypes = new ArrayList<>();
        FrameRewriter clientPackets = FrameRewriter.forClientPackets(packet -> {
            if (!seenTypes.contains(packet.type())) {
                seenTypes.add(packet.type());
            }
            if (packet.type() == PacketType.ONE_RTT && pingPacketNumber[0] < 0
                    && packet.frames().stream().allMatch(FrameRewriterTest::notAckEliciting)) {
                packet.frames().add(PingFrame.INSTANCE);
                pingPacketNumber[0] = packet.packetNumber();
            }
        });
        boolean[] acknowledged = {false};
        FrameRewriter serverPackets = clientPackets.forServerPackets(8, packet -> {
            for (Frame frame : packet.frames()) {
                if (packet.type() == PacketType.ONE_RTT && pingPacketNumber[0] >= 0 && frame instanceof AckFrame ack
                        && ack.acknowledges(pingPacketNumber[0])) {
                    acknowledged[0] = true;
                }
            }
        });
        scenario.network.intercept(Scenario.CLIENT, Scenario.SERVER, clientPackets);
        scenario.network.intercept(Scenario.SERVER, Scenario.CLIENT, serverPackets);
        TransferApp serverApp = new TransferApp(1, 50_000, 0);
        TransferApp clientApp = new TransferApp(0, 0, 1);
        clientApp.peerBytesPerStream = 50_000;
        scenario.client.application(clientApp);
        scenario.server.application(serverApp);
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            scenario.network.runUntil(() -> acknowledged[0] && clientApp.receivedAll(), 10 * Scenario.SECONDS);
            assertTrue(pingPacketNumber[0] >= 0, "no ACK-only client packet seen");
            assertTrue(acknowledged[0], "the PING packet " + pingPacketNumber[0] + " was never acknowledged");
            assertEquals(List.of(PacketType.INITIAL, PacketType.HANDSHAKE, PacketType.ONE_RTT), seenTypes);
            assertEquals(List.of(), clientApp.failures);
            assertEquals(50_000, clientApp.bytesReceived);
        });
    }

    private static boolean notAckEliciting(Frame frame) {
        return frame instanceof AckFrame || frame instanceof PaddingFrame;
    }
}
