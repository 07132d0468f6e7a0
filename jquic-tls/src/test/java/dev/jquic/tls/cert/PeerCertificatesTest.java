package dev.jquic.tls.cert;

import static dev.jquic.tls.cert.CertificateVerifySignaturesTest.assertAlert;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.tls.TlsAlert;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PeerCertificatesTest {
    private static final Credentials CHAIN = Fixtures.credentials("leaf-ec256-chain.pem", "leaf-ec256-pkcs8.key");

    @Test
    void parsesDerChain() throws QuicProtocolException {
        assertEquals(CHAIN.chain(), PeerCertificates.parse(CHAIN.encodedChain()));
    }

    @Test
    void rejectsTruncatedTrailingAndTextualCertificates() throws Exception {
        byte[] der = CHAIN.encodedChain().get(0);
        for (int length = 0; length < der.length; length++) {
            byte[] truncated = Arrays.copyOf(der, length);
            assertAlert(TlsAlert.BAD_CERTIFICATE, () -> PeerCertificates.parse(List.of(truncated)));
        }
        byte[] trailing = Arrays.copyOf(der, der.length + 1);
        assertAlert(TlsAlert.BAD_CERTIFICATE, () -> PeerCertificates.parse(List.of(der, trailing)));
        byte[] pem = Files.readString(Fixtures.path("leaf-ec256.pem")).getBytes(StandardCharsets.US_ASCII);
        assertAlert(TlsAlert.BAD_CERTIFICATE, () -> PeerCertificates.parse(List.of(pem)));
    }

    @Property(tries = 300)
    void arbitraryBytesAreBadCertificate(@ForAll @Size(max = 400) byte[] bytes) {
        byte[] sequence = bytes.clone();
        if (sequence.length > 0) {
            sequence[0] = 0x30;
        }
        for (byte[] candidate : List.of(bytes, sequence)) {
            try {
                assertEquals(1, PeerCertificates.parse(List.of(candidate)).size());
            } catch (QuicProtocolException e) {
                assertEquals(TlsAlert.BAD_CERTIFICATE.transportErrorCode(), e.errorCode());
            }
        }
    }
}
