package dev.jquic.core.connection;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.crypto.PacketProtection;
import dev.jquic.core.frame.CryptoFrame;
import dev.jquic.core.params.TransportParameters;
import dev.jquic.core.params.VersionInformation;
import dev.jquic.core.tls.TlsOutput;
import dev.jquic.core.tls.TlsSession;
import dev.jquic.core.trace.ConnectionTracer;
import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.EncryptionLevel;
import dev.jquic.core.types.EndpointRole;
import dev.jquic.core.types.PacketNumberSpace;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Drives the TLS seam for a {@link Connection} (RFC 9001 §4): feeds it CRYPTO bytes in order per
 * level, installs the secrets it releases, validates and applies the peer's transport parameters
 * (RFC 9000 §7.3–7.4, §18), and moves the connection through handshake completion and
 * confirmation (RFC 9001 §4.1.1–4.1.2), discarding keys at the right moments (§4.9).
 */
final class HandshakeDriver {

    private final Connection connection;
    private final TlsSession tls;
    private boolean peerParametersApplied;

    HandshakeDriver(Connection connection, TlsSession tls) {
        this.connection = connection;
        this.tls = tls;
    }

    void start(long nowNanos) {
        try {
            tls.start();
            drainOutputs(nowNanos);
        } catch (QuicProtocolException failure) {
            connection.closeWithError(failure, nowNanos);
        }
    }

    String applicationProtocol() {
        return tls.applicationProtocol();
    }

    String serverName() {
        return tls.serverName();
    }

    /** The result of the TLS's deferred work arrived: let it go on. */
    void completeDeferredWork(byte[] result, long nowNanos) throws QuicProtocolException {
        tls.completeDeferredWork(result);
        drainOutputs(nowNanos);
    }

    /** A CRYPTO frame arrived at {@code level}: buffer it, then let the TLS read what it can. */
    void onCryptoFrame(EncryptionLevel level, CryptoFrame frame, long nowNanos) throws QuicProtocolException {
        connection.crypto.receive(level, frame);
        deliver(nowNanos);
    }

    private void deliver(long nowNanos) throws QuicProtocolException {
        // The TLS may switch its read level while consuming (e.g. after ServerHello); deliver
        // again at the new level what was held back (CryptoStreams#deliverTo).
        for (int round = 0; round < 4; round++) {
            EncryptionLevel before = connection.tlsReadLevel;
            connection.crypto.deliverTo(tls, connection.tlsReadLevel);
            drainOutputs(nowNanos);
            if (connection.tlsReadLevel == before) {
                return;
            }
        }
    }

    private void drainOutputs(long nowNanos) throws QuicProtocolException {
        TlsOutput output;
        while ((output = tls.pollOutput()) != null) {
            if (output instanceof TlsOutput.CryptoData data) {
                connection.crypto.queue(data.level(), data.data());
            } else if (output instanceof TlsOutput.SecretsAvailable secrets) {
                installSecrets(secrets, nowNanos);
            } else if (output instanceof TlsOutput.HandshakeCompleted) {
                onHandshakeCompleted(nowNanos);
            } else if (output instanceof TlsOutput.EarlyDataOutcome outcome) {
                connection.zeroRttAccepted = outcome.accepted();
            } else if (output instanceof TlsOutput.SessionTicketReceived ticket) {
                connection.addEvent(new ConnectionEvent.SessionTicket(ticket.ticket()));
            } else if (output instanceof TlsOutput.DeferredWork deferred) {
                connection.awaitingDeferredWork = true;
                connection.addEvent(new ConnectionEvent.DeferredWork(deferred.work()));
            }
            applyPeerParametersOnce();
        }
        applyPeerParametersOnce();
    }

    private void installSecrets(TlsOutput.SecretsAvailable secrets, long nowNanos) throws QuicProtocolException {
        var suite = secrets.cipherSuite();
        byte[] write = secrets.writeSecret();
        byte[] read = secrets.readSecret();
        switch (secrets.level()) {
            case ZERO_RTT -> {
                if (write != null) {
                    connection.zeroRttSendKeys = PacketProtection.create(suite, connection.version, write,
                            connection.ciphers);
                }
                if (read != null) {
                    connection.zeroRttReceiveKeys = PacketProtection.create(suite, connection.version, read,
                            connection.ciphers);
                }
            }
            case HANDSHAKE -> {
                PacketSpace handshake = connection.space(PacketNumberSpace.HANDSHAKE);
                handshake.sendKeys = PacketProtection.create(suite, connection.version, write, connection.ciphers);
                handshake.receiveKeys = PacketProtection.create(suite, connection.version, read, connection.ciphers);
                connection.tlsReadLevel = EncryptionLevel.HANDSHAKE;
                connection.recovery.onHandshakeKeysAvailable(nowNanos);
            }
            case ONE_RTT -> {
                connection.oneRttKeys = new OneRttKeys(suite, connection.version, write, read, connection.ciphers);
                connection.tlsReadLevel = EncryptionLevel.ONE_RTT;
            }
            default -> throw new QuicProtocolException(TransportError.INTERNAL_ERROR,
                    "TLS released secrets for " + secrets.level());
        }
    }

    private void onHandshakeCompleted(long nowNanos) throws QuicProtocolException {
        applyPeerParametersOnce();
        if (!peerParametersApplied) {
            // RFC 9001 §8.2: the extension is mandatory.
            throw new QuicProtocolException(TransportError.cryptoError(109),
                    "peer sent no quic_transport_parameters extension");
        }
        connection.handshakeCompletedNanos = nowNanos;
        connection.state = ConnectionState.CONNECTED;
        connection.recovery.onHandshakeCompleted(nowNanos);
        connection.addEvent(new ConnectionEvent.HandshakeCompleted());
        if (connection.tracer != ConnectionTracer.NONE) {
            connection.tracer.stateChanged(nowNanos, "handshake_complete");
        }
        connection.localConnectionIds.issue();
        if (connection.role == EndpointRole.SERVER) {
            // RFC 9001 §4.1.2: the server's handshake is confirmed when it completes; it sends
            // HANDSHAKE_DONE (RFC 9000 §19.20).
            connection.handshakeDoneToSend = true;
            onHandshakeConfirmed(nowNanos);
        }
    }

    /** RFC 9001 §4.1.2: confirmed; Handshake keys go (§4.9.2) and key updates may start. */
    void onHandshakeConfirmed(long nowNanos) {
        if (connection.state == ConnectionState.CONFIRMED || connection.state.isTerminating()) {
            return;
        }
        connection.state = ConnectionState.CONFIRMED;
        connection.discardSpace(PacketNumberSpace.HANDSHAKE, nowNanos);
        connection.recovery.onHandshakeConfirmed(nowNanos);
        // RFC 9000 §14.3.1: DPLPMTUD starts once the handshake is confirmed.
        connection.mtu.start(nowNanos);
        if (connection.oneRttKeys != null) {
            connection.oneRttKeys.onHandshakeConfirmed();
        }
        connection.addEvent(new ConnectionEvent.HandshakeConfirmed());
        if (connection.tracer != ConnectionTracer.NONE) {
            connection.tracer.stateChanged(nowNanos, "handshake_confirmed");
        }
    }

    private void applyPeerParametersOnce() throws QuicProtocolException {
        if (peerParametersApplied) {
            return;
        }
        ByteBuffer encoded = tls.peerTransportParameters();
        if (encoded == null) {
            return;
        }
        EndpointRole peerRole = connection.role == EndpointRole.CLIENT ? EndpointRole.SERVER : EndpointRole.CLIENT;
        TransportParameters peer = TransportParameters.decode(encoded.duplicate(), peerRole);
        checkConnectionIds(peer);
        checkVersionInformation(peer);
        peerParametersApplied = true;
        connection.peerParameters = peer;
        apply(peer);
    }

    /** RFC 9000 §7.3: authenticate the connection IDs used during the handshake. */
    private void checkConnectionIds(TransportParameters peer) throws QuicProtocolException {
        requireEqual(peer.initialSourceConnectionId(), connection.peerInitialSourceConnectionId,
                "initial_source_connection_id");
        if (connection.role == EndpointRole.CLIENT) {
            requireEqual(peer.originalDestinationConnectionId(), connection.originalDestinationConnectionId,
                    "original_destination_connection_id");
            if (connection.retryReceived) {
                requireEqual(peer.retrySourceConnectionId(), connection.retrySourceConnectionId,
                        "retry_source_connection_id");
            } else if (peer.retrySourceConnectionId().isPresent()) {
                // RFC 9000 §7.3: present without a Retry is an error.
                throw new QuicProtocolException(TransportError.TRANSPORT_PARAMETER_ERROR,
                        "retry_source_connection_id present but no Retry was received");
            }
        }
    }

    private static void requireEqual(Optional<ConnectionId> received, ConnectionId expected, String name)
            throws QuicProtocolException {
        // RFC 9000 §7.3: absence or mismatch MUST be a TRANSPORT_PARAMETER_ERROR.
        if (received.isEmpty() || !received.get().equals(expected)) {
            throw new QuicProtocolException(TransportError.TRANSPORT_PARAMETER_ERROR,
                    name + (received.isEmpty() ? " missing" : " does not match the handshake"));
        }
    }

    /** RFC 9368 §4: the server's chosen version must be the version of the connection. */
    private void checkVersionInformation(TransportParameters peer) throws QuicProtocolException {
        if (connection.role != EndpointRole.CLIENT || peer.versionInformation().isEmpty()) {
            return;
        }
        VersionInformation information = peer.versionInformation().get();
        if (!information.chosenVersion().equals(connection.version)) {
            throw new QuicProtocolException(TransportError.VERSION_NEGOTIATION_ERROR,
                    "server's chosen version " + information.chosenVersion() + " is not the connection's "
                            + connection.version);
        }
    }

    private void apply(TransportParameters peer) throws QuicProtocolException {
        connection.peerAckDelayExponent = peer.ackDelayExponent();
        connection.rtt.setPeerMaxAckDelayNanos(peer.maxAckDelayMillis() * 1_000_000L);
        connection.peerMaxDatagramFrameSize = peer.maxDatagramFrameSize().orElse(0);
        // RFC 9000 §18.2: the peer's max_udp_payload_size caps path MTU discovery.
        connection.mtu.onPeerMaxUdpPayloadSize(peer.maxUdpPayloadSize());
        connection.localConnectionIds.setPeerActiveConnectionIdLimit(peer.activeConnectionIdLimit());
        if (peer.statelessResetToken().isPresent()) {
            connection.peerConnectionIds.setInitialStatelessResetToken(peer.statelessResetToken().get());
        }
        connection.streams.onPeerLimits(peer.initialMaxData(), peer.initialMaxStreamDataBidiLocal(),
                peer.initialMaxStreamDataBidiRemote(), peer.initialMaxStreamDataUni(), peer.initialMaxStreamsBidi(),
                peer.initialMaxStreamsUni());
    }
}
