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
 * The null-TLS server. On the ClientHello it outputs, in the order of jquic-tls's server:
 * CryptoData(INITIAL, ServerHello), SecretsAvailable(HANDSHAKE), CryptoData(HANDSHAKE,
 * EncryptedExtensions + Finished), SecretsAvailable(ONE_RTT); on the client's Finished,
 * HandshakeCompleted.
 */
final class NullTlsServer extends NullTlsSession {

    private enum State {
        WAIT_CLIENT_HELLO(INITIAL),
        WAIT_CLIENT_FINISHED(HANDSHAKE),
        CONNECTED(ONE_RTT),
        FAILED(null);

        private final EncryptionLevel readLevel;

        State(EncryptionLevel readLevel) {
            this.readLevel = readLevel;
        }
    }

    private final List<String> supportedAlpn;
    private final int flightPaddingBytes;
    private State state = State.WAIT_CLIENT_HELLO;

    NullTlsServer(CipherSuite cipherSuite, byte[] localTransportParameters, List<String> supportedAlpn,
            int flightPaddingBytes) {
        super(cipherSuite, localTransportParameters);
        this.supportedAlpn = supportedAlpn;
        this.flightPaddingBytes = flightPaddingBytes;
    }

    @Override
    EncryptionLevel readLevel() {
        return state.readLevel;
    }

    @Override
    boolean accepts(NullTlsMessageType type) {
        return switch (state) {
            case WAIT_CLIENT_HELLO -> type == NullTlsMessageType.CLIENT_HELLO;
            case WAIT_CLIENT_FINISHED -> type == NullTlsMessageType.FINISHED;
            default -> false;
        };
    }

    /** A server waits for the ClientHello (TlsSession contract). */
    @Override
    void onStart() {
    }

    @Override
    void onMessage(NullTlsMessageType type, byte[] body) throws QuicProtocolException {
        switch (type) {
            case CLIENT_HELLO -> onClientHello(body);
            case FINISHED -> onFinished(body);
            default -> throw NullTlsAlert.UNEXPECTED_MESSAGE.exception("server cannot take " + type);
        }
    }

    private void onClientHello(byte[] body) throws QuicProtocolException {
        NullTlsCodec.ClientHello hello = NullTlsCodec.decodeClientHello(body);
        // RFC 8446 §4.1.1: no cipher suite in common → handshake_failure.
        if (hello.cipherSuiteCode() != cipherSuite.code()) {
            throw NullTlsAlert.HANDSHAKE_FAILURE.exception("client offers cipher suite 0x"
                    + Integer.toHexString(hello.cipherSuiteCode()) + ", server uses " + cipherSuite);
        }
        String chosen = null;
        for (String offered : hello.alpn()) {
            if (supportedAlpn.contains(offered)) {
                chosen = offered;
                break;
            }
        }
        // RFC 9001 §8.1: no application protocol in common → no_application_protocol.
        if (chosen == null) {
            throw NullTlsAlert.NO_APPLICATION_PROTOCOL.exception("no application protocol in common with "
                    + hello.alpn());
        }
        applicationProtocol = chosen;
        serverName = hello.serverName();
        peerTransportParameters(hello.transportParameters());
        state = State.WAIT_CLIENT_FINISHED;

        ByteArrayOutputStream initialFlight = new ByteArrayOutputStream();
        NullTlsReassembler.write(initialFlight, NullTlsMessageType.SERVER_HELLO,
                NullTlsCodec.encodeServerHello(cipherSuite.code()));
        emitFlight(INITIAL, initialFlight);
        emitSecrets(HANDSHAKE, NullTlsSecrets.SERVER_HANDSHAKE, NullTlsSecrets.CLIENT_HANDSHAKE);
        ByteArrayOutputStream handshakeFlight = new ByteArrayOutputStream();
        NullTlsReassembler.write(handshakeFlight, NullTlsMessageType.ENCRYPTED_EXTENSIONS,
                NullTlsCodec.encodeEncryptedExtensions(NullTlsCodec.bytes(chosen), localTransportParameters,
                        flightPaddingBytes));
        NullTlsReassembler.write(handshakeFlight, NullTlsMessageType.FINISHED,
                NullTlsSecrets.finished(NullTlsSecrets.SERVER_FINISHED));
        emitFlight(HANDSHAKE, handshakeFlight);
        emitSecrets(ONE_RTT, NullTlsSecrets.SERVER_APPLICATION, NullTlsSecrets.CLIENT_APPLICATION);
    }

    private void onFinished(byte[] body) throws QuicProtocolException {
        if (body.length != NullTlsCodec.FINISHED_BYTES) {
            throw NullTlsAlert.DECODE_ERROR.exception("Finished of " + body.length + " bytes");
        }
        // RFC 8446 §4.4.4: a Finished that does not verify → decrypt_error.
        if (!Arrays.equals(body, NullTlsSecrets.finished(NullTlsSecrets.CLIENT_FINISHED))) {
            throw NullTlsAlert.DECRYPT_ERROR.exception("client Finished does not verify");
        }
        state = State.CONNECTED;
        completeHandshake();
    }

    @Override
    void onFailure() {
        state = State.FAILED;
    }
}
