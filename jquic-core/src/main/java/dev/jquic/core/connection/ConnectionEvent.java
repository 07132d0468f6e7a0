package dev.jquic.core.connection;

import dev.jquic.core.path.NetworkPath;
import dev.jquic.core.stream.StreamEvent;
import dev.jquic.core.types.ConnectionId;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a {@link Connection} tells its driver, polled with {@link Connection#pollEvent()} (DESIGN
 * §4): hints and state changes, never references into the connection. Data is pulled with the
 * connection's read methods.
 */
public sealed interface ConnectionEvent {

    /** RFC 9001 §4.1.1: the TLS handshake completed at this endpoint; streams may be used. */
    record HandshakeCompleted() implements ConnectionEvent {
    }

    /**
     * The TLS handshake waits for {@code work} ({@link dev.jquic.core.tls.TlsOutput.DeferredWork}):
     * run it on any thread, then pass its result, or {@code null} if it threw, to
     * {@link Connection#completeDeferredWork} on the connection's thread.
     */
    record DeferredWork(Supplier<byte[]> work) implements ConnectionEvent {
        public DeferredWork {
            Objects.requireNonNull(work, "work");
        }
    }

    /** RFC 9001 §4.1.2: the handshake is confirmed. */
    record HandshakeConfirmed() implements ConnectionEvent {
    }

    /** Something happened on a stream. */
    record Stream(StreamEvent event) implements ConnectionEvent {
    }

    /** RFC 9221: DATAGRAM frames are waiting in {@link Connection#readDatagram}. */
    record DatagramsReadable() implements ConnectionEvent {
    }

    /** RFC 9001 §4.6.1: the server sent a session ticket for a later connection (client only). */
    record SessionTicket(byte[] ticket) implements ConnectionEvent {
        public SessionTicket {
            ticket = ticket.clone();
        }

        @Override
        public byte[] ticket() {
            return ticket.clone();
        }
    }

    /** RFC 9000 §8.1.3: the server sent a NEW_TOKEN for address validation later (client only). */
    record NewToken(byte[] token) implements ConnectionEvent {
        public NewToken {
            token = token.clone();
        }

        @Override
        public byte[] token() {
            return token.clone();
        }
    }

    /** A connection ID this endpoint issued may now arrive: route it here. */
    record ConnectionIdIssued(ConnectionId connectionId) implements ConnectionEvent {
    }

    /** A connection ID this endpoint issued is retired: stop routing it here. */
    record ConnectionIdRetired(ConnectionId connectionId) implements ConnectionEvent {
    }

    /** RFC 9000 §9: the connection now sends on {@code newPath}. */
    record PathChanged(NetworkPath oldPath, NetworkPath newPath) implements ConnectionEvent {
    }

    /** RFC 9000 §8.2.4: validating {@code path} failed. */
    record PathValidationFailed(NetworkPath path) implements ConnectionEvent {
    }

    /** The connection is closing, draining or closed for {@code reason} (RFC 9000 §10). */
    record Closed(CloseReason reason) implements ConnectionEvent {
    }

    /** The closing or draining period ended: the connection can be forgotten. */
    record Terminated() implements ConnectionEvent {
    }
}
