/**
 * Entry points of the TLS 1.3 implementation for QUIC: configuration, the alert codes, and the
 * factory of {@link dev.jquic.core.tls.TlsSession client and server sessions}
 * ({@link dev.jquic.tls.TlsClientConfig}, {@link dev.jquic.tls.TlsServerConfig},
 * {@link dev.jquic.tls.QuicTls}).
 * Sub-packages: {@code message} (handshake message and extension codecs), {@code keys} (key
 * exchange, transcript hash, key schedule), {@code cert} (certificates, signatures,
 * verification), {@code handshake} (the client and server state machines).
 */
package dev.jquic.tls;
