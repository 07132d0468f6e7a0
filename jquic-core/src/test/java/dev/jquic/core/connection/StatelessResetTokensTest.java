package dev.jquic.core.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.StatelessResetToken;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** RFC 9000 §10.3.2: tokens are HMAC-SHA256(static key, connection ID) truncated to 16 bytes. */
class StatelessResetTokensTest {

    private static byte[] key(int fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) fill);
        return key;
    }

    @Test
    void matchesHmacSha256VectorOfRfc4231TestCase1() {
        // RFC 4231 §4.2: key = 0x0b * 20, data = "Hi There",
        // HMAC-SHA-256 = b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7.
        byte[] key = new byte[20];
        Arrays.fill(key, (byte) 0x0b);
        StatelessResetTokens tokens = new StatelessResetTokens(key);
        ConnectionId connectionId = ConnectionId.of("Hi There".getBytes(StandardCharsets.US_ASCII));
        assertEquals(StatelessResetToken.ofHex("b0344c61d8db38535ca8afceaf0bf12b"), tokens.tokenFor(connectionId));
    }

    @Test
    void deterministicPerKeyAndConnectionId() {
        ConnectionId connectionId = ConnectionId.ofHex("0102030405060708");
        StatelessResetToken first = new StatelessResetTokens(key(7)).tokenFor(connectionId);
        StatelessResetTokens other = new StatelessResetTokens(key(7));
        other.tokenFor(ConnectionId.ofHex("ffff"));
        // A fresh instance and a reused Mac both give the same token: recomputable after state loss.
        assertEquals(first, other.tokenFor(connectionId));
        assertEquals(first, other.tokenFor(connectionId));
    }

    @Test
    void differsPerConnectionIdAndPerKey() {
        StatelessResetTokens tokens = new StatelessResetTokens(key(7));
        ConnectionId one = ConnectionId.ofHex("0102030405060708");
        ConnectionId two = ConnectionId.ofHex("0102030405060709");
        assertNotEquals(tokens.tokenFor(one), tokens.tokenFor(two));
        assertNotEquals(tokens.tokenFor(one), new StatelessResetTokens(key(8)).tokenFor(one));
    }

    @Test
    void keyIsCopied() {
        byte[] key = key(3);
        StatelessResetTokens tokens = new StatelessResetTokens(key);
        ConnectionId connectionId = ConnectionId.ofHex("aabbccdd");
        StatelessResetToken before = tokens.tokenFor(connectionId);
        Arrays.fill(key, (byte) 0);
        assertEquals(before, tokens.tokenFor(connectionId));
    }

    @Test
    void rejectsShortKeyAndEmptyConnectionId() {
        assertThrows(IllegalArgumentException.class, () -> new StatelessResetTokens(new byte[15]));
        StatelessResetTokens tokens = new StatelessResetTokens(key(1));
        assertThrows(IllegalArgumentException.class, () -> tokens.tokenFor(ConnectionId.EMPTY));
    }
}
