package dev.jquic.core.connection;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.frame.CryptoFrame;
import dev.jquic.core.tls.TlsSession;
import dev.jquic.core.types.EncryptionLevel;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The CRYPTO streams of a connection (RFC 9000 §7.5, §19.6; RFC 9001 §4.1.3): one per encryption
 * level that carries CRYPTO frames — Initial, Handshake and 1-RTT. 0-RTT has none (RFC 9001
 * §4.1.3; RFC 9000 §12.4 table 3): a CRYPTO frame there is a PROTOCOL_VIOLATION.
 *
 * <p>Sending: {@link #queue} takes the bytes of {@code TlsOutput.CryptoData}; the packet builder
 * asks {@link #nextFrame} for frames that fit its space — ranges declared lost come first (RFC
 * 9000 §13.3: only those are resent), then new bytes — and reports each frame's fate with
 * {@link #onFrameAcked} / {@link #onFrameLost}. A frame's data is a view of the send buffer, valid
 * until that frame (or an overlapping one) is acknowledged or the level discarded: encode it into
 * the packet right away.
 *
 * <p>Receiving: {@link #receive} copies a frame's bytes in (duplicates and overlaps are dropped
 * silently, RFC 9000 §2.2, §19.6); {@link #deliverTo} hands the contiguous bytes to the TLS, but
 * only for levels up to the one the TLS currently reads — later levels stay buffered, since TLS
 * rejects a message at a level it has not reached (RFC 9001 §4.1.3). CRYPTO has no flow control;
 * each level buffers at most its cap from {@link CryptoBufferLimits} beyond the bytes already
 * delivered, and data beyond that is CRYPTO_BUFFER_EXCEEDED (RFC 9000 §7.5) — also after the
 * handshake, so a NewSessionTicket flood cannot pin memory.
 *
 * <p>Key discard (RFC 9001 §4.9): {@link #discard} drops a level's buffered data both ways;
 * later frames at that level are ignored and acknowledgements or losses for it are no-ops.
 *
 * <p>Memory of an idle connection: a discarded level keeps no buffer; the 1-RTT level frees its
 * pages whenever it holds nothing (every byte it sent acknowledged, every byte received read:
 * after the session tickets); the scratch buffer that carries bytes to the TLS is allocated
 * when bytes are delivered and dropped once the handshake level is discarded.
 *
 * <p>Not thread-safe: confined to the connection's owner thread.
 */
public final class CryptoStreams {
    /** The levels carrying CRYPTO frames, in handshake order (the order of {@link #deliverTo}). */
    private static final EncryptionLevel[] CRYPTO_LEVELS = {
        EncryptionLevel.INITIAL, EncryptionLevel.HANDSHAKE, EncryptionLevel.ONE_RTT
    };
    /** Size of the scratch buffer that carries bytes to the TLS: one call per chunk. */
    private static final int DELIVERY_CHUNK_BYTES = 4096;

    private final CryptoStream initial;
    private final CryptoStream handshake;
    private final CryptoStream oneRtt;
    /** Carries bytes to the TLS; null while the handshake is over and nothing is being delivered. */
    private ByteBuffer deliveryScratch;

    /** Crypto streams with {@link CryptoBufferLimits#DEFAULT} receive caps. */
    public CryptoStreams() {
        this(CryptoBufferLimits.DEFAULT);
    }

    public CryptoStreams(CryptoBufferLimits limits) {
        Objects.requireNonNull(limits, "limits");
        this.initial = new CryptoStream(limits.initialBufferBytes(), limits.maxReceiveRanges());
        this.handshake = new CryptoStream(limits.handshakeBufferBytes(), limits.maxReceiveRanges());
        this.oneRtt = new CryptoStream(limits.oneRttBufferBytes(), limits.maxReceiveRanges());
    }

    // ---------------------------------------------------------------- sending

    /**
     * Queues TLS output bytes (all of {@code data}'s remaining bytes, copied; its position moves
     * to its limit) to be sent in CRYPTO frames at {@code level} (RFC 9001 §4.1.3).
     *
     * @throws IllegalArgumentException for 0-RTT, which carries no CRYPTO frames
     * @throws IllegalStateException    if {@code level} was discarded
     */
    public void queue(EncryptionLevel level, ByteBuffer data) {
        streamFor(level).queue(data);
    }

    /** Whether {@link #nextFrame} has lost or new bytes to send at {@code level}. */
    public boolean hasDataToSend(EncryptionLevel level) {
        return streamFor(level).hasDataToSend();
    }

    /**
     * The next CRYPTO frame to send at {@code level}: lost ranges first, then new bytes. Its
     * {@link CryptoFrame#encodedLength()} is at most {@code maxFrameBytes}; it counts as in flight
     * from now on. It may carry fewer bytes than would fit (chunks stop at buffer page
     * boundaries); a caller with room left simply asks again.
     *
     * @return the frame, or {@code null} if nothing is due or {@code maxFrameBytes} leaves no room
     *     for a byte of data
     */
    public CryptoFrame nextFrame(EncryptionLevel level, int maxFrameBytes) {
        return streamFor(level).nextFrame(maxFrameBytes);
    }

    /** The packet carrying {@code frame} at {@code level} was acknowledged: its bytes may be freed. */
    public void onFrameAcked(EncryptionLevel level, CryptoFrame frame) {
        onAcked(level, frame.offset(), frame.length());
    }

    /** The packet carrying {@code frame} at {@code level} was declared lost: its bytes are resent. */
    public void onFrameLost(EncryptionLevel level, CryptoFrame frame) {
        onLost(level, frame.offset(), frame.length());
    }

    /** The CRYPTO bytes {@code [offset, offset+length)} sent at {@code level} were acknowledged. */
    public void onAcked(EncryptionLevel level, long offset, int length) {
        CryptoStream stream = streamFor(level);
        stream.onAcked(offset, length);
        if (level == EncryptionLevel.ONE_RTT) {
            stream.releaseMemoryIfIdle();
        }
    }

    /**
     * The CRYPTO bytes {@code [offset, offset+length)} sent at {@code level} were declared lost;
     * the parts not acknowledged since are resent before new data (RFC 9000 §13.3).
     */
    public void onLost(EncryptionLevel level, long offset, int length) {
        streamFor(level).onLost(offset, length);
    }

    /**
     * Bytes queued at {@code level} and not yet acknowledged; 0 once all were acknowledged (or the
     * level was discarded).
     */
    public long unackedBytes(EncryptionLevel level) {
        return streamFor(level).unackedBytes();
    }

    // ---------------------------------------------------------------- receiving

    /**
     * Takes a received CRYPTO frame at {@code level} (its data is copied; the frame's buffer is
     * not modified). Bytes already received are dropped silently (RFC 9000 §19.6). Ignored after
     * {@link #discard} of the level (RFC 9001 §4.9).
     *
     * @return how many bytes became readable in order at {@code level} because of this frame
     * @throws QuicProtocolException PROTOCOL_VIOLATION for 0-RTT (RFC 9000 §12.4);
     *     CRYPTO_BUFFER_EXCEEDED if the frame ends more than the level's cap beyond the bytes
     *     already delivered (RFC 9000 §7.5); PROTOCOL_VIOLATION if the level's data is fragmented
     *     into more than {@link CryptoBufferLimits#maxReceiveRanges()} ranges (RFC 9000 §21.10)
     */
    public long receive(EncryptionLevel level, CryptoFrame frame) throws QuicProtocolException {
        Objects.requireNonNull(level, "level");
        if (level == EncryptionLevel.ZERO_RTT) {
            // RFC 9000 §12.4: a frame in a packet type that does not permit it MUST be treated as
            // a connection error of type PROTOCOL_VIOLATION; CRYPTO is not permitted in 0-RTT.
            throw new QuicProtocolException(TransportError.PROTOCOL_VIOLATION, "CRYPTO frame in a 0-RTT packet");
        }
        return streamFor(level).receive(frame.offset(), frame.data());
    }

    /** Bytes received at {@code level} that are contiguous and not yet delivered or read. */
    public long readableBytes(EncryptionLevel level) {
        return streamFor(level).readableBytes();
    }

    /**
     * Offset of the next byte to deliver at {@code level}: the count of bytes handed to the TLS
     * (or read) so far.
     */
    public long deliveredOffset(EncryptionLevel level) {
        return streamFor(level).readOffset();
    }

    /**
     * Copies contiguous received bytes at {@code level} into {@code destination}.
     *
     * @return bytes copied (0 if none are ready or the level was discarded)
     */
    public int readInto(EncryptionLevel level, ByteBuffer destination) {
        return streamFor(level).read(destination);
    }

    /**
     * Hands every contiguous received byte to {@code session} with
     * {@link TlsSession#handleCryptoData}, level by level in the order Initial, Handshake, 1-RTT,
     * stopping after {@code tlsReadLevel}: bytes of later levels stay buffered until the TLS reads
     * at that level (RFC 9001 §4.1.3). Bytes of earlier levels are still passed on, so that the TLS
     * can reject them (unexpected_message).
     *
     * <p>A TLS that switches its read level while consuming (e.g. after ServerHello) reports the
     * new secrets through {@code pollOutput()}; the caller installs them and calls this again with
     * the new level to deliver what was held back.
     *
     * @param tlsReadLevel the level at which the TLS reads now (not 0-RTT, which has no CRYPTO)
     * @return bytes delivered
     * @throws QuicProtocolException whatever {@link TlsSession#handleCryptoData} throws
     */
    public long deliverTo(TlsSession session, EncryptionLevel tlsReadLevel) throws QuicProtocolException {
        Objects.requireNonNull(session, "session");
        streamFor(tlsReadLevel); // rejects 0-RTT and null
        long delivered = 0;
        for (EncryptionLevel level : CRYPTO_LEVELS) {
            CryptoStream stream = streamFor(level);
            while (stream.readableBytes() > 0) {
                if (deliveryScratch == null) {
                    deliveryScratch = ByteBuffer.allocate(DELIVERY_CHUNK_BYTES);
                }
                deliveryScratch.clear();
                int count = stream.read(deliveryScratch);
                deliveryScratch.flip();
                delivered += count;
                session.handleCryptoData(level, deliveryScratch);
            }
            if (level == EncryptionLevel.ONE_RTT) {
                stream.releaseMemoryIfIdle();
            }
            if (level == tlsReadLevel) {
                break;
            }
        }
        if (handshake.isDiscarded()) {
            deliveryScratch = null; // after the handshake, tickets are rare: no 4 KiB kept per connection
        }
        return delivered;
    }

    // ---------------------------------------------------------------- key discard

    /**
     * RFC 9001 §4.9: the keys of {@code level} were discarded. Its buffered data is dropped both
     * ways, nothing more is sent, and later CRYPTO frames at the level are ignored.
     */
    public void discard(EncryptionLevel level) {
        streamFor(level).discard();
        if (level == EncryptionLevel.HANDSHAKE) {
            deliveryScratch = null;
        }
    }

    /** Whether {@link #discard} was called for {@code level}. */
    public boolean isDiscarded(EncryptionLevel level) {
        return streamFor(level).isDiscarded();
    }

    /** Whether {@code level} holds buffers at all (false once discarded); for memory tests. */
    boolean holdsBuffers(EncryptionLevel level) {
        return streamFor(level).holdsBuffers();
    }

    /** Pages of CRYPTO bytes {@code level} holds in both directions, spare ones included; for memory tests. */
    int heldPages(EncryptionLevel level) {
        return streamFor(level).heldPages();
    }

    /** Whether the scratch buffer that carries bytes to the TLS is allocated (for tests). */
    boolean holdsDeliveryScratch() {
        return deliveryScratch != null;
    }

    private CryptoStream streamFor(EncryptionLevel level) {
        switch (Objects.requireNonNull(level, "level")) {
            case INITIAL:
                return initial;
            case HANDSHAKE:
                return handshake;
            case ONE_RTT:
                return oneRtt;
            default:
                // RFC 9001 §4.1.3: 0-RTT carries no CRYPTO frames.
                throw new IllegalArgumentException("no CRYPTO stream at " + level);
        }
    }
}
