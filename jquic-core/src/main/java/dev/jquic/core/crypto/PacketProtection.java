package dev.jquic.core.crypto;

import dev.jquic.core.types.Version;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Packet protection for one direction and one key generation (RFC 9001 §5): the AEAD key, IV
 * and header protection key derived from a traffic secret (§5.1), one cached AEAD
 * {@link Cipher} and one cached header protection cipher, both taken from a {@link CipherSource}
 * (the JCA, or an endpoint's {@link CipherPool} that recycles the ciphers of ended connections).
 *
 * <p>All operations work in place on a caller-owned, writable {@link ByteBuffer}; offsets are
 * absolute indices (as for {@link ByteBuffer#get(int)}) and must lie within the buffer's
 * limit; positions and limits of the caller's buffer are never changed.
 *
 * <p>Sending: the packet package writes the header (with the truncated packet number and its
 * length in the first byte) and the plaintext payload, then calls
 * {@link #protect(ByteBuffer, int, int, int, int, long)}. Receiving, in two steps:
 * {@link #removeHeaderProtection(ByteBuffer, int, int, int)} reveals the first byte and the
 * truncated packet number, the caller recovers the full packet number (RFC 9000 §A.3), then
 * {@link #open(ByteBuffer, int, int, int, long)} decrypts the payload.
 *
 * <p>Allocation: none per packet except what JCA forces: one {@link GCMParameterSpec} or
 * {@link IvParameterSpec} per AEAD operation (it copies the nonce), one
 * {@link javax.crypto.spec.ChaCha20ParameterSpec} per ChaCha20 header protection mask, whatever
 * the JDK provider allocates inside {@code init}/{@code doFinal}, and an
 * {@link AEADBadTagException} for each packet that fails authentication. Three
 * {@link ByteBuffer#duplicate() duplicates} of the caller's buffer are cached and rebuilt only
 * when a different buffer object is passed. Measured on JDK 17 for a 1200-byte packet, protect
 * plus unprotect allocate about 2.3 KB with AES-GCM on heap buffers (the provider copies
 * overlapping in-place input; the same as calling the {@code byte[]} overloads directly),
 * about 6.5 KB on direct buffers (copied through heap arrays) and 7 to 9 KB with
 * ChaCha20-Poly1305 (the provider allocates on every {@code init}); this class itself adds
 * only the parameter specs.
 *
 * <p>Not thread-safe: one owner thread.
 */
public final class PacketProtection {
    /** Returned by {@link #open} and {@link #removeHeaderProtection} when the packet must be dropped. */
    public static final int FAILED = -1;

    private static final long MAX_PACKET_NUMBER = (1L << 62) - 1;

    private final CipherSuite suite;
    private final Version version;
    private final byte[] secret;
    private final byte[] iv;
    private final byte[] headerProtectionKey;
    private final SecretKeySpec aeadKey;
    private final CipherSource ciphers;
    private final Cipher aead;
    private final HeaderProtectionCipher headerProtection;

    private final byte[] nonce = new byte[CipherSuite.IV_LENGTH];
    private final byte[] lastNonce = new byte[CipherSuite.IV_LENGTH];
    private boolean hasLastNonce;
    private long largestSealedPacketNumber = -1;
    private final byte[] maskScratch = new byte[5];

    private ByteBuffer viewSource;
    private ByteBuffer aadView;
    private byte[] aadScratch = new byte[64];
    private ByteBuffer inputView;
    private ByteBuffer outputView;

    private long protectedPacketCount;
    private long authenticationFailureCount;

    private PacketProtection(CipherSuite suite, Version version, byte[] secret, byte[] key, byte[] iv,
            byte[] headerProtectionKey, HeaderProtectionCipher headerProtection, CipherSource ciphers) {
        this.suite = suite;
        this.version = version;
        this.secret = secret;
        this.iv = iv;
        this.headerProtectionKey = headerProtectionKey;
        this.aeadKey = new SecretKeySpec(key, suite.keyAlgorithm());
        this.headerProtection = headerProtection;
        this.ciphers = ciphers;
        try {
            this.aead = ciphers.cipher(suite.aeadTransformation());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks " + suite.aeadTransformation(), e);
        }
    }

    /**
     * Derives packet protection from a traffic secret (RFC 9001 §5.1): key, IV and header
     * protection key with the version's labels ("quic key"/"quic iv"/"quic hp" in v1,
     * "quicv2 ..." in v2, RFC 9369 §3.3.2).
     *
     * @throws IllegalArgumentException if the secret is not Hash.length bytes long or the
     *     version has no packet protection
     */
    public static PacketProtection create(CipherSuite suite, Version version, byte[] trafficSecret) {
        return create(suite, version, trafficSecret, CipherSource.JCA);
    }

    /**
     * As {@link #create(CipherSuite, Version, byte[])}, taking the AEAD and header protection
     * ciphers (and those of later key generations) from {@code ciphers}.
     */
    public static PacketProtection create(CipherSuite suite, Version version, byte[] trafficSecret,
            CipherSource ciphers) {
        Objects.requireNonNull(ciphers, "ciphers");
        if (trafficSecret.length != suite.hash().length()) {
            throw new IllegalArgumentException("traffic secret of " + trafficSecret.length + " bytes for " + suite);
        }
        byte[] headerProtectionKey = Hkdf.expandLabel(suite.hash(), trafficSecret,
                VersionLabels.headerProtection(version), new byte[0], suite.keyLength());
        return withHeaderProtectionKey(suite, version, trafficSecret.clone(), headerProtectionKey,
                new HeaderProtectionCipher(suite, headerProtectionKey, ciphers), ciphers);
    }

    private static PacketProtection withHeaderProtectionKey(CipherSuite suite, Version version, byte[] secret,
            byte[] headerProtectionKey, HeaderProtectionCipher headerProtection, CipherSource ciphers) {
        byte[] key = Hkdf.expandLabel(suite.hash(), secret, VersionLabels.key(version), new byte[0], suite.keyLength());
        byte[] iv = Hkdf.expandLabel(suite.hash(), secret, VersionLabels.iv(version), new byte[0],
                CipherSuite.IV_LENGTH);
        return new PacketProtection(suite, version, secret, key, iv, headerProtectionKey, headerProtection, ciphers);
    }

    /**
     * The next key generation (RFC 9001 §6.1): secret_&lt;n+1&gt; = HKDF-Expand-Label(secret_&lt;n&gt;,
     * "quic ku" (v1) or "quicv2 ku" (v2), "", Hash.length); key and IV are derived anew from
     * it. RFC 9001 §6.1: the header protection key is not updated. The returned object has
     * its own AEAD cipher and counters and shares this one's header protection cipher (the
     * generations of a connection are used from one thread).
     */
    public PacketProtection nextGeneration() {
        byte[] nextSecret = Hkdf.expandLabel(suite.hash(), secret, VersionLabels.keyUpdate(version), new byte[0],
                suite.hash().length());
        return withHeaderProtectionKey(suite, version, nextSecret, headerProtectionKey, headerProtection, ciphers);
    }

    public CipherSuite suite() {
        return suite;
    }

    public Version version() {
        return version;
    }

    /** Packets sealed with this key, for the confidentiality limit (RFC 9001 §6.6). */
    public long protectedPacketCount() {
        return protectedPacketCount;
    }

    /** Packets that failed authentication with this key, for the integrity limit (RFC 9001 §6.6). */
    public long authenticationFailureCount() {
        return authenticationFailureCount;
    }

    /**
     * Protects a whole packet in place: encrypts the payload {@code [packetNumberOffset +
     * packetNumberLength, payloadEnd)} with the header {@code [packetStart, packetNumberOffset +
     * packetNumberLength)} as associated data, appends the 16-byte tag at {@code payloadEnd},
     * then applies header protection (RFC 9001 §5.4.1): the low 4 (long header) or 5 (short
     * header) bits of the first byte and the packet number bytes are masked with the sample
     * taken at {@code packetNumberOffset + 4} (§5.4.2).
     *
     * <p>The header must already carry the truncated packet number and its length bits.
     *
     * @return the end of the protected packet, {@code payloadEnd + 16}
     * @throws IllegalArgumentException if the offsets are inconsistent, the buffer has no room
     *     for the tag, or the payload is too short to be sampled (RFC 9001 §5.4.2: pad it so
     *     that the packet number and payload together are at least 4 bytes)
     * @throws IllegalStateException if the packet number is not above those already sealed
     */
    public int protect(ByteBuffer buffer, int packetStart, int packetNumberOffset, int packetNumberLength,
            int payloadEnd, long packetNumber) {
        checkWritable(buffer);
        if (packetNumberLength < 1 || packetNumberLength > 4 || packetStart < 0
                || packetNumberOffset <= packetStart
                || payloadEnd < packetNumberOffset + packetNumberLength) {
            throw new IllegalArgumentException("inconsistent packet offsets");
        }
        // RFC 9001 §5.4.2: the sample needs at least 4 bytes of packet number and payload.
        if (payloadEnd < packetNumberOffset + 4) {
            throw new IllegalArgumentException("payload too short for a header protection sample; add PADDING");
        }
        if ((buffer.get(packetStart) & 0x03) + 1 != packetNumberLength) {
            throw new IllegalArgumentException("first byte does not encode packet number length " + packetNumberLength);
        }
        int packetEnd = seal(buffer, packetStart, packetNumberOffset + packetNumberLength, payloadEnd, packetNumber);
        headerProtection.mask(buffer, packetNumberOffset + 4, maskScratch);
        applyMask(buffer, packetStart, packetNumberOffset, packetNumberLength);
        return packetEnd;
    }

    /**
     * First receive step: removes header protection in place (RFC 9001 §5.4). The sample is
     * taken at {@code packetNumberOffset + 4}, whatever the packet number length (§5.4.2).
     *
     * @param packetEnd the end of this packet (for a long header, as given by its Length field)
     * @return {@link #FAILED} if the packet is too short to be sampled or the offsets are
     *     inconsistent (RFC 9001 §5.4.2: such packets are dropped); otherwise a packed result,
     *     read with {@link #packetNumberLength(long)} and {@link #truncatedPacketNumber(long)}
     */
    public long removeHeaderProtection(ByteBuffer buffer, int packetStart, int packetNumberOffset, int packetEnd) {
        checkWritable(buffer);
        if (packetStart < 0 || packetNumberOffset <= packetStart || packetEnd > buffer.limit()
                || (long) packetEnd - packetNumberOffset < 4 + CipherSuite.SAMPLE_LENGTH) {
            return FAILED;
        }
        headerProtection.mask(buffer, packetNumberOffset + 4, maskScratch);
        int firstByte = buffer.get(packetStart) & 0xff;
        // RFC 9001 §5.4.1: 4 bits are protected in long headers, 5 in short headers.
        firstByte ^= maskScratch[0] & ((firstByte & 0x80) != 0 ? 0x0f : 0x1f);
        buffer.put(packetStart, (byte) firstByte);
        int packetNumberLength = (firstByte & 0x03) + 1;
        long truncated = 0;
        for (int i = 0; i < packetNumberLength; i++) {
            int unmasked = (buffer.get(packetNumberOffset + i) ^ maskScratch[1 + i]) & 0xff;
            buffer.put(packetNumberOffset + i, (byte) unmasked);
            truncated = (truncated << 8) | unmasked;
        }
        return ((long) packetNumberLength << 32) | truncated;
    }

    /** The packet number length (1 to 4) in a successful {@link #removeHeaderProtection} result. */
    public static int packetNumberLength(long headerResult) {
        return (int) (headerResult >>> 32);
    }

    /** The truncated packet number in a successful {@link #removeHeaderProtection} result. */
    public static long truncatedPacketNumber(long headerResult) {
        return headerResult & 0xffff_ffffL;
    }

    /**
     * Encrypts {@code [payloadOffset, payloadEnd)} in place with {@code [headerStart,
     * payloadOffset)} as associated data and writes the 16-byte tag at {@code payloadEnd}
     * (RFC 9001 §5.3). Header protection is not applied.
     *
     * @return {@code payloadEnd + 16}
     * @throws IllegalArgumentException for inconsistent offsets, no room for the tag or a
     *     packet number outside 0..2^62-1
     * @throws IllegalStateException if the packet number is not above every packet number
     *     already sealed with this key (RFC 9000 §12.3: packet numbers are never reused, and
     *     a sender numbers its packets in increasing order)
     */
    public int seal(ByteBuffer buffer, int headerStart, int payloadOffset, int payloadEnd, long packetNumber) {
        checkWritable(buffer);
        if (headerStart < 0 || payloadOffset < headerStart || payloadEnd < payloadOffset
                || (long) payloadEnd + CipherSuite.TAG_LENGTH > buffer.limit()) {
            throw new IllegalArgumentException("inconsistent payload offsets or no room for the tag");
        }
        if (packetNumber < 0 || packetNumber > MAX_PACKET_NUMBER) {
            throw new IllegalArgumentException("packet number out of range: " + packetNumber);
        }
        // RFC 9000 §12.3: a packet number is never reused; reusing a nonce would break the AEAD.
        if (packetNumber <= largestSealedPacketNumber) {
            throw new IllegalStateException("packet number " + packetNumber + " not above " + largestSealedPacketNumber
                    + ", the largest already sealed with this key");
        }
        computeNonce(packetNumber);
        bindViews(buffer);
        try {
            initAead(Cipher.ENCRYPT_MODE);
            largestSealedPacketNumber = packetNumber;
            updateAad(buffer, headerStart, payloadOffset);
            aead.doFinal(window(inputView, payloadOffset, payloadEnd),
                    window(outputView, payloadOffset, payloadEnd + CipherSuite.TAG_LENGTH));
        } catch (GeneralSecurityException e) {
            // Unreachable: key, nonce and lengths are valid and the output has room.
            throw new IllegalStateException("AEAD encryption failed", e);
        }
        protectedPacketCount++;
        return payloadEnd + CipherSuite.TAG_LENGTH;
    }

    /**
     * Second receive step: decrypts {@code [payloadOffset, packetEnd)} (ciphertext and 16-byte
     * tag) in place with {@code [headerStart, payloadOffset)} as associated data (RFC 9001
     * §5.3). The plaintext ends up at {@code [payloadOffset, returned end)}.
     *
     * <p>RFC 9001 §5.3 and §9.5: a packet that fails authentication is dropped; that is a
     * normal outcome, not an exception. On failure the payload bytes are unspecified.
     *
     * @param payloadOffset the packet number offset plus the packet number length
     * @param packetNumber the full, recovered packet number
     * @return the end of the plaintext ({@code packetEnd - 16}), or {@link #FAILED} if the
     *     packet fails authentication or the offsets cannot describe a protected payload
     */
    public int open(ByteBuffer buffer, int headerStart, int payloadOffset, int packetEnd, long packetNumber) {
        checkWritable(buffer);
        if (headerStart < 0 || payloadOffset < headerStart || packetEnd > buffer.limit()
                || (long) packetEnd - payloadOffset < CipherSuite.TAG_LENGTH
                || packetNumber < 0 || packetNumber > MAX_PACKET_NUMBER) {
            return FAILED;
        }
        computeNonce(packetNumber);
        bindViews(buffer);
        try {
            initAead(Cipher.DECRYPT_MODE);
            updateAad(buffer, headerStart, payloadOffset);
            int plaintextLength = aead.doFinal(window(inputView, payloadOffset, packetEnd),
                    window(outputView, payloadOffset, packetEnd));
            return payloadOffset + plaintextLength;
        } catch (AEADBadTagException e) {
            authenticationFailureCount++;
            return FAILED;
        } catch (GeneralSecurityException e) {
            return FAILED;
        }
    }

    /**
     * Writes the 5-byte header protection mask (RFC 9001 §5.4.3 AES, §5.4.4 ChaCha20) for
     * the 16-byte sample at absolute index {@code sampleOffset} of {@code buffer} into
     * {@code mask[0..4]}.
     *
     * @throws IllegalArgumentException if the sample is outside the buffer's limit or the mask
     *     is shorter than 5 bytes
     */
    public void headerProtectionMask(ByteBuffer buffer, int sampleOffset, byte[] mask) {
        if (sampleOffset < 0 || (long) sampleOffset + CipherSuite.SAMPLE_LENGTH > buffer.limit() || mask.length < 5) {
            throw new IllegalArgumentException("sample outside the buffer or mask shorter than 5 bytes");
        }
        headerProtection.mask(buffer, sampleOffset, mask);
    }

    /** The header protection mask of a 16-byte {@code sample}, written into {@code mask[0..4]}. */
    public void headerProtectionMask(byte[] sample, byte[] mask) {
        if (sample.length != CipherSuite.SAMPLE_LENGTH || mask.length < 5) {
            throw new IllegalArgumentException("sample must be 16 bytes and mask at least 5");
        }
        headerProtection.mask(sample, 0, mask);
    }

    /** RFC 9001 §5.3: nonce = IV xor packet number, left-padded to the IV length. */
    private void computeNonce(long packetNumber) {
        System.arraycopy(iv, 0, nonce, 0, iv.length);
        for (int i = 0; i < 8; i++) {
            nonce[nonce.length - 1 - i] ^= (byte) (packetNumber >>> (8 * i));
        }
    }

    private void initAead(int mode) throws GeneralSecurityException {
        if (hasLastNonce && Arrays.equals(nonce, lastNonce)) {
            // The JDK refuses to re-initialise ChaCha20-Poly1305 (any mode) and AES-GCM
            // (encryption) with the previous key and nonce. A repeated nonce here is a
            // duplicated received packet, so step through another nonce first.
            lastNonce[0] ^= 1;
            aead.init(Cipher.DECRYPT_MODE, aeadKey, parameters(lastNonce));
        }
        aead.init(mode, aeadKey, parameters(nonce));
        System.arraycopy(nonce, 0, lastNonce, 0, nonce.length);
        hasLastNonce = true;
    }

    private AlgorithmParameterSpec parameters(byte[] nonceBytes) {
        return suite.headerProtection() == CipherSuite.HeaderProtection.AES_ECB
                ? new GCMParameterSpec(CipherSuite.TAG_LENGTH * 8, nonceBytes)
                : new IvParameterSpec(nonceBytes);
    }

    private void applyMask(ByteBuffer buffer, int packetStart, int packetNumberOffset, int packetNumberLength) {
        int firstByte = buffer.get(packetStart) & 0xff;
        // RFC 9001 §5.4.1: 4 bits are protected in long headers, 5 in short headers.
        firstByte ^= maskScratch[0] & ((firstByte & 0x80) != 0 ? 0x0f : 0x1f);
        buffer.put(packetStart, (byte) firstByte);
        for (int i = 0; i < packetNumberLength; i++) {
            buffer.put(packetNumberOffset + i, (byte) (buffer.get(packetNumberOffset + i) ^ maskScratch[1 + i]));
        }
    }

    /**
     * Feeds {@code [from, to)} as associated data. ChaCha20-Poly1305 takes it from an array: the
     * JDK 17 provider computes a wrong tag from a ByteBuffer AAD longer than one Poly1305 block
     * (16 bytes, so every long header), which only another jquic would accept.
     */
    private void updateAad(ByteBuffer buffer, int from, int to) {
        if (suite != CipherSuite.TLS_CHACHA20_POLY1305_SHA256) {
            aead.updateAAD(window(aadView, from, to));
            return;
        }
        int length = to - from;
        if (aadScratch.length < length) {
            aadScratch = new byte[length];
        }
        buffer.get(from, aadScratch, 0, length);
        aead.updateAAD(aadScratch, 0, length);
    }

    private void bindViews(ByteBuffer buffer) {
        if (buffer != viewSource) {
            viewSource = buffer;
            aadView = buffer.duplicate();
            inputView = buffer.duplicate();
            outputView = buffer.duplicate();
        }
    }

    private static ByteBuffer window(ByteBuffer view, int from, int to) {
        view.clear();
        view.limit(to);
        view.position(from);
        return view;
    }

    private static void checkWritable(ByteBuffer buffer) {
        if (buffer.isReadOnly()) {
            throw new IllegalArgumentException("packet protection works in place on a writable buffer");
        }
    }

    /** The AEAD key (a copy), for tests. */
    byte[] key() {
        return aeadKey.getEncoded();
    }

    /** The IV (a copy), for tests. */
    byte[] iv() {
        return iv.clone();
    }

    /** The header protection key (a copy), for tests. */
    byte[] headerProtectionKey() {
        return headerProtectionKey.clone();
    }

    /** The traffic secret of this generation (a copy), for tests. */
    byte[] secret() {
        return secret.clone();
    }
}
