package dev.jquic.cli;

import dev.jquic.QuicConnection;
import dev.jquic.QuicStream;
import java.nio.ByteBuffer;

/**
 * Upload or download of {@code bytes} on one bidirectional stream. Upload: the client writes the
 * pattern, the server answers with its count, which must equal what was sent. Download: the
 * server writes the pattern and the client checks every byte and the total.
 */
final class BulkWorkload extends PerfWorkload implements PerfClientHandler.StreamListener {

    private final QuicConnection connection;
    private final PerfClientHandler handler;
    private final boolean upload;
    private final long bytes;
    private volatile PatternSender sender;
    /** Upload: the server's 8-byte count. */
    private final ByteBuffer reply = ByteBuffer.allocate(Long.BYTES);
    /** Download: bytes received and verified so far (written on the loop thread only). */
    private volatile long received;
    private int phase;

    BulkWorkload(QuicConnection connection, PerfClientHandler handler, boolean upload, long bytes) {
        this.connection = connection;
        this.handler = handler;
        this.upload = upload;
        this.bytes = bytes;
    }

    @Override
    void start() {
        connection.openStream().whenComplete((stream, failure) -> {
            if (failure != null) {
                fail("cannot open a stream", failure);
                return;
            }
            handler.listen(stream, this);
            if (upload) {
                stream.write(PerfProtocol.header(PerfProtocol.UPLOAD, 0));
                PatternSender writer = new PatternSender(stream, bytes);
                sender = writer;
                writer.pump();
            } else {
                stream.write(PerfProtocol.header(PerfProtocol.DOWNLOAD, bytes));
                stream.finish();
            }
        });
    }

    @Override
    public void onDrain(QuicStream stream) {
        PatternSender writer = sender;
        if (writer != null) {
            writer.pump();
        }
    }

    @Override
    public void onData(QuicStream stream, ByteBuffer data, boolean fin) {
        if (upload) {
            int take = Math.min(reply.remaining(), data.remaining());
            reply.put(data.slice(data.position(), take));
            if (data.remaining() > take) {
                fail("the server's reply is longer than 8 bytes");
                return;
            }
            if (fin) {
                checkCount();
            }
        } else if (verify(data) && fin) {
            if (received == bytes) {
                complete();
            } else {
                fail("download: the server finished after " + received + " of " + bytes + " bytes");
            }
        }
    }

    private void checkCount() {
        if (reply.hasRemaining()) {
            fail("the server finished the stream before its 8-byte count");
            return;
        }
        long counted = reply.getLong(0);
        if (counted != bytes) {
            fail("upload: sent " + bytes + " bytes but the server counted " + counted);
            return;
        }
        complete();
    }

    /** Checks {@code data} against the pattern at the current offset; fails the workload at the first wrong byte. */
    private boolean verify(ByteBuffer data) {
        long offset = received;
        int p = phase;
        for (int i = data.position(); i < data.limit(); i++) {
            if (data.get(i) != (byte) p) {
                fail("download: wrong byte at offset " + (offset + i - data.position()));
                return false;
            }
            p = p == PerfProtocol.PERIOD - 1 ? 0 : p + 1;
        }
        phase = p;
        received = offset + data.remaining();
        if (received > bytes) {
            fail("download: the server sent more than " + bytes + " bytes");
            return false;
        }
        return true;
    }

    @Override
    public void onFailure(QuicStream stream, String problem) {
        fail(problem);
    }

    @Override
    long progress() {
        if (!upload) {
            return received;
        }
        PatternSender writer = sender;
        return writer == null ? 0 : writer.sent();
    }

    @Override
    boolean countsBytes() {
        return true;
    }

    /** What the summary says was verified. */
    String verification() {
        return upload ? "the server counted " + reply.getLong(0) + " bytes" : "every byte verified";
    }
}
