package dev.jquic.core.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.types.ConnectionId;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** RFC 9000 §7.3, with the connection IDs of Figures 7 and 8 (S1, C1, S2, S3). */
class ConnectionIdAuthenticationTest {
    private static final ConnectionId S1 = ConnectionId.ofHex("5151515151515151");
    private static final ConnectionId C1 = ConnectionId.ofHex("c1c1c1c1");
    private static final ConnectionId S2 = ConnectionId.ofHex("52525252");
    private static final ConnectionId S3 = ConnectionId.ofHex("53535353");

    private static void assertTransportParameterError(Executable check) {
        QuicProtocolException exception = assertThrows(QuicProtocolException.class, check);
        assertEquals(TransportError.TRANSPORT_PARAMETER_ERROR.code(), exception.errorCode());
    }

    @Test
    void acceptsTheServerParametersOfAHandshakeWithoutRetry() throws QuicProtocolException {
        TransportParameters server = TransportParameters.builder()
                .originalDestinationConnectionId(S1).initialSourceConnectionId(S3).build();
        ConnectionIdAuthentication.verifyServerParameters(server, S1, S3, Optional.empty());
        // Retry SCID absent after a Retry.
        assertTransportParameterError(
                () -> ConnectionIdAuthentication.verifyServerParameters(server, S1, S3, Optional.of(S2)));
    }

    @Test
    void acceptsTheServerParametersOfAHandshakeWithRetry() throws QuicProtocolException {
        TransportParameters server = TransportParameters.builder().originalDestinationConnectionId(S1)
                .retrySourceConnectionId(S2).initialSourceConnectionId(S3).build();
        ConnectionIdAuthentication.verifyServerParameters(server, S1, S3, Optional.of(S2));
        // Retry SCID present without a Retry.
        assertTransportParameterError(
                () -> ConnectionIdAuthentication.verifyServerParameters(server, S1, S3, Optional.empty()));
        // Retry SCID mismatch.
        assertTransportParameterError(
                () -> ConnectionIdAuthentication.verifyServerParameters(server, S1, S3, Optional.of(S1)));
    }

    @Test
    void rejectsMissingOrMismatchedServerConnectionIds() {
        TransportParameters noOriginal = TransportParameters.builder().initialSourceConnectionId(S3).build();
        assertTransportParameterError(
                () -> ConnectionIdAuthentication.verifyServerParameters(noOriginal, S1, S3, Optional.empty()));
        TransportParameters noInitialSource = TransportParameters.builder().originalDestinationConnectionId(S1).build();
        assertTransportParameterError(
                () -> ConnectionIdAuthentication.verifyServerParameters(noInitialSource, S1, S3, Optional.empty()));
        TransportParameters server = TransportParameters.builder()
                .originalDestinationConnectionId(S1).initialSourceConnectionId(S3).build();
        assertTransportParameterError(
                () -> ConnectionIdAuthentication.verifyServerParameters(server, S2, S3, Optional.empty()));
        assertTransportParameterError(
                () -> ConnectionIdAuthentication.verifyServerParameters(server, S1, S2, Optional.empty()));
    }

    @Test
    void checksTheClientInitialSourceConnectionId() throws QuicProtocolException {
        ConnectionIdAuthentication.verifyClientParameters(
                TransportParameters.builder().initialSourceConnectionId(C1).build(), C1);
        ConnectionIdAuthentication.verifyClientParameters(
                TransportParameters.builder().initialSourceConnectionId(ConnectionId.EMPTY).build(), ConnectionId.EMPTY);
        assertTransportParameterError(() -> ConnectionIdAuthentication.verifyClientParameters(
                TransportParameters.builder().initialSourceConnectionId(S1).build(), C1));
        assertTransportParameterError(() -> ConnectionIdAuthentication.verifyClientParameters(
                TransportParameters.DEFAULTS, C1));
    }
}
