/**
 * QUIC frames (RFC 9000 §19, plus DATAGRAM of RFC 9221): one immutable record per frame type
 * carrying its own codec, and the RFC 9000 §12.4 table of frames permitted per packet type.
 * May use: {@code codec}, {@code types}.
 */
package dev.jquic.core.frame;
