package dev.jquic.runtime;

import dev.jquic.QuicCloseReason;
import dev.jquic.QuicException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.connection.CloseReason;
import dev.jquic.tls.TlsAlert;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Maps the core's {@link CloseReason} to the API's, and explains failed handshakes. */
final class CloseReasons {

    /** The reason phrase of the closes an endpoint shutdown makes. */
    static final String ENDPOINT_CLOSED = "endpoint closed";

    private CloseReasons() {
    }

    static QuicCloseReason of(CloseReason reason, boolean handshakeTimedOut, boolean endpointStopping,
            Duration handshakeTimeout) {
        QuicCloseReason.Origin origin = switch (reason.origin()) {
            case LOCAL -> QuicCloseReason.Origin.LOCAL;
            case PEER -> QuicCloseReason.Origin.PEER;
            case IDLE_TIMEOUT -> QuicCloseReason.Origin.IDLE_TIMEOUT;
            case STATELESS_RESET -> QuicCloseReason.Origin.STATELESS_RESET;
            case VERSION_NEGOTIATION -> QuicCloseReason.Origin.VERSION_NEGOTIATION;
        };
        String text = reason.reason();
        if (handshakeTimedOut && origin == QuicCloseReason.Origin.LOCAL) {
            origin = QuicCloseReason.Origin.HANDSHAKE_TIMEOUT;
            text = "the handshake did not complete within " + handshakeTimeout.toMillis() + " ms";
        } else if (origin == QuicCloseReason.Origin.LOCAL && endpointStopping && ENDPOINT_CLOSED.equals(text)) {
            origin = QuicCloseReason.Origin.ENDPOINT_CLOSED;
        } else if (origin == QuicCloseReason.Origin.IDLE_TIMEOUT) {
            text = text.isEmpty() ? "idle timeout: no packet within the idle timeout" : "idle timeout: " + text;
        } else if (text.isEmpty() && !reason.applicationError()) {
            text = TransportError.describe(reason.errorCode());
        }
        return new QuicCloseReason(origin, reason.errorCode(), reason.applicationError(), text);
    }

    static String describe(QuicCloseReason reason) {
        String code = reason.applicationError() ? "application error " + reason.errorCode()
                : TransportError.describe(reason.errorCode());
        return reason.origin() + " " + code + (reason.reason().isEmpty() ? "" : " (" + reason.reason() + ")");
    }

    /** Why the handshake with {@code where} failed, naming the timeout, the TLS alert, the certificate or ALPN. */
    static QuicException handshakeFailure(QuicCloseReason reason, String where, Duration handshakeTimeout,
            List<String> offeredProtocols) {
        String message;
        if (reason.origin() == QuicCloseReason.Origin.HANDSHAKE_TIMEOUT) {
            message = "handshake with " + where + " timed out after " + handshakeTimeout.toMillis()
                    + " ms (no QUIC server answering?)";
        } else {
            TlsAlert alert = reason.applicationError() ? null : TlsAlert.fromTransportErrorCode(reason.errorCode());
            String side = reason.origin() == QuicCloseReason.Origin.PEER ? "the peer" : "this side";
            String detail = reason.reason().isEmpty() ? "" : ": " + reason.reason();
            if (alert == TlsAlert.NO_APPLICATION_PROTOCOL) {
                message = "handshake with " + where + " failed: no application protocol (ALPN) in common; offered "
                        + offeredProtocols + " (no_application_protocol alert from " + side + detail + ")";
            } else if (alert != null && isCertificateAlert(alert)) {
                message = "handshake with " + where + " failed: certificate rejected by " + side + " ("
                        + alert.name().toLowerCase(Locale.ROOT) + " alert" + detail + ")";
            } else if (alert != null) {
                message = "handshake with " + where + " failed: TLS alert " + alert.name().toLowerCase(Locale.ROOT)
                        + " from " + side + detail;
            } else {
                message = "handshake with " + where + " failed: " + describe(reason);
            }
        }
        return new QuicException(message, reason, null);
    }

    private static boolean isCertificateAlert(TlsAlert alert) {
        return switch (alert) {
            case BAD_CERTIFICATE, UNSUPPORTED_CERTIFICATE, CERTIFICATE_REVOKED, CERTIFICATE_EXPIRED,
                    CERTIFICATE_UNKNOWN, UNKNOWN_CA, CERTIFICATE_REQUIRED -> true;
            default -> false;
        };
    }
}
