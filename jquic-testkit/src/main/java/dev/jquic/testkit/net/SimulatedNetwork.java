package dev.jquic.testkit.net;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;

/**
 * A deterministic discrete-event network: {@link Node}s registered at {@link SimulatedAddress}es
 * exchange {@link Datagram}s over per-direction {@link Link}s on a {@link VirtualClock}.
 *
 * <p>Events (datagram deliveries and node timeouts) sit in a priority queue ordered by time,
 * then by the order they were scheduled, so a run is a pure function of the seed, the link
 * models and the nodes. After every call into a node the network drains its {@link Node#poll}
 * and reschedules its timeout. Each {@code run...} method first services every node (in
 * registration order), so state changed between runs is picked up.
 *
 * <p>Every run is bounded by a virtual-time limit and by {@link #eventLimit(long)} events; a run
 * that exceeds a bound throws {@link SimulationLimitException} naming the bound and the seed.
 * Randomness: each link direction has its own {@code SplittableRandom} derived from the network
 * seed and the two addresses, so adding a link does not change another link's draws.
 *
 * <p>Single-threaded; not thread-safe.
 */
public final class SimulatedNetwork {

    /** Default bound on events per run. */
    public static final long DEFAULT_EVENT_LIMIT = 10_000_000;
    /** Timer firings in a row at one instant, sending nothing, that make a node a busy loop. */
    public static final int SPIN_LIMIT = 1_000;

    private final long seed;
    private final VirtualClock clock = new VirtualClock();
    private final Map<SimulatedAddress, NodeSlot> nodes = new LinkedHashMap<>();
    private final Map<LinkKey, Link> links = new HashMap<>();
    private final PriorityQueue<Event> events = new PriorityQueue<>();
    private final Link.Sink sink = new NetworkSink();
    private LinkModel defaultLinkModel = LinkModel.PERFECT;
    private long eventLimit = DEFAULT_EVENT_LIMIT;
    private long nextSequence;
    private long eventsThisRun;
    private List<TraceEvent> trace;

    /** A network whose randomness all derives from {@code seed}. */
    public SimulatedNetwork(long seed) {
        this.seed = seed;
    }

    /** The seed every link's randomness is derived from. */
    public long seed() {
        return seed;
    }

    /** The current virtual time. */
    public long nowNanos() {
        return clock.nowNanos();
    }

    /** The virtual clock (read it; the network advances it). */
    public VirtualClock clock() {
        return clock;
    }

    /** Sets the bound on events per run (at least 1). */
    public SimulatedNetwork eventLimit(long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("eventLimit must be at least 1: " + limit);
        }
        this.eventLimit = limit;
        return this;
    }

    /** The model for links not configured with {@link #link}; applies to links created later. */
    public SimulatedNetwork defaultLinkModel(LinkModel model) {
        this.defaultLinkModel = Objects.requireNonNull(model, "model");
        return this;
    }

    /** Registers {@code node} at {@code address}. */
    public SimulatedNetwork register(SimulatedAddress address, Node node) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(node, "node");
        if (nodes.containsKey(address)) {
            throw new IllegalArgumentException("a node is already registered at " + address);
        }
        nodes.put(address, new NodeSlot(address, node));
        return this;
    }

    /** Sets the model of the direction {@code source -> destination}. */
    public SimulatedNetwork link(SimulatedAddress source, SimulatedAddress destination, LinkModel model) {
        linkFor(source, destination).model(Objects.requireNonNull(model, "model"));
        return this;
    }

    /** Sets the same model on both directions between {@code first} and {@code second}. */
    public SimulatedNetwork linkBothWays(SimulatedAddress first, SimulatedAddress second, LinkModel model) {
        return link(first, second, model).link(second, first, model);
    }

    /** Installs {@code interceptor} on the direction {@code source -> destination}. */
    public SimulatedNetwork intercept(SimulatedAddress source, SimulatedAddress destination,
                                      PacketInterceptor interceptor) {
        linkFor(source, destination).interceptor(Objects.requireNonNull(interceptor, "interceptor"));
        return this;
    }

    /** The counters of the direction {@code source -> destination}. */
    public LinkStatistics statistics(SimulatedAddress source, SimulatedAddress destination) {
        return linkFor(source, destination).statistics();
    }

    /** Starts recording a {@link TraceEvent} for everything that happens from now on. */
    public SimulatedNetwork recordTrace() {
        if (trace == null) {
            trace = new ArrayList<>();
        }
        return this;
    }

    /** The recorded trace (empty unless {@link #recordTrace()} was called). */
    public List<TraceEvent> trace() {
        return trace == null ? List.of() : List.copyOf(trace);
    }

    /** Sends {@code datagram} from outside any node, at the current time, through its link. */
    public void send(Datagram datagram) {
        linkFor(datagram.source(), datagram.destination()).transmit(datagram, clock.nowNanos(), sink);
    }

    /** Whether no delivery or timeout is pending. */
    public boolean idle() {
        return events.isEmpty();
    }

    /**
     * Processes every event up to and including {@code untilNanos}, then sets the clock there.
     *
     * @throws SimulationLimitException if more than the event limit is processed
     */
    public void runUntil(long untilNanos) {
        if (untilNanos < clock.nowNanos()) {
            throw new IllegalArgumentException(
                    "runUntil(" + untilNanos + ") is before now (" + clock.nowNanos() + " ns)");
        }
        startRun();
        while (!events.isEmpty() && events.peek().timeNanos <= untilNanos) {
            process(events.poll(), "runUntil(" + untilNanos + " ns)");
        }
        clock.advanceTo(untilNanos);
    }

    /** Runs for {@code durationNanos} of virtual time from now. */
    public void runFor(long durationNanos) {
        runUntil(Math.addExact(clock.nowNanos(), durationNanos));
    }

    /**
     * Processes events until none is pending. The clock stays at the last event's time.
     *
     * @param deadlineNanos absolute virtual time by which the network must be idle
     * @throws SimulationLimitException if an event is due after {@code deadlineNanos}, or more
     *                                  than the event limit is processed
     */
    public void runUntilIdle(long deadlineNanos) {
        startRun();
        String run = "runUntilIdle(deadline " + deadlineNanos + " ns)";
        while (!events.isEmpty()) {
            if (events.peek().timeNanos > deadlineNanos) {
                throw limit("network not idle by the virtual-time limit " + deadlineNanos
                        + " ns in " + run + "; next event at " + events.peek().timeNanos + " ns");
            }
            process(events.poll(), run);
        }
    }

    /**
     * Processes events until {@code condition} holds (checked before each event).
     *
     * @param deadlineNanos absolute virtual time by which the condition must hold
     * @return the virtual time at which the condition held
     * @throws SimulationLimitException if the deadline passes, the network goes idle with the
     *                                  condition false, or the event limit is exceeded
     */
    public long runUntil(BooleanSupplier condition, long deadlineNanos) {
        startRun();
        String run = "runUntil(condition, deadline " + deadlineNanos + " ns)";
        while (!condition.getAsBoolean()) {
            if (events.isEmpty()) {
                throw limit("network idle at " + clock.nowNanos() + " ns with the condition still false in " + run);
            }
            if (events.peek().timeNanos > deadlineNanos) {
                throw limit("condition still false at the virtual-time limit " + deadlineNanos + " ns in " + run);
            }
            process(events.poll(), run);
        }
        return clock.nowNanos();
    }

    @Override
    public String toString() {
        return "SimulatedNetwork[seed=" + seed + "L, now=" + clock.nowNanos() + " ns, nodes=" + nodes.keySet()
                + ", pending events=" + events.size() + "]";
    }

    private void startRun() {
        eventsThisRun = 0;
        for (NodeSlot slot : List.copyOf(nodes.values())) {
            service(slot, "run start");
        }
    }

    private void process(Event event, String run) {
        countEvent(run);
        clock.advanceTo(event.timeNanos);
        if (event.datagram != null) {
            deliver(event.datagram, event.link, run);
        } else if (event.slot.timerGeneration == event.timerGeneration) {
            NodeSlot slot = event.slot;
            slot.scheduledDeadlineNanos = Long.MAX_VALUE;
            slot.timerGeneration++;
            if (trace != null) {
                trace.add(new TraceEvent(clock.nowNanos(), TraceEvent.Kind.TIMEOUT, slot.address, slot.address,
                        0, 0, null));
            }
            slot.node.onTimeout(clock.nowNanos());
            int sent = service(slot, run);
            checkNotSpinning(slot, sent, run);
        }
    }

    private void deliver(Datagram datagram, Link link, String run) {
        NodeSlot slot = nodes.get(datagram.destination());
        if (slot == null) {
            link.statistics().recordDropped(DropCause.NO_ROUTE);
            sink.trace(clock.nowNanos(), TraceEvent.Kind.DROPPED, datagram, DropCause.NO_ROUTE);
            return;
        }
        link.statistics().recordDelivered(datagram.length());
        sink.trace(clock.nowNanos(), TraceEvent.Kind.DELIVERED, datagram, null);
        slot.node.receive(datagram, clock.nowNanos());
        service(slot, run);
    }

    /**
     * A node whose timer fired, that sent nothing and asks for a timeout at the same instant
     * again, will do so for ever: a busy loop that a real event loop would spin on. Named as such
     * after {@link #SPIN_LIMIT} firings in a row, long before the event limit.
     */
    private void checkNotSpinning(NodeSlot slot, int sent, String run) {
        long nowNanos = clock.nowNanos();
        if (sent > 0 || slot.scheduledDeadlineNanos > nowNanos) {
            slot.fruitlessTimeouts = 0;
        } else if (++slot.fruitlessTimeouts >= SPIN_LIMIT) {
            throw limit("node " + slot.address + " spins: its timer fired " + slot.fruitlessTimeouts
                    + " times in a row at " + nowNanos + " ns, it sent nothing and its next timeout is already due,"
                    + " in " + run);
        }
    }

    /** Drains the node's output and reschedules its timer; returns the datagrams sent. */
    private int service(NodeSlot slot, String run) {
        long nowNanos = clock.nowNanos();
        int sent = 0;
        for (Datagram out = slot.node.poll(nowNanos); out != null; out = slot.node.poll(nowNanos)) {
            countEvent(run);
            sent++;
            linkFor(out.source(), out.destination()).transmit(out, nowNanos, sink);
        }
        long deadlineNanos = slot.node.nextTimeoutNanos();
        if (deadlineNanos != slot.scheduledDeadlineNanos) {
            // A changed deadline makes any earlier timeout event of this node stale.
            slot.scheduledDeadlineNanos = deadlineNanos;
            slot.timerGeneration++;
            if (deadlineNanos != Long.MAX_VALUE) {
                events.add(new Event(Math.max(deadlineNanos, nowNanos), nextSequence++, null, null, slot,
                        slot.timerGeneration));
            }
        }
        return sent;
    }

    private void countEvent(String run) {
        if (++eventsThisRun > eventLimit) {
            throw limit("event limit " + eventLimit + " exceeded in " + run + " at " + clock.nowNanos()
                    + " ns (runaway loop?)");
        }
    }

    private SimulationLimitException limit(String message) {
        return new SimulationLimitException(message, seed);
    }

    private Link linkFor(SimulatedAddress source, SimulatedAddress destination) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        return links.computeIfAbsent(new LinkKey(source, destination),
                key -> new Link(source, destination, defaultLinkModel, linkSeed(source, destination)));
    }

    /** Mixes the network seed with a stable 64-bit hash of the link's two addresses. */
    private long linkSeed(SimulatedAddress source, SimulatedAddress destination) {
        byte[] name = (source + "->" + destination).getBytes(StandardCharsets.UTF_8);
        long hash = 0xcbf29ce484222325L; // FNV-1a 64-bit offset basis
        for (byte b : name) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        return mix64(seed ^ mix64(hash));
    }

    private static long mix64(long value) {
        long z = value + 0x9e3779b97f4a7c15L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private final class NetworkSink implements Link.Sink {
        @Override
        public void scheduleDelivery(long arrivalNanos, Datagram datagram, Link link) {
            events.add(new Event(arrivalNanos, nextSequence++, datagram, link, null, 0));
        }

        @Override
        public void trace(long timeNanos, TraceEvent.Kind kind, Datagram datagram, DropCause dropCause) {
            if (trace != null) {
                trace.add(new TraceEvent(timeNanos, kind, datagram.source(), datagram.destination(),
                        datagram.length(), Arrays.hashCode(datagram.payload()), dropCause));
            }
        }
    }

    private record LinkKey(SimulatedAddress source, SimulatedAddress destination) {
    }

    private static final class NodeSlot {
        final SimulatedAddress address;
        final Node node;
        long scheduledDeadlineNanos = Long.MAX_VALUE;
        long timerGeneration;
        int fruitlessTimeouts;

        NodeSlot(SimulatedAddress address, Node node) {
            this.address = address;
            this.node = node;
        }
    }

    /** A delivery (datagram and link set) or a timeout (slot set); ordered by time, then sequence. */
    private static final class Event implements Comparable<Event> {
        final long timeNanos;
        final long sequence;
        final Datagram datagram;
        final Link link;
        final NodeSlot slot;
        final long timerGeneration;

        Event(long timeNanos, long sequence, Datagram datagram, Link link, NodeSlot slot, long timerGeneration) {
            this.timeNanos = timeNanos;
            this.sequence = sequence;
            this.datagram = datagram;
            this.link = link;
            this.slot = slot;
            this.timerGeneration = timerGeneration;
        }

        @Override
        public int compareTo(Event other) {
            int byTime = Long.compare(timeNanos, other.timeNanos);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }
}
