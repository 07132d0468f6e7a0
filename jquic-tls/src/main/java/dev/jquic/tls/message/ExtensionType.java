package dev.jquic.tls.message;

import static dev.jquic.tls.message.ExtensionContext.CERTIFICATE_REQUEST;
import static dev.jquic.tls.message.ExtensionContext.CLIENT_HELLO;
import static dev.jquic.tls.message.ExtensionContext.ENCRYPTED_EXTENSIONS;
import static dev.jquic.tls.message.ExtensionContext.HELLO_RETRY_REQUEST;
import static dev.jquic.tls.message.ExtensionContext.NEW_SESSION_TICKET;
import static dev.jquic.tls.message.ExtensionContext.SERVER_HELLO;

import java.util.EnumSet;
import java.util.Set;

/**
 * Extension type codes this package recognises (TLS 1.3 spec §4.2, RFC 9001 §8.2) and the
 * messages each may appear in (the §4.2 table).
 */
public final class ExtensionType {
    public static final int SERVER_NAME = 0;
    public static final int SUPPORTED_GROUPS = 10;
    public static final int SIGNATURE_ALGORITHMS = 13;
    public static final int APPLICATION_LAYER_PROTOCOL_NEGOTIATION = 16;
    public static final int PRE_SHARED_KEY = 41;
    public static final int EARLY_DATA = 42;
    public static final int SUPPORTED_VERSIONS = 43;
    public static final int COOKIE = 44;
    public static final int PSK_KEY_EXCHANGE_MODES = 45;
    public static final int SIGNATURE_ALGORITHMS_CERT = 50;
    public static final int KEY_SHARE = 51;
    public static final int QUIC_TRANSPORT_PARAMETERS = 0x39;

    private ExtensionType() {
    }

    /** Whether this package decodes {@code type} into a typed record. */
    public static boolean isRecognised(int type) {
        return allowedContexts(type) != null;
    }

    /**
     * Whether a recognised extension may appear in the given message (TLS 1.3 spec §4.2 table);
     * unrecognised types are always allowed (kept opaque).
     */
    public static boolean isAllowedIn(int type, ExtensionContext context) {
        Set<ExtensionContext> allowed = allowedContexts(type);
        return allowed == null || allowed.contains(context);
    }

    private static Set<ExtensionContext> allowedContexts(int type) {
        return switch (type) {
            case SERVER_NAME -> EnumSet.of(CLIENT_HELLO, ENCRYPTED_EXTENSIONS, CERTIFICATE_REQUEST);
            case SUPPORTED_GROUPS, APPLICATION_LAYER_PROTOCOL_NEGOTIATION, QUIC_TRANSPORT_PARAMETERS ->
                    EnumSet.of(CLIENT_HELLO, ENCRYPTED_EXTENSIONS);
            case SIGNATURE_ALGORITHMS, SIGNATURE_ALGORITHMS_CERT -> EnumSet.of(CLIENT_HELLO, CERTIFICATE_REQUEST);
            case PRE_SHARED_KEY -> EnumSet.of(CLIENT_HELLO, SERVER_HELLO);
            case EARLY_DATA -> EnumSet.of(CLIENT_HELLO, ENCRYPTED_EXTENSIONS, NEW_SESSION_TICKET);
            case SUPPORTED_VERSIONS, KEY_SHARE -> EnumSet.of(CLIENT_HELLO, SERVER_HELLO, HELLO_RETRY_REQUEST);
            case COOKIE -> EnumSet.of(CLIENT_HELLO, HELLO_RETRY_REQUEST);
            case PSK_KEY_EXCHANGE_MODES -> EnumSet.of(CLIENT_HELLO);
            default -> null;
        };
    }
}
