package dev.jquic.testkit.tls;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.WireReader;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Bodies of the null-TLS messages. Decoders throw only {@link QuicProtocolException}
 * (decode_error) for any input, including trailing bytes.
 *
 * <pre>
 * ClientHello:         cipher_suite(2) alpn_list_length(2) { name_length(1) name }* sni_length(1) sni
 *                      transport_parameters_length(2) transport_parameters
 * ServerHello:         cipher_suite(2)
 * EncryptedExtensions: alpn_length(1) alpn transport_parameters_length(2) transport_parameters
 *                      padding_length(3) padding
 * Finished:            verify_data(32)
 * </pre>
 */
final class NullTlsCodec {

    /** Largest transport parameters blob a factory accepts. */
    static final int MAX_TRANSPORT_PARAMETERS_BYTES = 4096;
    /** Largest server flight padding (keeps EncryptedExtensions under the 64 KiB message limit). */
    static final int MAX_PADDING_BYTES = 56 * 1024;
    static final int FINISHED_BYTES = 32;

    record ClientHello(int cipherSuiteCode, List<String> alpn, String serverName, byte[] transportParameters) {
    }

    record EncryptedExtensions(String alpn, byte[] transportParameters) {
    }

    private NullTlsCodec() {
    }

    static byte[] encodeClientHello(int cipherSuiteCode, List<byte[]> alpn, byte[] serverName,
            byte[] transportParameters) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeUint16(out, cipherSuiteCode);
        int alpnBytes = 0;
        for (byte[] name : alpn) {
            alpnBytes += 1 + name.length;
        }
        writeUint16(out, alpnBytes);
        for (byte[] name : alpn) {
            out.write(name.length);
            out.writeBytes(name);
        }
        out.write(serverName.length);
        out.writeBytes(serverName);
        writeUint16(out, transportParameters.length);
        out.writeBytes(transportParameters);
        return out.toByteArray();
    }

    static ClientHello decodeClientHello(byte[] body) throws QuicProtocolException {
        WireReader reader = reader(body);
        int suite = reader.readUint16();
        int alpnBytes = reader.readUint16();
        WireReader alpnReader = new WireReader(reader.readSlice(alpnBytes), NullTlsAlert.DECODE_ERROR.errorCode());
        List<String> alpn = new ArrayList<>();
        while (alpnReader.hasRemaining()) {
            int length = alpnReader.readUint8();
            if (length == 0) {
                throw alpnReader.error("empty ALPN protocol name");
            }
            alpn.add(text(alpnReader.readBytes(length)));
        }
        int sniLength = reader.readUint8();
        String serverName = sniLength == 0 ? null : text(reader.readBytes(sniLength));
        byte[] parameters = reader.readBytes(reader.readUint16());
        requireEnd(reader, "ClientHello");
        return new ClientHello(suite, List.copyOf(alpn), serverName, parameters);
    }

    static byte[] encodeServerHello(int cipherSuiteCode) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeUint16(out, cipherSuiteCode);
        return out.toByteArray();
    }

    static int decodeServerHello(byte[] body) throws QuicProtocolException {
        WireReader reader = reader(body);
        int suite = reader.readUint16();
        requireEnd(reader, "ServerHello");
        return suite;
    }

    static byte[] encodeEncryptedExtensions(byte[] alpn, byte[] transportParameters, int paddingBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(alpn.length);
        out.writeBytes(alpn);
        writeUint16(out, transportParameters.length);
        out.writeBytes(transportParameters);
        out.write(paddingBytes >>> 16);
        writeUint16(out, paddingBytes);
        out.writeBytes(new byte[paddingBytes]);
        return out.toByteArray();
    }

    static EncryptedExtensions decodeEncryptedExtensions(byte[] body) throws QuicProtocolException {
        WireReader reader = reader(body);
        int alpnLength = reader.readUint8();
        if (alpnLength == 0) {
            throw reader.error("empty ALPN protocol name");
        }
        String alpn = text(reader.readBytes(alpnLength));
        byte[] parameters = reader.readBytes(reader.readUint16());
        reader.skip((int) reader.readUnsigned(3));
        requireEnd(reader, "EncryptedExtensions");
        return new EncryptedExtensions(alpn, parameters);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static WireReader reader(byte[] body) {
        return new WireReader(ByteBuffer.wrap(body), NullTlsAlert.DECODE_ERROR.errorCode());
    }

    private static void requireEnd(WireReader reader, String what) throws QuicProtocolException {
        if (reader.hasRemaining()) {
            throw reader.error(reader.remaining() + " trailing bytes in " + what);
        }
    }

    private static void writeUint16(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8);
        out.write(value);
    }
}
