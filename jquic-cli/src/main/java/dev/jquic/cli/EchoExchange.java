package dev.jquic.cli;

import dev.jquic.QuicStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The demo's conversation on one stream: send a message, wait for its echo, send the next; after
 * the last echo finish the stream, and complete {@link #done()} when the server finishes it too
 * with exactly the bytes sent. Methods are synchronized: {@link #start()} runs on the caller's
 * thread, {@link #onData} on the client's event loop.
 */
final class EchoExchange {

    private final QuicStream stream;
    private final String name;
    private final List<String> messages;
    private final PrintWriter log;
    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final CompletableFuture<Integer> done = new CompletableFuture<>();
    private int nextMessage;

    EchoExchange(QuicStream stream, int index, List<String> messages, PrintWriter log) {
        this.stream = stream;
        this.name = "stream " + index + " (id " + stream.id() + ")";
        this.messages = List.copyOf(messages);
        this.log = log;
    }

    /** "stream 2 (id 8)". */
    String name() {
        return name;
    }

    QuicStream stream() {
        return stream;
    }

    /** Completes with the number of bytes echoed once the server has finished the stream. */
    CompletableFuture<Integer> done() {
        return done;
    }

    synchronized void start() {
        sendNext();
    }

    synchronized void onData(ByteBuffer data, boolean fin) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        received.write(bytes, 0, bytes.length);
        if (received.size() > sent.size()) {
            fail("the server sent " + received.size() + " bytes but only " + sent.size() + " were sent");
            return;
        }
        if (received.size() == sent.size() && !fin && nextMessage > 0) {
            if (!Arrays.equals(received.toByteArray(), sent.toByteArray())) {
                fail("the echo differs from what was sent");
                return;
            }
            log.println("  " + name + ": echoed \"" + messages.get(nextMessage - 1) + "\"");
            sendNext();
        }
        if (fin) {
            if (!Arrays.equals(received.toByteArray(), sent.toByteArray()) || nextMessage < messages.size()) {
                fail("the server finished the stream after " + received.size() + " of " + sent.size() + " bytes sent");
            } else {
                done.complete(received.size());
            }
        }
    }

    synchronized void fail(String problem) {
        if (done.completeExceptionally(new CommandFailure(name + ": " + problem))) {
            stream.reset(0);
        }
    }

    private void sendNext() {
        if (nextMessage == messages.size()) {
            stream.finish();
            return;
        }
        byte[] message = messages.get(nextMessage++).getBytes(StandardCharsets.UTF_8);
        sent.write(message, 0, message.length);
        stream.write(ByteBuffer.wrap(message));
    }
}
