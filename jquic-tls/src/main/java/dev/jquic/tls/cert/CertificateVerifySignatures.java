package dev.jquic.tls.cert;

import dev.jquic.core.types.EndpointRole;
import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.tls.TlsAlert;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.List;

/**
 * Signing and verifying the CertificateVerify message (TLS 1.3 spec §4.4.3).
 *
 * <p>The signed content is 64 bytes of 0x20, the context string of the {@link EndpointRole},
 * one 0x00 byte, then the transcript hash (Transcript-Hash(Handshake Context, Certificate)). The
 * signature bytes are what JCA produces, which is the TLS encoding: ECDSA as a DER
 * ECDSA-Sig-Value, RSASSA-PSS and Ed25519 as raw octets.
 */
public final class CertificateVerifySignatures {
    private static final int PADDING_LENGTH = 64;
    private static final byte PADDING_BYTE = 0x20;

    private CertificateVerifySignatures() {
    }

    /** TLS 1.3 spec §4.4.3: the content covered by the signature. */
    public static byte[] content(EndpointRole role, byte[] transcriptHash) {
        byte[] context = contextString(role).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] content = new byte[PADDING_LENGTH + context.length + 1 + transcriptHash.length];
        Arrays.fill(content, 0, PADDING_LENGTH, PADDING_BYTE);
        System.arraycopy(context, 0, content, PADDING_LENGTH, context.length);
        content[PADDING_LENGTH + context.length] = 0;
        System.arraycopy(transcriptHash, 0, content, PADDING_LENGTH + context.length + 1, transcriptHash.length);
        return content;
    }

    /**
     * Signs the CertificateVerify content with our key.
     *
     * @param scheme chosen with {@link SignatureScheme#select} (or {@link Credentials#selectScheme})
     * @param random randomness for ECDSA nonces and PSS salts
     * @return the signature field of CertificateVerify
     * @throws QuicProtocolException internal_error if the scheme may not be used in
     *     CertificateVerify, does not fit the key, or JCA fails
     */
    public static byte[] sign(SignatureScheme scheme, PrivateKey ourKey, EndpointRole role, byte[] transcriptHash,
            SecureRandom random) throws QuicProtocolException {
        if (!scheme.allowedInCertificateVerify() || !scheme.isCompatibleWith(ourKey)) {
            throw TlsAlert.INTERNAL_ERROR.exception("cannot sign CertificateVerify with " + scheme.tlsName()
                    + " and a " + SignatureScheme.describeKey(ourKey) + " key");
        }
        try {
            Signature signature = scheme.newSignature();
            signature.initSign(ourKey, random);
            signature.update(content(role, transcriptHash));
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw TlsAlert.INTERNAL_ERROR.exception("signing CertificateVerify with " + scheme.tlsName()
                    + " failed: " + e.getMessage());
        }
    }

    /**
     * Verifies a peer's CertificateVerify.
     *
     * @param schemeCode the algorithm field of the peer's CertificateVerify
     * @param offeredSchemes the schemes we offered in our signature_algorithms extension
     * @param peerLeafKey the public key of the peer's end-entity certificate
     * @param role the role of the peer (the signer): {@link EndpointRole#SERVER} when we are the client
     * @param signatureBytes the signature field of the peer's CertificateVerify
     * @throws QuicProtocolException illegal_parameter if the scheme is unknown, was not offered, is
     *     RSASSA-PKCS1-v1_5, or does not fit the leaf key; decrypt_error if the signature does not
     *     verify (§4.4.3)
     */
    public static void verify(int schemeCode, List<SignatureScheme> offeredSchemes, PublicKey peerLeafKey,
            EndpointRole role, byte[] transcriptHash, byte[] signatureBytes) throws QuicProtocolException {
        SignatureScheme scheme = SignatureScheme.fromCode(schemeCode);
        // TLS 1.3 spec §4.4.3: the algorithm MUST be one offered in signature_algorithms.
        if (scheme == null || !offeredSchemes.contains(scheme)) {
            throw TlsAlert.ILLEGAL_PARAMETER.exception(String.format(
                    "CertificateVerify uses signature scheme 0x%04x which we did not offer", schemeCode));
        }
        // TLS 1.3 spec §4.2.3: RSASSA-PKCS1-v1_5 MUST NOT be used in CertificateVerify.
        if (!scheme.allowedInCertificateVerify()) {
            throw TlsAlert.ILLEGAL_PARAMETER.exception("CertificateVerify uses " + scheme.tlsName()
                    + ", not allowed in TLS 1.3 CertificateVerify");
        }
        if (!scheme.isCompatibleWith(peerLeafKey)) {
            throw TlsAlert.ILLEGAL_PARAMETER.exception("CertificateVerify scheme " + scheme.tlsName()
                    + " does not match the certificate's " + SignatureScheme.describeKey(peerLeafKey) + " key");
        }
        boolean valid;
        try {
            Signature signature = scheme.newSignature();
            signature.initVerify(peerLeafKey);
            signature.update(content(role, transcriptHash));
            valid = signature.verify(signatureBytes);
        } catch (SignatureException e) {
            // Malformed signature encoding (e.g. bad DER): it does not verify.
            valid = false;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw TlsAlert.DECRYPT_ERROR.exception("cannot verify CertificateVerify with " + scheme.tlsName()
                    + ": " + e.getMessage());
        }
        // TLS 1.3 spec §4.4.3: if the verification fails, abort with a "decrypt_error" alert.
        if (!valid) {
            throw TlsAlert.DECRYPT_ERROR.exception("CertificateVerify signature (" + scheme.tlsName()
                    + ") does not verify with the peer's certificate key");
        }
    }

    /** TLS 1.3 spec §4.4.3: the context string that binds a CertificateVerify to its signer's role. */
    public static String contextString(EndpointRole signer) {
        return switch (signer) {
            case SERVER -> "TLS 1.3, server CertificateVerify";
            case CLIENT -> "TLS 1.3, client CertificateVerify";
        };
    }
}
