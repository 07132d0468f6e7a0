package dev.jquic.runtime;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Datagrams per second through jquic's UDP transports on loopback: one sender thread pushing
 * 1,200-byte datagrams as fast as its transport takes them, one receiver thread counting them,
 * for NIO, batched without GSO and batched with GSO (the receiver with GRO). Not JMH: a socket
 * pair measured for a few seconds, after a warm-up. It sits in package {@code dev.jquic.runtime}
 * (on the class path) to reach the package-private transports.
 *
 * <pre>
 * java -cp jquic/target/classes/META-INF/versions/22:jquic-bench/target/classes:$(cat jquic-bench/target/e2e-classpath.txt) \
 *     dev.jquic.runtime.UdpTransportThroughput [seconds] [nio,batched,batched-gso]
 * </pre>
 */
public final class UdpTransportThroughput {

    private static final int DATAGRAM_BYTES = 1200;
    private static final int BUFFER_BYTES = 4 << 20;

    private UdpTransportThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String[] kinds = (args.length > 1 ? args[1] : "nio,batched,batched-gso").split(",");
        System.out.printf("JDK %s, %d-byte datagrams, one sender and one receiver thread, %d s per transport after a"
                + " 2 s warm-up, 127.0.0.1 (\"sent\" counts datagrams handed to the transport)%n", Runtime.version(),
                DATAGRAM_BYTES, seconds);
        for (String kind : kinds) {
            run(kind.trim(), 2);
            Result result = run(kind.trim(), seconds);
            System.out.printf("%-12s sent %,10.0f datagrams/s  received %,10.0f datagrams/s (%,.0f MiB/s)  lost %.1f%%"
                    + "  heap allocated per datagram: sender %.2f B, receiver %.2f B%n             %s%n", kind,
                    result.sent / result.seconds, result.received / result.seconds,
                    result.received * DATAGRAM_BYTES / result.seconds / (1 << 20),
                    100.0 * (result.sent - result.received) / Math.max(1, result.sent),
                    (double) result.senderAllocated / Math.max(1, result.sent),
                    (double) result.receiverAllocated / Math.max(1, result.received), result.receiverState);
        }
    }

    private record Result(long sent, long received, double seconds, String receiverState, long senderAllocated,
            long receiverAllocated) {
    }

    /** Bytes of heap this thread allocated so far (HotSpot's per-thread counter). */
    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getCurrentThreadAllocatedBytes();
    }

    private static UdpTransport open(String kind) throws IOException {
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        return switch (kind) {
            case "nio" -> new NioUdpTransport(any, BUFFER_BYTES);
            case "batched" -> BatchedUdp.open(any, BUFFER_BYTES, false, true);
            case "batched-gso" -> BatchedUdp.open(any, BUFFER_BYTES, true, true);
            default -> throw new IllegalArgumentException(kind + ": not one of nio, batched, batched-gso");
        };
    }

    private static Result run(String kind, int seconds) throws Exception {
        try (UdpTransport sender = open(kind); UdpTransport receiver = open(kind)) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong received = new AtomicLong();
            AtomicLong receiverAllocated = new AtomicLong();
            long[] count = new long[1];
            Thread receiving = new Thread(() -> {
                UdpTransport.Receiver counter = (datagram, local, from) -> count[0]++;
                long before = allocated();
                try {
                    while (!stop.get()) {
                        receiver.await(10_000_000);
                        receiver.receive(counter, 512);
                    }
                } catch (IOException failure) {
                    throw new IllegalStateException(failure);
                }
                receiverAllocated.set(allocated() - before);
                received.set(count[0]);
            }, "receiver");
            receiving.start();
            Source source = new Source(sender.localAddress(), receiver.localAddress());
            long start = System.nanoTime();
            long senderBefore = allocated();
            long end = start + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                if (sender.send(source, 256) == UdpTransport.SendResult.BLOCKED) {
                    sender.await(1_000_000);
                    sender.receive((datagram, local, from) -> { }, 1);
                }
            }
            long senderAllocated = allocated() - senderBefore;
            double elapsed = (System.nanoTime() - start) / 1e9;
            long sent = source.produced - (sender.hasBlockedSend() ? 64 : 0);
            stop.set(true);
            receiver.wakeup();
            receiving.join();
            return new Result(sent, received.get(), elapsed, receiver.toString(), senderAllocated,
                    receiverAllocated.get());
        }
    }

    /** Endless 1,200-byte datagrams to one destination. */
    private static final class Source implements UdpTransport.Sender {
        private final SocketAddress local;
        private final SocketAddress destination;
        private final byte[] payload = new byte[DATAGRAM_BYTES];
        long produced;

        Source(SocketAddress local, SocketAddress destination) {
            this.local = local;
            this.destination = destination;
        }

        @Override
        public int next(ByteBuffer buffer) {
            produced++;
            buffer.put(payload);
            return DATAGRAM_BYTES;
        }

        @Override
        public SocketAddress local() {
            return local;
        }

        @Override
        public SocketAddress destination() {
            return destination;
        }
    }
}
