package dev.jquic.core.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jquic.core.types.ConnectionId;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class RetryTokensTest {
    private static final long SECOND = 1_000_000_000L;
    private static final ConnectionId ORIGINAL = ConnectionId.ofHex("8394c8f03e515708");
    private static final ConnectionId RETRY = ConnectionId.ofHex("f067a5502a4262b5");

    private static RetryTokens tokens() {
        return new RetryTokens(new byte[32], new SplittableRandom(9), 10 * SECOND);
    }

    @Test
    void sealedTokenOpensForTheSameAddressWithinItsLifetime() {
        RetryTokens tokens = tokens();
        byte[] token = tokens.seal(ORIGINAL, RETRY, "10.0.0.1:4433", 5 * SECOND);
        RetryTokens.Contents contents = tokens.open(ByteBuffer.wrap(token), "10.0.0.1:4433", 6 * SECOND);
        assertNotNull(contents);
        assertEquals(ORIGINAL, contents.originalDestinationConnectionId());
        assertEquals(RETRY, contents.retrySourceConnectionId());
        assertEquals(5 * SECOND, contents.issuedNanos());
    }

    @Test
    void wrongAddressExpiredFutureOrOtherKeyIsRejected() {
        RetryTokens tokens = tokens();
        byte[] token = tokens.seal(ORIGINAL, RETRY, "10.0.0.1:4433", 5 * SECOND);
        assertNull(tokens.open(ByteBuffer.wrap(token), "10.0.0.2:4433", 6 * SECOND));
        assertNull(tokens.open(ByteBuffer.wrap(token), "10.0.0.1:4433", 16 * SECOND));
        assertNull(tokens.open(ByteBuffer.wrap(token), "10.0.0.1:4433", 4 * SECOND));
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        assertNull(new RetryTokens(otherKey, new SplittableRandom(1), 10 * SECOND)
                .open(ByteBuffer.wrap(token), "10.0.0.1:4433", 6 * SECOND));
    }

    @Test
    void everyFlippedBitIsRejected() {
        RetryTokens tokens = tokens();
        byte[] token = tokens.seal(ORIGINAL, RETRY, "a", 0);
        for (int i = 0; i < token.length; i++) {
            byte[] damaged = token.clone();
            damaged[i] ^= 0x01;
            assertNull(tokens.open(ByteBuffer.wrap(damaged), "a", 1), "flipped byte " + i);
            assertNull(tokens.open(ByteBuffer.wrap(token, 0, i), "a", 1), "truncated at " + i);
        }
    }

    @Property(tries = 300)
    void randomBytesNeverOpenNorThrow(@ForAll @Size(max = 120) byte[] bytes) {
        assertNull(tokens().open(ByteBuffer.wrap(bytes), "a", 1));
    }
}
