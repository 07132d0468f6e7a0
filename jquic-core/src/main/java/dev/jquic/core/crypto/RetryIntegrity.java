package dev.jquic.core.crypto;

import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.Version;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Retry Integrity Tag (RFC 9001 §5.8; RFC 9369 §3.3.3): AEAD_AES_128_GCM with a fixed,
 * version-specific key and nonce over an empty plaintext, the associated data being the Retry
 * Pseudo-Packet = ODCID Length (1 byte) | Original Destination Connection ID | the Retry
 * packet without its tag.
 *
 * <p>Because the nonce is fixed, the JDK's "Cannot reuse iv for GCM encryption" check would
 * refuse every computation after the first; {@link #writeTag} therefore initialises the cached
 * cipher with another nonce (no data is ever encrypted under it) before the real one.
 * {@link #verify} decrypts, so the JDK compares the tag in constant time.
 *
 * <p>One cached cipher per instance; not thread-safe.
 */
public final class RetryIntegrity {
    /** RFC 9001 §5.8: the Retry Integrity Tag is 16 bytes. */
    public static final int TAG_LENGTH = 16;

    private static final byte[] KEY_V1 = HexFormat.of().parseHex("be0c690b9f66575a1d766b54e368c84e");
    private static final byte[] NONCE_V1 = HexFormat.of().parseHex("461599d35d632bf2239825bb");
    private static final byte[] KEY_V2 = HexFormat.of().parseHex("8fb4b01b56ac48e260fbcbcead7ccc92");
    private static final byte[] NONCE_V2 = HexFormat.of().parseHex("d86969bc2d7c6d9990efb04a");
    private static final byte[] NO_OUTPUT = new byte[0];

    private final SecretKeySpec key;
    private final GCMParameterSpec nonce;
    private final GCMParameterSpec otherNonce;
    private final Cipher cipher;
    private final byte[] pseudoHeader = new byte[1 + ConnectionId.MAX_LENGTH];
    private final byte[] tag = new byte[TAG_LENGTH];
    private ByteBuffer viewSource;
    private ByteBuffer view;

    private RetryIntegrity(byte[] keyBytes, byte[] nonceBytes) {
        this.key = new SecretKeySpec(keyBytes, "AES");
        this.nonce = new GCMParameterSpec(TAG_LENGTH * 8, nonceBytes);
        byte[] other = nonceBytes.clone();
        other[0] ^= 1;
        this.otherNonce = new GCMParameterSpec(TAG_LENGTH * 8, other);
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks AES/GCM/NoPadding", e);
        }
    }

    /**
     * Retry integrity for {@code version}.
     *
     * @throws IllegalArgumentException if the version is not QUIC v1 or v2
     */
    public static RetryIntegrity forVersion(Version version) {
        if (Version.V1.equals(version)) {
            return new RetryIntegrity(KEY_V1, NONCE_V1);
        }
        if (Version.V2.equals(version)) {
            return new RetryIntegrity(KEY_V2, NONCE_V2);
        }
        throw new IllegalArgumentException("no Retry integrity key for " + version);
    }

    /**
     * Computes the tag of the Retry packet {@code [packetStart, tagOffset)} of {@code buffer}
     * (absolute indices) and writes it at {@code tagOffset}.
     *
     * @return the end of the Retry packet, {@code tagOffset + 16}
     * @throws IllegalArgumentException if the offsets are inconsistent or the buffer has no
     *     room for the tag before its limit
     */
    public int writeTag(ConnectionId originalDestinationConnectionId, ByteBuffer buffer, int packetStart,
            int tagOffset) {
        if (packetStart < 0 || tagOffset < packetStart || (long) tagOffset + TAG_LENGTH > buffer.limit()) {
            throw new IllegalArgumentException("inconsistent Retry offsets or no room for the tag");
        }
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, otherNonce);
            cipher.init(Cipher.ENCRYPT_MODE, key, nonce);
            addAssociatedData(originalDestinationConnectionId, buffer, packetStart, tagOffset);
            cipher.doFinal(tag, 0);
        } catch (GeneralSecurityException e) {
            // Unreachable: fixed valid key and nonce, 16 bytes of room.
            throw new IllegalStateException("Retry tag computation failed", e);
        }
        buffer.put(tagOffset, tag);
        return tagOffset + TAG_LENGTH;
    }

    /**
     * Whether the Retry packet {@code [packetStart, packetEnd)} of {@code buffer}, whose last
     * 16 bytes are the tag, carries a valid tag for {@code originalDestinationConnectionId}.
     * RFC 9001 §5.8: a client discards a Retry packet with an invalid tag. Returns false,
     * without exception, for packets too short to hold a tag or offsets outside the buffer.
     */
    public boolean verify(ConnectionId originalDestinationConnectionId, ByteBuffer buffer, int packetStart,
            int packetEnd) {
        if (packetStart < 0 || packetEnd > buffer.limit() || (long) packetEnd - packetStart < TAG_LENGTH) {
            return false;
        }
        int tagOffset = packetEnd - TAG_LENGTH;
        buffer.get(tagOffset, tag);
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, nonce);
            addAssociatedData(originalDestinationConnectionId, buffer, packetStart, tagOffset);
            cipher.doFinal(tag, 0, TAG_LENGTH, NO_OUTPUT, 0);
            return true;
        } catch (AEADBadTagException e) {
            return false;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private void addAssociatedData(ConnectionId originalDestinationConnectionId, ByteBuffer buffer, int from,
            int to) {
        int length = originalDestinationConnectionId.length();
        pseudoHeader[0] = (byte) length;
        for (int i = 0; i < length; i++) {
            pseudoHeader[1 + i] = originalDestinationConnectionId.byteAt(i);
        }
        cipher.updateAAD(pseudoHeader, 0, 1 + length);
        if (buffer != viewSource) {
            viewSource = buffer;
            view = buffer.duplicate();
        }
        view.clear();
        view.limit(to);
        view.position(from);
        cipher.updateAAD(view);
    }
}
