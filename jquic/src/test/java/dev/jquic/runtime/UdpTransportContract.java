package dev.jquic.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every {@link UdpTransport} does, over real sockets on 127.0.0.1 and ::1: batches of
 * datagrams arrive intact and in order from the right source, migration sockets send from their
 * own port, wake-ups end a wait, and refusals are reported with the kernel's reason.
 */
abstract class UdpTransportContract {

    private static final long WAIT_NANOS = 10_000_000_000L;

    /** Opens the transport under test bound to {@code address}, port 0. */
    abstract UdpTransport open(InetAddress address, boolean gso) throws IOException;

    /** Datagrams to send, each with the local address to send it from. */
    static final class QueueSender implements UdpTransport.Sender {
        final ArrayDeque<byte[]> payloads = new ArrayDeque<>();
        final ArrayDeque<SocketAddress> locals = new ArrayDeque<>();
        final SocketAddress destination;
        SocketAddress lastLocal;

        QueueSender(SocketAddress destination) {
            this.destination = destination;
        }

        void add(byte[] payload, SocketAddress local) {
            payloads.add(payload);
            locals.add(local);
        }

        @Override
        public int next(ByteBuffer buffer) {
            byte[] payload = payloads.poll();
            if (payload == null) {
                return 0;
            }
            lastLocal = locals.poll();
            buffer.put(payload);
            return payload.length;
        }

        @Override
        public SocketAddress local() {
            return lastLocal;
        }

        @Override
        public SocketAddress destination() {
            return destination;
        }
    }

    /** Received datagrams (copies) and their addresses. */
    static final class Collected implements UdpTransport.Receiver {
        final List<byte[]> datagrams = new ArrayList<>();
        final List<SocketAddress> sources = new ArrayList<>();
        final List<SocketAddress> locals = new ArrayList<>();

        @Override
        public void received(ByteBuffer datagram, SocketAddress local, SocketAddress from) {
            byte[] copy = new byte[datagram.remaining()];
            datagram.get(copy);
            datagrams.add(copy);
            sources.add(from);
            locals.add(local);
        }
    }

    static byte[] payload(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 13 + seed * 7 + (seed >>> 8));
        }
        return bytes;
    }

    static InetAddress loopback(String which) throws IOException {
        return InetAddress.getByName(which);
    }

    static void sendAll(UdpTransport transport, QueueSender sender) throws IOException {
        long end = System.nanoTime() + WAIT_NANOS;
        while (!sender.payloads.isEmpty() || transport.hasBlockedSend()) {
            UdpTransport.SendResult result = transport.send(sender, 1024);
            if (result == UdpTransport.SendResult.BLOCKED) {
                transport.await(10_000_000);
                transport.receive((datagram, local, from) -> { }, 1);
            }
            assertTrue(System.nanoTime() < end, "send did not finish");
        }
    }

    static Collected receive(UdpTransport transport, int count) throws IOException {
        Collected collected = new Collected();
        long end = System.nanoTime() + WAIT_NANOS;
        while (collected.datagrams.size() < count && System.nanoTime() < end) {
            transport.await(100_000_000);
            transport.receive(collected, 512);
        }
        return collected;
    }

    @ParameterizedTest(name = "{0}, GSO {1}")
    @org.junit.jupiter.params.provider.CsvSource({"127.0.0.1, true", "127.0.0.1, false", "::1, true", "::1, false"})
    void aBatchOfDatagramsArrivesIntactInOrderFromTheSender(String host, boolean gso) throws IOException {
        try (UdpTransport sender = open(loopback(host), gso); UdpTransport receiver = open(loopback(host), gso)) {
            QueueSender queue = new QueueSender(receiver.localAddress());
            int count = 300;
            for (int i = 0; i < count; i++) {
                // Mostly full datagrams, some shorter: GSO messages end at a shorter one.
                queue.add(payload(i % 17 == 16 ? 700 : 1200, i), sender.localAddress());
            }
            sendAll(sender, queue);
            Collected collected = receive(receiver, count);
            assertEquals(count, collected.datagrams.size(), "datagrams received");
            for (int i = 0; i < count; i++) {
                assertArrayEquals(payload(i % 17 == 16 ? 700 : 1200, i), collected.datagrams.get(i), "datagram " + i);
                assertEquals(sender.localAddress().getPort(), ((InetSocketAddress) collected.sources.get(i)).getPort());
                assertEquals(loopback(host), ((InetSocketAddress) collected.sources.get(i)).getAddress());
                assertEquals(receiver.localAddress(), collected.locals.get(i));
            }
            assertEquals(0, sender.sendErrors(), () -> String.valueOf(sender.lastSendError()));
            System.out.println("sender: " + sender + "\nreceiver: " + receiver);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void aMigrationSocketSendsFromItsOwnPortAndClosesCleanly(String host) throws IOException {
        try (UdpTransport client = open(loopback(host), true); UdpTransport server = open(loopback(host), true)) {
            InetSocketAddress second = client.openSocket(loopback(host));
            assertNotEquals(client.localAddress().getPort(), second.getPort());
            QueueSender queue = new QueueSender(server.localAddress());
            queue.add(payload(100, 1), client.localAddress());
            queue.add(payload(100, 2), second);
            sendAll(client, queue);
            Collected atServer = receive(server, 2);
            assertEquals(2, atServer.datagrams.size());
            assertEquals(client.localAddress().getPort(), ((InetSocketAddress) atServer.sources.get(0)).getPort());
            assertEquals(second.getPort(), ((InetSocketAddress) atServer.sources.get(1)).getPort());
            // The server answers the migration socket: the client receives it there.
            QueueSender reply = new QueueSender(second);
            reply.add(payload(50, 3), server.localAddress());
            sendAll(server, reply);
            Collected atClient = receive(client, 1);
            assertEquals(1, atClient.datagrams.size());
            assertEquals(second, atClient.locals.get(0));
            client.closeSocket(second);
            // Datagrams for a closed socket's address are dropped without error.
            QueueSender late = new QueueSender(server.localAddress());
            late.add(payload(10, 4), second);
            assertEquals(UdpTransport.SendResult.DRAINED, client.send(late, 10));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void aWakeUpEndsAnEndlessWait(String host) throws Exception {
        try (UdpTransport transport = open(loopback(host), true)) {
            // Woken before waiting: the wait returns at once.
            transport.wakeup();
            transport.await(UdpTransport.WAIT_FOREVER);
            // Woken from another thread while waiting.
            CompletableFuture<Void> waited = CompletableFuture.runAsync(() -> {
                try {
                    transport.await(UdpTransport.WAIT_FOREVER);
                } catch (IOException failure) {
                    throw new IllegalStateException(failure);
                }
            });
            long end = System.nanoTime() + WAIT_NANOS;
            while (!waited.isDone() && System.nanoTime() < end) {
                transport.wakeup();
                try {
                    waited.get(50, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException notYet) {
                    // wake again: the first wake-up may have come before the wait began and been consumed
                }
            }
            assertTrue(waited.isDone(), "the wait ended");
            waited.get();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void aShortTimeoutEndsTheWait(String host) throws IOException {
        try (UdpTransport transport = open(loopback(host), true)) {
            long start = System.nanoTime();
            transport.await(300_000);
            transport.await(2_000_000);
            assertTrue(System.nanoTime() - start >= 2_000_000, "waited at least the timeouts");
            Collected none = new Collected();
            assertEquals(false, transport.receive(none, 10));
            assertEquals(0, none.datagrams.size());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void anOversizedDatagramIsRefusedWithTheKernelsReason(String host) throws IOException {
        try (UdpTransport sender = open(loopback(host), true); UdpTransport receiver = open(loopback(host), true)) {
            QueueSender queue = new QueueSender(receiver.localAddress());
            queue.add(new byte[65_530], sender.localAddress());
            queue.add(payload(1200, 9), sender.localAddress());
            sendAll(sender, queue);
            assertEquals(1, sender.sendErrors());
            assertNotNull(sender.lastSendError());
            String message = String.valueOf(sender.lastSendError().getMessage());
            assertTrue(message.contains("too long") || message.contains("EMSGSIZE") || message.contains("Message"),
                    message);
            // The next datagram still went out.
            Collected collected = receive(receiver, 1);
            assertEquals(1, collected.datagrams.size());
            assertArrayEquals(payload(1200, 9), collected.datagrams.get(0));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void aPortInUseIsABindException(String host) throws IOException {
        try (UdpTransport first = open(loopback(host), true)) {
            InetSocketAddress taken = first.localAddress();
            assertThrows(BindException.class, () -> openAt(taken).close());
        }
    }

    /** Opens the transport under test at a given address and port. */
    abstract UdpTransport openAt(InetSocketAddress address) throws IOException;

    @ParameterizedTest
    @ValueSource(ints = {64 << 10, 96 << 10})
    void theSocketBufferSizeIsAskedOfTheKernel(int bytes) throws IOException {
        try (UdpTransport transport = openWithBuffer(bytes)) {
            // Linux reports twice what was asked (bookkeeping), capped at twice rmem_max (>= 208 KiB).
            assertTrue(transport.receiveBufferBytes() >= bytes, transport.receiveBufferBytes() + " < " + bytes);
        }
    }

    /** Opens the transport under test on 127.0.0.1 with these socket buffers. */
    abstract UdpTransport openWithBuffer(int bytes) throws IOException;
}
