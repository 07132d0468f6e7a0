package dev.jquic.core.stream;

import dev.jquic.core.codec.VarInt;

/**
 * Our side's stream and flow-control configuration: the values we advertise in our transport
 * parameters (RFC 9000 §18.2) plus local caps. Receive windows start at the advertised values and
 * auto-tuning ({@link ReceiveWindow}) grows them up to {@code maxConnectionWindow} /
 * {@code maxStreamWindow}, so one stream can fill a fat pipe.
 *
 * @param initialMaxData                 initial_max_data: the connection receive window we start with
 * @param initialMaxStreamDataBidiLocal  initial_max_stream_data_bidi_local: window for bidirectional streams we open
 * @param initialMaxStreamDataBidiRemote initial_max_stream_data_bidi_remote: window for the peer's bidirectional streams
 * @param initialMaxStreamDataUni        initial_max_stream_data_uni: window for the peer's unidirectional streams
 * @param initialMaxStreamsBidi          initial_max_streams_bidi: concurrent bidirectional streams the peer may open
 * @param initialMaxStreamsUni           initial_max_streams_uni: concurrent unidirectional streams the peer may open
 * @param maxConnectionWindow            largest connection receive window auto-tuning may reach
 * @param maxStreamWindow                largest stream receive window auto-tuning may reach
 * @param sendBufferBytesPerStream       most unacknowledged bytes one stream's {@link SendBuffer} holds
 * @param maxRangesPerStream             cap on tracked out-of-order ranges per stream, in each direction
 *                                       (RFC 9000 §21.10)
 */
public record StreamLimits(long initialMaxData, long initialMaxStreamDataBidiLocal, long initialMaxStreamDataBidiRemote,
        long initialMaxStreamDataUni, long initialMaxStreamsBidi, long initialMaxStreamsUni,
        long maxConnectionWindow, long maxStreamWindow, long sendBufferBytesPerStream, int maxRangesPerStream) {

    private static final long MIB = 1024 * 1024;

    public StreamLimits {
        requireVarInt(initialMaxData, "initialMaxData");
        requireVarInt(initialMaxStreamDataBidiLocal, "initialMaxStreamDataBidiLocal");
        requireVarInt(initialMaxStreamDataBidiRemote, "initialMaxStreamDataBidiRemote");
        requireVarInt(initialMaxStreamDataUni, "initialMaxStreamDataUni");
        requireStreamCount(initialMaxStreamsBidi, "initialMaxStreamsBidi");
        requireStreamCount(initialMaxStreamsUni, "initialMaxStreamsUni");
        requireVarInt(maxConnectionWindow, "maxConnectionWindow");
        requireVarInt(maxStreamWindow, "maxStreamWindow");
        if (maxConnectionWindow < initialMaxData) {
            throw new IllegalArgumentException("maxConnectionWindow " + maxConnectionWindow
                    + " below initialMaxData " + initialMaxData);
        }
        long largestStreamWindow = Math.max(initialMaxStreamDataBidiLocal,
                Math.max(initialMaxStreamDataBidiRemote, initialMaxStreamDataUni));
        if (maxStreamWindow < largestStreamWindow) {
            throw new IllegalArgumentException("maxStreamWindow " + maxStreamWindow
                    + " below an initial stream window " + largestStreamWindow);
        }
        if (sendBufferBytesPerStream < 1) {
            throw new IllegalArgumentException("sendBufferBytesPerStream must be positive: " + sendBufferBytesPerStream);
        }
        if (maxRangesPerStream < 1) {
            throw new IllegalArgumentException("maxRangesPerStream must be positive: " + maxRangesPerStream);
        }
    }

    /**
     * Sensible defaults: 1 MiB connection window and 512 KiB stream windows to start, growing to
     * 24 MiB / 16 MiB; 100 concurrent streams each way; 4 MiB send buffer per stream.
     */
    public static StreamLimits defaults() {
        return new StreamLimits(MIB, MIB / 2, MIB / 2, MIB / 2, 100, 100, 24 * MIB, 16 * MIB, 4 * MIB, 1024);
    }

    private static void requireVarInt(long value, String name) {
        if (!VarInt.isValid(value)) {
            throw new IllegalArgumentException(name + " out of range 0..2^62-1: " + value);
        }
    }

    private static void requireStreamCount(long value, String name) {
        // RFC 9000 §4.6: a stream count cannot exceed 2^60.
        if (value < 0 || value > LocalStreamCredit.MAX_STREAM_COUNT) {
            throw new IllegalArgumentException(name + " out of range 0..2^60: " + value);
        }
    }
}
