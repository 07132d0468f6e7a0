/**
 * The QUIC connection (RFC 9000, 9001, 9002, 9221, 9368, 9369), sans-IO: {@link
 * dev.jquic.core.connection.Connection} takes datagrams, time and application commands and
 * produces datagrams, a deadline and events. Split by concern:
 * <ul>
 *   <li>{@code Connection}: shared state, lifecycle (handshake, closing, draining, idle),
 *       application commands and queries;</li>
 *   <li>{@code PacketReceiver}: datagram splitting, packet unprotection, frame dispatch,
 *       Retry, Version Negotiation and stateless reset detection;</li>
 *   <li>{@code DatagramAssembler}: packet building and coalescing, padding, congestion, pacing
 *       and anti-amplification gates, acknowledgment and loss of what packets carried;</li>
 *   <li>{@code HandshakeDriver}: the TLS seam, key installation, transport parameter checks
 *       (RFC 9000 §7.3–7.4) and handshake confirmation;</li>
 *   <li>{@code VersionNegotiator}: compatible version negotiation (RFC 9368);</li>
 *   <li>building blocks: {@code PacketSpace}, {@code AckTracker} (ACK generation per space),
 *       {@code LocalConnectionIds} / {@code PeerConnectionIds} (issuance, retirement, stateless
 *       reset tokens), {@code CryptoStreams}, {@code OneRttKeys} (key updates), {@code
 *       DatagramQueue}.</li>
 * </ul>
 * Streams live in {@code dev.jquic.core.stream}, paths in {@code dev.jquic.core.path}, loss
 * recovery in {@code dev.jquic.core.recovery}. May use every other core package.
 */
package dev.jquic.core.connection;
