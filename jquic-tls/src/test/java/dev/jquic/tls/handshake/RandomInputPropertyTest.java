package dev.jquic.tls.handshake;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.tls.TlsSession;
import dev.jquic.core.types.EncryptionLevel;
import dev.jquic.tls.TlsAlert;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Random bytes at any level, to fresh clients and servers, raise only QuicProtocolException. */
class RandomInputPropertyTest {
    private static final RecordedHandshake RECORDED = RecordedHandshake.record();

    @Provide
    Arbitrary<EncryptionLevel> levels() {
        return Arbitraries.of(EncryptionLevel.class);
    }

    @Provide
    Arbitrary<Integer> types() {
        return Arbitraries.of(1, 2, 4, 5, 8, 11, 13, 15, 20, 24, 254, 0, 99);
    }

    static void feed(TlsSession session, EncryptionLevel level, List<byte[]> chunks) {
        try {
            for (byte[] chunk : chunks) {
                session.handleCryptoData(level, ByteBuffer.wrap(chunk));
            }
        } catch (QuicProtocolException expected) {
            assertNotNull(expected.reason());
            // Peer input must never look like our own bug (a wrapped RuntimeException).
            assertNotEquals(TlsAlert.INTERNAL_ERROR.transportErrorCode(), expected.errorCode(), expected.toString());
        }
        // Anything else propagates and fails the property.
    }

    @Property(tries = 300)
    void randomBytesToAFreshServer(@ForAll("levels") EncryptionLevel level,
            @ForAll @Size(max = 4) List<@Size(max = 300) byte[]> chunks) {
        feed(RecordedHandshake.freshServer(), level, chunks);
    }

    @Property(tries = 300)
    void randomBytesToAStartedClient(@ForAll("levels") EncryptionLevel level,
            @ForAll @Size(max = 4) List<@Size(max = 300) byte[]> chunks) throws QuicProtocolException {
        feed(RecordedHandshake.freshClient(), level, chunks);
    }

    @Property(tries = 300)
    void framedRandomBodiesToAServer(@ForAll("types") int type, @ForAll @Size(max = 400) byte[] body) {
        feed(RecordedHandshake.freshServer(), EncryptionLevel.INITIAL, List.of(HandshakeFixtures.reframe(type, body)));
    }

    @Property(tries = 200)
    void framedRandomBodiesToAClientInEveryHandshakeState(@ForAll("types") int type,
            @ForAll @Size(max = 400) byte[] body, @ForAll("flightPrefixes") int received) throws QuicProtocolException {
        TlsSession client = RECORDED.clientAfter(received);
        EncryptionLevel level = received == RECORDED.serverFlight.size() ? EncryptionLevel.ONE_RTT : EncryptionLevel.HANDSHAKE;
        feed(client, level, List.of(HandshakeFixtures.reframe(type, body)));
    }

    @Provide
    Arbitrary<Integer> flightPrefixes() {
        return Arbitraries.integers().between(0, 4);
    }
}
