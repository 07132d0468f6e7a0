package dev.jquic.tls.handshake;

import static dev.jquic.core.types.EncryptionLevel.HANDSHAKE;
import static dev.jquic.core.types.EncryptionLevel.INITIAL;
import static dev.jquic.core.types.EncryptionLevel.ONE_RTT;

import dev.jquic.core.types.EncryptionLevel;
import dev.jquic.tls.message.HandshakeType;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The states of a TLS 1.3 client (TLS 1.3 spec Appendix A.1; with PSK resumption and 0-RTT, without EndOfEarlyData per RFC 9001 §8.3),
 * each with the level it reads at (RFC 9001 §4.1.3) and the messages it accepts.
 *
 * <pre>
 *   START ──send ClientHello──▶ WAIT_SERVER_HELLO
 *   WAIT_SERVER_HELLO ──HelloRetryRequest──▶ WAIT_SERVER_HELLO_AFTER_RETRY
 *   WAIT_SERVER_HELLO(_AFTER_RETRY) ──ServerHello──▶ WAIT_ENCRYPTED_EXTENSIONS   (read HANDSHAKE)
 *   WAIT_ENCRYPTED_EXTENSIONS ──EE──▶ WAIT_CERTIFICATE_OR_REQUEST, or WAIT_FINISHED when resumed (PSK)
 *   WAIT_CERTIFICATE_OR_REQUEST ──CertificateRequest──▶ WAIT_CERTIFICATE
 *   WAIT_CERTIFICATE_OR_REQUEST, WAIT_CERTIFICATE ──Certificate──▶ WAIT_CERTIFICATE_VERIFY
 *   WAIT_CERTIFICATE_VERIFY ──CertificateVerify──▶ WAIT_FINISHED
 *   WAIT_FINISHED ──Finished / send Finished──▶ CONNECTED                         (read ONE_RTT)
 *   CONNECTED ──NewSessionTicket──▶ CONNECTED
 *   any but FAILED ──alert──▶ FAILED
 * </pre>
 */
public enum ClientState implements HandshakeState {
    START(null),
    WAIT_SERVER_HELLO(INITIAL, HandshakeType.SERVER_HELLO),
    WAIT_SERVER_HELLO_AFTER_RETRY(INITIAL, HandshakeType.SERVER_HELLO),
    WAIT_ENCRYPTED_EXTENSIONS(HANDSHAKE, HandshakeType.ENCRYPTED_EXTENSIONS),
    WAIT_CERTIFICATE_OR_REQUEST(HANDSHAKE, HandshakeType.CERTIFICATE, HandshakeType.CERTIFICATE_REQUEST),
    WAIT_CERTIFICATE(HANDSHAKE, HandshakeType.CERTIFICATE),
    WAIT_CERTIFICATE_VERIFY(HANDSHAKE, HandshakeType.CERTIFICATE_VERIFY),
    WAIT_FINISHED(HANDSHAKE, HandshakeType.FINISHED),
    CONNECTED(ONE_RTT, HandshakeType.NEW_SESSION_TICKET),
    FAILED(null);

    private static final Map<ClientState, Set<ClientState>> TRANSITIONS = new EnumMap<>(ClientState.class);

    static {
        TRANSITIONS.put(START, EnumSet.of(WAIT_SERVER_HELLO));
        TRANSITIONS.put(WAIT_SERVER_HELLO, EnumSet.of(WAIT_SERVER_HELLO_AFTER_RETRY, WAIT_ENCRYPTED_EXTENSIONS));
        TRANSITIONS.put(WAIT_SERVER_HELLO_AFTER_RETRY, EnumSet.of(WAIT_ENCRYPTED_EXTENSIONS));
        TRANSITIONS.put(WAIT_ENCRYPTED_EXTENSIONS, EnumSet.of(WAIT_CERTIFICATE_OR_REQUEST, WAIT_FINISHED));
        TRANSITIONS.put(WAIT_CERTIFICATE_OR_REQUEST, EnumSet.of(WAIT_CERTIFICATE, WAIT_CERTIFICATE_VERIFY));
        TRANSITIONS.put(WAIT_CERTIFICATE, EnumSet.of(WAIT_CERTIFICATE_VERIFY));
        TRANSITIONS.put(WAIT_CERTIFICATE_VERIFY, EnumSet.of(WAIT_FINISHED));
        TRANSITIONS.put(WAIT_FINISHED, EnumSet.of(CONNECTED));
        TRANSITIONS.put(CONNECTED, EnumSet.of(CONNECTED));
        TRANSITIONS.put(FAILED, EnumSet.noneOf(ClientState.class));
        StateTables.withFailureFromEveryState(TRANSITIONS, FAILED);
    }

    private final EncryptionLevel readLevel;
    private final Set<HandshakeType> accepted;

    ClientState(EncryptionLevel readLevel, HandshakeType... accepted) {
        this.readLevel = readLevel;
        this.accepted = StateTables.accepted(accepted);
    }

    @Override
    public EncryptionLevel readLevel() {
        return readLevel;
    }

    @Override
    public boolean accepts(HandshakeType type) {
        return type != null && accepted.contains(type);
    }

    /** The states this one may move to (a copy). */
    public Set<ClientState> successors() {
        return StateTables.copyOf(TRANSITIONS.get(this), ClientState.class);
    }

    @Override
    public boolean canMoveTo(HandshakeState next) {
        return next instanceof ClientState state && TRANSITIONS.get(this).contains(state);
    }
}
