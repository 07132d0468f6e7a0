package dev.jquic.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.connection.ConnectionConfig;
import org.junit.jupiter.api.Test;

/** The benchmark's in-memory pair really moves full packets of stream data and gets them acknowledged. */
class TransferPairTest {

    @Test
    void carriesFullPacketsOfStreamDataAndTheAcksComeBack() {
        TransferPair pair = new TransferPair(ConnectionConfig.builder().build());
        int packets = 20_000;
        long datagramBytes = 0;
        for (int i = 0; i < packets; i++) {
            int length = pair.transferOnePacket();
            // Full-size give or take the odd byte a frame's varint lengths leave unfilled.
            assertTrue(length >= ConnectionConfig.MIN_DATAGRAM_SIZE - 8 && length <= ConnectionConfig.MIN_DATAGRAM_SIZE,
                    "packet " + i + " is not full-size: " + length);
            datagramBytes += length;
        }
        assertTrue(pair.bytesDelivered > datagramBytes * 9 / 10,
                "only " + pair.bytesDelivered + " stream bytes delivered for " + datagramBytes + " datagram bytes");
        assertTrue(pair.serverDatagrams > 0, "the server sent no acknowledgments");
        assertTrue(pair.client.state().isEstablished() && pair.server.state().isEstablished());
        // Instant ACKs keep one or two packets in flight: the window is never used, so it must
        // not grow (RFC 9002 §7.8; before that rule it reached 24 MB in this test).
        assertTrue(pair.client.stats().congestionWindowBytes() <= 24_000,
                "cwnd grew to " + pair.client.stats().congestionWindowBytes());
        System.out.printf("TransferPair: %d packets, %d stream bytes, %d ACK datagrams, cwnd %d B, srtt %d ns%n",
                packets, pair.bytesDelivered, pair.serverDatagrams, pair.client.stats().congestionWindowBytes(),
                pair.client.stats().smoothedRttNanos());
    }
}
