package dev.jquic.testkit.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jquic.core.crypto.CipherSuite;
import dev.jquic.core.tls.TlsOutput;
import dev.jquic.core.types.EncryptionLevel;
import dev.jquic.core.types.EndpointRole;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class NullTlsTrafficSecretTest {

    @Test
    void theExposedSecretsAreTheOnesTheSessionsRelease() throws Exception {
        for (CipherSuite suite : CipherSuite.values()) {
            NullTls.Options options = NullTls.Options.defaults().withCipherSuite(suite);
            Pump pump = new Pump(NullTls.client(ByteBuffer.wrap(new byte[] {1}), List.of("h3"), null, options),
                    NullTls.server(ByteBuffer.wrap(new byte[] {2}), List.of("h3"), options));
            pump.run();
            int checked = 0;
            for (TlsOutput output : pump.clientOutputs) {
                if (output instanceof TlsOutput.SecretsAvailable secrets) {
                    assertArrayEquals(NullTls.trafficSecret(secrets.level(), EndpointRole.CLIENT, suite),
                            secrets.writeSecret());
                    assertArrayEquals(NullTls.trafficSecret(secrets.level(), EndpointRole.SERVER, suite),
                            secrets.readSecret());
                    checked++;
                }
            }
            assertEquals(2, checked, suite.toString());
        }
    }

    @Test
    void thereIsNoInitialOrZeroRttSecret() {
        CipherSuite suite = CipherSuite.TLS_AES_128_GCM_SHA256;
        assertThrows(IllegalArgumentException.class,
                () -> NullTls.trafficSecret(EncryptionLevel.INITIAL, EndpointRole.CLIENT, suite));
        assertThrows(IllegalArgumentException.class,
                () -> NullTls.trafficSecret(EncryptionLevel.ZERO_RTT, EndpointRole.CLIENT, suite));
    }
}
