package dev.jquic.tls.handshake;

import dev.jquic.core.types.EncryptionLevel;
import dev.jquic.tls.message.HandshakeType;

/** What the driver needs to know of a state of {@link ClientState} or {@link ServerState}. */
interface HandshakeState {
    /** The encryption level this state reads handshake messages at, or {@code null} for none. */
    EncryptionLevel readLevel();

    /** Whether a message of {@code type} is acceptable in this state (else unexpected_message). */
    boolean accepts(HandshakeType type);

    /** Whether the transition table allows moving from this state to {@code next}. */
    boolean canMoveTo(HandshakeState next);
}
