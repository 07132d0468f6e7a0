package dev.jquic.tls.cert;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.tls.TlsAlert;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The TLS 1.3 signature schemes jquic supports (TLS 1.3 spec §4.2.3), with their JCA names and
 * parameters.
 *
 * <p>The RSASSA-PKCS1-v1_5 schemes are accepted only for signatures inside certificate chains:
 * §4.2.3 forbids them in CertificateVerify ({@link #allowedInCertificateVerify()} is false).
 * RSASSA-PSS uses MGF1 with the same hash and a salt as long as the hash (§4.2.3).
 */
public enum SignatureScheme {
    ECDSA_SECP256R1_SHA256(0x0403, "SHA256withECDSA", KeyType.EC, "secp256r1", null, 0, true),
    ECDSA_SECP384R1_SHA384(0x0503, "SHA384withECDSA", KeyType.EC, "secp384r1", null, 0, true),
    ED25519(0x0807, "Ed25519", KeyType.ED25519, null, null, 0, true),
    RSA_PSS_RSAE_SHA256(0x0804, "RSASSA-PSS", KeyType.RSA, null, "SHA-256", 32, true),
    RSA_PSS_RSAE_SHA384(0x0805, "RSASSA-PSS", KeyType.RSA, null, "SHA-384", 48, true),
    RSA_PSS_RSAE_SHA512(0x0806, "RSASSA-PSS", KeyType.RSA, null, "SHA-512", 64, true),
    RSA_PKCS1_SHA256(0x0401, "SHA256withRSA", KeyType.RSA, null, null, 0, false),
    RSA_PKCS1_SHA384(0x0501, "SHA384withRSA", KeyType.RSA, null, null, 0, false),
    RSA_PKCS1_SHA512(0x0601, "SHA512withRSA", KeyType.RSA, null, null, 0, false);

    private enum KeyType { RSA, EC, ED25519 }

    private final int code;
    private final String jcaAlgorithm;
    private final KeyType keyType;
    private final String curveName;
    private final String pssHash;
    private final int pssSaltLengthBytes;
    private final boolean allowedInCertificateVerify;

    SignatureScheme(int code, String jcaAlgorithm, KeyType keyType, String curveName, String pssHash,
            int pssSaltLengthBytes, boolean allowedInCertificateVerify) {
        this.code = code;
        this.jcaAlgorithm = jcaAlgorithm;
        this.keyType = keyType;
        this.curveName = curveName;
        this.pssHash = pssHash;
        this.pssSaltLengthBytes = pssSaltLengthBytes;
        this.allowedInCertificateVerify = allowedInCertificateVerify;
    }

    /** The 16-bit SignatureScheme code point of §4.2.3. */
    public int code() {
        return code;
    }

    /** The JCA {@link Signature} algorithm name. */
    public String jcaAlgorithm() {
        return jcaAlgorithm;
    }

    /**
     * TLS 1.3 spec §4.2.3: RSASSA-PKCS1-v1_5 "MUST NOT" be used in CertificateVerify; it may appear
     * only in certificate signatures.
     */
    public boolean allowedInCertificateVerify() {
        return allowedInCertificateVerify;
    }

    /** The scheme name as the spec writes it, e.g. {@code ecdsa_secp256r1_sha256}. */
    public String tlsName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The scheme with this code, or {@code null} if jquic does not support it. */
    public static SignatureScheme fromCode(int code) {
        for (SignatureScheme scheme : values()) {
            if (scheme.code == code) {
                return scheme;
            }
        }
        return null;
    }

    /**
     * The schemes we may offer in a signature_algorithms extension (§4.2.3), most preferred first:
     * those allowed in CertificateVerify.
     */
    public static List<SignatureScheme> certificateVerifySchemes() {
        List<SignatureScheme> schemes = new ArrayList<>();
        for (SignatureScheme scheme : values()) {
            if (scheme.allowedInCertificateVerify) {
                schemes.add(scheme);
            }
        }
        return List.copyOf(schemes);
    }

    /** Every supported scheme (for signature_algorithms_cert, §4.2.3), most preferred first. */
    public static List<SignatureScheme> allSchemes() {
        return List.of(values());
    }

    /**
     * Whether a key (private or public) can produce or check signatures of this scheme: RSA keys
     * ("rsaEncryption", the rsae schemes), EC keys on this scheme's curve, Ed25519 keys.
     */
    public boolean isCompatibleWith(Key key) {
        switch (keyType) {
            case RSA:
                return "RSA".equals(key.getAlgorithm());
            case EC:
                return key instanceof ECKey && curveName.equals(namedCurve(((ECKey) key).getParams()));
            case ED25519:
                return key instanceof EdECKey && "Ed25519".equalsIgnoreCase(((EdECKey) key).getParams().getName());
            default:
                throw new AssertionError(keyType);
        }
    }

    /** The CertificateVerify-capable schemes a private key can sign with, most preferred first. */
    public static List<SignatureScheme> certificateVerifySchemesFor(PrivateKey key) {
        List<SignatureScheme> schemes = new ArrayList<>();
        for (SignatureScheme scheme : values()) {
            if (scheme.allowedInCertificateVerify && scheme.isCompatibleWith(key)) {
                schemes.add(scheme);
            }
        }
        return List.copyOf(schemes);
    }

    /**
     * Picks the scheme for our CertificateVerify: the first code in the peer's signature_algorithms
     * list (peer preference order, §4.2.3) that we support, may use in CertificateVerify, and that
     * our key can sign with.
     *
     * @throws QuicProtocolException handshake_failure if there is none (§4.4.2.2: no certificate
     *     satisfying the peer's signature algorithms)
     */
    public static SignatureScheme select(PrivateKey ourKey, List<Integer> peerSignatureAlgorithms)
            throws QuicProtocolException {
        for (int code : peerSignatureAlgorithms) {
            SignatureScheme scheme = fromCode(code);
            if (scheme != null && scheme.allowedInCertificateVerify && scheme.isCompatibleWith(ourKey)) {
                return scheme;
            }
        }
        throw TlsAlert.HANDSHAKE_FAILURE.exception("no common signature scheme for our "
                + describeKey(ourKey) + " key; peer offered " + describeCodes(peerSignatureAlgorithms));
    }

    /** A fresh, unininitialised JCA {@link Signature} configured with this scheme's parameters. */
    Signature newSignature() throws GeneralSecurityException {
        Signature signature = Signature.getInstance(jcaAlgorithm);
        if (pssHash != null) {
            // TLS 1.3 spec §4.2.3: MGF1 with the same hash; salt length equal to the digest length.
            signature.setParameter(new PSSParameterSpec(pssHash, "MGF1", new MGF1ParameterSpec(pssHash),
                    pssSaltLengthBytes, PSSParameterSpec.TRAILER_FIELD_BC));
        }
        return signature;
    }

    /** Human-readable key description: "RSA", "EC secp256r1", "Ed25519", ... */
    static String describeKey(Key key) {
        if (key instanceof ECKey) {
            String curve = namedCurve(((ECKey) key).getParams());
            return "EC " + (curve == null ? "(unsupported curve)" : curve);
        }
        if (key instanceof EdECKey) {
            return ((EdECKey) key).getParams().getName();
        }
        return key.getAlgorithm();
    }

    static String describeCodes(List<Integer> codes) {
        StringBuilder text = new StringBuilder("[");
        for (int code : codes) {
            if (text.length() > 1) {
                text.append(", ");
            }
            SignatureScheme scheme = fromCode(code);
            text.append(scheme != null ? scheme.tlsName() : String.format("0x%04x", code));
        }
        return text.append(']').toString();
    }

    /** "secp256r1", "secp384r1", or {@code null} for any other curve. */
    static String namedCurve(ECParameterSpec params) {
        if (params == null) {
            return null;
        }
        for (String name : new String[] {"secp256r1", "secp384r1"}) {
            ECParameterSpec known = CurveHolder.spec(name);
            if (known != null && known.getCurve().equals(params.getCurve())
                    && known.getGenerator().equals(params.getGenerator())
                    && known.getOrder().equals(params.getOrder())
                    && known.getCofactor() == params.getCofactor()) {
                return name;
            }
        }
        return null;
    }

    /** Lazily computed JDK parameter specs of the named curves. */
    private static final class CurveHolder {
        private static final ECParameterSpec SECP256R1 = lookup("secp256r1");
        private static final ECParameterSpec SECP384R1 = lookup("secp384r1");

        static ECParameterSpec spec(String name) {
            return "secp256r1".equals(name) ? SECP256R1 : SECP384R1;
        }

        private static ECParameterSpec lookup(String name) {
            try {
                AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
                parameters.init(new ECGenParameterSpec(name));
                return parameters.getParameterSpec(ECParameterSpec.class);
            } catch (GeneralSecurityException e) {
                return null;
            }
        }
    }
}
