package dev.jquic.core.connection;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.crypto.CipherSource;
import dev.jquic.core.crypto.CipherSuite;
import dev.jquic.core.crypto.PacketProtection;
import dev.jquic.core.packet.OpenedPacket;
import dev.jquic.core.packet.PacketOpener;
import dev.jquic.core.packet.PacketHeader;
import dev.jquic.core.packet.PacketNumbers;
import dev.jquic.core.types.PacketType;
import dev.jquic.core.types.Version;
import java.nio.ByteBuffer;

/**
 * The 1-RTT packet protection keys of one connection across key updates (RFC 9001 §6): the
 * current write keys, and up to three read generations — previous (retained for reordered
 * packets, §6.5), current, and next (precomputed, §6.3).
 *
 * <h2>Generations and the Key Phase bit</h2>
 * Generation 0 is derived from the 1-RTT secrets TLS exports; each update derives generation
 * n+1 with {@link PacketProtection#nextGeneration()} ("quic ku", §6.1; the header protection key
 * never changes). The Key Phase bit of generation n is {@code n & 1} (§6: initially 0, toggled
 * at each update). Read and write always move together: initiating an update (§6.1) and
 * responding to one (§6.2) both advance both directions.
 *
 * <h2>Use by the connection</h2>
 * <ul>
 *   <li>Sending: seal with {@link #keysForSending()}, write {@link #sendKeyPhase()} into the
 *       short header, then report the packet with {@link #onPacketSent(long, boolean)}.</li>
 *   <li>Receiving, in one call: {@link #open(ByteBuffer, PacketHeader, long, long, long)} does
 *       the step-by-step work below and returns an {@link OpenedPacket} (the 1-RTT counterpart
 *       of {@code PacketOpener}, which cannot choose keys by Key Phase).</li>
 *   <li>Receiving, step by step: remove header protection with {@link #headerProtectionKeys()}
 *       (§6: the same for every generation), read the Key Phase bit and recover the packet
 *       number, then ask
 *       {@link #keysForReceiving(int, long)} ({@code null}: drop the packet). If
 *       {@link PacketProtection#open} succeeds call {@link #onPacketDecrypted(int, long, long, long)}
 *       before processing the frames (it may promote the next generation, after which ACKs are
 *       sent with the updated keys as §6.2 requires); if it fails call
 *       {@link #onDecryptionFailed()}.</li>
 *   <li>Acknowledgments: {@link #onAckFrameReceived(int, long)} for each ACK frame received
 *       (with its carrier's Key Phase bit), and {@link #onPacketAcknowledged(long, long, long)}
 *       for every newly acknowledged 1-RTT packet.</li>
 *   <li>Initiating: {@link #onHandshakeConfirmed()} once, then {@link #initiateUpdate(long)}
 *       whenever wanted and at least when {@link #isKeyUpdateDue()} (§6.6).</li>
 *   <li>Timer: {@link #discardDeadlineNanos()} / {@link #onTimeout(long)} discard the previous
 *       read keys 3×PTO after a packet with the newer keys was received (§6.5).</li>
 * </ul>
 *
 * <h2>Choosing read keys (§6.3, §6.5)</h2>
 * A packet whose Key Phase bit equals the current one is opened with the current keys. A packet
 * with the other bit is opened with the previous keys if they are retained and its packet number
 * is not above the largest received with the current keys (or none has been received yet);
 * otherwise with the next keys, which are always precomputed so that trying them costs the same
 * as any other decryption (§6.3: no timing side channel). When the previous keys are gone, a
 * packet older than the first one received with the current keys is dropped without decryption:
 * it cannot be a next-generation packet (§6.4: higher packet numbers never use older keys).
 *
 * <h2>Errors</h2>
 * <ul>
 *   <li>§6.4 (MUST): a packet that opens with the previous keys although a packet with a lower
 *       number was opened with the current keys: KEY_UPDATE_ERROR.</li>
 *   <li>§6.2 (MAY, implemented): the peer updates again before we sent, with the current keys,
 *       any packet carrying an ACK after receiving a current-generation packet — it cannot have
 *       received the acknowledgment §6.1 requires before a subsequent update: KEY_UPDATE_ERROR.
 *       Not applied to the first update (from generation 0), which is not consecutive.</li>
 *   <li>§6.6 (MUST): more failed authentications than the suite's integrity limit, counted over
 *       the connection: AEAD_LIMIT_REACHED; afterwards every packet is dropped.</li>
 *   <li>§6.2 (MAY, implemented in {@link #onAckFrameReceived(int, long)}): an ACK carried with
 *       old keys that acknowledges a packet sent with newer keys: KEY_UPDATE_ERROR.</li>
 * </ul>
 *
 * <p>Single-threaded and not thread-safe: the connection's owner thread confines it.
 */
public final class OneRttKeys implements PacketOpener.PayloadKeySelector {
    /** {@link #discardDeadlineNanos()} when no previous keys await discarding. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;
    /** RFC 9001 §6.5: old read keys are retained for three times the PTO. */
    public static final int PTO_MULTIPLIER = 3;

    private static final long NONE = -1;

    private final long confidentialityLimitPackets;
    private final long integrityLimitPackets;

    private PacketProtection writeKeys;
    private PacketProtection previousReadKeys;
    private PacketProtection currentReadKeys;
    private PacketProtection nextReadKeys;
    private long generation;

    private boolean handshakeConfirmed;
    /** Lowest packet number sent with the current write keys, or NONE. */
    private long firstSentInCurrentPhase = NONE;
    private boolean currentPhaseAcknowledged;
    /** RFC 9001 §6.5 SHOULD: no update until 3×PTO after the previous update was confirmed. */
    private long updatePermittedAtNanos;
    /** Whether a packet with the current keys carried an ACK after a current packet was received. */
    private boolean ackSentInCurrentPhase;

    private long lowestReceivedInCurrentPhase = NONE;
    private long largestReceivedInCurrentPhase = NONE;
    private long discardDeadlineNanos = NO_DEADLINE;

    private long authenticationFailures;
    private boolean integrityLimitExceeded;

    /**
     * Keys of generation 0 from the 1-RTT traffic secrets (RFC 9001 §5.1).
     *
     * @param writeSecret the secret protecting packets this endpoint sends
     * @param readSecret the secret protecting packets the peer sends
     * @throws IllegalArgumentException if a secret is not Hash.length bytes long
     */
    public OneRttKeys(CipherSuite suite, Version version, byte[] writeSecret, byte[] readSecret) {
        this(suite, version, writeSecret, readSecret, CipherSource.JCA);
    }

    /** As {@link #OneRttKeys(CipherSuite, Version, byte[], byte[])}, with ciphers from {@code ciphers}. */
    public OneRttKeys(CipherSuite suite, Version version, byte[] writeSecret, byte[] readSecret,
            CipherSource ciphers) {
        this(suite, version, writeSecret, readSecret, suite.confidentialityLimitPackets(),
                suite.integrityLimitPackets(), ciphers);
    }

    /** With explicit AEAD limits (RFC 9001 §6.6), so that tests can reach them. */
    OneRttKeys(CipherSuite suite, Version version, byte[] writeSecret, byte[] readSecret,
            long confidentialityLimitPackets, long integrityLimitPackets) {
        this(suite, version, writeSecret, readSecret, confidentialityLimitPackets, integrityLimitPackets,
                CipherSource.JCA);
    }

    private OneRttKeys(CipherSuite suite, Version version, byte[] writeSecret, byte[] readSecret,
            long confidentialityLimitPackets, long integrityLimitPackets, CipherSource ciphers) {
        if (confidentialityLimitPackets < 1 || integrityLimitPackets < 0) {
            throw new IllegalArgumentException("invalid AEAD limits");
        }
        this.confidentialityLimitPackets = confidentialityLimitPackets;
        this.integrityLimitPackets = integrityLimitPackets;
        this.writeKeys = PacketProtection.create(suite, version, writeSecret, ciphers);
        this.currentReadKeys = PacketProtection.create(suite, version, readSecret, ciphers);
        // RFC 9001 §6.3: next receive keys are computed ahead, not while processing a packet.
        this.nextReadKeys = currentReadKeys.nextGeneration();
    }

    // ---- sending ----

    /**
     * The keys protecting every packet sent now (RFC 9001 §6.4: only the current keys).
     *
     * @throws IllegalStateException if they have sealed the confidentiality limit (RFC 9001
     *     §6.6: the endpoint MUST stop using those keys); callers check {@link #isKeyUpdateDue()}
     *     and {@link #isConfidentialityLimitNear()} long before
     */
    public PacketProtection keysForSending() {
        // RFC 9001 §6.6: keys that reached the confidentiality limit MUST NOT be used any more.
        if (writeKeys.protectedPacketCount() >= confidentialityLimitPackets) {
            throw new IllegalStateException("confidentiality limit of " + confidentialityLimitPackets
                    + " packets reached for key generation " + generation);
        }
        return writeKeys;
    }

    /** The Key Phase bit (0 or 1) of the short headers sent now (RFC 9001 §6). */
    public int sendKeyPhase() {
        return (int) (generation & 1);
    }

    /** The current key generation, 0 for the keys TLS exported; read and write share it. */
    public long keyGeneration() {
        return generation;
    }

    /**
     * Records a 1-RTT packet sealed with {@link #keysForSending()}.
     *
     * @param containsAck whether it carries an ACK frame (for the §6.2 consecutive update check)
     */
    public void onPacketSent(long packetNumber, boolean containsAck) {
        if (firstSentInCurrentPhase == NONE) {
            firstSentInCurrentPhase = packetNumber;
        }
        if (containsAck && largestReceivedInCurrentPhase != NONE) {
            ackSentInCurrentPhase = true;
        }
    }

    // ---- receiving ----

    /** Keys for removing header protection from any 1-RTT packet (RFC 9001 §6: never updated). */
    public PacketProtection headerProtectionKeys() {
        return currentReadKeys;
    }

    /**
     * The keys to open a packet with (RFC 9001 §6.3, §6.5), chosen from its Key Phase bit
     * (0 or 1, after header protection removal) and its recovered packet number.
     *
     * @return the keys, or {@code null} if the packet must be dropped: it needs discarded
     *     previous keys, or the integrity limit was exceeded (RFC 9001 §6.6: no more packets are
     *     processed)
     * @throws IllegalArgumentException if {@code keyPhase} is not 0 or 1
     */
    @Override
    public PacketProtection select(int keyPhase, long packetNumber) {
        return keysForReceiving(keyPhase, packetNumber);
    }

    @Override
    public void onAuthenticationFailed() throws QuicProtocolException {
        onDecryptionFailed();
    }

    public PacketProtection keysForReceiving(int keyPhase, long packetNumber) {
        if ((keyPhase & ~1) != 0) {
            throw new IllegalArgumentException("key phase must be 0 or 1: " + keyPhase);
        }
        if (integrityLimitExceeded) {
            return null;
        }
        if (keyPhase == sendKeyPhase()) {
            return currentReadKeys;
        }
        if (usesPreviousKeys(packetNumber)) {
            return previousReadKeys;
        }
        if (previousReadKeys == null && lowestReceivedInCurrentPhase != NONE
                && packetNumber < lowestReceivedInCurrentPhase) {
            // Older than the current phase: it needed the discarded previous keys.
            return null;
        }
        return nextReadKeys;
    }

    /**
     * Unprotects a 1-RTT packet in place (RFC 9001 §5.3, §5.4) with the keys its Key Phase bit
     * and packet number select (§6.3, §6.5), recovering the full packet number (RFC 9000 §A.3),
     * and records the outcome ({@link #onPacketDecrypted} or {@link #onDecryptionFailed}).
     *
     * @param largestReceivedPacketNumber the largest packet number processed in the application
     *     data space, or {@link PacketNumbers#NONE}
     * @param ptoNanos the current probe timeout (§6.5 retention of old keys)
     * @return the opened packet, or {@code null} if it must be dropped: too short to be sampled,
     *     needing discarded keys, or failing authentication; its bytes are then unspecified
     * @throws QuicProtocolException PROTOCOL_VIOLATION for non-zero reserved bits (RFC 9000
     *     §17.3.1), KEY_UPDATE_ERROR or AEAD_LIMIT_REACHED as for the step-by-step methods
     * @throws IllegalArgumentException if {@code header} is not a short header
     */
    public OpenedPacket open(ByteBuffer datagram, PacketHeader header, long largestReceivedPacketNumber,
            long nowNanos, long ptoNanos) throws QuicProtocolException {
        if (header.type() != PacketType.ONE_RTT) {
            throw new IllegalArgumentException("not a 1-RTT packet: " + header.type());
        }
        if (integrityLimitExceeded) {
            return null;
        }
        OpenedPacket opened = PacketOpener.open(datagram, header, headerProtectionKeys(), this,
                largestReceivedPacketNumber);
        if (opened != null) {
            onPacketDecrypted(opened.keyPhase(), opened.packetNumber(), nowNanos, ptoNanos);
        }
        return opened;
    }

    private boolean usesPreviousKeys(long packetNumber) {
        return previousReadKeys != null
                && (largestReceivedInCurrentPhase == NONE || packetNumber <= largestReceivedInCurrentPhase);
    }

    /**
     * Records that the packet opened with the keys {@link #keysForReceiving} returned for the
     * same arguments (call it before anything else changes this object). A packet opened with
     * the next keys means the peer updated (RFC 9001 §6.2): both directions move to the next
     * generation, so packets sent from now on — in particular the ACK of this packet — use the
     * updated keys.
     *
     * @param ptoNanos the current probe timeout, for the 3×PTO retention of old keys (§6.5)
     * @throws QuicProtocolException KEY_UPDATE_ERROR for the violations listed in the class
     *     comment
     */
    public void onPacketDecrypted(int keyPhase, long packetNumber, long nowNanos, long ptoNanos)
            throws QuicProtocolException {
        if (keyPhase == sendKeyPhase()) {
            if (largestReceivedInCurrentPhase == NONE && previousReadKeys != null) {
                // RFC 9001 §6.1: old keys are retained until a packet with the new keys is
                // unprotected; §6.5: then for no more than three times the PTO.
                discardDeadlineNanos = saturatedAdd(nowNanos, PTO_MULTIPLIER, ptoNanos);
            }
            recordCurrentPhasePacket(packetNumber);
            return;
        }
        if (usesPreviousKeys(packetNumber)) {
            // RFC 9001 §6.4: removing protection with old keys when newer keys were used for a
            // lower packet number MUST be treated as a connection error of type KEY_UPDATE_ERROR.
            if (lowestReceivedInCurrentPhase != NONE && packetNumber > lowestReceivedInCurrentPhase) {
                throw new QuicProtocolException(TransportError.KEY_UPDATE_ERROR, "packet " + packetNumber
                        + " uses old keys after packet " + lowestReceivedInCurrentPhase + " used newer keys");
            }
            return;
        }
        // RFC 9001 §6.2: a second update before we sent an ACK with the updated keys MAY be
        // treated as a connection error of type KEY_UPDATE_ERROR.
        if (generation > 0 && !ackSentInCurrentPhase) {
            throw new QuicProtocolException(TransportError.KEY_UPDATE_ERROR,
                    "peer updated keys again before its previous update was acknowledged");
        }
        // RFC 9001 §6.2: the endpoint MUST update its send keys in response.
        advanceGeneration();
        recordCurrentPhasePacket(packetNumber);
        // RFC 9001 §6.5: retain the old read keys for three times the PTO.
        discardDeadlineNanos = saturatedAdd(nowNanos, PTO_MULTIPLIER, ptoNanos);
    }

    /**
     * Records a packet that failed authentication (RFC 9001 §6.6: counted across all keys of the
     * connection; the connection may report failures of other encryption levels here too).
     *
     * @throws QuicProtocolException AEAD_LIMIT_REACHED once the failures exceed the suite's
     *     integrity limit; every later packet is dropped
     */
    public void onDecryptionFailed() throws QuicProtocolException {
        authenticationFailures++;
        // RFC 9001 §6.6: exceeding the integrity limit MUST immediately close the connection
        // with AEAD_LIMIT_REACHED, and no more packets are processed.
        if (authenticationFailures > integrityLimitPackets) {
            integrityLimitExceeded = true;
            throw new QuicProtocolException(TransportError.AEAD_LIMIT_REACHED,
                    authenticationFailures + " packets failed authentication");
        }
    }

    /** Packets that failed authentication so far (RFC 9001 §6.6). */
    public long authenticationFailureCount() {
        return authenticationFailures;
    }

    // ---- initiating updates ----

    /** RFC 9001 §4.1.2: the handshake is confirmed; key updates may be initiated from now on. */
    public void onHandshakeConfirmed() {
        handshakeConfirmed = true;
    }

    /**
     * Records that the peer acknowledged a 1-RTT packet we sent (RFC 9001 §6.1: a subsequent
     * update needs an acknowledgment of a packet sent with the current keys).
     *
     * @param ptoNanos the current probe timeout (§6.5: SHOULD wait 3×PTO after that
     *     acknowledgment before initiating a further update)
     */
    public void onPacketAcknowledged(long packetNumber, long nowNanos, long ptoNanos) {
        if (!currentPhaseAcknowledged && firstSentInCurrentPhase != NONE && packetNumber >= firstSentInCurrentPhase) {
            currentPhaseAcknowledged = true;
            // RFC 9001 §6.5: SHOULD wait 3×PTO after the acknowledgment confirming the previous
            // update before initiating another, so the peer can still open our older packets.
            updatePermittedAtNanos = generation == 0 ? nowNanos : saturatedAdd(nowNanos, PTO_MULTIPLIER, ptoNanos);
        }
    }

    /**
     * Checks an ACK frame against the keys of the packet that carried it (RFC 9001 §6.2). Call
     * it after {@link #onPacketDecrypted} for that packet, with the carrier's Key Phase bit.
     *
     * @param largestAcknowledged the frame's Largest Acknowledged
     * @throws QuicProtocolException KEY_UPDATE_ERROR if a packet protected with older keys than
     *     ours acknowledges a packet we protected with the current keys: the peer received our
     *     update but did not update its keys in response
     */
    public void onAckFrameReceived(int carrierKeyPhase, long largestAcknowledged) throws QuicProtocolException {
        // After onPacketDecrypted, a carrier with the other Key Phase bit used the previous keys.
        // RFC 9001 §6.2: an acknowledgment carried with old keys of a packet protected with newer
        // keys MAY be treated as a connection error of type KEY_UPDATE_ERROR.
        if (carrierKeyPhase != sendKeyPhase() && firstSentInCurrentPhase != NONE
                && largestAcknowledged >= firstSentInCurrentPhase) {
            throw new QuicProtocolException(TransportError.KEY_UPDATE_ERROR, "packet " + largestAcknowledged
                    + " sent with updated keys was acknowledged in a packet protected with old keys");
        }
    }

    /** Whether {@link #initiateUpdate(long)} would succeed now. */
    public boolean canInitiateUpdate(long nowNanos) {
        // RFC 9001 §6.1: MUST NOT initiate before the handshake is confirmed, nor before a packet
        // sent with the current keys was acknowledged.
        return handshakeConfirmed && currentPhaseAcknowledged && nowNanos >= updatePermittedAtNanos;
    }

    /**
     * Initiates a key update (RFC 9001 §6.1): both directions move to the next generation and
     * the Key Phase bit toggles; the current read keys become the previous ones, kept until 3×PTO
     * after a packet with the new keys arrives (§6.5).
     *
     * @return false, changing nothing, if an update is not allowed now (see
     *     {@link #canInitiateUpdate(long)})
     */
    public boolean initiateUpdate(long nowNanos) {
        if (!canInitiateUpdate(nowNanos)) {
            return false;
        }
        advanceGeneration();
        // RFC 9001 §6.1: old keys MUST be retained until a packet with the new keys is unprotected.
        discardDeadlineNanos = NO_DEADLINE;
        return true;
    }

    /**
     * RFC 9001 §6.6: the write keys have sealed three quarters of the confidentiality limit; a
     * key update MUST happen before the limit, so initiate one as soon as it is allowed.
     */
    public boolean isKeyUpdateDue() {
        return writeKeys.protectedPacketCount() >= confidentialityLimitPackets - confidentialityLimitPackets / 4;
    }

    /**
     * RFC 9001 §6.6: the write keys have sealed seven eighths of the confidentiality limit. If
     * no update can be initiated, the connection is RECOMMENDED to close now with
     * AEAD_LIMIT_REACHED, while a few packets remain for the CONNECTION_CLOSE.
     */
    public boolean isConfidentialityLimitNear() {
        return writeKeys.protectedPacketCount() >= confidentialityLimitPackets - confidentialityLimitPackets / 8;
    }

    // ---- discarding old keys ----

    /** When the previous read keys are discarded, or {@link #NO_DEADLINE}. */
    public long discardDeadlineNanos() {
        return discardDeadlineNanos;
    }

    /** Discards the previous read keys once their deadline has passed (RFC 9001 §6.5). */
    public void onTimeout(long nowNanos) {
        if (nowNanos >= discardDeadlineNanos) {
            previousReadKeys = null;
            discardDeadlineNanos = NO_DEADLINE;
        }
    }

    /** Whether the previous generation's read keys are still retained. */
    public boolean hasPreviousReadKeys() {
        return previousReadKeys != null;
    }

    private void advanceGeneration() {
        writeKeys = writeKeys.nextGeneration();
        // At most three read generations: an older previous generation is dropped now.
        previousReadKeys = currentReadKeys;
        currentReadKeys = nextReadKeys;
        // RFC 9001 §6.3: compute the next read keys ahead of the packet that will need them.
        nextReadKeys = currentReadKeys.nextGeneration();
        generation++;
        firstSentInCurrentPhase = NONE;
        currentPhaseAcknowledged = false;
        ackSentInCurrentPhase = false;
        lowestReceivedInCurrentPhase = NONE;
        largestReceivedInCurrentPhase = NONE;
    }

    private void recordCurrentPhasePacket(long packetNumber) {
        if (lowestReceivedInCurrentPhase == NONE || packetNumber < lowestReceivedInCurrentPhase) {
            lowestReceivedInCurrentPhase = packetNumber;
        }
        if (packetNumber > largestReceivedInCurrentPhase) {
            largestReceivedInCurrentPhase = packetNumber;
        }
    }

    private static long saturatedAdd(long nowNanos, int multiplier, long durationNanos) {
        long total = durationNanos > (NO_DEADLINE - 1) / multiplier ? NO_DEADLINE - 1 : multiplier * durationNanos;
        return nowNanos > NO_DEADLINE - 1 - total ? NO_DEADLINE - 1 : nowNanos + total;
    }
}
