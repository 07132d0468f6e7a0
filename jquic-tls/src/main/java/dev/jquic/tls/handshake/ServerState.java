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
 * The states of a TLS 1.3 server (TLS 1.3 spec Appendix A.2; a resumed handshake goes straight to WAIT_CLIENT_FINISHED, no EndOfEarlyData per RFC 9001 §8.3),
 * each with the level it reads at (RFC 9001 §4.1.3) and the messages it accepts.
 *
 * <pre>
 *   WAIT_CLIENT_HELLO ──ClientHello, send HelloRetryRequest──▶ WAIT_SECOND_CLIENT_HELLO
 *   WAIT_CLIENT_HELLO, WAIT_SECOND_CLIENT_HELLO ──ClientHello, send SH..Finished──▶
 *       WAIT_CLIENT_CERTIFICATE (client authentication) or WAIT_CLIENT_FINISHED   (read HANDSHAKE)
 *   WAIT_CLIENT_HELLO, WAIT_SECOND_CLIENT_HELLO ──ClientHello, send SH..Certificate──▶ SIGNING
 *       (deferred signing: no message accepted)
 *   SIGNING ──signature, send CertificateVerify, Finished──▶ WAIT_CLIENT_CERTIFICATE or WAIT_CLIENT_FINISHED
 *   WAIT_CLIENT_CERTIFICATE ──Certificate (non-empty)──▶ WAIT_CLIENT_CERTIFICATE_VERIFY
 *   WAIT_CLIENT_CERTIFICATE ──Certificate (empty, not required)──▶ WAIT_CLIENT_FINISHED
 *   WAIT_CLIENT_CERTIFICATE_VERIFY ──CertificateVerify──▶ WAIT_CLIENT_FINISHED
 *   WAIT_CLIENT_FINISHED ──Finished──▶ CONNECTED                                  (read ONE_RTT)
 *   any but FAILED ──alert──▶ FAILED
 * </pre>
 */
public enum ServerState implements HandshakeState {
    WAIT_CLIENT_HELLO(INITIAL, HandshakeType.CLIENT_HELLO),
    WAIT_SECOND_CLIENT_HELLO(INITIAL, HandshakeType.CLIENT_HELLO),
    /** Waiting for the deferred CertificateVerify signature; a client sends nothing until our Finished. */
    SIGNING(HANDSHAKE),
    WAIT_CLIENT_CERTIFICATE(HANDSHAKE, HandshakeType.CERTIFICATE),
    WAIT_CLIENT_CERTIFICATE_VERIFY(HANDSHAKE, HandshakeType.CERTIFICATE_VERIFY),
    WAIT_CLIENT_FINISHED(HANDSHAKE, HandshakeType.FINISHED),
    CONNECTED(ONE_RTT),
    FAILED(null);

    private static final Map<ServerState, Set<ServerState>> TRANSITIONS = new EnumMap<>(ServerState.class);

    static {
        TRANSITIONS.put(WAIT_CLIENT_HELLO,
                EnumSet.of(WAIT_SECOND_CLIENT_HELLO, SIGNING, WAIT_CLIENT_CERTIFICATE, WAIT_CLIENT_FINISHED));
        TRANSITIONS.put(WAIT_SECOND_CLIENT_HELLO, EnumSet.of(SIGNING, WAIT_CLIENT_CERTIFICATE, WAIT_CLIENT_FINISHED));
        TRANSITIONS.put(SIGNING, EnumSet.of(WAIT_CLIENT_CERTIFICATE, WAIT_CLIENT_FINISHED));
        TRANSITIONS.put(WAIT_CLIENT_CERTIFICATE, EnumSet.of(WAIT_CLIENT_CERTIFICATE_VERIFY, WAIT_CLIENT_FINISHED));
        TRANSITIONS.put(WAIT_CLIENT_CERTIFICATE_VERIFY, EnumSet.of(WAIT_CLIENT_FINISHED));
        TRANSITIONS.put(WAIT_CLIENT_FINISHED, EnumSet.of(CONNECTED));
        TRANSITIONS.put(CONNECTED, EnumSet.noneOf(ServerState.class));
        TRANSITIONS.put(FAILED, EnumSet.noneOf(ServerState.class));
        StateTables.withFailureFromEveryState(TRANSITIONS, FAILED);
    }

    private final EncryptionLevel readLevel;
    private final Set<HandshakeType> accepted;

    ServerState(EncryptionLevel readLevel, HandshakeType... accepted) {
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
    public Set<ServerState> successors() {
        return StateTables.copyOf(TRANSITIONS.get(this), ServerState.class);
    }

    @Override
    public boolean canMoveTo(HandshakeState next) {
        return next instanceof ServerState state && TRANSITIONS.get(this).contains(state);
    }
}
