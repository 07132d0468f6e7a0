package dev.jquic.core.recovery;

import dev.jquic.core.types.PacketNumberSpace;
import java.util.ArrayList;
import java.util.List;

/** Records what {@link LossRecovery} reports, as packet numbers in report order. */
final class RecordingListener implements RecoveryListener<String> {

    final List<Long> acknowledged = new ArrayList<>();
    final List<Long> lost = new ArrayList<>();
    final List<String> lostContents = new ArrayList<>();
    final List<PacketNumberSpace> spaces = new ArrayList<>();
    /** What {@link #hasHandshakeCryptoToSend()} answers. */
    boolean handshakeCryptoToSend;

    @Override
    public void onPacketAcknowledged(PacketNumberSpace space, SentPacket<String> packet) {
        acknowledged.add(packet.packetNumber());
        spaces.add(space);
    }

    @Override
    public void onPacketLost(PacketNumberSpace space, SentPacket<String> packet) {
        lost.add(packet.packetNumber());
        lostContents.add(packet.contents());
        spaces.add(space);
    }

    @Override
    public boolean hasHandshakeCryptoToSend() {
        return handshakeCryptoToSend;
    }

    void clear() {
        acknowledged.clear();
        lost.clear();
        lostContents.clear();
        spaces.clear();
    }
}
