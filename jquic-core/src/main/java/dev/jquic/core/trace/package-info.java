/**
 * Connection tracing hooks: {@link dev.jquic.core.trace.ConnectionTracer} receives what a
 * connection sends, receives, loses and how its state and congestion metrics change, so that
 * the runtime can write qlog files (draft-ietf-quic-qlog-main-schema, quic-events). Depends on
 * {@code types} and {@code frame} only. Single-threaded, like the connection that calls it.
 */
package dev.jquic.core.trace;
