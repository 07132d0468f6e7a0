package dev.jquic.runtime;

import dev.jquic.core.frame.AckFrame;
import dev.jquic.core.frame.ConnectionCloseFrame;
import dev.jquic.core.frame.CryptoFrame;
import dev.jquic.core.frame.DatagramFrame;
import dev.jquic.core.frame.Frame;
import dev.jquic.core.frame.HandshakeDoneFrame;
import dev.jquic.core.frame.MaxDataFrame;
import dev.jquic.core.frame.MaxStreamDataFrame;
import dev.jquic.core.frame.MaxStreamsFrame;
import dev.jquic.core.frame.NewConnectionIdFrame;
import dev.jquic.core.frame.PingFrame;
import dev.jquic.core.frame.ResetStreamFrame;
import dev.jquic.core.frame.StopSendingFrame;
import dev.jquic.core.frame.StreamFrame;
import dev.jquic.core.trace.ConnectionTracer;
import dev.jquic.core.trace.PacketDropReason;
import dev.jquic.core.types.PacketNumberSpace;
import dev.jquic.core.types.PacketType;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes one connection's events as a qlog file in JSON-SEQ (RFC 7464: each record is 0x1E, a
 * JSON text and a line feed), qlog version 0.3 with the QUIC event names of
 * draft-ietf-quic-qlog-quic-events (transport:packet_sent, recovery:metrics_updated, ...), which
 * qvis loads. The JSON is written by hand. An I/O error disables the writer after one logged
 * warning; the connection is never affected. Called on the connection's loop thread only.
 */
final class QlogWriter implements ConnectionTracer {

    private static final char RECORD_SEPARATOR = 0x1E;

    private final Path file;
    private final long referenceNanos;
    private final StringBuilder line = new StringBuilder(256);
    private Writer writer;
    private boolean closedEventWritten;

    private QlogWriter(Path file, Writer writer, long referenceNanos) {
        this.file = file;
        this.writer = writer;
        this.referenceNanos = referenceNanos;
    }

    /**
     * Opens {@code <directory>/<name>-<client|server>.sqlog} and writes the header record, or
     * returns null (after a logged warning) when the file cannot be created. Event times are
     * relative to {@code referenceNanos} (the connection's creation, on the loop clock, at or
     * before {@code nowNanos}).
     */
    static QlogWriter open(Path directory, String name, boolean server, long referenceNanos, long nowNanos) {
        String vantagePoint = server ? "server" : "client";
        Path file = directory.resolve(name + "-" + vantagePoint + ".sqlog");
        try {
            Files.createDirectories(directory);
            Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            QlogWriter qlog = new QlogWriter(file, writer, referenceNanos);
            StringBuilder header = qlog.line;
            header.setLength(0);
            header.append(RECORD_SEPARATOR).append("{\"qlog_version\":\"0.3\",\"qlog_format\":\"JSON-SEQ\",")
                    .append("\"title\":\"jquic\",\"trace\":{\"vantage_point\":{\"type\":\"").append(vantagePoint)
                    .append("\"},\"common_fields\":{\"time_format\":\"relative\",\"reference_time\":")
                    .append(System.currentTimeMillis() - (nowNanos - referenceNanos) / 1_000_000).append("}}}\n");
            qlog.flushLine();
            return qlog;
        } catch (IOException | RuntimeException failure) {
            EndpointLoop.LOG.log(System.Logger.Level.WARNING, "qlog: cannot write {0}: {1}", file,
                    failure.toString());
            return null;
        }
    }

    Path file() {
        return file;
    }

    @Override
    public void packetSent(long timeNanos, PacketType type, long packetNumber, int sizeBytes, List<Frame> frames) {
        packet(timeNanos, "transport:packet_sent", type, packetNumber, sizeBytes, frames);
    }

    @Override
    public void packetReceived(long timeNanos, PacketType type, long packetNumber, int sizeBytes,
            List<Frame> frames) {
        packet(timeNanos, "transport:packet_received", type, packetNumber, sizeBytes, frames);
    }

    @Override
    public void packetLost(long timeNanos, PacketNumberSpace space, long packetNumber) {
        if (begin(timeNanos, "recovery:packet_lost")) {
            line.append("{\"header\":{\"packet_type\":\"").append(typeName(space)).append("\",\"packet_number\":")
                    .append(packetNumber).append("}}");
            end();
        }
    }

    @Override
    public void packetDropped(long timeNanos, PacketType type, int sizeBytes, PacketDropReason reason) {
        if (begin(timeNanos, "transport:packet_dropped")) {
            line.append('{');
            if (type != null) {
                line.append("\"header\":{\"packet_type\":\"").append(typeName(type)).append("\"},");
            }
            line.append("\"raw\":{\"length\":").append(sizeBytes).append("},\"trigger\":\"")
                    .append(reason.qlogTrigger()).append("\"}");
            end();
        }
    }

    @Override
    public void packetBuffered(long timeNanos, PacketType type, int sizeBytes) {
        if (begin(timeNanos, "transport:packet_buffered")) {
            line.append("{\"header\":{\"packet_type\":\"").append(typeName(type)).append("\"},\"raw\":{\"length\":")
                    .append(sizeBytes).append("},\"trigger\":\"keys_unavailable\"}");
            end();
        }
    }

    @Override
    public void metricsUpdated(long timeNanos, long congestionWindowBytes, long bytesInFlight, long smoothedRttNanos,
            long minRttNanos, long rttVariationNanos) {
        if (begin(timeNanos, "recovery:metrics_updated")) {
            line.append("{\"congestion_window\":").append(congestionWindowBytes)
                    .append(",\"bytes_in_flight\":").append(bytesInFlight)
                    .append(",\"smoothed_rtt\":").append(millis(smoothedRttNanos))
                    .append(",\"min_rtt\":").append(millis(minRttNanos))
                    .append(",\"rtt_variance\":").append(millis(rttVariationNanos)).append('}');
            end();
        }
    }

    @Override
    public void stateChanged(long timeNanos, String state) {
        if (begin(timeNanos, "connectivity:connection_state_updated")) {
            line.append("{\"new\":");
            string(state);
            line.append('}');
            end();
        }
    }

    @Override
    public void closed(long timeNanos, String reason) {
        if (begin(timeNanos, "connectivity:connection_closed")) {
            line.append("{\"reason\":");
            string(reason);
            line.append('}');
            end();
            closedEventWritten = true;
        }
    }

    /**
     * Closes the file; when the connection ended without a connection_closed event (the endpoint
     * stopped or dropped it), writes one with {@code reason} first.
     */
    void close(long nowNanos, String reason) {
        if (writer == null) {
            return;
        }
        if (!closedEventWritten) {
            closed(nowNanos, reason);
        }
        try {
            if (writer != null) {
                writer.close();
            }
        } catch (IOException failure) {
            disable(failure);
        }
        writer = null;
    }

    // ------------------------------------------------------------------ JSON

    private void packet(long timeNanos, String name, PacketType type, long packetNumber, int sizeBytes,
            List<Frame> frames) {
        if (!begin(timeNanos, name)) {
            return;
        }
        line.append("{\"header\":{\"packet_type\":\"").append(typeName(type)).append("\",\"packet_number\":")
                .append(packetNumber).append("},\"raw\":{\"length\":").append(sizeBytes).append("},\"frames\":[");
        for (int i = 0; i < frames.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            frame(frames.get(i));
        }
        line.append("]}");
        end();
    }

    private void frame(Frame frame) {
        StringBuilder out = line;
        if (frame instanceof StreamFrame stream) {
            out.append("{\"frame_type\":\"stream\",\"stream_id\":").append(stream.streamId())
                    .append(",\"offset\":").append(stream.offset()).append(",\"length\":").append(stream.length())
                    .append(",\"fin\":").append(stream.fin()).append('}');
        } else if (frame instanceof AckFrame ack) {
            out.append("{\"frame_type\":\"ack\",\"acked_ranges\":[");
            for (int i = 0; i < ack.rangeCount(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append('[').append(ack.rangeSmallest(i)).append(',').append(ack.rangeLargest(i)).append(']');
            }
            out.append("]}");
        } else if (frame instanceof CryptoFrame crypto) {
            out.append("{\"frame_type\":\"crypto\",\"offset\":").append(crypto.offset()).append(",\"length\":")
                    .append(crypto.length()).append('}');
        } else if (frame instanceof PingFrame) {
            out.append("{\"frame_type\":\"ping\"}");
        } else if (frame instanceof MaxDataFrame maxData) {
            out.append("{\"frame_type\":\"max_data\",\"maximum\":").append(maxData.maximumData()).append('}');
        } else if (frame instanceof MaxStreamDataFrame maxStreamData) {
            out.append("{\"frame_type\":\"max_stream_data\",\"stream_id\":").append(maxStreamData.streamId())
                    .append(",\"maximum\":").append(maxStreamData.maximumStreamData()).append('}');
        } else if (frame instanceof MaxStreamsFrame) {
            out.append("{\"frame_type\":\"max_streams\"}");
        } else if (frame instanceof ResetStreamFrame reset) {
            out.append("{\"frame_type\":\"reset_stream\",\"stream_id\":").append(reset.streamId())
                    .append(",\"error_code\":").append(reset.applicationErrorCode()).append(",\"final_size\":")
                    .append(reset.finalSize()).append('}');
        } else if (frame instanceof StopSendingFrame stop) {
            out.append("{\"frame_type\":\"stop_sending\",\"stream_id\":").append(stop.streamId()).append('}');
        } else if (frame instanceof NewConnectionIdFrame) {
            out.append("{\"frame_type\":\"new_connection_id\"}");
        } else if (frame instanceof HandshakeDoneFrame) {
            out.append("{\"frame_type\":\"handshake_done\"}");
        } else if (frame instanceof DatagramFrame datagram) {
            out.append("{\"frame_type\":\"datagram\",\"length\":").append(datagram.data().remaining()).append('}');
        } else if (frame instanceof ConnectionCloseFrame close) {
            out.append("{\"frame_type\":\"connection_close\",\"error_space\":\"")
                    .append(close.kind() == ConnectionCloseFrame.Kind.APPLICATION ? "application" : "transport")
                    .append("\",\"raw_error_code\":").append(close.errorCode()).append(",\"reason\":");
            string(close.reasonText());
            out.append('}');
        } else {
            out.append("{\"frame_type\":\"unknown\",\"raw_frame_type\":").append(frame.frameType()).append('}');
        }
    }

    private boolean begin(long timeNanos, String name) {
        if (writer == null) {
            return false;
        }
        line.setLength(0);
        line.append(RECORD_SEPARATOR).append("{\"time\":").append(millis(timeNanos - referenceNanos))
                .append(",\"name\":\"").append(name).append("\",\"data\":");
        return true;
    }

    private void end() {
        line.append("}\n");
        flushLine();
    }

    private void flushLine() {
        try {
            writer.append(line);
        } catch (IOException failure) {
            disable(failure);
        }
    }

    private void disable(IOException failure) {
        EndpointLoop.LOG.log(System.Logger.Level.WARNING, "qlog: writing {0} failed, qlog disabled: {1}", file,
                failure.toString());
        Writer broken = writer;
        writer = null;
        try {
            if (broken != null) {
                broken.close();
            }
        } catch (IOException ignored) {
            // Already reported.
        }
    }

    /** Appends {@code text} as a JSON string (RFC 8259 §7). */
    private void string(String text) {
        StringBuilder out = line;
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (ch < 0x20 || ch == 0x7f) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        out.append('"');
    }

    private static String millis(long nanos) {
        long positive = Math.max(0, nanos);
        return Long.toString(positive / 1_000_000) + '.' + String.format(Locale.ROOT, "%06d", positive % 1_000_000);
    }

    private static String typeName(PacketType type) {
        return switch (type) {
            case INITIAL -> "initial";
            case HANDSHAKE -> "handshake";
            case ZERO_RTT -> "0RTT";
            case ONE_RTT -> "1RTT";
            case RETRY -> "retry";
            case VERSION_NEGOTIATION -> "version_negotiation";
        };
    }

    private static String typeName(PacketNumberSpace space) {
        return switch (space) {
            case INITIAL -> "initial";
            case HANDSHAKE -> "handshake";
            case APPLICATION -> "1RTT";
        };
    }
}
