package dev.jquic.tls.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.tls.TlsAlert;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignatureSchemeTest {

    @Test
    void codePointsOfTheSpec() {
        // TLS 1.3 spec §4.2.3
        assertEquals(0x0403, SignatureScheme.ECDSA_SECP256R1_SHA256.code());
        assertEquals(0x0503, SignatureScheme.ECDSA_SECP384R1_SHA384.code());
        assertEquals(0x0804, SignatureScheme.RSA_PSS_RSAE_SHA256.code());
        assertEquals(0x0805, SignatureScheme.RSA_PSS_RSAE_SHA384.code());
        assertEquals(0x0806, SignatureScheme.RSA_PSS_RSAE_SHA512.code());
        assertEquals(0x0807, SignatureScheme.ED25519.code());
        assertEquals(0x0401, SignatureScheme.RSA_PKCS1_SHA256.code());
        assertEquals(0x0501, SignatureScheme.RSA_PKCS1_SHA384.code());
        assertEquals(0x0601, SignatureScheme.RSA_PKCS1_SHA512.code());
        for (SignatureScheme scheme : SignatureScheme.values()) {
            assertEquals(scheme, SignatureScheme.fromCode(scheme.code()));
        }
        assertNull(SignatureScheme.fromCode(0x0203)); // ecdsa_sha1: not supported
        assertNull(SignatureScheme.fromCode(0x0808)); // ed448: not supported
        assertEquals("rsa_pss_rsae_sha256", SignatureScheme.RSA_PSS_RSAE_SHA256.tlsName());
    }

    @Test
    void pkcs1OnlyForCertificates() {
        assertFalse(SignatureScheme.RSA_PKCS1_SHA256.allowedInCertificateVerify());
        assertFalse(SignatureScheme.RSA_PKCS1_SHA384.allowedInCertificateVerify());
        assertFalse(SignatureScheme.RSA_PKCS1_SHA512.allowedInCertificateVerify());
        assertEquals(6, SignatureScheme.certificateVerifySchemes().size());
        assertTrue(SignatureScheme.certificateVerifySchemes().stream().allMatch(SignatureScheme::allowedInCertificateVerify));
        assertEquals(9, SignatureScheme.allSchemes().size());
    }

    @Test
    void pssParametersUseSameHashAndHashLengthSalt() throws Exception {
        Signature signature = SignatureScheme.RSA_PSS_RSAE_SHA384.newSignature();
        PSSParameterSpec spec = signature.getParameters().getParameterSpec(PSSParameterSpec.class);
        assertEquals("SHA-384", spec.getDigestAlgorithm());
        assertEquals("MGF1", spec.getMGFAlgorithm());
        assertEquals("SHA-384", ((MGF1ParameterSpec) spec.getMGFParameters()).getDigestAlgorithm());
        assertEquals(48, spec.getSaltLength());
        assertEquals(1, spec.getTrailerField());
    }

    @Test
    void schemesPerKey() {
        assertEquals(List.of(SignatureScheme.RSA_PSS_RSAE_SHA256, SignatureScheme.RSA_PSS_RSAE_SHA384,
                SignatureScheme.RSA_PSS_RSAE_SHA512), SignatureScheme.certificateVerifySchemesFor(Fixtures.key("leaf-rsa-pkcs1.key")));
        assertEquals(List.of(SignatureScheme.ECDSA_SECP256R1_SHA256),
                SignatureScheme.certificateVerifySchemesFor(Fixtures.key("leaf-ec256-sec1.key")));
        assertEquals(List.of(SignatureScheme.ECDSA_SECP384R1_SHA384),
                SignatureScheme.certificateVerifySchemesFor(Fixtures.key("leaf-ec384.key")));
        assertEquals(List.of(SignatureScheme.ED25519),
                SignatureScheme.certificateVerifySchemesFor(Fixtures.key("leaf-ed25519.key")));
        assertTrue(SignatureScheme.RSA_PKCS1_SHA256.isCompatibleWith(Fixtures.certificate("leaf-rsa.pem").getPublicKey()));
        assertFalse(SignatureScheme.ECDSA_SECP384R1_SHA384.isCompatibleWith(
                Fixtures.certificate("leaf-ec256.pem").getPublicKey()));
    }

    @Test
    void selectionFollowsPeerOrderAndKey() throws QuicProtocolException {
        PrivateKey rsa = Fixtures.key("leaf-rsa-pkcs8.key");
        assertEquals(SignatureScheme.RSA_PSS_RSAE_SHA512,
                SignatureScheme.select(rsa, List.of(0x0401, 0x0403, 0x0806, 0x0804)));
        PrivateKey ec384 = Fixtures.key("leaf-ec384.key");
        assertEquals(SignatureScheme.ECDSA_SECP384R1_SHA384, SignatureScheme.select(ec384, List.of(0x0403, 0x0503)));
        PrivateKey ed25519 = Fixtures.key("leaf-ed25519.key");
        assertEquals(SignatureScheme.ED25519, SignatureScheme.select(ed25519, List.of(0x0807)));
    }

    @Test
    void noCommonSchemeIsHandshakeFailure() {
        PrivateKey ec256 = Fixtures.key("leaf-ec256-pkcs8.key");
        QuicProtocolException e = assertThrows(QuicProtocolException.class,
                () -> SignatureScheme.select(ec256, List.of(0x0503, 0x0804, 0x0401, 0xfefe)));
        assertEquals(TlsAlert.HANDSHAKE_FAILURE.transportErrorCode(), e.errorCode());
        assertTrue(e.reason().contains("EC secp256r1") && e.reason().contains("0xfefe"), e.reason());
        // RSA key and only PKCS#1 offered: never usable for CertificateVerify.
        PrivateKey rsa = Fixtures.key("leaf-rsa-pkcs8.key");
        QuicProtocolException pkcs1 = assertThrows(QuicProtocolException.class,
                () -> SignatureScheme.select(rsa, List.of(0x0401, 0x0501, 0x0601)));
        assertEquals(TlsAlert.HANDSHAKE_FAILURE.transportErrorCode(), pkcs1.errorCode());
    }
}
