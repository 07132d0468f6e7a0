package dev.jquic.testkit.net;

import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * One direction of a simulated link: applies its {@link LinkModel} to each datagram sent and
 * tells the network when (and whether) it arrives. Package-private; not thread-safe.
 */
final class Link {

    /** Where the link hands arrivals and trace entries. */
    interface Sink {
        void scheduleDelivery(long arrivalNanos, Datagram datagram, Link link);

        void trace(long timeNanos, TraceEvent.Kind kind, Datagram datagram, DropCause dropCause);
    }

    private final SimulatedAddress source;
    private final SimulatedAddress destination;
    private final SplittableRandom random;
    private final LinkStatistics statistics = new LinkStatistics();
    private final ArrayDeque<Long> queueDepartureNanos = new ArrayDeque<>();
    private LinkModel model;
    private PacketInterceptor interceptor = PacketInterceptor.passThrough();
    private long datagramsSeen;
    private boolean inBurst;
    private int consecutiveLosses;
    private long lastDepartureNanos;
    private long lastArrivalNanos;

    Link(SimulatedAddress source, SimulatedAddress destination, LinkModel model, long linkSeed) {
        this.source = source;
        this.destination = destination;
        this.model = model;
        this.random = new SplittableRandom(linkSeed);
    }

    SimulatedAddress source() {
        return source;
    }

    SimulatedAddress destination() {
        return destination;
    }

    LinkModel model() {
        return model;
    }

    void model(LinkModel newModel) {
        this.model = newModel;
    }

    void interceptor(PacketInterceptor newInterceptor) {
        this.interceptor = newInterceptor;
    }

    LinkStatistics statistics() {
        return statistics;
    }

    /** Applies the model to {@code sent}, sent at {@code nowNanos}. */
    void transmit(Datagram sent, long nowNanos, Sink sink) {
        statistics.recordSent(sent.length());
        sink.trace(nowNanos, TraceEvent.Kind.SENT, sent, null);
        Datagram datagram = interceptor.intercept(sent, datagramsSeen++, nowNanos);
        if (datagram == null) {
            drop(sent, nowNanos, DropCause.INTERCEPTOR, sink);
            return;
        }
        if (datagram.length() > model.maxDatagramSizeBytes()) {
            drop(datagram, nowNanos, DropCause.TOO_BIG, sink);
            return;
        }
        for (BlackholeWindow window : model.blackholeWindows()) {
            if (window.contains(nowNanos)) {
                drop(datagram, nowNanos, DropCause.BLACKHOLE, sink);
                return;
            }
        }
        DropCause loss = drawLoss();
        if (loss != null) {
            drop(datagram, nowNanos, loss, sink);
            return;
        }
        long departureNanos = enqueue(datagram.length(), nowNanos);
        if (departureNanos < 0) {
            drop(datagram, nowNanos, DropCause.QUEUE_OVERFLOW, sink);
            return;
        }
        if (model.corruptionRate() > 0 && datagram.length() > 0 && random.nextDouble() < model.corruptionRate()) {
            datagram = corrupt(datagram);
            statistics.recordCorrupted();
            sink.trace(nowNanos, TraceEvent.Kind.CORRUPTED, datagram, null);
        }
        sink.scheduleDelivery(arrivalTime(departureNanos), datagram, this);
        if (model.duplicationRate() > 0 && random.nextDouble() < model.duplicationRate()) {
            statistics.recordDuplicated();
            sink.trace(nowNanos, TraceEvent.Kind.DUPLICATED, datagram, null);
            sink.scheduleDelivery(arrivalTime(departureNanos), datagram, this);
        }
    }

    private void drop(Datagram datagram, long nowNanos, DropCause cause, Sink sink) {
        statistics.recordDropped(cause);
        sink.trace(nowNanos, TraceEvent.Kind.DROPPED, datagram, cause);
    }

    /** The loss cause for the next datagram, or {@code null} if it survives. */
    private DropCause drawLoss() {
        DropCause cause = null;
        if (model.burstEnterProbability() > 0) {
            if (inBurst) {
                if (random.nextDouble() < model.burstExitProbability()) {
                    inBurst = false;
                }
            } else if (random.nextDouble() < model.burstEnterProbability()) {
                inBurst = true;
            }
            if (inBurst) {
                cause = DropCause.BURST_LOSS;
            }
        }
        if (cause == null && model.lossRate() > 0 && random.nextDouble() < model.lossRate()) {
            cause = DropCause.RANDOM_LOSS;
        }
        if (cause != null && consecutiveLosses >= model.maxConsecutiveLosses()) {
            inBurst = false;
            cause = null;
        }
        consecutiveLosses = cause == null ? 0 : consecutiveLosses + 1;
        return cause;
    }

    /** When the datagram finishes serialization, or -1 when the queue is full (tail drop). */
    private long enqueue(int lengthBytes, long nowNanos) {
        if (model.bandwidthBitsPerSecond() == 0) {
            return nowNanos;
        }
        while (!queueDepartureNanos.isEmpty() && queueDepartureNanos.peekFirst() <= nowNanos) {
            queueDepartureNanos.pollFirst();
        }
        if (queueDepartureNanos.size() >= model.queueLimitPackets()) {
            return -1;
        }
        long startNanos = Math.max(nowNanos, lastDepartureNanos);
        long departureNanos = startNanos + model.serializationNanos(lengthBytes);
        lastDepartureNanos = departureNanos;
        queueDepartureNanos.addLast(departureNanos);
        return departureNanos;
    }

    private long arrivalTime(long departureNanos) {
        long jitterNanos = model.jitterNanos() == 0 ? 0 : random.nextLong(model.jitterNanos() + 1);
        long arrivalNanos = departureNanos + model.oneWayDelayNanos() + jitterNanos;
        if (!model.reorderingAllowed()) {
            // Equal times keep send order: the network breaks ties by scheduling sequence.
            arrivalNanos = Math.max(arrivalNanos, lastArrivalNanos);
        }
        lastArrivalNanos = Math.max(lastArrivalNanos, arrivalNanos);
        return arrivalNanos;
    }

    private Datagram corrupt(Datagram datagram) {
        byte[] payload = datagram.payload();
        int index = random.nextInt(payload.length);
        payload[index] ^= (byte) (1 << random.nextInt(8));
        return datagram.withPayload(payload);
    }

    @Override
    public String toString() {
        return "Link[" + source + " -> " + destination + ", " + model + "]";
    }
}
