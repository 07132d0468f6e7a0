package dev.jquic.testkit.net;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** Small nodes for the simulator's own tests. */
final class TestNodes {

    private TestNodes() {
    }

    /** A datagram as a node saw it. */
    record Arrival(long timeNanos, Datagram datagram) {
        int sequence() {
            return ByteBuffer.wrap(datagram.payload()).getInt(0);
        }
    }

    /** A payload whose sequence number is written three times (for majority voting) and padded. */
    static byte[] payload(int sequence, int sizeBytes) {
        ByteBuffer buffer = ByteBuffer.allocate(Math.max(sizeBytes, 12));
        buffer.putInt(sequence).putInt(sequence).putInt(sequence);
        return buffer.array();
    }

    /** Sends {@code count} numbered datagrams to {@code peer}, one every {@code intervalNanos} (0 = all at once). */
    static final class Sender implements Node {
        final SimulatedAddress address;
        final SimulatedAddress peer;
        final int count;
        final int sizeBytes;
        final long intervalNanos;
        final List<Long> sendTimesNanos = new ArrayList<>();
        final List<Arrival> received = new ArrayList<>();
        private int nextSequence;
        private long nextSendNanos;

        Sender(SimulatedAddress address, SimulatedAddress peer, int count, int sizeBytes, long intervalNanos) {
            this.address = address;
            this.peer = peer;
            this.count = count;
            this.sizeBytes = sizeBytes;
            this.intervalNanos = intervalNanos;
        }

        @Override
        public void receive(Datagram datagram, long nowNanos) {
            received.add(new Arrival(nowNanos, datagram));
        }

        @Override
        public Datagram poll(long nowNanos) {
            if (nextSequence >= count || nowNanos < nextSendNanos) {
                return null;
            }
            sendTimesNanos.add(nowNanos);
            nextSendNanos = nowNanos + intervalNanos;
            return new Datagram(address, peer, payload(nextSequence++, sizeBytes));
        }

        @Override
        public long nextTimeoutNanos() {
            return nextSequence < count ? nextSendNanos : Long.MAX_VALUE;
        }

        @Override
        public void onTimeout(long nowNanos) {
            // poll() does the sending once the time has come
        }
    }

    /** Records everything it receives; sends nothing. */
    static final class Sink implements Node {
        final List<Arrival> received = new ArrayList<>();

        @Override
        public void receive(Datagram datagram, long nowNanos) {
            received.add(new Arrival(nowNanos, datagram));
        }

        @Override
        public Datagram poll(long nowNanos) {
            return null;
        }

        @Override
        public long nextTimeoutNanos() {
            return Long.MAX_VALUE;
        }

        @Override
        public void onTimeout(long nowNanos) {
        }

        List<Integer> sequences() {
            List<Integer> sequences = new ArrayList<>();
            for (Arrival arrival : received) {
                sequences.add(arrival.sequence());
            }
            return sequences;
        }
    }

    /**
     * Echoes every datagram back to its source, at most {@code maxEchoes} times in total
     * ({@code Integer.MAX_VALUE} = forever, which with a peer echo node never goes idle).
     */
    static final class Echo implements Node {
        final SimulatedAddress address;
        final List<Arrival> received = new ArrayList<>();
        private final ArrayDeque<Datagram> pending = new ArrayDeque<>();
        private final int maxEchoes;
        private int echoes;

        Echo(SimulatedAddress address, int maxEchoes) {
            this.address = address;
            this.maxEchoes = maxEchoes;
        }

        @Override
        public void receive(Datagram datagram, long nowNanos) {
            received.add(new Arrival(nowNanos, datagram));
            if (echoes < maxEchoes) {
                echoes++;
                pending.add(new Datagram(address, datagram.source(), datagram.payload()));
            }
        }

        /** Queues a first datagram to {@code peer}. */
        void start(SimulatedAddress peer) {
            pending.add(new Datagram(address, peer, payload(0, 12)));
        }

        @Override
        public Datagram poll(long nowNanos) {
            return pending.poll();
        }

        @Override
        public long nextTimeoutNanos() {
            return Long.MAX_VALUE;
        }

        @Override
        public void onTimeout(long nowNanos) {
        }
    }

    /** A buggy node whose timer is always already due: a runaway loop at one instant. */
    static final class Runaway implements Node {
        int timeouts;

        @Override
        public void receive(Datagram datagram, long nowNanos) {
        }

        @Override
        public Datagram poll(long nowNanos) {
            return null;
        }

        @Override
        public long nextTimeoutNanos() {
            return 0; // always in the past: rescheduled at "now" after every firing
        }

        @Override
        public void onTimeout(long nowNanos) {
            timeouts++;
        }
    }
}
