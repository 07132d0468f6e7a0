package dev.jquic.core.tls;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.types.EncryptionLevel;
import java.nio.ByteBuffer;

/**
 * One side of a TLS 1.3 handshake as QUIC uses it (RFC 9001 §4.1): no record layer; handshake
 * messages travel in CRYPTO frames at the encryption level the handshake dictates.
 *
 * <p>Sans-IO and single-threaded: the connection feeds the bytes of CRYPTO frames in order per
 * level with {@link #handleCryptoData}, then drains {@link #pollOutput()} until it returns
 * {@code null}. Outputs come in the order they must take effect: handshake bytes at one level,
 * then the secrets that switch to the next level, then bytes at that level, and so on.
 *
 * <p>Errors: a TLS alert ends the handshake with {@link QuicProtocolException} whose code is
 * CRYPTO_ERROR 0x100 + alert (RFC 9001 §4.8) and whose reason names the problem. No other
 * exception escapes for any input.
 */
public interface TlsSession {

    /**
     * Starts the handshake. A client queues its ClientHello (and, when resuming with early
     * data, its 0-RTT secret); a server does nothing until the ClientHello arrives.
     */
    void start() throws QuicProtocolException;

    /**
     * Consumes handshake bytes received in CRYPTO frames at {@code level}, contiguous with the
     * bytes given before at that level. Messages may be split across calls.
     *
     * @throws QuicProtocolException CRYPTO_ERROR(0x100 + alert) if the handshake must fail,
     *     e.g. unexpected_message for a message at the wrong level (RFC 9001 §4.1.3)
     */
    void handleCryptoData(EncryptionLevel level, ByteBuffer data) throws QuicProtocolException;

    /** The next output, or {@code null} when there is nothing more until new input arrives. */
    TlsOutput pollOutput();

    /**
     * Continues the handshake with the result of the {@link TlsOutput.DeferredWork} it asked for;
     * then drain {@link #pollOutput()} again.
     *
     * @param result what the work returned, or {@code null} if it failed
     * @throws QuicProtocolException CRYPTO_ERROR(0x100 + internal_error) if the work failed or none
     *     was asked for (a wrapping session must pass the call on)
     */
    void completeDeferredWork(byte[] result) throws QuicProtocolException;

    /** RFC 9001 §4.1.1: whether the TLS handshake is complete at this endpoint. */
    boolean isHandshakeComplete();

    /** The negotiated application protocol (RFC 9001 §8.1), or {@code null} before it is known. */
    String applicationProtocol();

    /** The server name the client asked for (SNI), or {@code null} if none was sent. */
    String serverName();

    /**
     * The peer's quic_transport_parameters extension (RFC 9001 §8.2), still encoded, or
     * {@code null} before it has arrived.
     */
    ByteBuffer peerTransportParameters();
}
