/**
 * The QUIC connection (RFC 9000): packet number spaces, ACK generation, connection IDs, and —
 * later — the Connection itself. May use every other core package.
 */
package dev.jquic.core.connection;
