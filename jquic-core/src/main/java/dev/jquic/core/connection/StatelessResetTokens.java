package dev.jquic.core.connection;

import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.StatelessResetToken;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives the stateless reset token of a connection ID we issue from a static key (RFC 9000
 * §10.3.2): {@code HMAC-SHA256(staticKey, connectionId)} truncated to 16 bytes. An endpoint that
 * lost the state of a connection recomputes the token from the connection ID of an incoming
 * packet and the same key, so the key must be shared by every instance that can receive packets
 * for the same connection IDs, and must be kept secret.
 *
 * <p>RFC 9000 §10.3.2 also requires that a given combination of connection ID and static key is
 * never used for two connections; with random connection IDs of 8 or more bytes a collision is
 * negligible, and the endpoint's routing table rejects an ID that is already in use.
 *
 * <p>One {@link Mac} is cached and reused. Not thread-safe: confine to one thread.
 */
public final class StatelessResetTokens {
    /** The shortest accepted static key, in bytes. */
    public static final int MINIMUM_KEY_LENGTH = 16;
    private static final String ALGORITHM = "HmacSHA256";
    private static final int HMAC_SHA256_LENGTH = 32;

    private final Mac mac;
    private final ByteBuffer input = ByteBuffer.allocate(ConnectionId.MAX_LENGTH);
    private final byte[] output = new byte[HMAC_SHA256_LENGTH];

    /**
     * A token source for {@code staticKey} (copied; at least 16 bytes, 32 recommended).
     *
     * @throws IllegalArgumentException if the key is shorter than {@link #MINIMUM_KEY_LENGTH}
     */
    public StatelessResetTokens(byte[] staticKey) {
        if (staticKey.length < MINIMUM_KEY_LENGTH) {
            throw new IllegalArgumentException(
                    "stateless reset key needs at least " + MINIMUM_KEY_LENGTH + " bytes: " + staticKey.length);
        }
        try {
            mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(staticKey, ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks " + ALGORITHM, e);
        }
    }

    /**
     * The token of {@code connectionId}: the first 16 bytes of HMAC-SHA256(key, connectionId).
     *
     * @throws IllegalArgumentException for a zero-length connection ID (RFC 9000 §10.3.2: this
     *     construction cannot provide a zero-length connection ID)
     */
    public StatelessResetToken tokenFor(ConnectionId connectionId) {
        int length = connectionId.length();
        if (length == 0) {
            throw new IllegalArgumentException("a zero-length connection ID has no stateless reset token");
        }
        input.clear();
        connectionId.writeTo(input);
        mac.update(input.array(), 0, length);
        try {
            mac.doFinal(output, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("HMAC output buffer too short", e);
        }
        StatelessResetToken token = StatelessResetToken.of(Arrays.copyOf(output, StatelessResetToken.LENGTH));
        Arrays.fill(output, (byte) 0);
        return token;
    }
}
