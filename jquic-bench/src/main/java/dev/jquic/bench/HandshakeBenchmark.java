package dev.jquic.bench;

import dev.jquic.bench.e2e.BenchCertificate;
import dev.jquic.bench.e2e.BenchSettings;
import dev.jquic.core.connection.ConnectionConfig;
import dev.jquic.core.connection.TlsSessionFactory;
import dev.jquic.core.tls.TlsSession;
import dev.jquic.core.tls.TransportParametersResponder;
import dev.jquic.tls.QuicTls;
import dev.jquic.tls.TlsClientConfig;
import dev.jquic.tls.TlsServerConfig;
import dev.jquic.tls.cert.CredentialsSelector;
import dev.jquic.tls.cert.PemFiles;
import dev.jquic.tls.cert.PeerCertificateVerifier;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The CPU cost of one full handshake (W4 of issue 7 without sockets, threads or the request):
 * a sans-IO client and server ({@link TransferPair}) complete the real TLS 1.3 handshake in
 * memory, up to the client's HANDSHAKE_DONE; one operation is both sides' work for one new
 * connection. {@code certificate}: {@code rsa2048} is the W4 bench's certificate (what every
 * stack serves there), {@code ec-p256} the self-signed kind jquic generates by default.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HandshakeBenchmark {

    @Param({"rsa2048", "ec-p256"})
    public String certificate;

    private TlsSessionFactory clientTls;
    private TlsSessionFactory serverTls;
    private final ConnectionConfig config = ConnectionConfig.builder().build();
    private long seed;

    @Setup
    public void setUp() throws Exception {
        TlsServerConfig.Builder server = TlsServerConfig.builder().applicationProtocols("bench");
        if (certificate.equals("rsa2048")) {
            Path directory = Files.createTempDirectory("jquic-handshake-bench");
            BenchSettings settings = BenchCertificate.generate(directory, 1 << 20);
            server.credentials(CredentialsSelector.withDefault(
                    PemFiles.readCredentials(settings.certificate(), settings.privateKey(), null)));
        } else if (certificate.equals("ec-p256")) {
            server.selfSignedHost("localhost");
        } else {
            throw new IllegalArgumentException("certificate: rsa2048 or ec-p256, not " + certificate);
        }
        TlsServerConfig serverConfig = server.build();
        TlsClientConfig clientConfig = TlsClientConfig.builder().applicationProtocols("bench")
                .peerCertificateVerifier(PeerCertificateVerifier.insecure()).build();
        clientTls = parameters -> QuicTls.client(clientConfig, "localhost", parameters);
        serverTls = new TlsSessionFactory() {
            @Override
            public TlsSession create(ByteBuffer parameters) {
                return QuicTls.server(serverConfig, parameters);
            }

            @Override
            public TlsSession createServer(ByteBuffer initialParameters, TransportParametersResponder responder) {
                return QuicTls.server(serverConfig, responder);
            }
        };
    }

    @Benchmark
    public TransferPair handshake() {
        return new TransferPair(config, clientTls, serverTls, ++seed);
    }
}
