package io.netty.handler.codec.quic;

/**
 * Test access to whether a Netty QUIC client context holds a session for a host and port
 * (Netty's API has none: {@code QuicheQuicSslContext#getSessionCache} is package-private; Netty's
 * own tests read it the same way). BoringSSL stores the session only when the client processed
 * the server's NewSessionTicket, which can happen after the first connection's handshake.
 */
public final class NettySessionCacheProbe {

    private NettySessionCacheProbe() {
    }

    /** Whether {@code context} (a client context built by {@link QuicSslContextBuilder}) has a session. */
    public static boolean hasSession(QuicSslContext context, String host, int port) {
        return ((QuicheQuicSslContext) context).getSessionCache().hasSession(host, port);
    }
}
