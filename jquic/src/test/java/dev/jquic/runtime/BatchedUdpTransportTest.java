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

    private static long counter(String state, String name) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(name)
                + " (\\d+)").matcher(state);
        assertTrue(matcher.find(), name + " in " + state);
        return Long.parseLong(matcher.group(1));
    }

    @Test
    void withGsoOneMessageCarriesManyDatagramsAndGroHandsThemOverCoalesced() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (UdpTransport sender = open(loopback, true); UdpTransport receiver = open(loopback, true)) {
            org.junit.jupiter.api.Assumptions.assumeTrue(sender.description().contains("GSO on"),
                    "this kernel has no UDP GSO: " + sender.description());
            QueueSender queue = new QueueSender(receiver.localAddress());
            for (int i = 0; i < 128; i++) {
                queue.add(payload(1200, i), sender.localAddress());
            }
            sendAll(sender, queue);
            Collected collected = receive(receiver, 128);
            org.junit.jupiter.api.Assertions.assertEquals(128, collected.datagrams.size());
            // 128 datagrams of 1,200 bytes: at most 54 fit in one 65,000-byte message.
            long messages = counter(sender.toString(), "messages sent");
            assertTrue(messages >= 3 && messages <= 10, sender.toString());
            org.junit.jupiter.api.Assertions.assertEquals(messages, counter(sender.toString(), "(GSO"));
            if (receiver.description().contains("GRO on")) {
                assertTrue(counter(receiver.toString(), "(GRO-coalesced") > 0, receiver.toString());
            }
        }
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
