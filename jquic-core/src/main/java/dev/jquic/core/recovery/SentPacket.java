package dev.jquic.core.recovery;

/**
 * One sent packet as loss recovery tracks it (RFC 9002 Appendix A.1.1).
 *
 * @param packetNumber the packet number in its packet number space
 * @param timeSentNanos when the packet was sent
 * @param sizeBytes bytes sent in the packet: QUIC header, payload and AEAD tag, not UDP or IP
 * @param ackEliciting whether the packet contains an ack-eliciting frame (RFC 9002 §2)
 * @param inFlight whether the packet counts toward bytes in flight (ack-eliciting or PADDING)
 * @param contents an opaque reference to what the packet carried, handed back on
 *     acknowledgment or loss so the connection can re-queue the information (RFC 9000 §13.3);
 *     may be {@code null}
 * @param <T> the connection's type for packet contents
 */
public record SentPacket<T>(
        long packetNumber, long timeSentNanos, int sizeBytes, boolean ackEliciting, boolean inFlight, T contents) {

    public SentPacket {
        if (packetNumber < 0) {
            throw new IllegalArgumentException("negative packet number: " + packetNumber);
        }
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("negative packet size: " + sizeBytes);
        }
    }
}
