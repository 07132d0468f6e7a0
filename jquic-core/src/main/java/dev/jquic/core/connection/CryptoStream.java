package dev.jquic.core.connection;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.codec.VarInt;
import dev.jquic.core.frame.CryptoFrame;
import dev.jquic.core.stream.ReceiveAssembler;
import dev.jquic.core.stream.ReceiveWindow;
import dev.jquic.core.stream.SendBuffer;
import dev.jquic.core.stream.StreamChunk;
import java.nio.ByteBuffer;

/**
 * The CRYPTO stream of one encryption level (RFC 9000 §7.5, §19.6): a send side holding the TLS
 * bytes until acknowledged, and a receive side reassembling the peer's bytes in order. There is
 * no flow control; instead the receive side accepts data only up to {@code capBytes} beyond what
 * has been read (CRYPTO_BUFFER_EXCEEDED otherwise).
 *
 * <p>Not thread-safe: confined to the connection's owner thread.
 */
final class CryptoStream {
    /** Page size for both directions: handshake messages are a few KiB at most. */
    private static final int PAGE_SIZE = 4096;
    /** Lost/acknowledged ranges tracked on the send side before falling back to coarser resends. */
    private static final int MAX_TRACKED_SEND_RANGES = 32;

    private final long capBytes;
    /** Null once discarded (RFC 9001 §4.9): a discarded level keeps no buffer. */
    private SendBuffer sendBuffer;
    private ReceiveWindow receiveWindow;
    private ReceiveAssembler receiveAssembler;
    private boolean discarded;
    /** {@link #readOffset()} at the time of {@link #discard()}. */
    private long discardedReadOffset;

    CryptoStream(int capBytes, int maxReceiveRanges) {
        this.capBytes = capBytes;
        // Our own TLS output is bounded by the handshake; the send side never refuses it.
        this.sendBuffer = new SendBuffer(VarInt.MAX_VALUE, MAX_TRACKED_SEND_RANGES, PAGE_SIZE);
        this.receiveWindow = new ReceiveWindow(capBytes, capBytes);
        this.receiveAssembler = new ReceiveAssembler(receiveWindow, maxReceiveRanges, PAGE_SIZE);
    }

    void queue(ByteBuffer data) {
        if (discarded) {
            throw new IllegalStateException("CRYPTO stream already discarded");
        }
        int expected = data.remaining();
        int written = sendBuffer.write(data);
        if (written != expected) {
            throw new IllegalStateException("CRYPTO send buffer refused " + (expected - written) + " bytes");
        }
    }

    boolean hasDataToSend() {
        return !discarded && sendBuffer.hasDataToSend(Long.MAX_VALUE);
    }

    /** See {@link CryptoStreams#nextFrame}. */
    CryptoFrame nextFrame(int maxFrameBytes) {
        if (discarded) {
            return null;
        }
        // With no lost range the frame starts at sendOffset; a lost range lies below sendOffset,
        // so sendOffset's encoding bounds the offset field either way (exact for new data).
        int room = maxFrameBytes - 1 - VarInt.encodedLength(sendBuffer.sendOffset());
        int maxLength = room - 1;
        while (maxLength > 0 && maxLength + VarInt.encodedLength(maxLength) > room) {
            maxLength--;
        }
        if (maxLength <= 0) {
            return null;
        }
        StreamChunk chunk = sendBuffer.nextChunk(maxLength, Long.MAX_VALUE);
        if (chunk == null) {
            return null;
        }
        return new CryptoFrame(chunk.offset(), chunk.data());
    }

    void onAcked(long offset, int length) {
        if (!discarded) {
            sendBuffer.onAcked(offset, length, false);
        }
    }

    void onLost(long offset, int length) {
        if (!discarded) {
            sendBuffer.onLost(offset, length, false);
        }
    }

    /** Bytes queued and not yet acknowledged (contiguously from the start). */
    long unackedBytes() {
        return discarded ? 0 : sendBuffer.bufferedBytes();
    }

    /** See {@link CryptoStreams#receive}. */
    long receive(long offset, ByteBuffer data) throws QuicProtocolException {
        if (discarded || !data.hasRemaining()) {
            return 0; // an empty frame carries nothing to buffer, wherever its offset
        }
        long end = offset + data.remaining();
        long readOffset = receiveAssembler.readOffset();
        if (end <= readOffset) {
            return 0; // RFC 9000 §19.6: data already delivered is a duplicate, dropped silently
        }
        // RFC 9000 §7.5: an endpoint MAY treat exceeding its CRYPTO buffer as CRYPTO_BUFFER_EXCEEDED.
        if (end - readOffset > capBytes) {
            throw new QuicProtocolException(TransportError.CRYPTO_BUFFER_EXCEEDED,
                    "CRYPTO data up to " + end + " exceeds buffer of " + capBytes + " bytes past " + readOffset);
        }
        long readableBefore = receiveAssembler.readableBytes();
        receiveAssembler.receive(offset, data, false);
        return receiveAssembler.readableBytes() - readableBefore;
    }

    long readableBytes() {
        return discarded ? 0 : receiveAssembler.readableBytes();
    }

    /** Offset of the next byte {@link #read} hands out. */
    long readOffset() {
        return discarded ? discardedReadOffset : receiveAssembler.readOffset();
    }

    int read(ByteBuffer destination) {
        if (discarded) {
            return 0;
        }
        int count = receiveAssembler.read(destination);
        if (count > 0) {
            // Slide the cap along with the read offset (time plays no part: no auto-tuning).
            receiveWindow.advanceLimit(0, 0);
        }
        return Math.max(count, 0);
    }

    boolean isDiscarded() {
        return discarded;
    }

    /**
     * Frees the pages of both directions when neither holds a byte (every byte sent was
     * acknowledged, every byte received was read): for a level that stays open but idle, the
     * 1-RTT one after the handshake.
     */
    void releaseMemoryIfIdle() {
        if (!discarded) {
            sendBuffer.releaseMemoryIfEmpty();
            receiveAssembler.releaseMemoryIfEmpty();
        }
    }

    /** Drops both directions and their buffers, which become garbage (RFC 9001 §4.9). */
    void discard() {
        if (!discarded) {
            discardedReadOffset = receiveAssembler.readOffset();
            discarded = true;
            sendBuffer = null;
            receiveWindow = null;
            receiveAssembler = null;
        }
    }

    /** Pages held in both directions, spare ones included (0 once discarded). */
    int heldPages() {
        return discarded ? 0 : sendBuffer.heldPages() + receiveAssembler.heldPages();
    }

    /** Whether this stream holds buffers (false once discarded). */
    boolean holdsBuffers() {
        return sendBuffer != null || receiveAssembler != null;
    }
}
