package dev.jquic.tls.handshake;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.tls.TlsOutput;
import dev.jquic.core.tls.TlsSession;
import dev.jquic.core.types.EncryptionLevel;
import dev.jquic.core.types.EndpointRole;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Moves CRYPTO data between a client and a server session in memory, level by level, in the order
 * the sessions produce it, and records what each side output. An interceptor may rewrite (or
 * drop, by returning an empty array) each CRYPTO chunk in flight.
 */
final class HandshakePump {
    /** Rewrites a chunk of CRYPTO data sent by {@code from} at {@code level}. */
    interface Interceptor {
        byte[] intercept(EndpointRole from, EncryptionLevel level, byte[] data);
    }

    private record Delivery(EndpointRole from, EncryptionLevel level, byte[] data) {
    }

    final TlsSession client;
    final TlsSession server;
    final Map<EncryptionLevel, TlsOutput.SecretsAvailable> clientSecrets = new EnumMap<>(EncryptionLevel.class);
    final Map<EncryptionLevel, TlsOutput.SecretsAvailable> serverSecrets = new EnumMap<>(EncryptionLevel.class);
    final List<TlsOutput> clientOutputs = new ArrayList<>();
    final List<TlsOutput> serverOutputs = new ArrayList<>();
    /** The work either side deferred, in order (its owner's to run). */
    final List<TlsOutput.DeferredWork> deferredWork = new ArrayList<>();
    private final Interceptor interceptor;
    private final ArrayDeque<Delivery> inFlight = new ArrayDeque<>();
    /** CRYPTO data is handed over in pieces of at most this many bytes. */
    private int chunkSize = Integer.MAX_VALUE;
    /** Which side threw, once one did. */
    EndpointRole failedSide;

    HandshakePump(TlsSession client, TlsSession server) {
        this(client, server, (from, level, data) -> data);
    }

    HandshakePump(TlsSession client, TlsSession server, Interceptor interceptor) {
        this.client = client;
        this.server = server;
        this.interceptor = interceptor;
    }

    /** Delivers CRYPTO data in pieces of at most {@code bytes} bytes. */
    HandshakePump inChunksOf(int bytes) {
        this.chunkSize = bytes;
        return this;
    }

    /** Starts both sides and runs until neither has anything more to say; rethrows the first error. */
    HandshakePump run() throws QuicProtocolException {
        call(EndpointRole.CLIENT, client::start);
        call(EndpointRole.SERVER, server::start);
        drain();
        return deliverAll();
    }

    /**
     * Hands the server the result of the {@link TlsOutput.DeferredWork} it asked for ({@code null}:
     * failed), then runs on as {@link #run} does.
     */
    HandshakePump completeDeferredWork(byte[] result) throws QuicProtocolException {
        call(EndpointRole.SERVER, () -> server.completeDeferredWork(result));
        drain();
        return deliverAll();
    }

    private HandshakePump deliverAll() throws QuicProtocolException {
        while (!inFlight.isEmpty()) {
            Delivery delivery = inFlight.poll();
            byte[] data = interceptor.intercept(delivery.from, delivery.level, delivery.data);
            TlsSession receiver = delivery.from == EndpointRole.CLIENT ? server : client;
            EndpointRole receiverRole = delivery.from == EndpointRole.CLIENT ? EndpointRole.SERVER : EndpointRole.CLIENT;
            for (int offset = 0; offset < data.length || offset == 0; offset += chunkSize) {
                ByteBuffer chunk = ByteBuffer.wrap(data, offset, Math.min(chunkSize, data.length - offset));
                call(receiverRole, () -> receiver.handleCryptoData(delivery.level, chunk));
            }
            drain();
        }
        return this;
    }

    private interface Call {
        void run() throws QuicProtocolException;
    }

    private void call(EndpointRole role, Call call) throws QuicProtocolException {
        try {
            call.run();
        } catch (QuicProtocolException e) {
            failedSide = role;
            throw e;
        }
    }

    private void drain() {
        drain(EndpointRole.CLIENT, client, clientSecrets, clientOutputs);
        drain(EndpointRole.SERVER, server, serverSecrets, serverOutputs);
    }

    private void drain(EndpointRole role, TlsSession session, Map<EncryptionLevel, TlsOutput.SecretsAvailable> secrets,
            List<TlsOutput> outputs) {
        TlsOutput output;
        while ((output = session.pollOutput()) != null) {
            outputs.add(output);
            if (output instanceof TlsOutput.CryptoData crypto) {
                byte[] bytes = new byte[crypto.data().remaining()];
                crypto.data().duplicate().get(bytes);
                inFlight.add(new Delivery(role, crypto.level(), bytes));
            } else if (output instanceof TlsOutput.SecretsAvailable available) {
                secrets.put(available.level(), available);
            } else if (output instanceof TlsOutput.DeferredWork work) {
                deferredWork.add(work);
            }
        }
    }
}
