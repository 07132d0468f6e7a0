package dev.jquic.tls.handshake;

import dev.jquic.core.types.EndpointRole;
import dev.jquic.tls.TlsClientConfig;
import dev.jquic.tls.TlsServerConfig;
import dev.jquic.tls.cert.Credentials;
import dev.jquic.tls.cert.CredentialsSelector;
import dev.jquic.tls.cert.PeerCertificateVerifier;
import dev.jquic.tls.cert.PemFiles;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** PEM fixtures (src/test/resources/pem), clocks and default configurations for handshake tests. */
final class HandshakeFixtures {
    static final char[] PASSWORD = "jquic-test".toCharArray();
    /** Inside the validity of every fixture (generated 2026-11-25, valid 3650 days). */
    static final Clock VALID_CLOCK = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    static final Clock AFTER_VALIDITY_CLOCK = Clock.fixed(Instant.parse("2040-01-01T00:00:00Z"), ZoneOffset.UTC);
    static final ByteBuffer CLIENT_PARAMETERS = ByteBuffer.wrap("client-params".getBytes(StandardCharsets.US_ASCII));
    static final ByteBuffer SERVER_PARAMETERS = ByteBuffer.wrap("server-params".getBytes(StandardCharsets.US_ASCII));

    private HandshakeFixtures() {
    }

    static Path path(String name) {
        URL url = HandshakeFixtures.class.getResource("/pem/" + name);
        if (url == null) {
            throw new IllegalStateException("missing fixture " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Credentials credentials(String certificate, String key) {
        return PemFiles.readCredentials(path(certificate), path(key), PASSWORD);
    }

    /** The fixtures most tests use, parsed once (immutable; the fuzz targets make thousands of sessions). */
    private static final class Parsed {
        static final Credentials EC256 = credentials("leaf-ec256.pem", "leaf-ec256-pkcs8.key");
        static final List<X509Certificate> CA = List.copyOf(PemFiles.readCertificates(path("ca.pem")));
    }

    static Credentials ec256() {
        return Parsed.EC256;
    }

    static List<X509Certificate> ca() {
        return Parsed.CA;
    }

    static PeerCertificateVerifier pkix() {
        return PeerCertificateVerifier.pkix(ca(), VALID_CLOCK);
    }

    static SecureRandom random(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return random;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static TlsClientConfig.Builder client() {
        return TlsClientConfig.builder().applicationProtocols("h3").peerCertificateVerifier(pkix())
                .random(random(1)).clock(VALID_CLOCK);
    }

    static TlsServerConfig.Builder server(Credentials credentials) {
        return TlsServerConfig.builder().applicationProtocols("h3").credentials(CredentialsSelector.withDefault(credentials))
                .random(random(2)).clock(VALID_CLOCK);
    }

    static TlsServerConfig.Builder server() {
        return server(ec256());
    }

    /** Splits a flight of whole handshake messages into the messages. */
    static List<byte[]> split(byte[] flight) {
        List<byte[]> messages = new ArrayList<>();
        int position = 0;
        while (position + 4 <= flight.length) {
            int length = ((flight[position + 1] & 0xff) << 16) | ((flight[position + 2] & 0xff) << 8)
                    | (flight[position + 3] & 0xff);
            int end = Math.min(flight.length, position + 4 + length);
            messages.add(java.util.Arrays.copyOfRange(flight, position, end));
            position = end;
        }
        return messages;
    }

    static byte[] join(List<byte[]> messages) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        messages.forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** Applies {@code edit} to the first message of {@code type} sent by {@code side}. */
    static HandshakePump.Interceptor editMessage(EndpointRole side, int type, java.util.function.UnaryOperator<byte[]> edit) {
        boolean[] done = {false};
        return (from, level, data) -> {
            if (from != side || done[0]) {
                return data;
            }
            List<byte[]> messages = split(data);
            for (int i = 0; i < messages.size(); i++) {
                if ((messages.get(i)[0] & 0xff) == type) {
                    messages.set(i, edit.apply(messages.get(i)));
                    done[0] = true;
                    return join(messages);
                }
            }
            return data;
        };
    }

    /** A message with the same type and a new body, its header length fixed. */
    static byte[] reframe(int type, byte[] body) {
        byte[] message = new byte[4 + body.length];
        message[0] = (byte) type;
        message[1] = (byte) (body.length >>> 16);
        message[2] = (byte) (body.length >>> 8);
        message[3] = (byte) body.length;
        System.arraycopy(body, 0, message, 4, body.length);
        return message;
    }
}
