/**
 * Network paths, address validation and connection migration (RFC 9000 §8, §9, §13.3) as a
 * sans-IO component the connection drives: {@link dev.jquic.core.path.NetworkPath} names a path
 * by two opaque addresses, and {@link dev.jquic.core.path.PathManager} keeps the active path, the
 * anti-amplification budget of unvalidated paths (§8.1), PATH_CHALLENGE / PATH_RESPONSE
 * exchanges with their retry and give-up timer (§8.2, §13.3), server-side reaction to peer
 * migration and NAT rebinding (§9.3) and client-initiated migration (§9.2). It reports what the
 * connection must do through {@link dev.jquic.core.path.PathManager#pollFrame} and
 * {@link dev.jquic.core.path.PathEvent}s; it builds no packets.
 * {@link dev.jquic.core.path.PathMtuDiscovery} is the DPLPMTUD state machine (RFC 9000 §14.3,
 * RFC 8899) deciding the maximum datagram size and when to send a PMTU probe of which size.
 *
 * <p>Addresses are opaque objects compared with {@code equals}; nothing here uses
 * {@code java.net}. Time is passed in as {@code nowNanos}; randomness comes from the
 * {@link java.util.random.RandomGenerator} the caller supplies. Single-threaded, not
 * thread-safe: the connection's owner thread confines every object.
 * May use: {@code codec}, {@code types}, {@code frame}.
 */
package dev.jquic.core.path;
