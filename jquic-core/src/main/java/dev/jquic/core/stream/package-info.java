/**
 * QUIC streams (RFC 9000 §2-§4), sans IO. {@link dev.jquic.core.stream.StreamManager} is the
 * per-connection stream set the connection drives: it opens and accepts streams, applies frames
 * from the peer, writes STREAM and flow-control frames into packets
 * (through the package-private {@code StreamFrameScheduler}), handles their acknowledgement and loss, and
 * reports {@link dev.jquic.core.stream.StreamEvent}s; {@link dev.jquic.core.stream.StreamLimits}
 * configures it. It is built from these building blocks: the
 * sending and receiving state machines of §3.1-§3.2 ({@link dev.jquic.core.stream.SendStreamState},
 * {@link dev.jquic.core.stream.ReceiveStreamState}), one stream's outgoing data
 * ({@link dev.jquic.core.stream.SendBuffer}) and incoming data
 * ({@link dev.jquic.core.stream.ReceiveAssembler}), flow control of §4 for both directions and
 * both levels ({@link dev.jquic.core.stream.SendCredit}, {@link dev.jquic.core.stream.ReceiveWindow}),
 * and the stream-ID and MAX_STREAMS rules of §2.1, §4.6 and §19
 * ({@link dev.jquic.core.stream.StreamIdRules}, {@link dev.jquic.core.stream.LocalStreamCredit},
 * {@link dev.jquic.core.stream.RemoteStreamLimit}).
 *
 * <p>Nothing here does IO or reads a clock; time is passed in. Single-threaded and not
 * thread-safe: the connection's owner thread confines every instance.
 * May use: {@code codec}, {@code types}, {@code frame}.
 */
package dev.jquic.core.stream;
