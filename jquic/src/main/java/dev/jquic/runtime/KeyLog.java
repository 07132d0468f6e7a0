package dev.jquic.runtime;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.connection.TlsSessionFactory;
import dev.jquic.core.tls.TlsOutput;
import dev.jquic.core.tls.TlsSession;
import dev.jquic.core.tls.TransportParametersResponder;
import dev.jquic.core.types.EncryptionLevel;
import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;

/**
 * Writes TLS secrets in the SSLKEYLOGFILE format (NSS key log: {@code LABEL client_random
 * secret}, hex), so that Wireshark can decrypt captured QUIC packets. It wraps each connection's
 * {@link TlsSession}: the client random comes from the ClientHello (sent by a client, received
 * by a server), the traffic secrets from {@link TlsOutput.SecretsAvailable}. For debugging only:
 * anyone holding the file can read the traffic.
 */
final class KeyLog {

    private static final int CLIENT_RANDOM_END = 4 + 2 + 32;

    private final Path file;
    private final Writer writer;

    private KeyLog(Path file, Writer writer) {
        this.file = file;
        this.writer = writer;
    }

    /** The key log of {@code configured}, else of the SSLKEYLOGFILE environment variable, else null. */
    static KeyLog open(Path configured) {
        Path file = configured;
        if (file == null) {
            String variable = System.getenv("SSLKEYLOGFILE");
            if (variable == null || variable.isBlank()) {
                return null;
            }
            file = Path.of(variable);
        }
        try {
            Writer writer = Files.newBufferedWriter(file, StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            EndpointLoop.LOG.log(System.Logger.Level.WARNING, "TLS secrets are written to the key log {0}", file);
            return new KeyLog(file, writer);
        } catch (IOException failure) {
            throw new dev.jquic.QuicException("keyLog: cannot open " + file + ": " + failure.getMessage(), failure);
        }
    }

    private synchronized void write(String label, byte[] clientRandom, byte[] secret) {
        HexFormat hex = HexFormat.of();
        try {
            writer.write(label + " " + hex.formatHex(clientRandom) + " " + hex.formatHex(secret) + "\n");
            writer.flush();
        } catch (IOException failure) {
            EndpointLoop.LOG.log(System.Logger.Level.WARNING, "cannot write the key log {0}: {1}", file,
                    failure.getMessage());
        }
    }

    synchronized void close() {
        try {
            writer.close();
        } catch (IOException ignored) {
            // nothing more to log
        }
    }

    /** {@code factory} with key logging, or {@code factory} itself when {@code log} is null. */
    static TlsSessionFactory wrap(TlsSessionFactory factory, KeyLog log, boolean client) {
        if (log == null) {
            return factory;
        }
        return new TlsSessionFactory() {
            @Override
            public TlsSession create(ByteBuffer parameters) {
                return new Logging(factory.create(parameters), log, client);
            }

            @Override
            public TlsSession createServer(ByteBuffer initialParameters, TransportParametersResponder responder) {
                return new Logging(factory.createServer(initialParameters, responder), log, client);
            }
        };
    }

    /** A session that logs its secrets. */
    private static final class Logging implements TlsSession {
        private final TlsSession session;
        private final KeyLog log;
        private final boolean client;
        private final byte[] clientHelloStart = new byte[CLIENT_RANDOM_END];
        private int clientHelloBytes;
        private final java.util.List<TlsOutput.SecretsAvailable> pending = new java.util.ArrayList<>();

        Logging(TlsSession session, KeyLog log, boolean client) {
            this.session = session;
            this.log = log;
            this.client = client;
        }

        private void collectClientHello(ByteBuffer data) {
            int take = Math.min(CLIENT_RANDOM_END - clientHelloBytes, data.remaining());
            if (take > 0) {
                data.get(data.position(), clientHelloStart, clientHelloBytes, take);
                clientHelloBytes += take;
                if (clientHelloBytes == CLIENT_RANDOM_END) {
                    pending.forEach(this::logSecrets);
                    pending.clear();
                }
            }
        }

        private byte[] clientRandom() {
            return clientHelloBytes < CLIENT_RANDOM_END ? null
                    : java.util.Arrays.copyOfRange(clientHelloStart, 6, CLIENT_RANDOM_END);
        }

        @Override
        public void start() throws QuicProtocolException {
            session.start();
        }

        @Override
        public void completeDeferredWork(byte[] result) throws QuicProtocolException {
            session.completeDeferredWork(result);
        }

        @Override
        public void handleCryptoData(EncryptionLevel level, ByteBuffer data) throws QuicProtocolException {
            if (!client && level == EncryptionLevel.INITIAL) {
                collectClientHello(data);
            }
            session.handleCryptoData(level, data);
        }

        @Override
        public TlsOutput pollOutput() {
            TlsOutput output = session.pollOutput();
            if (client && output instanceof TlsOutput.CryptoData data && data.level() == EncryptionLevel.INITIAL) {
                collectClientHello(data.data());
            } else if (output instanceof TlsOutput.SecretsAvailable secrets) {
                logSecrets(secrets);
            }
            return output;
        }

        private void logSecrets(TlsOutput.SecretsAvailable secrets) {
            byte[] random = clientRandom();
            if (random == null) {
                pending.add(secrets);
                return;
            }
            byte[] clientSecret = client ? secrets.writeSecret() : secrets.readSecret();
            byte[] serverSecret = client ? secrets.readSecret() : secrets.writeSecret();
            switch (secrets.level()) {
                case ZERO_RTT -> logIfPresent("CLIENT_EARLY_TRAFFIC_SECRET", random, clientSecret);
                case HANDSHAKE -> {
                    logIfPresent("CLIENT_HANDSHAKE_TRAFFIC_SECRET", random, clientSecret);
                    logIfPresent("SERVER_HANDSHAKE_TRAFFIC_SECRET", random, serverSecret);
                }
                case ONE_RTT -> {
                    logIfPresent("CLIENT_TRAFFIC_SECRET_0", random, clientSecret);
                    logIfPresent("SERVER_TRAFFIC_SECRET_0", random, serverSecret);
                }
                default -> {
                    // Initial secrets derive from the connection ID: Wireshark computes them.
                }
            }
        }

        private void logIfPresent(String label, byte[] random, byte[] secret) {
            if (secret != null) {
                log.write(label, random, secret);
            }
        }

        @Override
        public boolean isHandshakeComplete() {
            return session.isHandshakeComplete();
        }

        @Override
        public String applicationProtocol() {
            return session.applicationProtocol();
        }

        @Override
        public String serverName() {
            return session.serverName();
        }

        @Override
        public ByteBuffer peerTransportParameters() {
            return session.peerTransportParameters();
        }
    }
}
