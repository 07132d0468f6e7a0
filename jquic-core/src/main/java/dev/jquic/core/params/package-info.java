/**
 * QUIC transport parameters (RFC 9000 §7.4, §18): encoding, decoding and validation.
 * May use: {@code codec}, {@code types}.
 */
package dev.jquic.core.params;
