package dev.jquic.testkit.tls;

import static dev.jquic.core.types.EncryptionLevel.HANDSHAKE;
import static dev.jquic.core.types.EncryptionLevel.INITIAL;
import static dev.jquic.core.types.EncryptionLevel.ONE_RTT;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.crypto.CipherSuite;
import dev.jquic.core.types.EncryptionLevel;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

/**
 * The null-TLS client. Outputs, in the order of jquic-tls's client: CryptoData(INITIAL,
 * ClientHello); on ServerHello SecretsAvailable(HANDSHAKE); on EncryptedExtensions + Finished
 * SecretsAvailable(ONE_RTT), CryptoData(HANDSHAKE, Finished), HandshakeCompleted.
 */
final class NullTlsClient extends NullTlsSession {

    private enum State {
        IDLE(null),
        WAIT_SERVER_HELLO(INITIAL),
        WAIT_ENCRYPTED_EXTENSIONS(HANDSHAKE),
        WAIT_FINISHED(HANDSHAKE),
        CONNECTED(ONE_RTT),
        FAILED(null);

        private final EncryptionLevel readLevel;

        State(EncryptionLevel readLevel) {
            this.readLevel = readLevel;
        }
    }

    private final List<String> offeredAlpn;
    private State state = State.IDLE;

    NullTlsClient(CipherSuite cipherSuite, byte[] localTransportParameters, List<String> offeredAlpn,
            String serverName) {
        super(cipherSuite, localTransportParameters);
        this.offeredAlpn = offeredAlpn;
        this.serverName = serverName;
    }

    @Override
    EncryptionLevel readLevel() {
        return state.readLevel;
    }

    @Override
    boolean accepts(NullTlsMessageType type) {
        return switch (state) {
            case WAIT_SERVER_HELLO -> type == NullTlsMessageType.SERVER_HELLO;
            case WAIT_ENCRYPTED_EXTENSIONS -> type == NullTlsMessageType.ENCRYPTED_EXTENSIONS;
            case WAIT_FINISHED -> type == NullTlsMessageType.FINISHED;
            default -> false;
        };
    }

    @Override
    void onStart() throws QuicProtocolException {
        if (state != State.IDLE) {
            throw NullTlsAlert.INTERNAL_ERROR.exception("client already started");
        }
        byte[] sni = serverName == null ? new byte[0] : NullTlsCodec.bytes(serverName);
        byte[] body = NullTlsCodec.encodeClientHello(cipherSuite.code(),
                offeredAlpn.stream().map(NullTlsCodec::bytes).toList(), sni, localTransportParameters);
        ByteArrayOutputStream flight = new ByteArrayOutputStream();
        NullTlsReassembler.write(flight, NullTlsMessageType.CLIENT_HELLO, body);
        state = State.WAIT_SERVER_HELLO;
        emitFlight(INITIAL, flight);
    }

    @Override
    void onMessage(NullTlsMessageType type, byte[] body) throws QuicProtocolException {
        switch (type) {
            case SERVER_HELLO -> onServerHello(body);
            case ENCRYPTED_EXTENSIONS -> onEncryptedExtensions(body);
            case FINISHED -> onFinished(body);
            default -> throw NullTlsAlert.UNEXPECTED_MESSAGE.exception("client cannot take " + type);
        }
    }

    private void onServerHello(byte[] body) throws QuicProtocolException {
        int suite = NullTlsCodec.decodeServerHello(body);
        // RFC 8446 §4.1.3: a cipher suite the client did not offer → illegal_parameter.
        if (suite != cipherSuite.code()) {
            throw NullTlsAlert.ILLEGAL_PARAMETER.exception("server chose cipher suite 0x"
                    + Integer.toHexString(suite) + ", not the offered " + cipherSuite);
        }
        state = State.WAIT_ENCRYPTED_EXTENSIONS;
        emitSecrets(HANDSHAKE, NullTlsSecrets.CLIENT_HANDSHAKE, NullTlsSecrets.SERVER_HANDSHAKE);
    }

    private void onEncryptedExtensions(byte[] body) throws QuicProtocolException {
        NullTlsCodec.EncryptedExtensions extensions = NullTlsCodec.decodeEncryptedExtensions(body);
        // RFC 7301 §3.2: a protocol the client did not offer → illegal_parameter.
        if (!offeredAlpn.contains(extensions.alpn())) {
            throw NullTlsAlert.ILLEGAL_PARAMETER.exception("server selected ALPN \"" + extensions.alpn()
                    + "\", which was not offered");
        }
        applicationProtocol = extensions.alpn();
        peerTransportParameters(extensions.transportParameters());
        state = State.WAIT_FINISHED;
    }

    private void onFinished(byte[] body) throws QuicProtocolException {
        if (body.length != NullTlsCodec.FINISHED_BYTES) {
            throw NullTlsAlert.DECODE_ERROR.exception("Finished of " + body.length + " bytes");
        }
        // RFC 8446 §4.4.4: a Finished that does not verify → decrypt_error.
        if (!Arrays.equals(body, NullTlsSecrets.finished(NullTlsSecrets.SERVER_FINISHED))) {
            throw NullTlsAlert.DECRYPT_ERROR.exception("server Finished does not verify");
        }
        state = State.CONNECTED;
        emitSecrets(ONE_RTT, NullTlsSecrets.CLIENT_APPLICATION, NullTlsSecrets.SERVER_APPLICATION);
        ByteArrayOutputStream flight = new ByteArrayOutputStream();
        NullTlsReassembler.write(flight, NullTlsMessageType.FINISHED,
                NullTlsSecrets.finished(NullTlsSecrets.CLIENT_FINISHED));
        emitFlight(HANDSHAKE, flight);
        completeHandshake();
    }

    @Override
    void onFailure() {
        state = State.FAILED;
    }
}
