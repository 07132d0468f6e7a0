/**
 * Lowest layer of the wire format: QUIC variable-length integers (RFC 9000 §16), a
 * bounds-checked reader over {@link java.nio.ByteBuffer}, and the single checked exception
 * ({@link dev.jquic.core.codec.QuicProtocolException}) that carries an RFC 9000 §20 transport
 * error code out of every parser.
 *
 * <p>{@link dev.jquic.core.codec.TransportError} lives here rather than in {@code types} because
 * the reader itself must raise it. May use: java.base only.
 */
package dev.jquic.core.codec;
