package dev.jquic.core.connection;

import dev.jquic.core.frame.AckFrame;
import dev.jquic.core.frame.Frame;
import java.util.ArrayList;

/**
 * What one sent packet carried, kept with it in loss recovery so that acknowledgment or loss can
 * be handed to the owner of each frame (RFC 9000 §13.3: information is re-queued, packets are
 * not retransmitted as such). STREAM and CRYPTO frames hold views of send buffers, not copies.
 */
final class SentFrames {

    /** The retransmittable frames, in the order written. */
    final ArrayList<Frame> frames = new ArrayList<>(4);
    /** Largest packet number acknowledged by an ACK frame in this packet, or -1 (RFC 9000 §13.2.4). */
    long largestAcknowledgedInAck = -1;
    /** Whether the packet went out under 1-RTT keys (for key update acknowledgment tracking). */
    boolean oneRtt;
    /** The ACK frame written in the packet, kept only while tracing until the packet is traced. */
    AckFrame ackForTrace;

    boolean isEmpty() {
        return frames.isEmpty() && largestAcknowledgedInAck < 0;
    }

    /** Forgets the contents, for reuse by the next packet (see {@link SentFrameOutcomes#newSentFrames}). */
    void clear() {
        frames.clear();
        largestAcknowledgedInAck = -1;
        oneRtt = false;
        ackForTrace = null;
    }
}
