package dev.jquic.core.types;

/**
 * Which endpoint of a connection sent (or will send) a set of transport parameters. Some
 * parameters are server-only (RFC 9000 §18.2), so decoding needs to know the sender.
 */
public enum EndpointRole {
    CLIENT,
    SERVER
}
