/**
 * Adapters that put sans-IO QUIC connections of jquic-core on the simulated network of
 * {@code dev.jquic.testkit.net}: a client node and a single-connection server node, with hooks
 * for test applications that react to connection events.
 */
package dev.jquic.testkit.quic;
