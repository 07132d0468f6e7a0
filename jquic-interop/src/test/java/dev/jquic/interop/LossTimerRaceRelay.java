package dev.jquic.interop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A one-client UDP relay on loopback that sets up a race in the server's event loop: a loss
 * timer that expires while the loop is busy, and a datagram read before the timer task runs.
 *
 * <ul>
 * <li>Until the drop, every server datagram reaches the client {@value #SERVER_DELAY_MILLIS} ms
 * late, so the server's RTT estimate from the handshake is about that long.
 * <li>The server's first large 1-RTT datagram (the first part of a response) is dropped; the
 * rest of the response goes straight through. The client acknowledges it at once, and from that
 * ACK the server arms a time-threshold loss timer (RFC 9002 §6.1.2) for 9/8 of its RTT estimate
 * after the dropped packet was sent: about {@value #SERVER_DELAY_MILLIS} × 9/8 ms.
 * <li>{@value #STALL_AFTER_MILLIS} ms after the drop, the relay blocks the server's event loop
 * for {@value #STALL_MILLIS} ms, so the timer expires during the stall. It drops what the client
 * sends meanwhile (its probes), so that the server reads nothing during the stall.
 * <li>With {@code readDuringStall}, the stalled loop itself sends the server a copy of the
 * client's latest datagram (that ACK) first: a duplicate packet, which the server discards, but
 * which its loop reads before it runs the expired timer task.
 * </ul>
 */
final class LossTimerRaceRelay implements AutoCloseable {
    static final long SERVER_DELAY_MILLIS = 100;
    static final long STALL_MILLIS = 250;
    /** When the stall starts, after the dropped datagram. */
    private static final long STALL_AFTER_MILLIS = 20;
    /** Smaller than the first part of a response, larger than an ACK. */
    private static final int LARGE = 1_000;

    private final DatagramChannel front = FirstAnswerDamage.openLoopbackChannel();
    private final DatagramChannel back = FirstAnswerDamage.openLoopbackChannel();
    private final Selector selector = Selector.open();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "loss-timer-race-relay-timer");
        thread.setDaemon(true);
        return thread;
    });
    private final InetSocketAddress server;
    private final Executor stall;
    private final boolean readDuringStall;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile SocketAddress client;
    private volatile byte[] latestClientDatagram;
    private final List<long[]> serverDatagrams = new ArrayList<>(); // {nanos, length}, guarded by this
    private final List<Long> clientDatagrams = new ArrayList<>(); // nanos, guarded by this
    private volatile long droppedNanos;
    private volatile long stallStartNanos;
    private volatile long stallEndNanos;
    private volatile boolean copySent;

    LossTimerRaceRelay(InetSocketAddress server, Executor serverEventLoop, boolean readDuringStall) throws IOException {
        this.server = server;
        this.stall = serverEventLoop;
        this.readDuringStall = readDuringStall;
        front.register(selector, SelectionKey.OP_READ);
        back.register(selector, SelectionKey.OP_READ);
        thread = new Thread(this::relay, "loss-timer-race-relay");
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) front.getLocalAddress();
    }

    /** What the relay saw; null fields if it did not get that far. */
    synchronized Outcome outcome() {
        long stallEnd = stallEndNanos;
        Long resend = null;
        Long clientDatagram = null;
        if (stallEnd != 0) {
            long quietUntil = droppedNanos + TimeUnit.MILLISECONDS.toNanos(STALL_AFTER_MILLIS);
            for (long[] datagram : serverDatagrams) {
                if (datagram[0] > quietUntil && datagram[1] >= LARGE) {
                    resend = datagram[0] - stallEnd;
                    break;
                }
            }
            for (long nanos : clientDatagrams) {
                if (nanos > stallEnd) {
                    clientDatagram = nanos - stallEnd;
                    break;
                }
            }
        }
        return new Outcome(droppedNanos != 0, stallEnd != 0, copySent, resend, clientDatagram);
    }

    /**
     * {@code resendNanos}: when the server sent the dropped part of the response again (its first
     * large datagram once the rest of the response had gone); {@code clientDatagramNanos}: when
     * the client's next datagram after the stall reached the server. Both count from the end of
     * the stall.
     */
    record Outcome(boolean dropped, boolean stalled, boolean copySent, Long resendNanos, Long clientDatagramNanos) {
    }

    private void relay() {
        ByteBuffer buffer = ByteBuffer.allocate(2_048);
        long end = System.nanoTime() + 60_000_000_000L;
        try {
            while (running && System.nanoTime() < end) {
                selector.select(50);
                selector.selectedKeys().clear();
                for (SocketAddress from; (from = FirstAnswerDamage.receive(front, buffer)) != null; ) {
                    client = from;
                    if (stallStartNanos != 0 && stallEndNanos == 0) {
                        continue; // the server must read nothing of the client's during the stall
                    }
                    latestClientDatagram = bytes(buffer);
                    synchronized (this) {
                        clientDatagrams.add(System.nanoTime());
                    }
                    back.send(buffer, server);
                }
                while (FirstAnswerDamage.receive(back, buffer) != null) {
                    byte[] datagram = bytes(buffer);
                    long now = System.nanoTime();
                    synchronized (this) {
                        serverDatagrams.add(new long[] {now, datagram.length});
                    }
                    if (droppedNanos == 0 && datagram.length >= LARGE && (datagram[0] & 0x80) == 0) {
                        droppedNanos = now; // RFC 9000 §17.3: a short header, so a 1-RTT packet
                        scheduleRace();
                        continue;
                    }
                    SocketAddress to = client;
                    if (to == null) {
                        continue;
                    }
                    if (droppedNanos == 0) {
                        timer.schedule(() -> sendQuietly(front, datagram, to), SERVER_DELAY_MILLIS,
                                TimeUnit.MILLISECONDS);
                    } else {
                        front.send(ByteBuffer.wrap(datagram), to);
                    }
                }
            }
        } catch (IOException stopped) {
            // Closed.
        }
    }

    private void scheduleRace() {
        timer.schedule(() -> stall.execute(() -> {
            stallStartNanos = System.nanoTime();
            byte[] copy = latestClientDatagram;
            if (readDuringStall && copy != null) {
                sendQuietly(back, copy, server); // sent from the stalled loop: it arrives during the stall
                copySent = true;
            }
            try {
                Thread.sleep(STALL_MILLIS); // the point of the relay: the server's loop is busy
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            stallEndNanos = System.nanoTime();
        }), STALL_AFTER_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static void sendQuietly(DatagramChannel channel, byte[] datagram, SocketAddress to) {
        try {
            channel.send(ByteBuffer.wrap(datagram), to);
        } catch (IOException closed) {
            // The relay is closing.
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(buffer.position(), bytes);
        return bytes;
    }

    @Override
    public void close() throws Exception {
        running = false;
        thread.join(5_000);
        timer.shutdownNow();
        selector.close();
        front.close();
        back.close();
    }
}
