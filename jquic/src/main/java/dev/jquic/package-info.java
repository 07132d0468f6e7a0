/**
 * The public API of jquic (DESIGN §3): {@link dev.jquic.Quic#server()} and {@link
 * dev.jquic.Quic#client()} build servers and clients; a {@link dev.jquic.QuicHandler} receives
 * the callbacks of connections and streams on their event-loop thread; {@link
 * dev.jquic.QuicConnection} and {@link dev.jquic.QuicStream} may be used from any thread.
 */
package dev.jquic;
