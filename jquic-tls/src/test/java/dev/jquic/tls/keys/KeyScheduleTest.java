package dev.jquic.tls.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.crypto.HashFunction;
import dev.jquic.core.crypto.Hkdf;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Stage discipline and SHA-384 shapes of the key schedule; the values are checked by Rfc8448KeyScheduleTest. */
class KeyScheduleTest {

    @Test
    void derivationsOutsideTheirStageAreRefused() {
        KeySchedule schedule = KeySchedule.withoutPsk(HashFunction.SHA256);
        byte[] hash = new byte[32];
        assertEquals(KeySchedule.Stage.EARLY, schedule.stage());
        assertThrows(IllegalStateException.class, () -> schedule.clientHandshakeTrafficSecret(hash));
        assertThrows(IllegalStateException.class, schedule::deriveMasterSecret);
        assertThrows(IllegalStateException.class, () -> schedule.resumptionMasterSecret(hash));

        schedule.deriveHandshakeSecret(new byte[32]);
        assertEquals(KeySchedule.Stage.HANDSHAKE, schedule.stage());
        assertThrows(IllegalStateException.class, schedule::resumptionBinderKey);
        assertThrows(IllegalStateException.class, () -> schedule.clientEarlyTrafficSecret(hash));
        assertThrows(IllegalStateException.class, () -> schedule.deriveHandshakeSecret(new byte[32]));
        assertThrows(IllegalStateException.class, () -> schedule.clientApplicationTrafficSecret(hash));

        schedule.deriveMasterSecret();
        assertEquals(KeySchedule.Stage.MASTER, schedule.stage());
        assertThrows(IllegalStateException.class, () -> schedule.serverHandshakeTrafficSecret(hash));

        schedule.destroy();
        assertEquals(KeySchedule.Stage.DESTROYED, schedule.stage());
        assertThrows(IllegalStateException.class, () -> schedule.exporterMasterSecret(hash));
        assertThrows(IllegalStateException.class, schedule::currentStageSecret);
    }

    @Test
    void sha384ScheduleProducesFortyEightByteSecretsThatDifferPerLabel() {
        byte[] psk = new byte[48];
        Arrays.fill(psk, (byte) 7);
        KeySchedule schedule = KeySchedule.withPsk(HashFunction.SHA384, psk);
        byte[] resumptionBinder = schedule.resumptionBinderKey();
        byte[] externalBinder = schedule.externalBinderKey();
        assertEquals(48, resumptionBinder.length);
        assertFalse(Arrays.equals(resumptionBinder, externalBinder));
        byte[] transcript = KeySchedule.emptyHash(HashFunction.SHA384);
        assertEquals(48, schedule.clientEarlyTrafficSecret(transcript).length);

        schedule.deriveHandshakeSecret(new byte[48]);
        byte[] client = schedule.clientHandshakeTrafficSecret(transcript);
        byte[] server = schedule.serverHandshakeTrafficSecret(transcript);
        assertEquals(48, client.length);
        assertFalse(Arrays.equals(client, server));
        schedule.deriveMasterSecret();
        assertEquals(48, schedule.resumptionMasterSecret(transcript).length);
        assertEquals(48, KeySchedule.finishedVerifyData(HashFunction.SHA384, client, transcript).length);
    }

    @Test
    void pskChangesTheEarlySecret() {
        byte[] zeroPskEarly = KeySchedule.withoutPsk(HashFunction.SHA256).currentStageSecret();
        byte[] pskEarly = KeySchedule.withPsk(HashFunction.SHA256, new byte[] {1}).currentStageSecret();
        assertFalse(Arrays.equals(zeroPskEarly, pskEarly));
        assertArrayEquals(zeroPskEarly, KeySchedule.withPsk(HashFunction.SHA256, new byte[32]).currentStageSecret());
        assertThrows(IllegalArgumentException.class, () -> KeySchedule.withPsk(HashFunction.SHA256, new byte[0]));
    }

    @Test
    void trafficUpdateUsesTheTrafficUpdLabel() {
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) 3);
        assertArrayEquals(Hkdf.expandLabel(HashFunction.SHA256, secret, "traffic upd", new byte[0], 32),
                KeySchedule.nextApplicationTrafficSecret(HashFunction.SHA256, secret));
    }

    @Test
    void binderVerificationIsExact() {
        byte[] key = new byte[32];
        byte[] context = KeySchedule.emptyHash(HashFunction.SHA256);
        byte[] binder = KeySchedule.binder(HashFunction.SHA256, key, context);
        assertTrue(KeySchedule.verifyBinder(HashFunction.SHA256, key, context, binder));
        binder[0] ^= (byte) 0x80;
        assertFalse(KeySchedule.verifyBinder(HashFunction.SHA256, key, context, binder));
        assertFalse(KeySchedule.verifyBinder(HashFunction.SHA256, key, context, new byte[0]));
    }
}
