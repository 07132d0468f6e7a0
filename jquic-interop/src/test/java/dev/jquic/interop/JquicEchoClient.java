package dev.jquic.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.connection.Connection;
import dev.jquic.core.connection.ConnectionConfig;
import dev.jquic.core.connection.ConnectionEvent;
import dev.jquic.core.connection.StatelessResetTokens;
import dev.jquic.core.connection.TlsSessionFactory;
import dev.jquic.core.frame.StreamDirection;
import dev.jquic.core.path.NetworkPath;
import dev.jquic.core.stream.StreamEvent;
import dev.jquic.tls.QuicTls;
import dev.jquic.tls.TlsClientConfig;
import dev.jquic.tls.cert.PeerCertificateVerifier;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;

/** jquic's connection as an echo client on a loopback UDP port: sends, expects the same bytes back. */
final class JquicEchoClient {

    private JquicEchoClient() {
    }

    private static TlsSessionFactory tls() {
        TlsClientConfig config = TlsClientConfig.builder().applicationProtocols("echo")
                .peerCertificateVerifier(PeerCertificateVerifier.insecure()).build();
        return parameters -> QuicTls.client(config, "localhost", parameters);
    }

    /** Echoes {@code streams} streams of {@code bytesPerStream} random bytes through {@code server}. */
    static void echo(InetSocketAddress server, int streams, int bytesPerStream) throws Exception {
        byte[] payload = new byte[bytesPerStream];
        new SplittableRandom(9).nextBytes(payload);
        try (LoopbackDriver driver = new LoopbackDriver()) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            driver.connection = Connection.client(ConnectionConfig.builder().build(), tls(),
                    new NetworkPath(driver.localAddress(), server), new SplittableRandom(1),
                    new StatelessResetTokens(key), System.nanoTime());
            Connection connection = driver.connection;
            long[] ids = new long[streams];
            int[] written = new int[streams];
            ByteArrayOutputStream[] received = new ByteArrayOutputStream[streams];
            boolean[] finished = new boolean[streams];
            int[] done = {0};
            ByteBuffer readBuffer = ByteBuffer.allocate(65_536);
            driver.runUntil(() -> done[0] == streams, Duration.ofSeconds(30), event -> {
                if (event instanceof ConnectionEvent.HandshakeCompleted) {
                    for (int i = 0; i < streams; i++) {
                        ids[i] = connection.openStream(StreamDirection.BIDIRECTIONAL);
                        received[i] = new ByteArrayOutputStream();
                    }
                } else if (event instanceof ConnectionEvent.Stream stream
                        && stream.event() instanceof StreamEvent.Readable readable) {
                    int index = Arrays.binarySearch(ids, readable.streamId());
                    int read;
                    while (index >= 0 && !finished[index]) {
                        readBuffer.clear();
                        read = connection.read(readable.streamId(), readBuffer);
                        if (read == -1) {
                            finished[index] = true;
                            done[0]++;
                        } else if (read == 0) {
                            break;
                        } else {
                            received[index].write(readBuffer.array(), 0, read);
                        }
                    }
                }
            }, () -> {
                if (received[0] == null) {
                    return;
                }
                for (int i = 0; i < streams; i++) {
                    if (written[i] < payload.length) {
                        written[i] += connection.write(ids[i],
                                ByteBuffer.wrap(payload, written[i], payload.length - written[i]));
                        if (written[i] == payload.length) {
                            connection.finish(ids[i]);
                        }
                    }
                }
            });
            for (int i = 0; i < streams; i++) {
                assertTrue(Arrays.equals(payload, received[i].toByteArray()), "stream " + ids[i] + " echoed exactly");
            }
            assertEquals("echo", connection.applicationProtocol());
        }
    }

}
