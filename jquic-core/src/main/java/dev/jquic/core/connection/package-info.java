/**
 * The QUIC connection (RFC 9000): per packet number space ACK generation, connection IDs with
 * stateless reset tokens, CRYPTO streams per encryption level, 1-RTT keys across key updates
 * (RFC 9001 §6), and — next — the Connection itself that ties them to streams, recovery and the
 * TLS seam. May use every other core package.
 */
package dev.jquic.core.connection;
