package dev.jquic.tls.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.types.EncryptionLevel;
import dev.jquic.tls.message.HandshakeType;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The whole transition tables, levels and accepted messages of both state machines. */
class StateTableTest {

    @Test
    void clientTransitions() {
        Map<ClientState, Set<ClientState>> expected = Map.of(
                ClientState.START, EnumSet.of(ClientState.WAIT_SERVER_HELLO, ClientState.FAILED),
                ClientState.WAIT_SERVER_HELLO, EnumSet.of(ClientState.WAIT_SERVER_HELLO_AFTER_RETRY,
                        ClientState.WAIT_ENCRYPTED_EXTENSIONS, ClientState.FAILED),
                ClientState.WAIT_SERVER_HELLO_AFTER_RETRY, EnumSet.of(ClientState.WAIT_ENCRYPTED_EXTENSIONS,
                        ClientState.FAILED),
                ClientState.WAIT_ENCRYPTED_EXTENSIONS, EnumSet.of(ClientState.WAIT_CERTIFICATE_OR_REQUEST,
                        ClientState.WAIT_FINISHED, ClientState.FAILED),
                ClientState.WAIT_CERTIFICATE_OR_REQUEST, EnumSet.of(ClientState.WAIT_CERTIFICATE,
                        ClientState.WAIT_CERTIFICATE_VERIFY, ClientState.FAILED),
                ClientState.WAIT_CERTIFICATE, EnumSet.of(ClientState.WAIT_CERTIFICATE_VERIFY, ClientState.FAILED),
                ClientState.WAIT_CERTIFICATE_VERIFY, EnumSet.of(ClientState.WAIT_FINISHED, ClientState.FAILED),
                ClientState.WAIT_FINISHED, EnumSet.of(ClientState.CONNECTED, ClientState.FAILED),
                ClientState.CONNECTED, EnumSet.of(ClientState.CONNECTED, ClientState.FAILED),
                ClientState.FAILED, EnumSet.noneOf(ClientState.class));
        for (ClientState from : ClientState.values()) {
            assertEquals(expected.get(from), from.successors(), from.name());
            for (ClientState to : ClientState.values()) {
                assertEquals(expected.get(from).contains(to), from.canMoveTo(to), from + " -> " + to);
            }
            for (ServerState other : ServerState.values()) {
                assertFalse(from.canMoveTo(other));
            }
        }
    }

    @Test
    void serverTransitions() {
        Map<ServerState, Set<ServerState>> expected = Map.of(
                ServerState.WAIT_CLIENT_HELLO, EnumSet.of(ServerState.WAIT_SECOND_CLIENT_HELLO, ServerState.SIGNING,
                        ServerState.WAIT_CLIENT_CERTIFICATE, ServerState.WAIT_CLIENT_FINISHED, ServerState.FAILED),
                ServerState.WAIT_SECOND_CLIENT_HELLO, EnumSet.of(ServerState.SIGNING,
                        ServerState.WAIT_CLIENT_CERTIFICATE, ServerState.WAIT_CLIENT_FINISHED, ServerState.FAILED),
                ServerState.SIGNING, EnumSet.of(ServerState.WAIT_CLIENT_CERTIFICATE,
                        ServerState.WAIT_CLIENT_FINISHED, ServerState.FAILED),
                ServerState.WAIT_CLIENT_CERTIFICATE, EnumSet.of(ServerState.WAIT_CLIENT_CERTIFICATE_VERIFY,
                        ServerState.WAIT_CLIENT_FINISHED, ServerState.FAILED),
                ServerState.WAIT_CLIENT_CERTIFICATE_VERIFY, EnumSet.of(ServerState.WAIT_CLIENT_FINISHED,
                        ServerState.FAILED),
                ServerState.WAIT_CLIENT_FINISHED, EnumSet.of(ServerState.CONNECTED, ServerState.FAILED),
                ServerState.CONNECTED, EnumSet.of(ServerState.FAILED),
                ServerState.FAILED, EnumSet.noneOf(ServerState.class));
        for (ServerState from : ServerState.values()) {
            assertEquals(expected.get(from), from.successors(), from.name());
            for (ServerState to : ServerState.values()) {
                assertEquals(expected.get(from).contains(to), from.canMoveTo(to), from + " -> " + to);
            }
        }
    }

    @Test
    void clientLevelsAndMessages() {
        assertEquals(null, ClientState.START.readLevel());
        assertEquals(EncryptionLevel.INITIAL, ClientState.WAIT_SERVER_HELLO.readLevel());
        assertEquals(EncryptionLevel.HANDSHAKE, ClientState.WAIT_FINISHED.readLevel());
        assertEquals(EncryptionLevel.ONE_RTT, ClientState.CONNECTED.readLevel());
        assertTrue(ClientState.WAIT_CERTIFICATE_OR_REQUEST.accepts(HandshakeType.CERTIFICATE_REQUEST));
        assertTrue(ClientState.WAIT_CERTIFICATE_OR_REQUEST.accepts(HandshakeType.CERTIFICATE));
        assertFalse(ClientState.WAIT_CERTIFICATE.accepts(HandshakeType.CERTIFICATE_REQUEST));
        assertTrue(ClientState.CONNECTED.accepts(HandshakeType.NEW_SESSION_TICKET));
        for (ClientState state : ClientState.values()) {
            for (HandshakeType type : EnumSet.of(HandshakeType.KEY_UPDATE, HandshakeType.END_OF_EARLY_DATA,
                    HandshakeType.CLIENT_HELLO, HandshakeType.MESSAGE_HASH)) {
                assertFalse(state.accepts(type), state + " " + type);
            }
            assertFalse(state.accepts(null));
        }
    }

    @Test
    void serverLevelsAndMessages() {
        assertEquals(EncryptionLevel.INITIAL, ServerState.WAIT_CLIENT_HELLO.readLevel());
        assertEquals(EncryptionLevel.HANDSHAKE, ServerState.WAIT_CLIENT_CERTIFICATE.readLevel());
        assertEquals(EncryptionLevel.ONE_RTT, ServerState.CONNECTED.readLevel());
        assertTrue(ServerState.WAIT_SECOND_CLIENT_HELLO.accepts(HandshakeType.CLIENT_HELLO));
        for (ServerState state : ServerState.values()) {
            for (HandshakeType type : EnumSet.of(HandshakeType.KEY_UPDATE, HandshakeType.END_OF_EARLY_DATA,
                    HandshakeType.SERVER_HELLO, HandshakeType.NEW_SESSION_TICKET)) {
                assertFalse(state.accepts(type), state + " " + type);
            }
        }
        assertEquals(EnumSet.noneOf(HandshakeType.class), accepted(ServerState.CONNECTED));
    }

    private static Set<HandshakeType> accepted(ServerState state) {
        Set<HandshakeType> types = EnumSet.noneOf(HandshakeType.class);
        for (HandshakeType type : HandshakeType.values()) {
            if (state.accepts(type)) {
                types.add(type);
            }
        }
        return types;
    }
}
