/**
 * TLS 1.3 handshake message and extension codecs for QUIC (TLS 1.3 spec §4, §4.2, Appendix B.3;
 * RFC 9001 §8).
 *
 * <p>{@link dev.jquic.tls.message.HandshakeReassembler} turns CRYPTO stream bytes of one encryption
 * level into {@link dev.jquic.tls.message.RawHandshakeMessage}s (type, body and the exact raw bytes
 * the transcript hash needs). {@link dev.jquic.tls.message.HandshakeMessageDecoder} decodes a raw
 * message into one of the immutable message records ({@link dev.jquic.tls.message.ClientHello},
 * {@link dev.jquic.tls.message.ServerHello}, ...); each record encodes itself with its 4-byte
 * handshake header. Extensions are typed records inside an order-preserving
 * {@link dev.jquic.tls.message.Extensions} block; unrecognised ones are kept as
 * {@link dev.jquic.tls.message.UnknownExtension}. Opaque byte fields are immutable
 * {@link dev.jquic.tls.message.Opaque} values with content equality; code points (cipher suites,
 * groups, signature schemes, versions) stay {@code int}.
 *
 * <p>PSK binders (TLS 1.3 spec §4.2.11.2): {@link dev.jquic.tls.message.ClientHello#partialEncoding()}
 * gives a client the bytes to compute binders over, {@link dev.jquic.tls.message.ClientHello#withBinders}
 * fills them in; {@link dev.jquic.tls.message.ClientHello#partialMessage} recovers the same bytes from a
 * received ClientHello's raw message.
 *
 * <p>Decoders of peer bytes throw only {@link dev.jquic.core.codec.QuicProtocolException}
 * carrying CRYPTO_ERROR 0x100 + alert (decode_error for malformed structures, illegal_parameter
 * for values the spec forbids). Encoders given invalid values by our own code throw
 * IllegalArgumentException. Semantic checks that need handshake state (which extensions were
 * offered, which versions or groups are supported) belong to the state machine.
 *
 * <p>Not thread-safe; single-threaded use only.
 */
package dev.jquic.tls.message;
