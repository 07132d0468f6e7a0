/**
 * A "null TLS" for transport tests: {@link dev.jquic.testkit.tls.NullTls} builds
 * {@link dev.jquic.core.tls.TlsSession}s that exchange the same flights at the same encryption
 * levels as a real TLS 1.3 handshake carried by QUIC (RFC 9001 §4.1), in the same output order as
 * jquic-tls, but with fixed, publicly known secrets and no certificates or key exchange.
 *
 * <p>It offers NO security whatsoever and exists only so that transport tests can run
 * handshakes cheaply. Sessions are single-threaded and not thread-safe.
 */
package dev.jquic.testkit.tls;
