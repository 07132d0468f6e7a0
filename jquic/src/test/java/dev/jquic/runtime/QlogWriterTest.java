package dev.jquic.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.jquic.core.trace.PacketDropReason;
import dev.jquic.core.types.PacketType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The qlog records of packets dropped or buffered (draft-ietf-quic-qlog-quic-events §5.7, §5.9). */
class QlogWriterTest {

    @Test
    void droppedAndBufferedPacketsAreWrittenWithTheirTrigger(@TempDir Path directory) throws Exception {
        QlogWriter qlog = QlogWriter.open(directory, "c0ffee", false, 1_000_000L, 1_000_000L);
        assertNotNull(qlog);
        qlog.packetDropped(3_000_000L, PacketType.HANDSHAKE, 700, PacketDropReason.DECRYPTION_FAILURE);
        qlog.packetDropped(4_000_000L, null, 45, PacketDropReason.INVALID);
        qlog.packetDropped(5_000_000L, PacketType.INITIAL, 1200, PacketDropReason.BUFFER_FULL);
        qlog.packetBuffered(6_000_000L, PacketType.ONE_RTT, 80);
        qlog.close(7_000_000L, "done");

        String text = Files.readString(directory.resolve("c0ffee-client.sqlog"), StandardCharsets.UTF_8);
        List<String> records = List.of(text.substring(1).split("\u001e"));
        assertEquals(6, records.size(), text);
        assertEquals("{\"time\":2.000000,\"name\":\"transport:packet_dropped\",\"data\":{\"header\":{\"packet_type\":"
                + "\"handshake\"},\"raw\":{\"length\":700},\"trigger\":\"decryption_failure\"}}\n", records.get(1));
        assertEquals("{\"time\":3.000000,\"name\":\"transport:packet_dropped\",\"data\":{\"raw\":{\"length\":45},"
                + "\"trigger\":\"invalid\"}}\n", records.get(2), "an unparsed packet has no header");
        assertEquals("{\"time\":4.000000,\"name\":\"transport:packet_dropped\",\"data\":{\"header\":{\"packet_type\":"
                + "\"initial\"},\"raw\":{\"length\":1200},\"trigger\":\"general\"}}\n", records.get(3));
        assertEquals("{\"time\":5.000000,\"name\":\"transport:packet_buffered\",\"data\":{\"header\":{\"packet_type\":"
                + "\"1RTT\"},\"raw\":{\"length\":80},\"trigger\":\"keys_unavailable\"}}\n", records.get(4));
    }
}
