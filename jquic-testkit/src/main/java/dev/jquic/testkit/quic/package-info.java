/**
 * Adapters that put sans-IO QUIC connections of jquic-core on the simulated network of
 * {@code dev.jquic.testkit.net}: a client node and a single-connection server node, with hooks
 * for test applications that react to connection events; and {@link dev.jquic.testkit.quic.FrameRewriter},
 * an interceptor that opens, rewrites and re-seals the packets of null-TLS connections to make a
 * peer misbehave.
 */
package dev.jquic.testkit.quic;
