/**
 * Packet protection (RFC 9001 §5, RFC 9369 §3.3): HKDF and HKDF-Expand-Label, initial
 * secrets, AEAD packet keys, header protection, the Retry integrity tag and key update ("quic
 * ku"). JCA only; one cached cipher per key and direction.
 * May use: {@code codec}, {@code types}.
 */
package dev.jquic.core.crypto;
