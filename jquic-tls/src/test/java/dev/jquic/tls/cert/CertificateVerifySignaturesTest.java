package dev.jquic.tls.cert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jquic.core.types.EndpointRole;
import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.tls.TlsAlert;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CertificateVerifySignaturesTest {
    private static final byte[] TRANSCRIPT_HASH = HexFormat.of().parseHex(
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static final List<SignatureScheme> OFFERED = SignatureScheme.certificateVerifySchemes();

    @Test
    void contentLayout() {
        byte[] content = CertificateVerifySignatures.content(EndpointRole.SERVER, TRANSCRIPT_HASH);
        byte[] context = "TLS 1.3, server CertificateVerify".getBytes(StandardCharsets.US_ASCII);
        assertEquals(64 + context.length + 1 + 32, content.length);
        for (int i = 0; i < 64; i++) {
            assertEquals(0x20, content[i]);
        }
        assertArrayEquals(context, Arrays.copyOfRange(content, 64, 64 + context.length));
        assertEquals(0, content[64 + context.length]);
        assertArrayEquals(TRANSCRIPT_HASH, Arrays.copyOfRange(content, 64 + context.length + 1, content.length));
        byte[] client = CertificateVerifySignatures.content(EndpointRole.CLIENT, TRANSCRIPT_HASH);
        assertEquals("TLS 1.3, client CertificateVerify",
                new String(client, 64, context.length, StandardCharsets.US_ASCII));
    }

    @ParameterizedTest
    @CsvSource({
        "leaf-rsa.pem, leaf-rsa-pkcs1.key, RSA_PSS_RSAE_SHA256",
        "leaf-rsa.pem, leaf-rsa-pkcs8.key, RSA_PSS_RSAE_SHA384",
        "leaf-rsa.pem, leaf-rsa-pkcs8.key, RSA_PSS_RSAE_SHA512",
        "leaf-ec256.pem, leaf-ec256-sec1.key, ECDSA_SECP256R1_SHA256",
        "leaf-ec384.pem, leaf-ec384.key, ECDSA_SECP384R1_SHA384",
        "leaf-ed25519.pem, leaf-ed25519.key, ED25519",
    })
    void signAndVerifyEveryScheme(String certificate, String key, SignatureScheme scheme) throws QuicProtocolException {
        Credentials credentials = Fixtures.credentials(certificate, key);
        SecureRandom random = new SecureRandom();
        for (EndpointRole role : EndpointRole.values()) {
            byte[] signature = CertificateVerifySignatures.sign(scheme, credentials.privateKey(), role, TRANSCRIPT_HASH,
                    random);
            PublicKey peerKey = credentials.leaf().getPublicKey();
            assertDoesNotThrow(() -> CertificateVerifySignatures.verify(scheme.code(), OFFERED, peerKey, role,
                    TRANSCRIPT_HASH, signature));
            if (scheme.name().startsWith("ECDSA")) {
                assertEquals(0x30, signature[0]); // DER ECDSA-Sig-Value, as TLS wants
            }

            byte[] tampered = signature.clone();
            tampered[tampered.length / 2] ^= 0x01;
            assertAlert(TlsAlert.DECRYPT_ERROR, () -> CertificateVerifySignatures.verify(scheme.code(), OFFERED,
                    peerKey, role, TRANSCRIPT_HASH, tampered));
            byte[] otherHash = TRANSCRIPT_HASH.clone();
            otherHash[0] ^= 0x01;
            assertAlert(TlsAlert.DECRYPT_ERROR, () -> CertificateVerifySignatures.verify(scheme.code(), OFFERED,
                    peerKey, role, otherHash, signature));
            EndpointRole otherRole = role == EndpointRole.SERVER ? EndpointRole.CLIENT : EndpointRole.SERVER;
            assertAlert(TlsAlert.DECRYPT_ERROR, () -> CertificateVerifySignatures.verify(scheme.code(), OFFERED,
                    peerKey, otherRole, TRANSCRIPT_HASH, signature));
            assertAlert(TlsAlert.DECRYPT_ERROR, () -> CertificateVerifySignatures.verify(scheme.code(), OFFERED,
                    peerKey, role, TRANSCRIPT_HASH, new byte[0]));
        }
    }

    @Test
    void schemeNotOfferedIsIllegalParameter() throws QuicProtocolException {
        Credentials ec = Fixtures.credentials("leaf-ec256.pem", "leaf-ec256-pkcs8.key");
        byte[] signature = CertificateVerifySignatures.sign(SignatureScheme.ECDSA_SECP256R1_SHA256, ec.privateKey(),
                EndpointRole.SERVER, TRANSCRIPT_HASH, new SecureRandom());
        assertAlert(TlsAlert.ILLEGAL_PARAMETER, () -> CertificateVerifySignatures.verify(0x0403,
                List.of(SignatureScheme.ED25519), ec.leaf().getPublicKey(), EndpointRole.SERVER, TRANSCRIPT_HASH, signature));
        assertAlert(TlsAlert.ILLEGAL_PARAMETER, () -> CertificateVerifySignatures.verify(0x0203, OFFERED,
                ec.leaf().getPublicKey(), EndpointRole.SERVER, TRANSCRIPT_HASH, signature));
    }

    @Test
    void pkcs1IsIllegalParameterEvenIfOffered() {
        Credentials rsa = Fixtures.credentials("leaf-rsa.pem", "leaf-rsa-pkcs8.key");
        assertAlert(TlsAlert.ILLEGAL_PARAMETER, () -> CertificateVerifySignatures.verify(0x0401,
                SignatureScheme.allSchemes(), rsa.leaf().getPublicKey(), EndpointRole.SERVER, TRANSCRIPT_HASH,
                new byte[256]));
        assertAlert(TlsAlert.INTERNAL_ERROR, () -> CertificateVerifySignatures.sign(SignatureScheme.RSA_PKCS1_SHA256,
                rsa.privateKey(), EndpointRole.SERVER, TRANSCRIPT_HASH, new SecureRandom()));
    }

    @Test
    void schemeNotMatchingLeafKeyIsIllegalParameter() throws QuicProtocolException {
        Credentials ec384 = Fixtures.credentials("leaf-ec384.pem", "leaf-ec384.key");
        byte[] signature = CertificateVerifySignatures.sign(SignatureScheme.ECDSA_SECP384R1_SHA384, ec384.privateKey(),
                EndpointRole.SERVER, TRANSCRIPT_HASH, new SecureRandom());
        PublicKey ec256 = Fixtures.certificate("leaf-ec256.pem").getPublicKey();
        assertAlert(TlsAlert.ILLEGAL_PARAMETER, () -> CertificateVerifySignatures.verify(0x0503, OFFERED, ec256,
                EndpointRole.SERVER, TRANSCRIPT_HASH, signature));
        PublicKey rsa = Fixtures.certificate("leaf-rsa.pem").getPublicKey();
        assertAlert(TlsAlert.ILLEGAL_PARAMETER, () -> CertificateVerifySignatures.verify(0x0807, OFFERED, rsa,
                EndpointRole.SERVER, TRANSCRIPT_HASH, signature));
    }

    @Test
    void signatureFromAnotherKeyIsDecryptError() throws QuicProtocolException {
        Credentials other = Fixtures.credentials("other-host.pem", "other-host.key");
        byte[] signature = CertificateVerifySignatures.sign(SignatureScheme.ECDSA_SECP256R1_SHA256, other.privateKey(),
                EndpointRole.SERVER, TRANSCRIPT_HASH, new SecureRandom());
        PublicKey ec256 = Fixtures.certificate("leaf-ec256.pem").getPublicKey();
        assertAlert(TlsAlert.DECRYPT_ERROR, () -> CertificateVerifySignatures.verify(0x0403, OFFERED, ec256,
                EndpointRole.SERVER, TRANSCRIPT_HASH, signature));
    }

    @Property(tries = 200)
    void arbitrarySignatureBytesOnlyFailWithAlerts(@ForAll @Size(max = 600) byte[] signature,
            @ForAll("schemeCodes") int code) {
        for (String certificate : new String[] {"leaf-rsa.pem", "leaf-ec256.pem", "leaf-ec384.pem", "leaf-ed25519.pem"}) {
            PublicKey key = KEYS.get(certificate);
            QuicProtocolException e = assertThrows(QuicProtocolException.class, () -> CertificateVerifySignatures
                    .verify(code, OFFERED, key, EndpointRole.CLIENT, TRANSCRIPT_HASH, signature));
            long errorCode = e.errorCode();
            org.junit.jupiter.api.Assertions.assertTrue(errorCode == TlsAlert.DECRYPT_ERROR.transportErrorCode()
                    || errorCode == TlsAlert.ILLEGAL_PARAMETER.transportErrorCode(), e.toString());
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Integer> schemeCodes() {
        return net.jqwik.api.Arbitraries.oneOf(
                net.jqwik.api.Arbitraries.of(0x0403, 0x0503, 0x0804, 0x0805, 0x0806, 0x0807, 0x0401),
                net.jqwik.api.Arbitraries.integers().between(0, 0xffff));
    }

    private static final java.util.Map<String, PublicKey> KEYS = java.util.Map.of(
            "leaf-rsa.pem", Fixtures.certificate("leaf-rsa.pem").getPublicKey(),
            "leaf-ec256.pem", Fixtures.certificate("leaf-ec256.pem").getPublicKey(),
            "leaf-ec384.pem", Fixtures.certificate("leaf-ec384.pem").getPublicKey(),
            "leaf-ed25519.pem", Fixtures.certificate("leaf-ed25519.pem").getPublicKey());

    static void assertAlert(TlsAlert alert, org.junit.jupiter.api.function.Executable executable) {
        QuicProtocolException e = assertThrows(QuicProtocolException.class, executable);
        assertEquals(alert.transportErrorCode(), e.errorCode(), e.toString());
    }
}
