package dev.jquic.tls.handshake;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.tls.TlsSession;
import dev.jquic.core.types.EncryptionLevel;
import java.util.List;

/**
 * Coverage-guided fuzzing (Jazzer) of what a peer controls in the handshake: the ClientHello a
 * server reads, the ServerHello a client reads, the server's flight (EncryptedExtensions,
 * Certificate, CertificateVerify, Finished) a client reads after a genuine ServerHello, and
 * what a server waiting for its deferred signature reads at Handshake level. Each
 * must end in a {@link QuicProtocolException} with a TLS alert other than internal_error, or in
 * progress; any other exception fails the test (RFC 9001 §4.8; the brief's "never a crash").
 *
 * <p>{@code mvn verify} runs each target once per input in {@code HandshakeFuzzTestInputs/}
 * (seeds from {@link RecordedHandshake}, and every finding kept as a regression input).
 * Fuzzing itself: {@code JAZZER_FUZZ=1 mvn -pl jquic-tls test -Dtest=HandshakeFuzzTest#<target> -Djazzer.instrument=dev.jquic.**}
 * (without the last option Jazzer instruments only the test's own package)
 * for the annotation's duration; a crash is written to that directory.
 */
class HandshakeFuzzTest {
    private static final RecordedHandshake RECORDED = RecordedHandshake.record();

    @FuzzTest(maxDuration = "5m")
    void serverReadsAClientHello(byte[] clientHello) {
        RandomInputPropertyTest.feed(RecordedHandshake.freshServer(), EncryptionLevel.INITIAL, List.of(clientHello));
    }

    @FuzzTest(maxDuration = "5m")
    void clientReadsAServerHello(byte[] serverHello) throws QuicProtocolException {
        RandomInputPropertyTest.feed(RecordedHandshake.freshClient(), EncryptionLevel.INITIAL, List.of(serverHello));
    }

    /** A client's Handshake-level bytes reaching a server that waits for its deferred signature. */
    @FuzzTest(maxDuration = "5m")
    void signingServerReadsHandshakeData(byte[] data) throws QuicProtocolException {
        TlsSession server = RECORDED.signingServer();
        RandomInputPropertyTest.feed(server, EncryptionLevel.HANDSHAKE, List.of(data));
    }

    @FuzzTest(maxDuration = "5m")
    void clientReadsAServerFlight(byte[] flight) throws QuicProtocolException {
        RandomInputPropertyTest.feed(RECORDED.clientAfter(0), EncryptionLevel.HANDSHAKE, List.of(flight));
    }
}
