package dev.jquic;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Helpers of the loopback tests: an echo server handler, a collecting client handler, payloads. */
public final class Loopback {

    public static final Duration WAIT = Duration.ofSeconds(20);

    private Loopback() {
    }

    static Path pem(String name) {
        return Path.of("src/test/resources/pem", name);
    }

    /** Payload bytes that differ per stream and per position. */
    public static byte[] payload(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + seed * 7 + (i >>> 9));
        }
        return bytes;
    }

    /** The byte at {@code offset} of a long, position-dependent pattern (for order checks). */
    static byte patternAt(long offset) {
        return (byte) (offset * 0x9E3779B1L >>> 24 ^ offset >>> 16);
    }

    /** {@code length} bytes of that pattern from {@code offset} on, in a fresh buffer. */
    static ByteBuffer patternChunk(long offset, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = patternAt(offset + i);
        }
        return ByteBuffer.wrap(bytes);
    }

    public static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    static QuicServer echoServer(String host, EchoHandler handler) {
        return Quic.server().host(host).port(0).alpn("echo").handler(handler).listen();
    }

    /** Echo: every bidirectional stream's bytes go back on it, finished when the peer finishes. */
    static class EchoHandler implements QuicHandler {
        final List<Throwable> errors = new CopyOnWriteArrayList<>();

        @Override
        public void onData(QuicStream stream, ByteBuffer data, boolean fin) {
            if (!stream.isBidirectional()) {
                return;
            }
            if (data.hasRemaining()) {
                stream.write(data);
            }
            if (fin) {
                stream.finish();
            }
        }

        @Override
        public void onError(QuicConnection connection, Throwable error) {
            errors.add(error);
        }
    }

    /** Collects each stream's bytes; {@link #result} completes at FIN. */
    public static class Collector implements QuicHandler {
        final Map<QuicStream, ByteArrayOutputStream> received = new ConcurrentHashMap<>();
        final Map<QuicStream, CompletableFuture<byte[]>> finished = new ConcurrentHashMap<>();
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final CompletableFuture<QuicCloseReason> closed = new CompletableFuture<>();

        public CompletableFuture<byte[]> result(QuicStream stream) {
            return finished.computeIfAbsent(stream, key -> new CompletableFuture<>());
        }

        @Override
        public void onData(QuicStream stream, ByteBuffer data, boolean fin) {
            ByteArrayOutputStream bytes = received.computeIfAbsent(stream, key -> new ByteArrayOutputStream());
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            bytes.writeBytes(chunk);
            if (fin) {
                result(stream).complete(bytes.toByteArray());
            }
        }

        @Override
        public void onStreamReset(QuicStream stream, long errorCode) {
            result(stream).completeExceptionally(new IllegalStateException("reset " + errorCode));
        }

        @Override
        public void onClose(QuicConnection connection, QuicCloseReason reason) {
            closed.complete(reason);
        }

        @Override
        public void onError(QuicConnection connection, Throwable error) {
            errors.add(error);
        }
    }
}
