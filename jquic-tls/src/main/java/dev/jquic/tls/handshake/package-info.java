/**
 * The TLS 1.3 client and server handshake state machines for QUIC (TLS 1.3 spec §2, §4;
 * RFC 9001 §4, §8), implementing jquic-core's {@link dev.jquic.core.tls.TlsSession} seam.
 *
 * <p>{@link dev.jquic.tls.handshake.ClientHandshake} and {@link dev.jquic.tls.handshake.ServerHandshake}
 * move through the explicit states of {@link dev.jquic.tls.handshake.ClientState} and
 * {@link dev.jquic.tls.handshake.ServerState}; each state names the encryption level it reads at
 * and the messages it accepts, and a transition table lists the allowed moves. Anything else is
 * unexpected_message; bytes left at a level when the read keys change are unexpected_message too.
 * Create sessions through {@code dev.jquic.tls.QuicTls}.
 *
 * <p>Built only on {@code dev.jquic.tls.message} (codecs, reassembly), {@code dev.jquic.tls.keys}
 * (key shares, transcript, key schedule) and {@code dev.jquic.tls.cert} (certificates,
 * signatures). Every failure is a {@link dev.jquic.core.codec.QuicProtocolException}
 * (CRYPTO_ERROR 0x100+alert, or PROTOCOL_VIOLATION for a non-empty legacy_session_id); after one
 * the session is dead and repeats it. Not yet: PSK resumption and 0-RTT (the resumption master
 * secret is kept for them), post-handshake authentication. Randomness comes from the
 * configuration. Not thread-safe.
 */
package dev.jquic.tls.handshake;
