/**
 * The TLS seam (RFC 9001 §4): the narrow interface through which the QUIC connection drives a
 * TLS 1.3 handshake without knowing how it is implemented. Handshake bytes go in and out per
 * encryption level, traffic secrets come out per level, and the negotiated ALPN, server name
 * and the peer's (still encoded) transport parameters are exposed. Module jquic-tls implements
 * it; tests may plug in a null TLS with fixed keys.
 *
 * <p>May use: {@code codec}, {@code types}, {@code crypto}.
 */
package dev.jquic.core.tls;
