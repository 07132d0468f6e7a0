/**
 * The cryptographic core of the TLS 1.3 handshake (TLS 1.3 spec, /work/shared/rfc/rfc9846-tls13.md),
 * on JCA, except x25519, which uses BouncyCastle's X25519 (several times faster than the JDK's XDH):
 * <ul>
 *   <li>{@link dev.jquic.tls.keys.NamedGroup} and {@link dev.jquic.tls.keys.EphemeralKeyPair}: (EC)DHE
 *       key shares for x25519, secp256r1 and secp384r1 (§4.2.8), with validation of the peer's
 *       share (§4.2.8.2, §7.4.2);</li>
 *   <li>{@link dev.jquic.tls.keys.TranscriptHash}: the running hash of the handshake messages (§4.4.1),
 *       including the HelloRetryRequest message_hash rule and partial-ClientHello hashes for
 *       PSK binders (§4.2.11.2);</li>
 *   <li>{@link dev.jquic.tls.keys.KeySchedule}: the key schedule of §7.1, the Finished computation
 *       (§4.4.4), PSK binders (§4.2.11.2) and resumption PSKs (§4.6.1).</li>
 * </ul>
 * Every failure caused by peer input is a {@link dev.jquic.core.codec.QuicProtocolException}
 * carrying a TLS alert ({@link dev.jquic.tls.TlsAlert}). Randomness is injected by the caller.
 * Single-threaded: no class here is thread-safe.
 */
package dev.jquic.tls.keys;
