package dev.jquic.core.endpoint;

import dev.jquic.core.types.ConnectionId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.random.RandomGenerator;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and opens the tokens a server puts in Retry packets (RFC 9000 §8.1.2, §8.1.4). A token
 * is {@code nonce (12) || AES-GCM(key, nonce, plaintext, aad) (plaintext + 16-byte tag)} where
 * the plaintext is {@code issuedNanos (8) || odcidLength (1) || odcid || retryScidLength (1) ||
 * retryScid} and the associated data is the UTF-8 bytes of the client address's
 * {@code toString()} — so the address type must render IP and port (as
 * {@code InetSocketAddress} does). RFC 9000 §8.1.4: the token is bound to the client's address
 * and is unforgeable and opaque to the client; the 12-byte nonce is random (collision
 * probability negligible below 2^32 tokens per key).
 *
 * <p>Times are the endpoint's {@code nowNanos} clock: a token issued by another process with the
 * same key is valid only if both share the clock's origin. Not thread-safe.
 */
final class RetryTokens {

    /** What a valid token vouches for. */
    record Contents(ConnectionId originalDestinationConnectionId, ConnectionId retrySourceConnectionId,
            long issuedNanos) {
    }

    static final int NONCE_LENGTH = 12;
    static final int TAG_LENGTH = 16;
    private static final int TAG_BITS = 128;
    private static final int MAX_PLAINTEXT = 8 + 1 + ConnectionId.MAX_LENGTH + 1 + ConnectionId.MAX_LENGTH;

    private final SecretKeySpec key;
    private final Cipher cipher;
    private final RandomGenerator random;
    private final long lifetimeNanos;
    private final byte[] plaintext = new byte[MAX_PLAINTEXT];

    /** Tokens under the AES key {@code keyBytes} (16 or 32 bytes), valid for {@code lifetimeNanos}. */
    RetryTokens(byte[] keyBytes, RandomGenerator random, long lifetimeNanos) {
        if (keyBytes.length != 16 && keyBytes.length != 32) {
            throw new IllegalArgumentException("token key must be 16 or 32 bytes: " + keyBytes.length);
        }
        this.key = new SecretKeySpec(keyBytes.clone(), "AES");
        this.random = random;
        this.lifetimeNanos = lifetimeNanos;
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks AES/GCM", e);
        }
    }

    /** A new token for a client at {@code clientAddress}. */
    byte[] seal(ConnectionId originalDestinationConnectionId, ConnectionId retrySourceConnectionId,
            Object clientAddress, long nowNanos) {
        ByteBuffer plain = ByteBuffer.wrap(plaintext);
        plain.putLong(nowNanos);
        plain.put((byte) originalDestinationConnectionId.length());
        originalDestinationConnectionId.writeTo(plain);
        plain.put((byte) retrySourceConnectionId.length());
        retrySourceConnectionId.writeTo(plain);
        int plainLength = plain.position();
        byte[] token = new byte[NONCE_LENGTH + plainLength + TAG_LENGTH];
        for (int i = 0; i < NONCE_LENGTH; i++) {
            token[i] = (byte) random.nextInt();
        }
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, token, 0, NONCE_LENGTH));
            cipher.updateAAD(associatedData(clientAddress));
            cipher.doFinal(plaintext, 0, plainLength, token, NONCE_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("token sealing failed", e);
        }
        return token;
    }

    /**
     * The contents of {@code token} (its remaining bytes; position unchanged), or {@code null}
     * if it was not sealed by this key for {@code clientAddress}, is malformed, or is older than
     * the lifetime or dated in the future. Never throws for any token bytes.
     */
    Contents open(ByteBuffer token, Object clientAddress, long nowNanos) {
        int length = token.remaining();
        if (length < NONCE_LENGTH + 8 + 2 + TAG_LENGTH || length > NONCE_LENGTH + MAX_PLAINTEXT + TAG_LENGTH) {
            return null;
        }
        byte[] sealed = new byte[length];
        token.get(token.position(), sealed);
        int plainLength;
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_LENGTH));
            cipher.updateAAD(associatedData(clientAddress));
            plainLength = cipher.doFinal(sealed, NONCE_LENGTH, length - NONCE_LENGTH, plaintext, 0);
        } catch (GeneralSecurityException forgedOrDamaged) {
            return null;
        }
        ByteBuffer plain = ByteBuffer.wrap(plaintext, 0, plainLength);
        long issuedNanos = plain.getLong();
        int originalLength = plain.get() & 0xff;
        if (originalLength > ConnectionId.MAX_LENGTH || plain.remaining() < originalLength + 1) {
            return null;
        }
        byte[] original = new byte[originalLength];
        plain.get(original);
        int retryLength = plain.get() & 0xff;
        if (retryLength > ConnectionId.MAX_LENGTH || plain.remaining() != retryLength) {
            return null;
        }
        byte[] retry = new byte[retryLength];
        plain.get(retry);
        // RFC 9000 §8.1.2: a server SHOULD limit the time during which a Retry token is accepted.
        if (issuedNanos > nowNanos || nowNanos - issuedNanos > lifetimeNanos) {
            return null;
        }
        return new Contents(ConnectionId.of(original), ConnectionId.of(retry), issuedNanos);
    }

    private static byte[] associatedData(Object clientAddress) {
        return String.valueOf(clientAddress).getBytes(StandardCharsets.UTF_8);
    }
}
