package dev.jquic.testkit.net;

import java.util.Objects;

/**
 * The address of a node on the simulated network: a host name and a port. It is deliberately
 * not a {@code java.net} type; neither the core nor the simulator touches sockets.
 *
 * @param host a non-empty host name, e.g. {@code "client"} or {@code "10.0.0.1"}
 * @param port 0 to 65535
 */
public record SimulatedAddress(String host, int port) {

    /** Validates the host and port. */
    public SimulatedAddress {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range 0..65535: " + port);
        }
    }

    /** Shorthand for {@code new SimulatedAddress(host, port)}. */
    public static SimulatedAddress of(String host, int port) {
        return new SimulatedAddress(host, port);
    }

    /** Host number {@code hostNumber} (rendered as "host-N") at {@code port}. */
    public static SimulatedAddress of(int hostNumber, int port) {
        return new SimulatedAddress("host-" + hostNumber, port);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
