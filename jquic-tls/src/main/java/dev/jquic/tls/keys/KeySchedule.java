package dev.jquic.tls.keys;

import dev.jquic.core.crypto.HashFunction;
import dev.jquic.core.crypto.Hkdf;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The TLS 1.3 key schedule (TLS 1.3 spec §7.1) of one handshake, advanced stage by stage:
 * <pre>
 *   EARLY      Early Secret = HKDF-Extract(0, PSK or 0)
 *                binder keys, client_early_traffic_secret, early_exporter_master_secret
 *   HANDSHAKE  Handshake Secret = HKDF-Extract(Derive-Secret(Early, "derived", ""), (EC)DHE)
 *                client/server handshake traffic secrets
 *   MASTER     Master Secret = HKDF-Extract(Derive-Secret(Handshake, "derived", ""), 0)
 *                client/server application traffic secrets, exporter and resumption master secrets
 * </pre>
 * Each derivation names the Transcript-Hash (§4.4.1) it takes; the caller obtains it from
 * {@link TranscriptHash#currentHash()} at the point the method documents. Moving to the next
 * stage zeroes the previous stage's secret, so derive everything a stage offers before leaving
 * it. Returned secrets are fresh arrays owned by the caller.
 *
 * <p>A client that offered a PSK the server did not accept (no pre_shared_key in ServerHello)
 * must discard this schedule and start over with {@link #withoutPsk}.
 *
 * <p>The static methods are the pure functions around the schedule: Derive-Secret, Finished
 * (§4.4.4), PSK binders (§4.2.11.2), ticket PSKs (§4.6.1) and traffic secret updates (§7.2).
 * Not thread-safe.
 */
public final class KeySchedule {
    /** The stages of the schedule, in order. */
    public enum Stage {
        EARLY,
        HANDSHAKE,
        MASTER,
        DESTROYED
    }

    private final HashFunction hash;
    private Stage stage;
    private byte[] earlySecret;
    private byte[] handshakeSecret;
    private byte[] masterSecret;

    private KeySchedule(HashFunction hash, byte[] inputKeyingMaterial) {
        this.hash = hash;
        this.stage = Stage.EARLY;
        this.earlySecret = Hkdf.extract(hash, new byte[hash.length()], inputKeyingMaterial);
    }

    /** §7.1: a schedule whose Early Secret has a zero PSK (a full handshake without PSK). */
    public static KeySchedule withoutPsk(HashFunction hash) {
        return new KeySchedule(hash, new byte[hash.length()]);
    }

    /**
     * §7.1: a schedule whose Early Secret is HKDF-Extract(0, {@code psk}).
     *
     * @throws IllegalArgumentException if {@code psk} is empty
     */
    public static KeySchedule withPsk(HashFunction hash, byte[] psk) {
        if (psk.length == 0) {
            throw new IllegalArgumentException("empty PSK");
        }
        return new KeySchedule(hash, psk);
    }

    /** The hash function of the schedule (the cipher suite's, or the PSK's). */
    public HashFunction hash() {
        return hash;
    }

    /** The current stage. */
    public Stage stage() {
        return stage;
    }

    // ---- EARLY stage ----

    /** §7.1: binder_key = Derive-Secret(Early Secret, "res binder", "") for resumption PSKs. */
    public byte[] resumptionBinderKey() {
        return deriveSecret(hash, secretOf(Stage.EARLY), "res binder", emptyHash(hash));
    }

    /** §7.1: binder_key = Derive-Secret(Early Secret, "ext binder", "") for external PSKs. */
    public byte[] externalBinderKey() {
        return deriveSecret(hash, secretOf(Stage.EARLY), "ext binder", emptyHash(hash));
    }

    /**
     * §7.1: client_early_traffic_secret = Derive-Secret(Early Secret, "c e traffic",
     * ClientHello).
     *
     * @param clientHelloHash Transcript-Hash(ClientHello), the full ClientHello with binders
     */
    public byte[] clientEarlyTrafficSecret(byte[] clientHelloHash) {
        return deriveSecret(hash, secretOf(Stage.EARLY), "c e traffic", clientHelloHash);
    }

    /**
     * §7.1: early_exporter_master_secret = Derive-Secret(Early Secret, "e exp master",
     * ClientHello).
     *
     * @param clientHelloHash Transcript-Hash(ClientHello)
     */
    public byte[] earlyExporterMasterSecret(byte[] clientHelloHash) {
        return deriveSecret(hash, secretOf(Stage.EARLY), "e exp master", clientHelloHash);
    }

    /**
     * §7.1: Handshake Secret = HKDF-Extract(Derive-Secret(Early Secret, "derived", ""),
     * (EC)DHE). Zeroes the Early Secret and moves to {@link Stage#HANDSHAKE}.
     *
     * @param ecdheSharedSecret the output of {@link EphemeralKeyPair#sharedSecret}
     */
    public void deriveHandshakeSecret(byte[] ecdheSharedSecret) {
        byte[] derived = deriveSecret(hash, secretOf(Stage.EARLY), "derived", emptyHash(hash));
        handshakeSecret = Hkdf.extract(hash, derived, ecdheSharedSecret);
        Arrays.fill(derived, (byte) 0);
        Arrays.fill(earlySecret, (byte) 0);
        earlySecret = null;
        stage = Stage.HANDSHAKE;
    }

    // ---- HANDSHAKE stage ----

    /**
     * §7.1: client_handshake_traffic_secret = Derive-Secret(Handshake Secret, "c hs traffic",
     * ClientHello...ServerHello).
     *
     * @param clientHelloToServerHelloHash Transcript-Hash(ClientHello..ServerHello)
     */
    public byte[] clientHandshakeTrafficSecret(byte[] clientHelloToServerHelloHash) {
        return deriveSecret(hash, secretOf(Stage.HANDSHAKE), "c hs traffic", clientHelloToServerHelloHash);
    }

    /**
     * §7.1: server_handshake_traffic_secret = Derive-Secret(Handshake Secret, "s hs traffic",
     * ClientHello...ServerHello).
     *
     * @param clientHelloToServerHelloHash Transcript-Hash(ClientHello..ServerHello)
     */
    public byte[] serverHandshakeTrafficSecret(byte[] clientHelloToServerHelloHash) {
        return deriveSecret(hash, secretOf(Stage.HANDSHAKE), "s hs traffic", clientHelloToServerHelloHash);
    }

    /**
     * §7.1: Master Secret = HKDF-Extract(Derive-Secret(Handshake Secret, "derived", ""), 0).
     * Zeroes the Handshake Secret and moves to {@link Stage#MASTER}.
     */
    public void deriveMasterSecret() {
        byte[] derived = deriveSecret(hash, secretOf(Stage.HANDSHAKE), "derived", emptyHash(hash));
        masterSecret = Hkdf.extract(hash, derived, new byte[hash.length()]);
        Arrays.fill(derived, (byte) 0);
        Arrays.fill(handshakeSecret, (byte) 0);
        handshakeSecret = null;
        stage = Stage.MASTER;
    }

    // ---- MASTER stage ----

    /**
     * §7.1: client_application_traffic_secret_0 = Derive-Secret(Master Secret, "c ap traffic",
     * ClientHello...server Finished).
     *
     * @param clientHelloToServerFinishedHash Transcript-Hash(ClientHello..server Finished)
     */
    public byte[] clientApplicationTrafficSecret(byte[] clientHelloToServerFinishedHash) {
        return deriveSecret(hash, secretOf(Stage.MASTER), "c ap traffic", clientHelloToServerFinishedHash);
    }

    /**
     * §7.1: server_application_traffic_secret_0 = Derive-Secret(Master Secret, "s ap traffic",
     * ClientHello...server Finished).
     *
     * @param clientHelloToServerFinishedHash Transcript-Hash(ClientHello..server Finished)
     */
    public byte[] serverApplicationTrafficSecret(byte[] clientHelloToServerFinishedHash) {
        return deriveSecret(hash, secretOf(Stage.MASTER), "s ap traffic", clientHelloToServerFinishedHash);
    }

    /**
     * §7.1: exporter_master_secret = Derive-Secret(Master Secret, "exp master",
     * ClientHello...server Finished).
     *
     * @param clientHelloToServerFinishedHash Transcript-Hash(ClientHello..server Finished)
     */
    public byte[] exporterMasterSecret(byte[] clientHelloToServerFinishedHash) {
        return deriveSecret(hash, secretOf(Stage.MASTER), "exp master", clientHelloToServerFinishedHash);
    }

    /**
     * §7.1: resumption_master_secret = Derive-Secret(Master Secret, "res master",
     * ClientHello...client Finished).
     *
     * @param clientHelloToClientFinishedHash Transcript-Hash(ClientHello..client Finished)
     */
    public byte[] resumptionMasterSecret(byte[] clientHelloToClientFinishedHash) {
        return deriveSecret(hash, secretOf(Stage.MASTER), "res master", clientHelloToClientFinishedHash);
    }

    /** Zeroes whatever secret the schedule still holds; moves to {@link Stage#DESTROYED}. */
    public void destroy() {
        for (byte[] secret : new byte[][] {earlySecret, handshakeSecret, masterSecret}) {
            if (secret != null) {
                Arrays.fill(secret, (byte) 0);
            }
        }
        earlySecret = null;
        handshakeSecret = null;
        masterSecret = null;
        stage = Stage.DESTROYED;
    }

    /** The secret of the current stage, a copy (for tests and key logging). */
    byte[] currentStageSecret() {
        switch (stage) {
            case EARLY:
                return earlySecret.clone();
            case HANDSHAKE:
                return handshakeSecret.clone();
            case MASTER:
                return masterSecret.clone();
            default:
                throw new IllegalStateException("key schedule destroyed");
        }
    }

    private byte[] secretOf(Stage required) {
        if (stage != required) {
            throw new IllegalStateException("key schedule is at " + stage + ", needs " + required);
        }
        return required == Stage.EARLY ? earlySecret : required == Stage.HANDSHAKE ? handshakeSecret : masterSecret;
    }

    // ---- pure functions ----

    /**
     * §7.1: Derive-Secret(Secret, Label, Messages) = HKDF-Expand-Label(Secret, Label,
     * Transcript-Hash(Messages), Hash.length), given the transcript hash itself.
     */
    public static byte[] deriveSecret(HashFunction hash, byte[] secret, String label, byte[] transcriptHash) {
        return Hkdf.expandLabel(hash, secret, label, transcriptHash, hash.length());
    }

    /** Transcript-Hash of no messages: Hash(""). */
    public static byte[] emptyHash(HashFunction hash) {
        return TranscriptHash.newDigest(hash).digest();
    }

    /**
     * §4.4.4: finished_key = HKDF-Expand-Label(BaseKey, "finished", "", Hash.length).
     *
     * @param baseKey the sender's handshake traffic secret, or a binder key (§4.2.11.2)
     */
    public static byte[] finishedKey(HashFunction hash, byte[] baseKey) {
        return Hkdf.expandLabel(hash, baseKey, "finished", new byte[0], hash.length());
    }

    /**
     * §4.4.4: verify_data = HMAC(finished_key, Transcript-Hash(Handshake Context, Certificate*,
     * CertificateVerify*)).
     *
     * @param baseKey the sender's handshake traffic secret (server Finished: the server's;
     *     client Finished: the client's)
     * @param transcriptHash the transcript hash up to but excluding the Finished message
     */
    public static byte[] finishedVerifyData(HashFunction hash, byte[] baseKey, byte[] transcriptHash) {
        byte[] finishedKey = finishedKey(hash, baseKey);
        try {
            return hmac(hash, finishedKey, transcriptHash);
        } finally {
            Arrays.fill(finishedKey, (byte) 0);
        }
    }

    /**
     * §4.4.4: checks a received Finished verify_data in constant time. A mismatch must end the
     * handshake with decrypt_error (the caller raises it).
     */
    public static boolean verifyFinished(HashFunction hash, byte[] baseKey, byte[] transcriptHash,
            byte[] receivedVerifyData) {
        return MessageDigest.isEqual(finishedVerifyData(hash, baseKey, transcriptHash), receivedVerifyData);
    }

    /**
     * §4.2.11.2: a PSK binder, computed like Finished verify_data with the binder key as base
     * key over the hash of the partial ClientHello (see
     * {@link TranscriptHash#hashWithPartialClientHello}).
     *
     * @param binderKey {@link #resumptionBinderKey()} or {@link #externalBinderKey()}
     */
    public static byte[] binder(HashFunction hash, byte[] binderKey, byte[] partialClientHelloHash) {
        return finishedVerifyData(hash, binderKey, partialClientHelloHash);
    }

    /**
     * §4.2.11.2: checks a received binder in constant time; a mismatch must end the handshake
     * with decrypt_error (the caller raises it).
     */
    public static boolean verifyBinder(HashFunction hash, byte[] binderKey, byte[] partialClientHelloHash,
            byte[] receivedBinder) {
        return verifyFinished(hash, binderKey, partialClientHelloHash, receivedBinder);
    }

    /**
     * §4.6.1: the PSK of a ticket, HKDF-Expand-Label(resumption_master_secret, "resumption",
     * ticket_nonce, Hash.length).
     */
    public static byte[] pskFromTicket(HashFunction hash, byte[] resumptionMasterSecret, byte[] ticketNonce) {
        return Hkdf.expandLabel(hash, resumptionMasterSecret, "resumption", ticketNonce, hash.length());
    }

    /**
     * §7.2: application_traffic_secret_N+1 = HKDF-Expand-Label(application_traffic_secret_N,
     * "traffic upd", "", Hash.length). (QUIC key updates use "quic ku" instead, RFC 9001 §6.1;
     * this is here for completeness of the TLS schedule.)
     */
    public static byte[] nextApplicationTrafficSecret(HashFunction hash, byte[] applicationTrafficSecret) {
        return Hkdf.expandLabel(hash, applicationTrafficSecret, "traffic upd", new byte[0], hash.length());
    }

    private static byte[] hmac(HashFunction hash, byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(hash.macAlgorithm());
            mac.init(new SecretKeySpec(key, hash.macAlgorithm()));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks " + hash.macAlgorithm(), e);
        }
    }
}
