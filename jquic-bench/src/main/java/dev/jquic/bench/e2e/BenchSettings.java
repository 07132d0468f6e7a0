package dev.jquic.bench.e2e;

import java.nio.file.Path;

/**
 * The settings every stack gets (issue 7): one certificate, one ALPN, the same flow-control
 * windows, stream limits, 1,200-byte packets and socket buffers.
 *
 * @param certificate RSA-2048 certificate PEM (Kwik reads RSA keys only)
 * @param privateKey its PKCS#8 private key PEM
 * @param socketBufferBytes SO_RCVBUF/SO_SNDBUF asked for
 */
public record BenchSettings(Path certificate, Path privateKey, int socketBufferBytes) {

    public static final String ALPN = "jquic-bench";
    public static final long CONNECTION_WINDOW = 16L << 20;
    public static final long STREAM_WINDOW = 8L << 20;
    public static final int MAX_STREAMS = 100;
    public static final int MAX_UDP_PAYLOAD = 1_200;
    public static final int IDLE_TIMEOUT_SECONDS = 30;
    /** W3: requests in flight at once. */
    public static final int REQUESTS_IN_FLIGHT = 50;
    /** W4: connections in parallel. */
    public static final int PARALLEL_CONNECTIONS = 10;
}
