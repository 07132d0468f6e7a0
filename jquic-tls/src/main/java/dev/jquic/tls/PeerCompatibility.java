package dev.jquic.tls;

/**
 * Which peers a handshake accepts. {@link #QUIC} is the only value for real QUIC connections;
 * {@link #TLS_OVER_TCP_TESTING} exists ONLY so tests can complete a handshake with a TLS 1.3
 * implementation built for TLS over TCP (such as the JDK's {@code SSLEngine}, whose handshake
 * messages a test frames into TLS records). Never use it on a QUIC connection.
 */
public enum PeerCompatibility {
    /** RFC 9001 as written: quic_transport_parameters is required and legacy_session_id is empty. */
    QUIC,
    /**
     * For testing against TLS-over-TCP implementations only. Relaxes exactly two QUIC rules:
     * (a) the peer's quic_transport_parameters extension is not required (RFC 9001 §8.2; a TLS
     * peer never sends it, so {@code peerTransportParameters()} stays {@code null}); (b) a server
     * accepts a non-empty legacy_session_id in ClientHello and echoes it in ServerHello and
     * HelloRetryRequest (TLS 1.3 spec §4.1.3 middlebox compatibility mode, which RFC 9001 §8.4
     * forbids in QUIC). Nothing else changes: no record layer, no ChangeCipherSpec is sent.
     */
    TLS_OVER_TCP_TESTING
}
