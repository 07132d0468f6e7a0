/**
 * Packet headers (RFC 9000 §17, RFC 8999, RFC 9369): long and short headers, Version
 * Negotiation, Retry, packet number encoding and decoding, splitting coalesced packets, and
 * whole-packet protection built on {@code crypto}.
 * May use: {@code codec}, {@code types}, {@code frame}, {@code crypto}.
 */
package dev.jquic.core.packet;
