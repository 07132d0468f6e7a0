package dev.jquic.runtime;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The batched FFM transport (JDK 22+, Linux) against the {@link UdpTransportContract}, with GSO on
 * and off. Tagged batched-io: it runs in the jdk22-batched-io Maven profile against the packaged
 * multi-release jar, where the JVM loads the JDK 22 classes (see jquic/pom.xml).
 */
@Tag("batched-io")
class BatchedUdpTransportTest extends UdpTransportContract {

    @Override
    UdpTransport open(InetAddress address, boolean gso) throws IOException {
        return BatchedUdp.open(new InetSocketAddress(address, 0), EndpointSettings.DEFAULT_SOCKET_BUFFER_BYTES, gso,
                true);
    }

    @Override
    UdpTransport openAt(InetSocketAddress address) throws IOException {
        return BatchedUdp.open(address, EndpointSettings.DEFAULT_SOCKET_BUFFER_BYTES, true, true);
    }

    @Override
    UdpTransport openWithBuffer(int bytes) throws IOException {
        return BatchedUdp.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), bytes, true, true);
    }

    @Test
    void thisJvmRunsTheBatchedTransportAndTheRuntimeSelectsIt() throws IOException {
        assertNull(BatchedUdp.platformUnsupported());
        try (UdpTransport chosen = UdpTransports.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                EndpointSettings.DEFAULT_SOCKET_BUFFER_BYTES)) {
            // This test run sets -Djquic.io=batched (jquic/pom.xml), as the loopback suite does.
            assertTrue(chosen.description().startsWith("batched"), chosen.description());
        }
    }
}
