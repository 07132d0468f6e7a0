/**
 * QUIC frames (RFC 9000 §19, plus DATAGRAM of RFC 9221): one immutable record per frame type
 * carrying its own codec, and the RFC 9000 §12.4 table of frames permitted per packet type.
 *
 * <p>{@link dev.jquic.core.frame.Frame} is the sealed root; {@code encode}/{@code encodedLength}
 * write a frame, {@link dev.jquic.core.frame.FrameDecoder} reads untrusted payloads (raising only
 * {@link dev.jquic.core.codec.QuicProtocolException}) and checks
 * {@link dev.jquic.core.frame.FramePermissions}. STREAM and DATAGRAM frames can omit their
 * Length field when last in a packet ({@link dev.jquic.core.frame.LengthOmittableFrame}).
 * STREAM, CRYPTO and DATAGRAM payloads are views of the packet buffer, not copies.
 *
 * <p>Single-threaded: values are immutable but payload views share their buffer.
 * May use: {@code codec}, {@code types}.
 */
package dev.jquic.core.frame;
