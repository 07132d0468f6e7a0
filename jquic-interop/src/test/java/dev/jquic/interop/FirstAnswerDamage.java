package dev.jquic.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.function.Consumer;

/**
 * A one-client UDP relay on loopback that damages the server's first datagram (its Initial,
 * coalesced with the first Handshake packet) with {@code damage} and forwards everything
 * else unchanged.
 */
final class FirstAnswerDamage implements AutoCloseable {
    private final DatagramChannel front = openLoopbackChannel();
    private final DatagramChannel back = openLoopbackChannel();
    private final Selector selector = Selector.open();
    private final Consumer<byte[]> damage;
    private final InetSocketAddress server;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean damaged;
    private volatile Throwable damageFailure;

    FirstAnswerDamage(InetSocketAddress server, Consumer<byte[]> damage) throws IOException {
        this.server = server;
        this.damage = damage;
        front.register(selector, SelectionKey.OP_READ);
        back.register(selector, SelectionKey.OP_READ);
        thread = new Thread(this::relay, "first-answer-damage");
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) front.getLocalAddress();
    }

    /** Whether the first answer was damaged; rethrows what went wrong in {@code damage}, if anything. */
    boolean damaged() {
        if (damageFailure != null) {
            throw new AssertionError("damaging the server's first datagram failed", damageFailure);
        }
        return damaged;
    }

    /** Sets the two high bits of the Initial's Length: an 8-byte varint beyond any int. */
    static void lengthPrefix(byte[] datagram) {
        datagram[initialLengthOffset(datagram)] |= (byte) 0xC0;
    }

    /** Flips one bit well inside the Initial's protected payload. */
    static void payloadBit(byte[] datagram) {
        datagram[initialLengthOffset(datagram) + 40] ^= 0x10;
    }

    /** RFC 9000 §17.2.2: flags, version, DCID, SCID, Token Length and Token, then Length. */
    private static int initialLengthOffset(byte[] datagram) {
        int offset = 5;
        offset += 1 + (datagram[offset] & 0xff);
        offset += 1 + (datagram[offset] & 0xff);
        assertEquals(0, datagram[offset], "a server Initial carries an empty token");
        return offset + 1;
    }

    private void relay() {
        ByteBuffer buffer = ByteBuffer.allocate(2_048);
        SocketAddress client = null;
        long end = System.nanoTime() + 60_000_000_000L;
        try {
            while (running && System.nanoTime() < end) {
                selector.select(50);
                selector.selectedKeys().clear();
                for (SocketAddress from; (from = receive(front, buffer)) != null; ) {
                    client = from;
                    back.send(buffer, server);
                }
                while (receive(back, buffer) != null) {
                    if (client == null) {
                        continue;
                    }
                    if (damaged) {
                        front.send(buffer, client);
                        continue;
                    }
                    byte[] bytes = new byte[buffer.remaining()];
                    buffer.get(bytes);
                    try {
                        damage.accept(bytes);
                    } catch (RuntimeException | AssertionError failure) {
                        damageFailure = failure; // reported by damaged(); the relay stops
                        return;
                    }
                    damaged = true;
                    front.send(ByteBuffer.wrap(bytes), client);
                }
            }
        } catch (IOException stopped) {
            // Closed.
        }
    }

    /** Receives one datagram into {@code buffer}, flipped for reading; null if none is waiting. */
    static SocketAddress receive(DatagramChannel channel, ByteBuffer buffer) throws IOException {
        buffer.clear();
        SocketAddress from = channel.receive(buffer);
        buffer.flip();
        return from;
    }

    @Override
    public void close() throws Exception {
        running = false;
        thread.join(5_000);
        selector.close();
        front.close();
        back.close();
    }

    /** A non-blocking UDP channel bound to an ephemeral port on 127.0.0.1. */
    static DatagramChannel openLoopbackChannel() throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        channel.bind(new InetSocketAddress("127.0.0.1", 0));
        channel.configureBlocking(false);
        return channel;
    }
}
