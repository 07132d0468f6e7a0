package dev.jquic.testkit.quic;

import dev.jquic.core.endpoint.Endpoint;
import dev.jquic.core.endpoint.EndpointConfig;
import dev.jquic.core.endpoint.EndpointEvent;
import dev.jquic.core.path.NetworkPath;
import dev.jquic.testkit.net.Datagram;
import dev.jquic.testkit.net.Node;
import dev.jquic.testkit.net.SimulatedAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A sans-IO {@link Endpoint} as a {@link Node} of the simulated network: many connections behind
 * one address (it may also be registered at more addresses: a datagram is handled at its
 * destination). After every input the node drains the endpoint's events into {@link #events()},
 * hands each to the {@link Application}, then calls {@link Application#afterInput} and marks
 * every connection the application touched active. {@link #restart} replaces the endpoint by a
 * fresh one at the same address (a server process restarting, losing all connection state).
 */
public final class EndpointNode implements Node {

    /** Test application logic driven by the node. */
    public interface Application {
        /** An event of the endpoint. */
        default void onEvent(EndpointNode node, EndpointEvent event, long nowNanos) {
        }

        /** Called after every input and event dispatch. */
        default void afterInput(EndpointNode node, long nowNanos) {
        }
    }

    private static final int MAX_RECORDED_EVENTS = 100_000;

    private final SimulatedAddress localAddress;
    private final ByteBuffer sendBuffer = ByteBuffer.allocate(65_536);
    private final List<EndpointEvent> events = new ArrayList<>();
    private Endpoint endpoint;
    private Application application = new Application() { };

    public EndpointNode(SimulatedAddress localAddress, EndpointConfig config, long seed, long nowNanos) {
        this.localAddress = Objects.requireNonNull(localAddress, "localAddress");
        this.endpoint = new Endpoint(config, new SplittableRandom(seed), nowNanos);
    }

    public EndpointNode application(Application value) {
        application = Objects.requireNonNull(value, "application");
        return this;
    }

    /** Replaces the endpoint by a new one with {@code config}: every connection is lost. */
    public void restart(EndpointConfig config, long seed, long nowNanos) {
        endpoint = new Endpoint(config, new SplittableRandom(seed), nowNanos);
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    public SimulatedAddress address() {
        return localAddress;
    }

    /** Every endpoint event so far (capped at 100,000). */
    public List<EndpointEvent> events() {
        return events;
    }

    @Override
    public void receive(Datagram datagram, long nowNanos) {
        endpoint.handleDatagram(ByteBuffer.wrap(datagram.payload()), datagram.destination(), datagram.source(),
                nowNanos);
        dispatch(nowNanos);
    }

    @Override
    public Datagram poll(long nowNanos) {
        sendBuffer.clear();
        int length = endpoint.pollTransmit(sendBuffer, nowNanos);
        if (length == 0) {
            dispatch(nowNanos);
            return null;
        }
        byte[] payload = new byte[length];
        sendBuffer.get(0, payload);
        NetworkPath path = endpoint.transmitPath();
        return new Datagram((SimulatedAddress) path.localAddress(), (SimulatedAddress) path.remoteAddress(), payload);
    }

    @Override
    public long nextTimeoutNanos() {
        return endpoint.pollTimeout();
    }

    @Override
    public void onTimeout(long nowNanos) {
        endpoint.handleTimeout(nowNanos);
        dispatch(nowNanos);
    }

    /** Runs the application against pending events. */
    public void dispatch(long nowNanos) {
        for (int round = 0; round < 16; round++) {
            boolean any = false;
            EndpointEvent event;
            while ((event = endpoint.pollEvent()) != null) {
                any = true;
                if (events.size() < MAX_RECORDED_EVENTS) {
                    events.add(event);
                }
                application.onEvent(this, event, nowNanos);
            }
            application.afterInput(this, nowNanos);
            if (!any) {
                return;
            }
        }
    }
}
