package dev.jquic.core.params;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.types.EndpointRole;
import java.nio.ByteBuffer;

/**
 * Coverage-guided fuzzing (Jazzer) of the quic_transport_parameters extension a peer sends
 * (RFC 9000 §18): decoding raises nothing but TRANSPORT_PARAMETER_ERROR (§7.4), and what it
 * accepts encodes to parameters that decode equal.
 *
 * <p>{@code mvn verify} runs the inputs in {@code TransportParametersFuzzTestInputs/}; fuzzing:
 * {@code JAZZER_FUZZ=1 mvn -pl jquic-core test -Dtest=TransportParametersFuzzTest -Djazzer.instrument=dev.jquic.**}
 * (without the last option Jazzer instruments only the test's own package).
 */
class TransportParametersFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void decodedParametersReEncodeToEqualParameters(FuzzedDataProvider data) {
        EndpointRole sender = data.consumeBoolean() ? EndpointRole.SERVER : EndpointRole.CLIENT;
        byte[] extension = data.consumeRemainingAsBytes();
        TransportParameters decoded;
        try {
            decoded = TransportParameters.decode(ByteBuffer.wrap(extension), sender);
        } catch (QuicProtocolException rejected) {
            if (rejected.errorCode() != TransportError.TRANSPORT_PARAMETER_ERROR.code()) {
                throw new AssertionError("unexpected error code: " + rejected, rejected);
            }
            return;
        }
        ByteBuffer encoded = ByteBuffer.allocate(decoded.encodedLength());
        decoded.encode(encoded);
        assertEquals(decoded.encodedLength(), encoded.position(), "encodedLength() vs bytes written");
        encoded.flip();
        try {
            assertEquals(decoded, TransportParameters.decode(encoded, sender));
        } catch (QuicProtocolException e) {
            throw new AssertionError("re-encoded parameters do not decode: " + e, e);
        }
    }
}
