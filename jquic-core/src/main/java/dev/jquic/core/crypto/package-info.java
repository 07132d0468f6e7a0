/**
 * Packet protection (RFC 9001 §5, RFC 9369 §3.3): HKDF and HKDF-Expand-Label
 * ({@link dev.jquic.core.crypto.Hkdf}), cipher suites and their AEAD limits
 * ({@link dev.jquic.core.crypto.CipherSuite}), Initial secrets
 * ({@link dev.jquic.core.crypto.InitialSecrets}), per-direction AEAD and header protection
 * with key update ({@link dev.jquic.core.crypto.PacketProtection}) and the Retry integrity tag
 * ({@link dev.jquic.core.crypto.RetryIntegrity}). JCA only; one cached cipher per key and
 * direction; in place on caller-owned buffers. Not thread-safe.
 * May use: {@code codec}, {@code types}.
 */
package dev.jquic.core.crypto;
