/**
 * The NIO runtime behind the public API (not exported): one event-loop thread per client, and
 * per server one or several ({@link dev.jquic.runtime.EndpointLoop}), each owning a non-blocking
 * {@code DatagramChannel}, a {@code Selector} and the sans-IO
 * {@code dev.jquic.core.endpoint.Endpoint}; the loops of one server share its port and hand each
 * other the datagrams of connections they do not own ({@link dev.jquic.runtime.LoopGroup}); facades of
 * connections and streams that turn calls from other threads into loop commands; the mapping
 * of {@link dev.jquic.TlsOptions} to jquic-tls; session tickets per server; the key log. The
 * only package of module jquic that touches threads, clocks and sockets (ArchUnit-checked).
 */
package dev.jquic.runtime;
