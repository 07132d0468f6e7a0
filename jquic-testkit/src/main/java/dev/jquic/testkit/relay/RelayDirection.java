package dev.jquic.testkit.relay;

/** The direction a datagram travels through the relay. */
public enum RelayDirection {
    /** From a client to the server. */
    TO_SERVER,
    /** From the server back to a client. */
    TO_CLIENT
}
