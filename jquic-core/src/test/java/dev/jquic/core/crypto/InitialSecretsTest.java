package dev.jquic.core.crypto;

import static dev.jquic.core.testvectors.RfcVectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jquic.core.testvectors.RfcVectors;
import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.Version;
import org.junit.jupiter.api.Test;

/** RFC 9001 Appendix A.1 and RFC 9369 Appendix A.1. */
class InitialSecretsTest {
    private static final ConnectionId CLIENT_DCID = ConnectionId.ofHex("8394c8f03e515708");

    @Test
    void hkdfLabelsMatchRfc9001AppendixA1() {
        assertArrayEquals(hex("00200f746c73313320636c69656e7420696e00"), Hkdf.hkdfLabel("client in", new byte[0], 32));
        assertArrayEquals(hex("00200f746c7331332073657276657220696e00"), Hkdf.hkdfLabel("server in", new byte[0], 32));
        assertArrayEquals(hex("00100e746c7331332071756963206b657900"),
                Hkdf.hkdfLabel(VersionLabels.key(Version.V1), new byte[0], 16));
        assertArrayEquals(hex("000c0d746c733133207175696320697600"),
                Hkdf.hkdfLabel(VersionLabels.iv(Version.V1), new byte[0], 12));
        assertArrayEquals(hex("00100d746c733133207175696320687000"),
                Hkdf.hkdfLabel(VersionLabels.headerProtection(Version.V1), new byte[0], 16));
    }

    @Test
    void hkdfLabelsMatchRfc9369AppendixA1() {
        assertArrayEquals(hex("001010746c73313320717569637632206b657900"),
                Hkdf.hkdfLabel(VersionLabels.key(Version.V2), new byte[0], 16));
        assertArrayEquals(hex("000c0f746c7331332071756963763220697600"),
                Hkdf.hkdfLabel(VersionLabels.iv(Version.V2), new byte[0], 12));
        assertArrayEquals(hex("00100f746c7331332071756963763220687000"),
                Hkdf.hkdfLabel(VersionLabels.headerProtection(Version.V2), new byte[0], 16));
    }

    @Test
    void initialSecretOfRfc9001AppendixA1() {
        byte[] initialSecret = Hkdf.extract(HashFunction.SHA256,
                hex("38762cf7f55934b34d179ae6a4c80cadccbb7f0a"), CLIENT_DCID.toByteArray());
        assertArrayEquals(hex("7db5df06e7a69e432496adedb00851923595221596ae2ae9fb8115c1e9ed0a44"), initialSecret);
    }

    @Test
    void initialSecretOfRfc9369AppendixA1() {
        byte[] initialSecret = Hkdf.extract(HashFunction.SHA256,
                hex("0dede3def700a6db819381be6e269dcbf9bd2ed9"), CLIENT_DCID.toByteArray());
        assertArrayEquals(hex("2062e8b3cd8d52092614b8071d0aa1fb7c2e3ac193f78b280e72d8f5751f6aba"), initialSecret);
    }

    @Test
    void clientAndServerKeysOfRfc9001AppendixA1() {
        InitialSecrets secrets = InitialSecrets.derive(Version.V1, CLIENT_DCID);
        assertArrayEquals(hex("c00cf151ca5be075ed0ebfb5c80323c42d6b7db67881289af4008f1f6c357aea"),
                secrets.clientSecret());
        assertArrayEquals(hex("3c199828fd139efd216c155ad844cc81fb82fa8d7446fa7d78be803acdda951b"),
                secrets.serverSecret());
        PacketProtection client = secrets.clientProtection();
        assertArrayEquals(hex("1f369613dd76d5467730efcbe3b1a22d"), client.key());
        assertArrayEquals(hex("fa044b2f42a3fd3b46fb255c"), client.iv());
        assertArrayEquals(hex("9f50449e04a0e810283a1e9933adedd2"), client.headerProtectionKey());
        PacketProtection server = secrets.serverProtection();
        assertArrayEquals(hex("cf3a5331653c364c88f0f379b6067e37"), server.key());
        assertArrayEquals(hex("0ac1493ca1905853b0bba03e"), server.iv());
        assertArrayEquals(hex("c206b8d9b9f0f37644430b490eeaa314"), server.headerProtectionKey());
    }

    @Test
    void clientAndServerKeysOfRfc9369AppendixA1() {
        InitialSecrets secrets = InitialSecrets.derive(Version.V2, CLIENT_DCID);
        assertArrayEquals(hex("14ec9d6eb9fd7af83bf5a668bc17a7e283766aade7ecd0891f70f9ff7f4bf47b"),
                secrets.clientSecret());
        assertArrayEquals(hex("0263db1782731bf4588e7e4d93b7463907cb8cd8200b5da55a8bd488eafc37c1"),
                secrets.serverSecret());
        PacketProtection client = secrets.clientProtection();
        assertArrayEquals(hex("8b1a0bc121284290a29e0971b5cd045d"), client.key());
        assertArrayEquals(hex("91f73e2351d8fa91660e909f"), client.iv());
        assertArrayEquals(hex("45b95e15235d6f45a6b19cbcb0294ba9"), client.headerProtectionKey());
        PacketProtection server = secrets.serverProtection();
        assertArrayEquals(hex("82db637861d55e1d011f19ea71d5d2a7"), server.key());
        assertArrayEquals(hex("dd13c276499c0249d3310652"), server.iv());
        assertArrayEquals(hex("edf6d05c83121201b436e16877593c3a"), server.headerProtectionKey());
    }

    @Test
    void secretsAreCopiedAndComparedByContent() {
        InitialSecrets first = InitialSecrets.derive(Version.V1, CLIENT_DCID);
        InitialSecrets second = InitialSecrets.derive(Version.V1, CLIENT_DCID);
        assertEquals(first, second);
        assertEquals(first.hashCode(), second.hashCode());
        byte[] leaked = first.clientSecret();
        leaked[0] ^= 1;
        assertEquals(first, second);
        assertNotSame(first.clientSecret(), first.clientSecret());
        assertEquals("InitialSecrets[QUICv1]", first.toString());
    }

    @Test
    void unsupportedVersionIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> InitialSecrets.derive(Version.of(0xff00001d), CLIENT_DCID));
    }

    @Test
    void initialSecretsUseAes128GcmSha256() {
        assertEquals(CipherSuite.TLS_AES_128_GCM_SHA256, InitialSecrets.derive(Version.V2, CLIENT_DCID)
                .clientProtection().suite());
    }
}
