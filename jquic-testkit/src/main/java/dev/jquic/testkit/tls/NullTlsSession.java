package dev.jquic.testkit.tls;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.crypto.CipherSuite;
import dev.jquic.core.tls.TlsOutput;
import dev.jquic.core.tls.TlsSession;
import dev.jquic.core.types.EncryptionLevel;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the null-TLS client and server share: per-level reassembly, the level and message-type
 * checks, the output queue and failure handling. After an error the session is dead: queued
 * outputs are dropped and every later call rethrows the error (as jquic-tls does).
 * Single-threaded, not thread-safe.
 */
abstract sealed class NullTlsSession implements TlsSession permits NullTlsClient, NullTlsServer {

    final CipherSuite cipherSuite;
    final byte[] localTransportParameters;
    private final ArrayDeque<TlsOutput> outputs = new ArrayDeque<>();
    private final Map<EncryptionLevel, NullTlsReassembler> reassemblers = new EnumMap<>(EncryptionLevel.class);
    private QuicProtocolException failure;
    private boolean complete;
    String applicationProtocol;
    String serverName;
    private byte[] peerTransportParameters;

    NullTlsSession(CipherSuite cipherSuite, byte[] localTransportParameters) {
        this.cipherSuite = cipherSuite;
        this.localTransportParameters = localTransportParameters;
        reassemblers.put(EncryptionLevel.INITIAL, new NullTlsReassembler());
        reassemblers.put(EncryptionLevel.HANDSHAKE, new NullTlsReassembler());
        reassemblers.put(EncryptionLevel.ONE_RTT, new NullTlsReassembler());
    }

    /** The level at which handshake bytes are accepted now, or {@code null} if none. */
    abstract EncryptionLevel readLevel();

    /** Whether the current state accepts a message of {@code type}. */
    abstract boolean accepts(NullTlsMessageType type);

    abstract void onStart() throws QuicProtocolException;

    /** Handles a message the current state accepts. */
    abstract void onMessage(NullTlsMessageType type, byte[] body) throws QuicProtocolException;

    /** Marks the session dead (no level reads any more). */
    abstract void onFailure();

    @Override
    public final void start() throws QuicProtocolException {
        guarded(this::onStart);
    }

    @Override
    public final void handleCryptoData(EncryptionLevel level, ByteBuffer data) throws QuicProtocolException {
        guarded(() -> consume(level, data));
    }

    private void consume(EncryptionLevel level, ByteBuffer data) throws QuicProtocolException {
        if (level == null || data == null) {
            throw NullTlsAlert.INTERNAL_ERROR.exception("handleCryptoData needs a level and data");
        }
        if (!data.hasRemaining()) {
            return;
        }
        // RFC 9001 §4.1.3: TLS receives handshake bytes only at its current receiving level.
        if (level != readLevel()) {
            throw NullTlsAlert.UNEXPECTED_MESSAGE.exception("handshake data at " + level
                    + (readLevel() == null ? " while reading none" : " while reading at " + readLevel()));
        }
        NullTlsReassembler reassembler = reassemblers.get(level);
        reassembler.feed(data);
        NullTlsReassembler.Message message;
        while (readLevel() == level && (message = reassembler.poll()) != null) {
            NullTlsMessageType type = NullTlsMessageType.fromCode(message.typeCode());
            // RFC 8446 §4: a message not expected in this state → unexpected_message.
            if (type == null || !accepts(type)) {
                throw NullTlsAlert.UNEXPECTED_MESSAGE.exception("handshake message type " + message.typeCode()
                        + " at " + level);
            }
            onMessage(type, message.body());
            // RFC 8446 §5.1: handshake messages MUST NOT span key changes → unexpected_message.
            if (readLevel() != level && reassembler.bufferedBytes() != 0) {
                throw NullTlsAlert.UNEXPECTED_MESSAGE.exception(reassembler.bufferedBytes()
                        + " handshake bytes at " + level + " span the key change");
            }
        }
    }

    private interface Step {
        void run() throws QuicProtocolException;
    }

    private void guarded(Step step) throws QuicProtocolException {
        if (failure != null) {
            throw failure;
        }
        try {
            step.run();
        } catch (QuicProtocolException e) {
            fail(e);
            throw e;
        } catch (RuntimeException e) {
            QuicProtocolException internal = NullTlsAlert.INTERNAL_ERROR.exception(e.toString());
            fail(internal);
            throw internal;
        }
    }

    private void fail(QuicProtocolException error) {
        failure = error;
        outputs.clear();
        onFailure();
    }

    final void emit(TlsOutput output) {
        outputs.add(output);
    }

    final void emitSecrets(EncryptionLevel level, String writeLabel, String readLabel) {
        emit(new TlsOutput.SecretsAvailable(level, cipherSuite, NullTlsSecrets.secret(cipherSuite, writeLabel),
                NullTlsSecrets.secret(cipherSuite, readLabel)));
    }

    /** Queues the framed messages in {@code flight} as one CRYPTO output at {@code level}. */
    final void emitFlight(EncryptionLevel level, ByteArrayOutputStream flight) {
        emit(new TlsOutput.CryptoData(level, ByteBuffer.wrap(flight.toByteArray())));
    }

    final void completeHandshake() {
        complete = true;
        emit(new TlsOutput.HandshakeCompleted());
    }

    final void peerTransportParameters(byte[] parameters) {
        peerTransportParameters = parameters;
    }

    @Override
    public final TlsOutput pollOutput() {
        return outputs.poll();
    }

    /** No work is ever deferred here. */
    @Override
    public final void completeDeferredWork(byte[] result) throws QuicProtocolException {
        throw new QuicProtocolException(TransportError.cryptoError(80), "no deferred work was asked for");
    }

    @Override
    public final boolean isHandshakeComplete() {
        return complete;
    }

    @Override
    public final String applicationProtocol() {
        return applicationProtocol;
    }

    @Override
    public final String serverName() {
        return serverName;
    }

    /** A fresh read-only view of the peer's transport parameters, or {@code null} before they arrive. */
    @Override
    public final ByteBuffer peerTransportParameters() {
        return peerTransportParameters == null ? null : ByteBuffer.wrap(peerTransportParameters).asReadOnlyBuffer();
    }
}
