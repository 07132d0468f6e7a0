package dev.jquic.tls.message;

import static dev.jquic.tls.message.TestBytes.assertAlert;
import static dev.jquic.tls.message.TestBytes.assertOnlyAlerts;
import static dev.jquic.tls.message.TestBytes.decode;
import static dev.jquic.tls.message.TestBytes.decodeBody;
import static dev.jquic.tls.message.TestBytes.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.tls.TlsAlert;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Malformed input yields only QuicProtocolException with decode_error or the alert the spec names. */
class MalformedInputTest {
    private static final List<HandshakeType> DECODABLE = List.of(HandshakeType.CLIENT_HELLO,
            HandshakeType.SERVER_HELLO, HandshakeType.ENCRYPTED_EXTENSIONS, HandshakeType.CERTIFICATE,
            HandshakeType.CERTIFICATE_REQUEST, HandshakeType.CERTIFICATE_VERIFY, HandshakeType.FINISHED,
            HandshakeType.NEW_SESSION_TICKET);

    @Provide
    Arbitrary<HandshakeMessage> messages() {
        return MessageArbitraries.anyMessage();
    }

    @Property(tries = 200)
    void everyTruncationIsADecodeError(@ForAll("messages") HandshakeMessage message) {
        byte[] bytes = message.toByteArray();
        int hashLength = message instanceof Finished finished ? finished.verifyData().length() : 32;
        for (int bodyLength = 0; bodyLength < bytes.length - 4; bodyLength++) {
            byte[] body = Arrays.copyOfRange(bytes, 4, 4 + bodyLength);
            byte[] truncated = new byte[4 + bodyLength];
            truncated[0] = bytes[0];
            truncated[1] = (byte) (bodyLength >>> 16);
            truncated[2] = (byte) (bodyLength >>> 8);
            truncated[3] = (byte) bodyLength;
            System.arraycopy(body, 0, truncated, 4, bodyLength);
            assertAlert(TlsAlert.DECODE_ERROR,
                    () -> HandshakeMessageDecoder.decode(RawHandshakeMessage.of(truncated), hashLength));
        }
    }

    @Property(tries = 300)
    void trailingBytesAreADecodeError(@ForAll("messages") HandshakeMessage message,
            @ForAll @IntRange(min = 1, max = 3) int extra) {
        byte[] bytes = message.toByteArray();
        int hashLength = message instanceof Finished finished ? finished.verifyData().length() : 32;
        byte[] body = Arrays.copyOfRange(bytes, 4, bytes.length + extra);
        assertAlert(TlsAlert.DECODE_ERROR,
                () -> decodeBodyWithHash(message.type(), body, hashLength));
    }

    private static HandshakeMessage decodeBodyWithHash(HandshakeType type, byte[] body, int hashLength)
            throws QuicProtocolException {
        byte[] message = new byte[body.length + 4];
        message[0] = (byte) type.code();
        message[1] = (byte) (body.length >>> 16);
        message[2] = (byte) (body.length >>> 8);
        message[3] = (byte) body.length;
        System.arraycopy(body, 0, message, 4, body.length);
        return HandshakeMessageDecoder.decode(RawHandshakeMessage.of(message), hashLength);
    }

    @Property(tries = 2000)
    void randomBodiesFailOnlyWithProtocolErrors(@ForAll("types") HandshakeType type,
            @ForAll("randomBodies") byte[] body) {
        assertOnlyAlerts(() -> decodeBody(type, body), TlsAlert.DECODE_ERROR, TlsAlert.ILLEGAL_PARAMETER);
    }

    @Property(tries = 2000)
    void mutatedMessagesFailOnlyWithProtocolErrors(@ForAll("messages") HandshakeMessage message,
            @ForAll @IntRange(min = 4, max = 100_000) int position, @ForAll byte value) {
        byte[] bytes = message.toByteArray();
        if (bytes.length == 4) {
            return;
        }
        bytes[4 + position % (bytes.length - 4)] = value;
        assertOnlyAlerts(() -> decode(bytes), TlsAlert.DECODE_ERROR, TlsAlert.ILLEGAL_PARAMETER);
    }

    @Provide
    Arbitrary<HandshakeType> types() {
        return Arbitraries.of(DECODABLE);
    }

    @Provide
    Arbitrary<byte[]> randomBodies() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    }

    // A minimal valid ClientHello body prefix: version, random, empty session id, one suite, null compression.
    private static final String HELLO_PREFIX = "0303" + "00".repeat(32) + "00" + "00021301" + "0100";
    private static final String SUPPORTED_VERSIONS = "002b0003020304";
    private static final String PSK = "0029" + "002f" + "000a" + "0004" + "61626364" + "00000001"
            + "0021" + "20" + "11".repeat(32);

    private static byte[] clientHello(String... extensions) {
        String joined = String.join("", extensions);
        return hex(HELLO_PREFIX + String.format("%04x", joined.length() / 2) + joined);
    }

    @Test
    void validHandBuiltClientHelloDecodes() throws QuicProtocolException {
        ClientHello hello = assertInstanceOf(ClientHello.class,
                decodeBody(HandshakeType.CLIENT_HELLO, clientHello(SUPPORTED_VERSIONS, PSK)));
        assertEquals(new PskIdentity(Opaque.ofHex("61626364"), 1), hello.preSharedKey().identities().get(0));
    }

    @Test
    void duplicateExtensionIsIllegalParameter() {
        assertAlert(TlsAlert.ILLEGAL_PARAMETER,
                () -> decodeBody(HandshakeType.CLIENT_HELLO, clientHello(SUPPORTED_VERSIONS, SUPPORTED_VERSIONS)));
        assertAlert(TlsAlert.ILLEGAL_PARAMETER,
                () -> decodeBody(HandshakeType.ENCRYPTED_EXTENSIONS, hex("0008" + "ff000000" + "ff000000")));
    }

    @Test
    void preSharedKeyNotLastIsIllegalParameter() {
        assertAlert(TlsAlert.ILLEGAL_PARAMETER,
                () -> decodeBody(HandshakeType.CLIENT_HELLO, clientHello(PSK, SUPPORTED_VERSIONS)));
    }

    @Test
    void recognisedExtensionInTheWrongMessageIsIllegalParameter() {
        // key_share in EncryptedExtensions; psk_key_exchange_modes in a ServerHello; early_data in a Certificate entry.
        assertAlert(TlsAlert.ILLEGAL_PARAMETER,
                () -> decodeBody(HandshakeType.ENCRYPTED_EXTENSIONS, hex("0008" + "00330004001d0000")));
        assertAlert(TlsAlert.ILLEGAL_PARAMETER, () -> decodeBody(HandshakeType.SERVER_HELLO,
                hex("0303" + "00".repeat(32) + "00" + "1301" + "00" + "000c" + "002b00020304" + "002d00020101")));
        assertAlert(TlsAlert.ILLEGAL_PARAMETER,
                () -> decodeBody(HandshakeType.CERTIFICATE, hex("00" + "00000a" + "00000130" + "0004" + "002a0000")));
    }

    @Test
    void unknownExtensionsAreKeptOpaque() throws QuicProtocolException {
        EncryptedExtensions message = assertInstanceOf(EncryptedExtensions.class,
                decodeBody(HandshakeType.ENCRYPTED_EXTENSIONS, hex("0006" + "fe010002abcd")));
        assertEquals(Extensions.of(new UnknownExtension(0xfe01, Opaque.ofHex("abcd"))), message.extensions());
    }

    @Test
    void helloRetryRequestIsRecognisedByItsRandom() throws QuicProtocolException {
        String body = "0303" + ServerHello.HELLO_RETRY_REQUEST_RANDOM + "00" + "1301" + "00"
                + "000c" + "002b00020304" + "00330002001d";
        ServerHello hello = assertInstanceOf(ServerHello.class, decodeBody(HandshakeType.SERVER_HELLO, hex(body)));
        assertEquals(true, hello.isHelloRetryRequest());
        assertEquals(new KeyShareHelloRetryExtension(0x1d), hello.extensions().get(ExtensionType.KEY_SHARE));
        // The same key_share data in a normal ServerHello is a truncated KeyShareEntry.
        String normal = body.replace(ServerHello.HELLO_RETRY_REQUEST_RANDOM.toString(), "00".repeat(32));
        assertAlert(TlsAlert.DECODE_ERROR, () -> decodeBody(HandshakeType.SERVER_HELLO, hex(normal)));
    }

    @Test
    void vectorLengthsOutsideTheirBoundsAreDecodeErrors() {
        // legacy_session_id of 33 bytes (bound 0..32).
        assertAlert(TlsAlert.DECODE_ERROR, () -> decodeBody(HandshakeType.CLIENT_HELLO,
                hex("0303" + "00".repeat(32) + "21" + "00".repeat(33) + "00021301" + "0100" + "0007"
                        + SUPPORTED_VERSIONS)));
        // cipher_suites of odd length 3.
        assertAlert(TlsAlert.DECODE_ERROR, () -> decodeBody(HandshakeType.CLIENT_HELLO,
                hex("0303" + "00".repeat(32) + "00" + "0003130113" + "0100" + "0007" + SUPPORTED_VERSIONS)));
        // empty cipher_suites (bound 2..2^16-2).
        assertAlert(TlsAlert.DECODE_ERROR, () -> decodeBody(HandshakeType.CLIENT_HELLO,
                hex("0303" + "00".repeat(32) + "00" + "0000" + "0100" + "0007" + SUPPORTED_VERSIONS)));
        // extension block shorter than 7 bytes in a ClientHello.
        assertAlert(TlsAlert.DECODE_ERROR, () -> decodeBody(HandshakeType.CLIENT_HELLO,
                hex(HELLO_PREFIX + "0004" + "ff000000")));
        // extension_data length running past the block.
        assertAlert(TlsAlert.DECODE_ERROR, () -> decodeBody(HandshakeType.CLIENT_HELLO,
                clientHello("002b0009020304")));
        // supported_versions with one trailing byte inside extension_data.
        assertAlert(TlsAlert.DECODE_ERROR, () -> decodeBody(HandshakeType.CLIENT_HELLO,
                clientHello("002b000402030400")));
        // supported_versions list of odd length.
        assertAlert(TlsAlert.DECODE_ERROR, () -> decodeBody(HandshakeType.CLIENT_HELLO,
                clientHello("002b000403030400")));
        // ALPN with an empty protocol name; ALPN with an empty list.
        assertAlert(TlsAlert.DECODE_ERROR, () -> decodeBody(HandshakeType.CLIENT_HELLO,
                clientHello(SUPPORTED_VERSIONS, "0010" + "0006" + "0004" + "026833" + "00")));
        assertAlert(TlsAlert.DECODE_ERROR, () -> decodeBody(HandshakeType.CLIENT_HELLO,
                clientHello(SUPPORTED_VERSIONS, "001000020000")));
        // a 31-byte PSK binder (bound 32..255).
        assertAlert(TlsAlert.DECODE_ERROR, () -> decodeBody(HandshakeType.CLIENT_HELLO, clientHello(SUPPORTED_VERSIONS,
                "0029" + "002e" + "000a" + "0004" + "61626364" + "00000001" + "0020" + "1f" + "11".repeat(31))));
        // an empty NewSessionTicket ticket (bound 1..2^16-1).
        assertAlert(TlsAlert.DECODE_ERROR, () -> decodeBody(HandshakeType.NEW_SESSION_TICKET,
                hex("00000001" + "00000002" + "00" + "0000" + "0000")));
        // a certificate entry with empty cert_data (bound 1..2^24-1).
        assertAlert(TlsAlert.DECODE_ERROR, () -> decodeBody(HandshakeType.CERTIFICATE,
                hex("00" + "000005" + "000000" + "0000")));
        // a Finished of the wrong length.
        assertAlert(TlsAlert.DECODE_ERROR, () -> decodeBody(HandshakeType.FINISHED, new byte[31]));
    }

    @Test
    void pskIdentityAndBinderCountsMustMatch() {
        assertAlert(TlsAlert.ILLEGAL_PARAMETER, () -> decodeBody(HandshakeType.CLIENT_HELLO, clientHello(
                SUPPORTED_VERSIONS, "0029" + "0050" + "000a" + "0004" + "61626364" + "00000001"
                        + "0042" + "20" + "11".repeat(32) + "20" + "22".repeat(32))));
    }

    @Test
    void serverNameRules() {
        String twoNames = "0000" + "000e" + "000c" + "000003616263" + "000003646566";
        assertAlert(TlsAlert.ILLEGAL_PARAMETER,
                () -> decodeBody(HandshakeType.CLIENT_HELLO, clientHello(SUPPORTED_VERSIONS, twoNames)));
        assertAlert(TlsAlert.ILLEGAL_PARAMETER, () -> decodeBody(HandshakeType.CLIENT_HELLO,
                clientHello(SUPPORTED_VERSIONS, "0000" + "0008" + "0006" + "01" + "0003616263")));
        assertAlert(TlsAlert.ILLEGAL_PARAMETER, () -> decodeBody(HandshakeType.CLIENT_HELLO,
                clientHello(SUPPORTED_VERSIONS, "0000" + "0008" + "0006" + "00" + "0003612063")));
    }

    @Test
    void messagesQuicForbidsAreUnexpected() {
        assertEquals(HandshakeType.KEY_UPDATE, RawHandshakeMessage.of(hex("1800000100")).type());
        assertEquals(HandshakeType.END_OF_EARLY_DATA, RawHandshakeMessage.of(hex("05000000")).type());
        assertAlert(TlsAlert.UNEXPECTED_MESSAGE, () -> decode(hex("1800000100")));
        assertAlert(TlsAlert.UNEXPECTED_MESSAGE, () -> decode(hex("05000000")));
        assertAlert(TlsAlert.UNEXPECTED_MESSAGE, () -> decode(hex("fe000000")));
        assertEquals(null, RawHandshakeMessage.of(hex("63000000")).type());
        assertAlert(TlsAlert.UNEXPECTED_MESSAGE, () -> decode(hex("63000000")));
    }

    @Test
    void readOnlyBodiesDecode() throws QuicProtocolException {
        ByteBuffer body = ByteBuffer.wrap(hex("0000")).asReadOnlyBuffer();
        assertEquals(new EncryptedExtensions(Extensions.EMPTY), EncryptedExtensions.decode(body));
        assertEquals(2, body.remaining());
    }
}
