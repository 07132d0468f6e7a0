package dev.jquic.tls.cert;

import dev.jquic.core.codec.QuicProtocolException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Our certificate chain (leaf first), its private key, and the CertificateVerify schemes the key
 * can sign with (TLS 1.3 spec §4.4.2, §4.4.3). Immutable.
 *
 * <p>Build with {@link #of}, which checks that the key matches the leaf certificate, or load with
 * {@link PemFiles} / {@link KeyStoreFiles}, or generate with {@link SelfSignedCertificates}.
 */
public record Credentials(List<X509Certificate> chain, PrivateKey privateKey, List<SignatureScheme> signatureSchemes) {

    /** Validates and copies. Prefer {@link #of}, which also checks that key and leaf match. */
    public Credentials {
        chain = List.copyOf(chain);
        signatureSchemes = List.copyOf(signatureSchemes);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("certificate chain is empty");
        }
        if (privateKey == null) {
            throw new IllegalArgumentException("private key is null");
        }
        if (signatureSchemes.isEmpty()) {
            throw new IllegalArgumentException("no TLS 1.3 signature scheme for this key");
        }
    }

    /**
     * Credentials from a chain and its key, after checking that the key is usable for TLS 1.3 and
     * matches the leaf's public key (a probe is signed with the key and verified with the leaf).
     *
     * @param source where chain and key came from, for error messages (e.g. file names)
     * @throws CertificateLoadException naming {@code source} if the chain is empty, the key type
     *     is unsupported, or the key does not match the leaf certificate
     */
    public static Credentials of(List<X509Certificate> chain, PrivateKey privateKey, String source) {
        if (chain == null || chain.isEmpty()) {
            throw new CertificateLoadException("no certificate in " + source);
        }
        List<SignatureScheme> schemes = SignatureScheme.certificateVerifySchemesFor(privateKey);
        if (schemes.isEmpty()) {
            throw new CertificateLoadException("unsupported private key in " + source + ": "
                    + SignatureScheme.describeKey(privateKey)
                    + " (TLS 1.3 needs RSA, EC secp256r1/secp384r1 or Ed25519)");
        }
        X509Certificate leaf = chain.get(0);
        SignatureScheme probeScheme = schemes.get(0);
        if (!probeScheme.isCompatibleWith(leaf.getPublicKey()) || !probeSucceeds(probeScheme, privateKey, leaf)) {
            throw new CertificateLoadException("private key does not match the certificate in " + source
                    + ": key is " + SignatureScheme.describeKey(privateKey) + ", certificate "
                    + leaf.getSubjectX500Principal().getName() + " has a "
                    + SignatureScheme.describeKey(leaf.getPublicKey()) + " key");
        }
        return new Credentials(chain, privateKey, schemes);
    }

    private static boolean probeSucceeds(SignatureScheme scheme, PrivateKey privateKey, X509Certificate leaf) {
        byte[] probe = "jquic key/certificate match probe".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try {
            Signature signer = scheme.newSignature();
            // Configuration time, not protocol code: the JDK's default SecureRandom is fine here.
            signer.initSign(privateKey, new SecureRandom());
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = scheme.newSignature();
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** The end-entity certificate. */
    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** SHA-256 fingerprint of the leaf (for logs and for a peer's pin). */
    public Sha256Fingerprint leafFingerprint() {
        return Sha256Fingerprint.of(leaf());
    }

    /**
     * The scheme for our CertificateVerify given the peer's signature_algorithms codes.
     *
     * @throws QuicProtocolException handshake_failure if none fits
     */
    public SignatureScheme selectScheme(List<Integer> peerSignatureAlgorithms) throws QuicProtocolException {
        return SignatureScheme.select(privateKey, peerSignatureAlgorithms);
    }

    /** DER encodings of the chain, leaf first, for the Certificate message (§4.4.2). */
    public List<byte[]> encodedChain() {
        java.util.ArrayList<byte[]> encoded = new java.util.ArrayList<>(chain.size());
        for (X509Certificate certificate : chain) {
            try {
                encoded.add(certificate.getEncoded());
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException("cannot encode our own certificate", e);
            }
        }
        return encoded;
    }

    @Override
    public String toString() {
        return "Credentials[leaf=" + leaf().getSubjectX500Principal().getName() + ", chain length=" + chain.size()
                + ", key=" + SignatureScheme.describeKey(privateKey) + ", schemes=" + signatureSchemes + "]";
    }
}
