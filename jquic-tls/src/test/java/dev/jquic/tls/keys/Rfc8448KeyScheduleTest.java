package dev.jquic.tls.keys;

import static dev.jquic.tls.keys.Rfc8448Trace.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.crypto.HashFunction;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * RFC 8448 byte for byte: the x25519 exchange, transcript hashes, every secret of the key
 * schedule, Finished values, the resumption PSK and the PSK binder, for §3 (Simple 1-RTT
 * Handshake) and §4 (Resumed 0-RTT Handshake), both TLS_AES_128_GCM_SHA256 (SHA-256).
 */
class Rfc8448KeyScheduleTest {
    private static final HashFunction SHA256 = HashFunction.SHA256;

    private static void add(TranscriptHash transcript, String message) {
        transcript.add(hex(message));
    }

    @Test
    void simpleOneRttHandshake() throws QuicProtocolException {
        // {client} / {server} create an ephemeral x25519 key pair
        EphemeralKeyPair client = EphemeralKeyPair.x25519FromPrivateScalar(
                hex("49af42ba7f7994852d713ef2784bcbcaa7911de26adc5642cb634540e7ea5005"));
        EphemeralKeyPair server = EphemeralKeyPair.x25519FromPrivateScalar(
                hex("b1580eeadf6dd589b8ef4f2d5652578cc810e9980191ec8d058308cea216a21e"));
        assertArrayEquals(hex("99381de560e4bd43d23d8e435a7dbafeb3c06e51c13cae4d5413691e529aaf2c"), client.keyShare());
        assertArrayEquals(hex("c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f"), server.keyShare());

        // {server} extract secret "early"
        KeySchedule schedule = KeySchedule.withoutPsk(SHA256);
        assertArrayEquals(hex("33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a"),
                schedule.currentStageSecret());

        // {server} extract secret "handshake": the IKM is the x25519 shared secret
        byte[] shared = server.sharedSecret(client.keyShare());
        assertArrayEquals(hex("8bd4054fb55b9d63fdfbacf9f04b9f0d35e6d63f537563efd46272900f89492d"), shared);
        assertArrayEquals(shared, client.sharedSecret(server.keyShare()));
        schedule.deriveHandshakeSecret(shared);
        assertArrayEquals(hex("1dc826e93606aa6fdc0aadc12f741b01046aa6b99f691ed221a9f0ca043fbeac"),
                schedule.currentStageSecret());

        TranscriptHash transcript = new TranscriptHash();
        add(transcript, Rfc8448Trace.CLIENT_HELLO);
        add(transcript, Rfc8448Trace.SERVER_HELLO);
        transcript.selectHash(SHA256);
        byte[] helloHash = transcript.currentHash();
        assertArrayEquals(hex("860c06edc07858ee8e78f0e7428c58edd6b43f2ca3e6e95f02ed063cf0e1cad8"), helloHash);

        // {server} derive secret "tls13 c hs traffic" / "tls13 s hs traffic"
        byte[] clientHandshake = schedule.clientHandshakeTrafficSecret(helloHash);
        byte[] serverHandshake = schedule.serverHandshakeTrafficSecret(helloHash);
        assertArrayEquals(hex("b3eddb126e067f35a780b3abf45e2d8f3b1a950738f52e9600746a0e27a55a21"), clientHandshake);
        assertArrayEquals(hex("b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38"), serverHandshake);

        // {server} extract secret "master"
        schedule.deriveMasterSecret();
        assertArrayEquals(hex("18df06843d13a08bf2a449844c5f8a478001bc4d4c627984d5a41da8d0402919"),
                schedule.currentStageSecret());

        add(transcript, Rfc8448Trace.ENCRYPTED_EXTENSIONS);
        add(transcript, Rfc8448Trace.CERTIFICATE);
        add(transcript, Rfc8448Trace.CERTIFICATE_VERIFY);
        // {server} calculate finished "tls13 finished"
        byte[] serverFinishedContext = transcript.currentHash();
        assertArrayEquals(hex("008d3b66f816ea559f96b537e885c31fc068bf492c652f01f288a1d8cdc19fc8"),
                KeySchedule.finishedKey(SHA256, serverHandshake));
        byte[] serverVerifyData = KeySchedule.finishedVerifyData(SHA256, serverHandshake, serverFinishedContext);
        assertArrayEquals(Arrays.copyOfRange(hex(Rfc8448Trace.SERVER_FINISHED), 4, 36), serverVerifyData);
        assertTrue(KeySchedule.verifyFinished(SHA256, serverHandshake, serverFinishedContext, serverVerifyData));

        add(transcript, Rfc8448Trace.SERVER_FINISHED);
        byte[] serverFinishedHash = transcript.currentHash();
        assertArrayEquals(hex("9608102a0f1ccc6db6250b7b7e417b1a000eaada3daae4777a7686c9ff83df13"), serverFinishedHash);
        // {server} derive secret "tls13 c ap traffic" / "tls13 s ap traffic" / "tls13 exp master"
        assertArrayEquals(hex("9e40646ce79a7f9dc05af8889bce6552875afa0b06df0087f792ebb7c17504a5"),
                schedule.clientApplicationTrafficSecret(serverFinishedHash));
        assertArrayEquals(hex("a11af9f05531f856ad47116b45a950328204b4f44bfb6b3a4b4f1f3fcb631643"),
                schedule.serverApplicationTrafficSecret(serverFinishedHash));
        assertArrayEquals(hex("fe22f881176eda18eb8f44529e6792c50c9a3f89452f68d8ae311b4309d3cf50"),
                schedule.exporterMasterSecret(serverFinishedHash));

        // {client} calculate finished "tls13 finished"
        byte[] clientVerifyData = KeySchedule.finishedVerifyData(SHA256, clientHandshake, serverFinishedHash);
        assertArrayEquals(hex("a8ec436d677634ae525ac1fcebe11a039ec17694fac6e98527b642f2edd5ce61"), clientVerifyData);
        assertArrayEquals(Arrays.copyOfRange(hex(Rfc8448Trace.CLIENT_FINISHED), 4, 36), clientVerifyData);

        add(transcript, Rfc8448Trace.CLIENT_FINISHED);
        // {server} derive secret "tls13 res master"
        byte[] resumptionMaster = schedule.resumptionMasterSecret(transcript.currentHash());
        assertArrayEquals(hex("7df235f2031d2a051287d02b0241b0bfdaf86cc856231f2d5aba46c434ec196c"), resumptionMaster);

        // {server} generate resumption secret "tls13 resumption" (ticket_nonce 00 00)
        assertArrayEquals(hex("4ecd0eb6ec3b4d87f5d6028f922ca4c5851a277fd41311c9e62d2c9492e1c4f3"),
                KeySchedule.pskFromTicket(SHA256, resumptionMaster, new byte[] {0, 0}));
        schedule.destroy();
        assertEquals(KeySchedule.Stage.DESTROYED, schedule.stage());
    }

    @Test
    void resumedZeroRttHandshake() throws QuicProtocolException {
        byte[] psk = hex("4ecd0eb6ec3b4d87f5d6028f922ca4c5851a277fd41311c9e62d2c9492e1c4f3");
        EphemeralKeyPair client = EphemeralKeyPair.x25519FromPrivateScalar(
                hex("bff91188283846dd6a2134ef7180ca2b0b14fb10dce707b5098c0dddc813b2df"));
        EphemeralKeyPair server = EphemeralKeyPair.x25519FromPrivateScalar(
                hex("de5b4476e7b490b2652d338acbf2948066f255f9440e23b98fc69835298dc107"));
        assertArrayEquals(hex("e4ffb68ac05f8d96c99da26698346c6be16482badddafe051a66b4f18d668f0b"), client.keyShare());
        assertArrayEquals(hex("121761ee42c333e1b9e77b60dd57c2053cd94512ab47f115e86eff50942cea31"), server.keyShare());

        // {client} extract secret "early"
        KeySchedule schedule = KeySchedule.withPsk(SHA256, psk);
        assertArrayEquals(hex("9b2188e9b2fc6d64d71dc329900e20bb41915000f678aa839cbb797cb7d8332c"),
                schedule.currentStageSecret());

        // {client} calculate PSK binder: the hash is taken before the suite is selected
        TranscriptHash transcript = new TranscriptHash();
        byte[] prefix = hex(Rfc8448Trace.CLIENT_HELLO_PREFIX);
        byte[] binderHash = transcript.hashWithPartialClientHello(SHA256, prefix);
        assertArrayEquals(hex("63224b2e4573f2d3454ca84b9d009a04f6be9e05711a8396473aefa01e924a14"), binderHash);
        byte[] binderKey = schedule.resumptionBinderKey();
        assertArrayEquals(hex("69fe131a3bbad5d63c64eebcc30e395b9d8107726a13d074e389dbc8a4e47256"), binderKey);
        assertArrayEquals(hex("5588673e72cb59c87d220caffe94f2dea9a3b1609f7d50e90a48227db9ed7eaa"),
                KeySchedule.finishedKey(SHA256, binderKey));
        byte[] binder = KeySchedule.binder(SHA256, binderKey, binderHash);
        assertArrayEquals(hex("3add4fb2d8fdf822a0ca3cf7678ef5e88dae990141c5924d57bb6fa31b9e5f9d"), binder);
        assertTrue(KeySchedule.verifyBinder(SHA256, binderKey, binderHash, binder));

        // The complete ClientHello is the prefix followed by the binders list.
        byte[] binders = hex(Rfc8448Trace.BINDERS);
        assertArrayEquals(binder, Arrays.copyOfRange(binders, 3, 35));
        assertEquals(0x1fc, prefix.length + binders.length - 4, "ClientHello length field");
        transcript.add(prefix);
        transcript.add(binders);
        byte[] clientHelloHash = transcript.currentHash(SHA256);

        // {client} derive secret "tls13 c e traffic" / "tls13 e exp master"
        assertArrayEquals(hex("3fbbe6a60deb66c30a32795aba0eff7eaa10105586e7be5c09678d63b6caab62"),
                schedule.clientEarlyTrafficSecret(clientHelloHash));
        assertArrayEquals(hex("b2026866610937d7423e5be90862ccf24c0e6091186d34f812089ff5be2ef7df"),
                schedule.earlyExporterMasterSecret(clientHelloHash));

        // {server} extract secret "handshake"
        byte[] shared = server.sharedSecret(client.keyShare());
        assertArrayEquals(hex("f44194756ff9ec9d25180635d66ea6824c6ab3bf179977be37f723570e7ccb2e"), shared);
        assertArrayEquals(shared, client.sharedSecret(server.keyShare()));
        schedule.deriveHandshakeSecret(shared);
        assertArrayEquals(hex("005cb112fd8eb4ccc623bb88a07c64b3ede1605363fc7d0df8c7ce4ff0fb4ae6"),
                schedule.currentStageSecret());

        add(transcript, Rfc8448Trace.RESUMED_SERVER_HELLO);
        transcript.selectHash(SHA256);
        byte[] helloHash = transcript.currentHash();
        byte[] clientHandshake = schedule.clientHandshakeTrafficSecret(helloHash);
        byte[] serverHandshake = schedule.serverHandshakeTrafficSecret(helloHash);
        assertArrayEquals(hex("2faac08f851d35fea3604fcb4de82dc62c9b164a70974d0462e27f1ab278700f"), clientHandshake);
        assertArrayEquals(hex("fe927ae271312e8bf0275b581c54eef020450dc4ecffaa05a1a35d27518e7803"), serverHandshake);

        schedule.deriveMasterSecret();
        assertArrayEquals(hex("e2d32d4ed66dd37897a0e80c84107503ce58bf8aad4cb55a5002d77ecb890ece"),
                schedule.currentStageSecret());

        add(transcript, Rfc8448Trace.RESUMED_ENCRYPTED_EXTENSIONS);
        assertArrayEquals(Arrays.copyOfRange(hex(Rfc8448Trace.RESUMED_SERVER_FINISHED), 4, 36),
                KeySchedule.finishedVerifyData(SHA256, serverHandshake, transcript.currentHash()));
        add(transcript, Rfc8448Trace.RESUMED_SERVER_FINISHED);
        byte[] serverFinishedHash = transcript.currentHash();
        assertArrayEquals(hex("2abbf2b8e381d23dbebe1dd2a7d16a8bf484cb4950d23fb7fb7fa8547062d9a1"),
                schedule.clientApplicationTrafficSecret(serverFinishedHash));
        assertArrayEquals(hex("cc21f1bf8feb7dd5fa505bd9c4b468a9984d554a993dc49e6d285598fb672691"),
                schedule.serverApplicationTrafficSecret(serverFinishedHash));
        assertArrayEquals(hex("3fd93d4ffddc98e64b14dd107aedf8ee4add23f4510f58a4592d0b201bee56b4"),
                schedule.exporterMasterSecret(serverFinishedHash));

        // {client} EndOfEarlyData, then calculate finished "tls13 finished"
        add(transcript, Rfc8448Trace.END_OF_EARLY_DATA);
        byte[] clientFinishedContext = transcript.currentHash();
        byte[] expectedClientVerifyData = Arrays.copyOfRange(hex(Rfc8448Trace.RESUMED_CLIENT_FINISHED), 4, 36);
        assertArrayEquals(expectedClientVerifyData,
                KeySchedule.finishedVerifyData(SHA256, clientHandshake, clientFinishedContext));
        assertTrue(KeySchedule.verifyFinished(SHA256, clientHandshake, clientFinishedContext,
                expectedClientVerifyData));
        byte[] tampered = expectedClientVerifyData.clone();
        tampered[31] ^= 1;
        assertFalse(KeySchedule.verifyFinished(SHA256, clientHandshake, clientFinishedContext, tampered));
        assertFalse(KeySchedule.verifyFinished(SHA256, clientHandshake, clientFinishedContext,
                Arrays.copyOf(expectedClientVerifyData, 31)));
    }
}
