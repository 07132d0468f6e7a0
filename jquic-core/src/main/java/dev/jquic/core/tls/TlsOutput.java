package dev.jquic.core.tls;

import dev.jquic.core.crypto.CipherSuite;
import dev.jquic.core.types.EncryptionLevel;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.Supplier;

/** What a {@link TlsSession} asks the connection to do, in order (RFC 9001 §4.1). */
public sealed interface TlsOutput {

    /** Send these handshake bytes in CRYPTO frames at {@code level} (RFC 9001 §4.1.3). */
    record CryptoData(EncryptionLevel level, ByteBuffer data) implements TlsOutput {
        public CryptoData {
            Objects.requireNonNull(level, "level");
            Objects.requireNonNull(data, "data");
        }
    }

    /**
     * Traffic secrets for {@code level} are available (RFC 9001 §4.1.4). Either secret may be
     * {@code null}: a client has only a write secret for 0-RTT, a server only a read secret.
     *
     * @param writeSecret the secret protecting packets this endpoint sends at the level
     * @param readSecret the secret protecting packets this endpoint receives at the level
     */
    record SecretsAvailable(EncryptionLevel level, CipherSuite cipherSuite, byte[] writeSecret, byte[] readSecret)
            implements TlsOutput {
        public SecretsAvailable {
            Objects.requireNonNull(level, "level");
            Objects.requireNonNull(cipherSuite, "cipherSuite");
            writeSecret = writeSecret == null ? null : writeSecret.clone();
            readSecret = readSecret == null ? null : readSecret.clone();
        }

        @Override
        public byte[] writeSecret() {
            return writeSecret == null ? null : writeSecret.clone();
        }

        @Override
        public byte[] readSecret() {
            return readSecret == null ? null : readSecret.clone();
        }

        @Override
        public String toString() {
            return "SecretsAvailable[" + level + ", " + cipherSuite + ", write=" + (writeSecret != null)
                    + ", read=" + (readSecret != null) + "]";
        }
    }

    /**
     * A step too slow for the connection's thread that the TLS leaves to its owner (a server's
     * CertificateVerify signature, TLS 1.3 spec §4.4.3, when it is configured to defer it): call
     * {@code work.get()} on any thread, then hand the result, or {@code null} if it threw, to
     * {@link TlsSession#completeDeferredWork} on the connection's thread. The handshake waits
     * for it; everything the TLS could do before (a server's ServerHello, Certificate) is
     * already queued. {@code work} touches no session state.
     */
    record DeferredWork(Supplier<byte[]> work) implements TlsOutput {
        public DeferredWork {
            Objects.requireNonNull(work, "work");
        }
    }

    /** RFC 9001 §4.1.1: the TLS handshake is complete at this endpoint. */
    record HandshakeCompleted() implements TlsOutput {
    }

    /**
     * The outcome of a 0-RTT attempt (RFC 9001 §4.6): known to a client once EncryptedExtensions
     * arrives, and to a server when it decides.
     */
    record EarlyDataOutcome(boolean accepted) implements TlsOutput {
    }

    /**
     * A client received a session ticket (RFC 9001 §4.6.1) that a later connection to the same
     * server can offer for resumption; opaque to the transport.
     */
    record SessionTicketReceived(byte[] ticket) implements TlsOutput {
        public SessionTicketReceived {
            ticket = ticket.clone();
        }

        @Override
        public byte[] ticket() {
            return ticket.clone();
        }
    }
}
