package dev.jquic.tls.cert;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Generates a self-signed ECDSA P-256 certificate for development servers (DESIGN §3: a server
 * without configured certificates). BouncyCastle builds the certificate; the key pair and the
 * signature come from the JDK's providers.
 *
 * <p>The certificate: subject CN=&lt;host&gt;; SubjectAltNames DNS localhost, IP 127.0.0.1,
 * IP ::1 and the host (a DNS name or an IP literal); validity from {@code now} - 1 hour (clock
 * skew) to {@code now} + 30 days; random positive serial; basicConstraints CA:false (critical),
 * keyUsage digitalSignature (critical), extendedKeyUsage serverAuth. Clients can trust it by
 * pinning {@link Credentials#leafFingerprint()}, which the runtime logs.
 */
public final class SelfSignedCertificates {
    /** How long before {@code now} the certificate is valid, to tolerate clock skew. */
    public static final Duration BACKDATE = Duration.ofHours(1);
    /** How long after {@code now} the certificate is valid. */
    public static final Duration VALIDITY = Duration.ofDays(30);

    private SelfSignedCertificates() {
    }

    /**
     * Generates a key pair and a self-signed certificate for {@code host}.
     *
     * @param host a DNS name (e.g. "localhost", "dev.example.com") or an IP literal ("192.0.2.1", "::1")
     * @param now the current time (injected)
     * @param random the source of the key, the serial and the ECDSA nonce
     */
    public static Credentials generate(String host, Instant now, SecureRandom random) {
        if (host == null || host.isBlank() || host.indexOf('*') >= 0) {
            throw new IllegalArgumentException("invalid host for a self-signed certificate: \"" + host + "\"");
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair keyPair = generator.generateKeyPair();

            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, host).build();
            // RFC 5280 §4.1.2.2: a positive serial of at most 20 octets.
            BigInteger serial = new BigInteger(127, random).setBit(126);
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial,
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(VALIDITY)), subject, keyPair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false, subjectAltNames(host));

            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").setSecureRandom(random)
                    .build(keyPair.getPrivate());
            X509CertificateHolder holder = builder.build(signer);
            X509Certificate certificate = PemFiles.toJdkCertificate(holder, "cannot convert generated certificate");
            return Credentials.of(List.of(certificate), keyPair.getPrivate(), "self-signed certificate for " + host);
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("cannot generate a self-signed certificate: " + e.getMessage(), e);
        }
    }

    private static GeneralNames subjectAltNames(String host) {
        List<GeneralName> names = new ArrayList<>();
        List<byte[]> addresses = new ArrayList<>();
        names.add(new GeneralName(GeneralName.dNSName, "localhost"));
        addIp(names, addresses, IpAddressLiteral.parse("127.0.0.1"));
        addIp(names, addresses, IpAddressLiteral.parse("::1"));
        byte[] hostAddress = IpAddressLiteral.parse(host);
        if (hostAddress != null) {
            addIp(names, addresses, hostAddress);
        } else {
            String dnsName = host.toLowerCase(Locale.ROOT);
            if (!dnsName.equals("localhost")) {
                names.add(new GeneralName(GeneralName.dNSName, dnsName));
            }
        }
        return new GeneralNames(names.toArray(new GeneralName[0]));
    }

    private static void addIp(List<GeneralName> names, List<byte[]> added, byte[] address) {
        for (byte[] existing : added) {
            if (Arrays.equals(existing, address)) {
                return;
            }
        }
        added.add(address);
        names.add(new GeneralName(GeneralName.iPAddress, new DEROctetString(address)));
    }
}
