package dev.jquic.tls.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.tls.TlsAlert;
import java.util.HexFormat;

/** Hex and decoding helpers shared by the message tests. */
final class TestBytes {
    private TestBytes() {
    }

    static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replaceAll("\\s", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** Decodes one full message (header included) with a 32-byte Finished. */
    static HandshakeMessage decode(byte[] message) throws QuicProtocolException {
        return HandshakeMessageDecoder.decode(RawHandshakeMessage.of(message), 32);
    }

    /** Decodes then re-encodes, asserting byte equality; returns the decoded message. */
    static HandshakeMessage roundTrip(byte[] message) throws QuicProtocolException {
        HandshakeMessage decoded = decode(message);
        assertEquals(message.length, decoded.encodedLength());
        assertEquals(hex(message), hex(decoded.toByteArray()));
        return decoded;
    }

    /** Decodes a body by type without the header length check the reassembler provides. */
    static HandshakeMessage decodeBody(HandshakeType type, byte[] body) throws QuicProtocolException {
        byte[] message = new byte[body.length + 4];
        message[0] = (byte) type.code();
        message[1] = (byte) (body.length >>> 16);
        message[2] = (byte) (body.length >>> 8);
        message[3] = (byte) body.length;
        System.arraycopy(body, 0, message, 4, body.length);
        return decode(message);
    }

    static void assertAlert(TlsAlert alert, ThrowingRunnable action) {
        QuicProtocolException e = assertThrows(QuicProtocolException.class, action::run);
        assertEquals(alert.transportErrorCode(), e.errorCode(), e.reason());
    }

    /** Runs {@code action}; it may succeed, or fail only with one of the given alerts. */
    static void assertOnlyAlerts(ThrowingRunnable action, TlsAlert... allowed) {
        try {
            action.run();
        } catch (QuicProtocolException e) {
            for (TlsAlert alert : allowed) {
                if (e.errorCode() == alert.transportErrorCode()) {
                    return;
                }
            }
            fail("unexpected error code " + e.errorCode() + ": " + e.reason());
        } catch (RuntimeException e) {
            throw new AssertionError("non-protocol exception escaped", e);
        }
    }

    interface ThrowingRunnable {
        void run() throws QuicProtocolException;
    }
}
