package dev.jquic.testkit.tls;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.tls.TlsOutput;
import dev.jquic.core.tls.TlsSession;
import dev.jquic.core.types.EncryptionLevel;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

/** Runs a client and a server against each other in memory, recording every output in order. */
final class Pump {

    final TlsSession client;
    final TlsSession server;
    final List<TlsOutput> clientOutputs = new ArrayList<>();
    final List<TlsOutput> serverOutputs = new ArrayList<>();
    /** Given the bytes left in a CRYPTO output, how many to deliver in the next call (1..left). */
    private final IntUnaryOperator chunkSize;

    Pump(TlsSession client, TlsSession server, IntUnaryOperator chunkSize) {
        this.client = client;
        this.server = server;
        this.chunkSize = chunkSize;
    }

    Pump(TlsSession client, TlsSession server) {
        this(client, server, left -> left);
    }

    /** Starts both and exchanges outputs until neither produces more. */
    void run() throws QuicProtocolException {
        client.start();
        server.start();
        boolean progress = true;
        while (progress) {
            progress = drain(client, clientOutputs, server) | drain(server, serverOutputs, client);
        }
    }

    private boolean drain(TlsSession from, List<TlsOutput> record, TlsSession to) throws QuicProtocolException {
        boolean any = false;
        TlsOutput output;
        while ((output = from.pollOutput()) != null) {
            any = true;
            record.add(output);
            if (output instanceof TlsOutput.CryptoData data) {
                deliver(to, data.level(), data.data().duplicate());
            }
        }
        return any;
    }

    private void deliver(TlsSession to, EncryptionLevel level, ByteBuffer bytes) throws QuicProtocolException {
        while (bytes.hasRemaining()) {
            int size = Math.max(1, Math.min(bytes.remaining(), chunkSize.applyAsInt(bytes.remaining())));
            ByteBuffer chunk = bytes.slice(bytes.position(), size);
            bytes.position(bytes.position() + size);
            to.handleCryptoData(level, chunk);
        }
    }

    /** A compact description of an output, for order checks. */
    static String describe(TlsOutput output) {
        if (output instanceof TlsOutput.CryptoData data) {
            return "CryptoData " + data.level();
        }
        if (output instanceof TlsOutput.SecretsAvailable secrets) {
            return "Secrets " + secrets.level();
        }
        return output.getClass().getSimpleName();
    }

    static List<String> describe(List<TlsOutput> outputs) {
        return outputs.stream().map(Pump::describe).toList();
    }

    /** Concatenation of the CRYPTO bytes at {@code level} in {@code outputs}. */
    static byte[] cryptoBytes(List<TlsOutput> outputs, EncryptionLevel level) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (TlsOutput output : outputs) {
            if (output instanceof TlsOutput.CryptoData data && data.level() == level) {
                ByteBuffer view = data.data().duplicate();
                byte[] bytes = new byte[view.remaining()];
                view.get(bytes);
                out.writeBytes(bytes);
            }
        }
        return out.toByteArray();
    }
}
