package dev.jquic.core.connection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.frame.CryptoFrame;
import dev.jquic.core.types.EncryptionLevel;
import dev.jquic.core.types.PacketType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * RFC 9000 §7.5, §13.3, §19.6: TLS bytes queued at each level and carried in size-limited CRYPTO
 * frames through a channel that loses, reorders, duplicates and delays acknowledgements reach a
 * TLS that reads one level at a time exactly once and in order, and every byte ends acknowledged.
 */
class CryptoStreamsPropertiesTest {
    private static final EncryptionLevel[] LEVELS = {
        EncryptionLevel.INITIAL, EncryptionLevel.HANDSHAKE, EncryptionLevel.ONE_RTT
    };

    /** A frame on the wire: what the sender sent and the peer's decoded copy. */
    record InFlight(EncryptionLevel level, long offset, int length, CryptoFrame decoded) {
    }

    @Property(tries = 200)
    void lossyReorderingChannelDeliversEveryLevelInOrder(
            @ForAll @Size(max = 5000) byte[] initialBytes,
            @ForAll @Size(max = 9000) byte[] handshakeBytes,
            @ForAll @Size(max = 2000) byte[] oneRttBytes,
            @ForAll long seed,
            @ForAll @IntRange(min = 0, max = 40) int lossPercent) throws QuicProtocolException {
        Random random = new Random(seed);
        byte[][] sent = {initialBytes, handshakeBytes, oneRttBytes};
        CryptoStreams sender = new CryptoStreams();
        CryptoStreams receiver = new CryptoStreams(new CryptoBufferLimits(64 * 1024, 64 * 1024, 16 * 1024, 4096));
        for (int i = 0; i < LEVELS.length; i++) {
            // TLS output arrives in several pieces.
            int position = 0;
            while (position < sent[i].length) {
                int piece = Math.min(sent[i].length - position, 1 + random.nextInt(3000));
                sender.queue(LEVELS[i], ByteBuffer.wrap(sent[i], position, piece));
                position += piece;
            }
        }
        RecordingTlsSession tls = new RecordingTlsSession();
        int tlsLevel = 0;
        List<InFlight> delayedAcks = new ArrayList<>();
        List<InFlight> duplicates = new ArrayList<>();
        for (int round = 0; round < 10_000 && !done(sender, tls, sent); round++) {
            List<InFlight> wire = new ArrayList<>();
            for (EncryptionLevel level : LEVELS) {
                int frames = random.nextInt(6);
                for (int f = 0; f < frames && sender.hasDataToSend(level); f++) {
                    int maxFrameBytes = 20 + random.nextInt(1300);
                    CryptoFrame frame = sender.nextFrame(level, maxFrameBytes);
                    assertNotNull(frame, "room for data but no frame");
                    assertTrue(frame.encodedLength() <= maxFrameBytes);
                    PacketType packetType = level == EncryptionLevel.INITIAL ? PacketType.INITIAL
                            : level == EncryptionLevel.HANDSHAKE ? PacketType.HANDSHAKE : PacketType.ONE_RTT;
                    wire.add(new InFlight(level, frame.offset(), frame.length(),
                            CryptoStreamsTest.encodeAndDecode(frame, packetType)));
                }
            }
            wire.addAll(duplicates);
            duplicates.clear();
            Collections.shuffle(wire, random);
            for (InFlight packet : wire) {
                if (random.nextInt(100) < lossPercent) {
                    sender.onLost(packet.level(), packet.offset(), packet.length());
                    continue;
                }
                receiver.receive(packet.level(), packet.decoded());
                if (random.nextInt(5) == 0) {
                    duplicates.add(packet);
                }
                if (random.nextInt(10) == 0) {
                    // Spurious loss: declared lost, then its acknowledgement arrives late.
                    sender.onLost(packet.level(), packet.offset(), packet.length());
                    delayedAcks.add(packet);
                } else if (random.nextInt(3) == 0) {
                    delayedAcks.add(packet);
                } else {
                    sender.onAcked(packet.level(), packet.offset(), packet.length());
                }
                receiver.deliverTo(tls, LEVELS[tlsLevel]);
                // The TLS moves to the next level once it has read this one's whole flight.
                while (tlsLevel < LEVELS.length - 1 && tls.received(LEVELS[tlsLevel]).length == sent[tlsLevel].length) {
                    tlsLevel++;
                    tls.setReadLevel(LEVELS[tlsLevel]);
                    receiver.deliverTo(tls, LEVELS[tlsLevel]);
                }
            }
            Collections.shuffle(delayedAcks, random);
            for (int i = delayedAcks.size() - 1; i >= 0; i--) {
                if (random.nextBoolean()) {
                    InFlight packet = delayedAcks.remove(i);
                    sender.onAcked(packet.level(), packet.offset(), packet.length());
                }
            }
        }
        for (int i = 0; i < LEVELS.length; i++) {
            assertArrayEquals(sent[i], tls.received(LEVELS[i]), "bytes at " + LEVELS[i]);
            assertEquals(0, sender.unackedBytes(LEVELS[i]), "all acknowledged at " + LEVELS[i]);
            assertEquals(sent[i].length, receiver.deliveredOffset(LEVELS[i]));
        }
    }

    @Property(tries = 300)
    void framesNeverExceedTheirSize(
            @ForAll @IntRange(min = 0, max = 40) int maxFrameBytes,
            @ForAll @IntRange(min = 0, max = 20_000) int alreadySent,
            @ForAll boolean loseFirst) {
        CryptoStreams sender = new CryptoStreams();
        sender.queue(EncryptionLevel.HANDSHAKE, ByteBuffer.allocate(alreadySent + 100));
        // Move the send offset forward so the offset field needs 1, 2 or 4 bytes.
        long pulled = 0;
        while (pulled < alreadySent) {
            int room = (int) Math.min(1200, alreadySent - pulled);
            CryptoFrame frame = sender.nextFrame(EncryptionLevel.HANDSHAKE, 7 + room);
            pulled += Math.min(frame.length(), room); // frames stop at the requested size or a page end
            if (frame.length() > room) {
                break;
            }
        }
        if (loseFirst) {
            sender.onLost(EncryptionLevel.HANDSHAKE, 0, alreadySent);
        }
        CryptoFrame frame = sender.nextFrame(EncryptionLevel.HANDSHAKE, maxFrameBytes);
        if (frame != null) {
            assertTrue(frame.encodedLength() <= maxFrameBytes, frame.encodedLength() + " > " + maxFrameBytes);
            assertTrue(frame.length() > 0);
        } else {
            // Only refused when not even one data byte fits: type + offset + length + 1 byte.
            assertTrue(maxFrameBytes < 1 + 4 + 1 + 1, "no frame with " + maxFrameBytes + " bytes of room");
        }
    }

    @Property(tries = 500)
    void arbitraryPeerFramesRaiseOnlyBufferOrFragmentationErrors(
            @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 70_000) Integer> offsets,
            @ForAll long seed) {
        Random random = new Random(seed);
        CryptoStreams receiver = new CryptoStreams(new CryptoBufferLimits(4096, 8192, 4096, 16));
        RecordingTlsSession tls = new RecordingTlsSession();
        byte[] payload = new byte[3000];
        try {
            for (int offset : offsets) {
                EncryptionLevel level = LEVELS[random.nextInt(LEVELS.length)];
                long frameOffset = random.nextInt(20) == 0 ? (1L << 62) - 1 - random.nextInt(3000) : offset;
                int length = (int) Math.min(random.nextInt(payload.length), (1L << 62) - 1 - frameOffset);
                long readableBefore = receiver.readableBytes(level);
                long newlyReadable = receiver.receive(level, new CryptoFrame(frameOffset, ByteBuffer.wrap(payload, 0, length)));
                assertEquals(readableBefore + newlyReadable, receiver.readableBytes(level));
                assertTrue(receiver.readableBytes(level) <= 8192, "never more than the cap buffered");
                if (random.nextInt(4) == 0) {
                    receiver.deliverTo(tls, EncryptionLevel.INITIAL);
                }
                if (random.nextInt(30) == 0) {
                    receiver.discard(level);
                }
            }
        } catch (QuicProtocolException error) {
            assertTrue(error.errorCode() == TransportError.CRYPTO_BUFFER_EXCEEDED.code()
                    || error.errorCode() == TransportError.PROTOCOL_VIOLATION.code(), error.toString());
        }
    }

    private static boolean done(CryptoStreams sender, RecordingTlsSession tls, byte[][] sent) {
        for (int i = 0; i < LEVELS.length; i++) {
            if (sender.unackedBytes(LEVELS[i]) > 0 || tls.received(LEVELS[i]).length != sent[i].length) {
                return false;
            }
        }
        return true;
    }
}
