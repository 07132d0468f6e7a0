/**
 * QUIC transport parameters (RFC 9000 §7.4, §18; RFC 9221 §3 max_datagram_frame_size; RFC 9368
 * §3 version_information): the immutable {@link dev.jquic.core.params.TransportParameters} record
 * with its builder, encoding, decoding of untrusted bytes (failures raise
 * {@link dev.jquic.core.codec.QuicProtocolException} with TRANSPORT_PARAMETER_ERROR), and the
 * §7.3 connection ID cross-checks in {@link dev.jquic.core.params.ConnectionIdAuthentication}.
 * Not thread-safe; single-threaded use only.
 * May use: {@code codec}, {@code types}.
 */
package dev.jquic.core.params;
