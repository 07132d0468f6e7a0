package dev.jquic.tls.handshake;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.crypto.CipherSuite;
import dev.jquic.core.tls.TlsOutput;
import dev.jquic.core.tls.TlsSession;
import dev.jquic.core.types.EncryptionLevel;
import dev.jquic.tls.TlsAlert;
import dev.jquic.tls.keys.TranscriptHash;
import dev.jquic.tls.message.HandshakeMessage;
import dev.jquic.tls.message.HandshakeMessageDecoder;
import dev.jquic.tls.message.HandshakeReassembler;
import dev.jquic.tls.message.Opaque;
import dev.jquic.tls.message.RawHandshakeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.Map;

/**
 * The part of a TLS session shared by client and server: one {@link HandshakeReassembler} per
 * level, the level and message-type checks of the current state, the output queue, the transcript,
 * and failure handling (after an error the session is dead, its queued outputs are dropped, and it
 * keeps throwing the same error).
 * Not thread-safe.
 */
abstract class HandshakeDriver<S extends Enum<S> & HandshakeState> implements TlsSession {
    private final Map<EncryptionLevel, HandshakeReassembler> reassemblers = new EnumMap<>(EncryptionLevel.class);
    private final ArrayDeque<TlsOutput> outputs = new ArrayDeque<>();
    final TranscriptHash transcript = new TranscriptHash();
    private final S failedState;
    private S state;
    private QuicProtocolException failure;

    String applicationProtocol;
    String serverName;
    Opaque peerTransportParameters;

    HandshakeDriver(S initialState, S failedState) {
        this.state = initialState;
        this.failedState = failedState;
        reassemblers.put(EncryptionLevel.INITIAL, new HandshakeReassembler());
        reassemblers.put(EncryptionLevel.HANDSHAKE, new HandshakeReassembler());
        reassemblers.put(EncryptionLevel.ONE_RTT, new HandshakeReassembler());
    }

    /** The current state. */
    public final S state() {
        return state;
    }

    @Override
    public final void start() throws QuicProtocolException {
        guarded(this::onStart);
    }

    @Override
    public final void handleCryptoData(EncryptionLevel level, ByteBuffer data) throws QuicProtocolException {
        guarded(() -> consume(level, data));
    }

    @Override
    public final void completeDeferredWork(byte[] result) throws QuicProtocolException {
        guarded(() -> onDeferredWorkDone(result));
    }

    /** The result of the {@link TlsOutput.DeferredWork} this session emitted ({@code null}: it failed). */
    void onDeferredWorkDone(byte[] result) throws QuicProtocolException {
        throw TlsAlert.INTERNAL_ERROR.exception("no deferred work was asked for");
    }

    private void consume(EncryptionLevel level, ByteBuffer data) throws QuicProtocolException {
        if (level == null || data == null) {
            throw TlsAlert.INTERNAL_ERROR.exception("handleCryptoData needs a level and data");
        }
        if (!data.hasRemaining()) {
            return;
        }
        // RFC 9001 §4.1.3: TLS receives handshake bytes only at its current receiving level.
        if (level != state.readLevel()) {
            throw TlsAlert.UNEXPECTED_MESSAGE.exception("handshake data at " + level + " while " + state
                    + (state.readLevel() == null ? " reads none" : " reads at " + state.readLevel()));
        }
        HandshakeReassembler reassembler = reassemblers.get(level);
        reassembler.feed(data);
        RawHandshakeMessage raw;
        while (state.readLevel() == level && (raw = reassembler.poll()) != null) {
            // TLS 1.3 spec §4: a message not expected in this state → unexpected_message.
            if (!state.accepts(raw.type())) {
                throw TlsAlert.UNEXPECTED_MESSAGE.exception("handshake message type " + raw.typeCode()
                        + " at " + level + " in state " + state);
            }
            int hashLength = transcript.isHashSelected() ? transcript.hash().length() : 32;
            HandshakeMessage message = HandshakeMessageDecoder.decode(raw, hashLength);
            onMessage(raw, message);
        }
        if (level == EncryptionLevel.ONE_RTT) {
            reassembler.releaseMemoryIfEmpty(); // post-handshake messages are rare: keep no buffer between them
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
            QuicProtocolException internal = TlsAlert.INTERNAL_ERROR.exception(e.toString());
            fail(internal);
            throw internal;
        }
    }

    /** Records the error and drops queued outputs: no partial flight or secret leaves a dead session. */
    private void fail(QuicProtocolException error) {
        failure = error;
        state = failedState;
        outputs.clear();
    }

    /** Starts the handshake (a client sends its ClientHello). */
    abstract void onStart() throws QuicProtocolException;

    /** Handles one decoded message the current state accepts; {@code raw} is what the transcript takes. */
    abstract void onMessage(RawHandshakeMessage raw, HandshakeMessage message) throws QuicProtocolException;

    /**
     * Moves to {@code next} per the state's transition table. When the read level changes, the old
     * level must hold no further bytes.
     */
    final void moveTo(S next) throws QuicProtocolException {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("no transition " + state + " -> " + next);
        }
        EncryptionLevel oldLevel = state.readLevel();
        state = next;
        // TLS 1.3 spec §5.1: handshake messages MUST NOT span key changes → unexpected_message
        // (RFC 9001 §4.1.3: no data may be left unconsumed at the previous level).
        if (oldLevel != null && oldLevel != next.readLevel() && reassemblers.get(oldLevel).bufferedBytes() != 0) {
            throw TlsAlert.UNEXPECTED_MESSAGE.exception(reassemblers.get(oldLevel).bufferedBytes()
                    + " handshake bytes at " + oldLevel + " span the key change");
        }
        if (oldLevel != null && oldLevel != next.readLevel()) {
            reassemblers.get(oldLevel).releaseMemoryIfEmpty(); // the handshake has left that level
        }
    }

    final void emit(TlsOutput output) {
        outputs.add(output);
    }

    /** Queues the concatenated messages as one CRYPTO output and adds each to the transcript. */
    final void send(EncryptionLevel level, byte[]... messages) {
        ByteArrayOutputStream flight = new ByteArrayOutputStream();
        for (byte[] message : messages) {
            transcript.add(message);
            flight.writeBytes(message);
        }
        emit(new TlsOutput.CryptoData(level, ByteBuffer.wrap(flight.toByteArray())));
    }

    final void emitSecrets(EncryptionLevel level, CipherSuite suite, byte[] writeSecret, byte[] readSecret) {
        emit(new TlsOutput.SecretsAvailable(level, suite, writeSecret, readSecret));
    }

    @Override
    public final TlsOutput pollOutput() {
        return outputs.poll();
    }

    @Override
    public final String applicationProtocol() {
        return applicationProtocol;
    }

    @Override
    public final String serverName() {
        return serverName;
    }

    @Override
    public final ByteBuffer peerTransportParameters() {
        return peerTransportParameters == null ? null : peerTransportParameters.asReadOnlyBuffer();
    }
}
