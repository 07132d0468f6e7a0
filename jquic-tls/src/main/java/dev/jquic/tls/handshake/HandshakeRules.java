package dev.jquic.tls.handshake;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.types.EndpointRole;
import dev.jquic.tls.TlsAlert;
import dev.jquic.tls.cert.CertificateVerifySignatures;
import dev.jquic.tls.cert.Credentials;
import dev.jquic.tls.cert.PeerCertificates;
import dev.jquic.tls.cert.SignatureScheme;
import dev.jquic.tls.message.AlpnExtension;
import dev.jquic.tls.message.Certificate;
import dev.jquic.tls.message.CertificateEntry;
import dev.jquic.tls.message.CertificateVerify;
import dev.jquic.tls.message.Extension;
import dev.jquic.tls.message.Extensions;
import dev.jquic.tls.message.Opaque;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Checks and message builders shared by the client and the server handshakes. */
final class HandshakeRules {
    /** TLS 1.3's version code in supported_versions (TLS 1.3 spec §4.2.1). */
    static final int TLS13 = 0x0304;

    private HandshakeRules() {
    }

    /**
     * TLS 1.3 spec §4.2: an extension in a response that was not offered in the ClientHello →
     * unsupported_extension ({@code alsoAllowed}: types the response may carry unprompted).
     */
    static void requireSolicited(Extensions received, Set<Integer> offered, Set<Integer> alsoAllowed, String message)
            throws QuicProtocolException {
        for (Extension extension : received.list()) {
            if (!offered.contains(extension.type()) && !alsoAllowed.contains(extension.type())) {
                throw TlsAlert.UNSUPPORTED_EXTENSION.exception(message + " carries extension " + extension.type()
                        + " that the ClientHello did not offer");
            }
        }
    }

    static AlpnExtension alpn(List<String> names) {
        List<Opaque> protocols = new ArrayList<>();
        for (String name : names) {
            protocols.add(Opaque.of(name.getBytes(StandardCharsets.UTF_8)));
        }
        return new AlpnExtension(protocols);
    }

    static Opaque protocolBytes(String name) {
        return Opaque.of(name.getBytes(StandardCharsets.UTF_8));
    }

    static String protocolName(Opaque bytes) {
        return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
    }

    static List<Integer> codes(List<SignatureScheme> schemes) {
        List<Integer> codes = new ArrayList<>();
        for (SignatureScheme scheme : schemes) {
            codes.add(scheme.code());
        }
        return codes;
    }

    /** A Certificate message with our chain, or an empty one when {@code credentials} is null. */
    static Certificate certificate(Opaque requestContext, Credentials credentials) {
        List<CertificateEntry> entries = new ArrayList<>();
        if (credentials != null) {
            for (byte[] der : credentials.encodedChain()) {
                entries.add(new CertificateEntry(Opaque.of(der), Extensions.EMPTY));
            }
        }
        return new Certificate(requestContext, entries);
    }

    /** TLS 1.3 spec §4.4.3: our CertificateVerify over the transcript so far. */
    static CertificateVerify certificateVerify(SignatureScheme scheme, PrivateKey key, EndpointRole role,
            byte[] transcriptHash, SecureRandom random) throws QuicProtocolException {
        byte[] signature = CertificateVerifySignatures.sign(scheme, key, role, transcriptHash, random);
        return new CertificateVerify(scheme.code(), Opaque.of(signature));
    }

    /** Parses the DER certificates of a received, non-empty Certificate message (leaf first). */
    static List<X509Certificate> chain(Certificate certificate) throws QuicProtocolException {
        List<byte[]> der = new ArrayList<>();
        for (CertificateEntry entry : certificate.entries()) {
            der.add(entry.certData().toByteArray());
        }
        return PeerCertificates.parse(der);
    }
}
