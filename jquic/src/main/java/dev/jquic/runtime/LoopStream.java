package dev.jquic.runtime;

import dev.jquic.QuicConnection;
import dev.jquic.QuicStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link QuicStream} over one stream ID of a core connection. Writes go into a runtime-side
 * queue that feeds {@code Connection.write} as the core's send buffer accepts bytes; the queued
 * byte count drives backpressure ({@code write} returns false at the high-water mark, and {@code
 * onDrain} follows when it falls below). Received bytes are read from the core into the loop's
 * reused buffer and passed to {@code onData}, or to the blocking {@link StreamInput}.
 */
final class LoopStream implements QuicStream {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final LoopConnection connection;
    private final long id;
    private final boolean bidirectional;
    private final boolean local;
    private final long highWaterMark;
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    /** Writes of other threads whose bytes are still in the loop's command queue. */
    private final java.util.concurrent.atomic.AtomicInteger enqueuesInTransit =
            new java.util.concurrent.atomic.AtomicInteger();
    private final Object drainMonitor = new Object();
    private volatile boolean drainWanted;
    private volatile int drainWaiters;
    private volatile boolean sendClosed;
    private volatile boolean finishRequested;
    private volatile StreamInput input;
    private boolean finishSent;
    private boolean finDelivered;
    private boolean stopSendingSent;
    private boolean resetReceived;

    LoopStream(LoopConnection connection, long id, boolean bidirectional, boolean local) {
        this.connection = connection;
        this.id = id;
        this.bidirectional = bidirectional;
        this.local = local;
        this.highWaterMark = connection.loop.settings.streamHighWaterMarkBytes();
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public boolean isBidirectional() {
        return bidirectional;
    }

    @Override
    public boolean isLocal() {
        return local;
    }

    @Override
    public QuicConnection connection() {
        return connection;
    }

    private boolean canSend() {
        return bidirectional || local;
    }

    private boolean canReceive() {
        return bidirectional || !local;
    }

    /** Writing needs a sending half that was not finished yet. */
    private void requireOpenForWriting() {
        requireSending();
        if (finishRequested) {
            throw new IllegalStateException("stream " + id + " was already finished");
        }
    }

    private void requireSending() {
        if (!canSend()) {
            throw new IllegalStateException("stream " + id + " is receive-only (the peer's unidirectional stream)");
        }
    }

    // ------------------------------------------------------------------ sending (any thread)

    @Override
    public boolean write(ByteBuffer data) {
        requireOpenForWriting();
        if (sendClosed) {
            // Reset, stopped by the peer or closed: the bytes can never be delivered.
            data.position(data.limit());
            return false;
        }
        EndpointLoop loop = connection.loop;
        if (loop.inLoop() && enqueuesInTransit.get() == 0) {
            // Every earlier write is in the queue already: straight to the core if it is empty.
            if (queuedBytes.get() == 0 && data.hasRemaining()) {
                writeToCore(data);
            }
            if (data.hasRemaining()) {
                appendToQueue(data);
            }
            loop.endpoint.markActive(connection.handle);
            if (sendClosed) {
                return false;
            }
        } else if (!enqueueCopy(data)) {
            // Off the loop, or on it while other threads' bytes are still in the command queue:
            // through the command queue too, behind them (its order is the write order).
            return false;
        }
        if (queuedBytes.get() < highWaterMark) {
            return true;
        }
        wantDrain();
        return false;
    }

    @Override
    public int writeSome(ByteBuffer data) {
        requireOpenForWriting();
        if (sendClosed) {
            return -1;
        }
        int wanted = data.remaining();
        if (wanted == 0) {
            return 0;
        }
        EndpointLoop loop = connection.loop;
        if (loop.inLoop() && enqueuesInTransit.get() == 0 && queuedBytes.get() == 0) {
            // Straight into the core's send buffer. When it is full, the core's Writable event
            // (pump) brings onDrain: no re-check here, which would call onDrain while it is full.
            try {
                connection.core.write(id, data);
            } catch (IllegalStateException closed) {
                dropQueue();
                return -1;
            }
            loop.endpoint.markActive(connection.handle);
            if (data.hasRemaining()) {
                drainWanted = true;
            }
            return wanted - data.remaining();
        } else {
            // Bytes are queued ahead of these (or this is another thread): take what fits below
            // the high-water mark, behind them.
            long room = highWaterMark - queuedBytes.get();
            if (room > 0) {
                ByteBuffer part = data.duplicate();
                part.limit(part.position() + (int) Math.min(room, wanted));
                data.position(part.limit());
                if (loop.inLoop() && enqueuesInTransit.get() == 0) {
                    appendToQueue(part);
                    loop.endpoint.markActive(connection.handle);
                } else if (!enqueueCopy(part)) {
                    data.position(data.limit() - wanted);
                    return -1;
                }
            }
        }
        int taken = wanted - data.remaining();
        if (taken < wanted) {
            wantDrain();
        }
        return taken;
    }

    /** Loop: copies data (all of it) to the end of this stream's queue. */
    private void appendToQueue(ByteBuffer data) {
        ByteBuffer copy = copyOf(data);
        queuedBytes.addAndGet(copy.remaining());
        queue.add(copy);
    }

    /** Copies data (all of it) into the loop's command queue; false if the loop has stopped. */
    private boolean enqueueCopy(ByteBuffer data) {
        EndpointLoop loop = connection.loop;
        ByteBuffer copy = copyOf(data);
        queuedBytes.addAndGet(copy.remaining());
        enqueuesInTransit.incrementAndGet();
        if (!loop.post(() -> enqueue(copy))) {
            enqueuesInTransit.decrementAndGet();
            dropQueue();
            return false;
        }
        return true;
    }

    /** Asks for onDrain; if the queue drained meanwhile, makes sure it still fires. */
    private void wantDrain() {
        drainWanted = true;
        if (queuedBytes.get() < highWaterMark) {
            connection.loop.execute(this::checkDrain);
        }
    }

    private static ByteBuffer copyOf(ByteBuffer data) {
        return ByteBuffer.allocate(data.remaining()).put(data).flip();
    }

    private void writeToCore(ByteBuffer data) {
        try {
            connection.core.write(id, data);
        } catch (IllegalStateException closed) {
            data.position(data.limit());
            dropQueue();
        }
    }

    private void enqueue(ByteBuffer copy) {
        enqueuesInTransit.decrementAndGet();
        if (sendClosed) {
            queuedBytes.addAndGet(-copy.remaining());
            return;
        }
        queue.add(copy);
        pump();
    }

    /** Loop: moves queued bytes into the core as far as it accepts them; FIN after the last. */
    void pump() {
        while (!queue.isEmpty()) {
            ByteBuffer head = queue.peek();
            int before = head.remaining();
            try {
                connection.core.write(id, head);
            } catch (IllegalStateException closed) {
                dropQueue();
                return;
            }
            queuedBytes.addAndGet(head.remaining() - before);
            if (head.hasRemaining()) {
                break;
            }
            queue.poll();
        }
        // queuedBytes also counts bytes whose enqueue command has not run yet: FIN waits for them.
        if (queue.isEmpty() && queuedBytes.get() == 0 && finishRequested && !finishSent && !sendClosed) {
            finishSent = true;
            try {
                connection.core.finish(id);
            } catch (IllegalStateException closed) {
                sendClosed = true;
            }
        }
        connection.loop.endpoint.markActive(connection.handle);
        checkDrain();
    }

    private void checkDrain() {
        if (drainWaiters > 0) {
            synchronized (drainMonitor) {
                drainMonitor.notifyAll();
            }
        }
        if (drainWanted && (queuedBytes.get() < highWaterMark) && !sendClosed) {
            drainWanted = false;
            try {
                connection.handler.onDrain(this);
            } catch (Throwable failure) {
                connection.callbackFailed(failure);
            }
        }
    }

    private void dropQueue() {
        sendClosed = true;
        queue.clear();
        queuedBytes.set(0);
        if (drainWaiters > 0) {
            synchronized (drainMonitor) {
                drainMonitor.notifyAll();
            }
        }
    }

    @Override
    public void finish() {
        requireSending();
        finishRequested = true;
        connection.loop.execute(this::pump);
    }

    @Override
    public void reset(long applicationErrorCode) {
        requireSending();
        connection.loop.execute(() -> {
            dropQueue();
            try {
                connection.core.resetStream(id, applicationErrorCode);
            } catch (IllegalStateException closed) {
                return;
            }
            connection.loop.endpoint.markActive(connection.handle);
        });
    }

    @Override
    public void stopSending(long applicationErrorCode) {
        if (!canReceive()) {
            throw new IllegalStateException("stream " + id + " is send-only (a local unidirectional stream)");
        }
        connection.loop.execute(() -> {
            stopSendingSent = true;
            try {
                connection.core.stopSending(id, applicationErrorCode);
            } catch (IllegalStateException closed) {
                return;
            }
            connection.loop.endpoint.markActive(connection.handle);
        });
    }

    /** Blocks (never on the loop) until the queue is below the high-water mark or sending ended. */
    void awaitWritable() throws IOException {
        if (connection.loop.inLoop()) {
            throw new IllegalStateException("blocking stream I/O on the event-loop thread");
        }
        synchronized (drainMonitor) {
            drainWaiters++;
            try {
                while (queuedBytes.get() >= highWaterMark && !sendClosed) {
                    drainMonitor.wait(1_000);
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting to write on stream " + id);
            } finally {
                drainWaiters--;
            }
        }
        if (sendClosed) {
            throw new IOException("stream " + id + " was reset or closed");
        }
    }

    /** Throws on the event-loop thread, where blocking would stop every connection. */
    void requireOffLoop() {
        if (connection.loop.inLoop()) {
            throw new IllegalStateException("blocking stream I/O on the event-loop thread");
        }
    }

    boolean isSendClosed() {
        return sendClosed;
    }

    // ------------------------------------------------------------------ receiving (loop)

    /** Loop: reads what the core holds and passes it on, then the FIN once. */
    void deliverReadable() {
        if (!canReceive() || connection.core.streams().isResetByPeer(id)) {
            // After the peer's reset the core reads -1, which is no FIN: onPeerReset tells the rest.
            return;
        }
        ByteBuffer buffer = connection.loop.readBuffer;
        while (true) {
            StreamInput adapter = input;
            buffer.clear();
            if (adapter != null) {
                int room = adapter.room();
                if (room <= 0) {
                    return;
                }
                buffer.limit(Math.min(buffer.capacity(), room));
            }
            int count = connection.core.read(id, buffer);
            if (count > 0) {
                buffer.flip();
                deliver(buffer, false);
            } else {
                if (count < 0 && !finDelivered && !stopSendingSent && !resetReceived) {
                    finDelivered = true;
                    deliver(EMPTY.duplicate(), true);
                }
                return;
            }
        }
    }

    private void deliver(ByteBuffer data, boolean fin) {
        StreamInput adapter = input;
        if (adapter != null) {
            adapter.offer(data, fin);
            return;
        }
        try {
            connection.handler.onData(this, data, fin);
        } catch (Throwable failure) {
            connection.callbackFailed(failure);
        }
    }

    void onPeerReset(long errorCode) {
        resetReceived = true;
        StreamInput adapter = input;
        if (adapter != null) {
            adapter.fail(new IOException("stream " + id + " was reset by the peer with error code " + errorCode));
        }
        try {
            connection.handler.onStreamReset(this, errorCode);
        } catch (Throwable failure) {
            connection.callbackFailed(failure);
        }
        // RFC 9000 §3.2: the application has read the reset; the receiving part ends.
        connection.core.streams().resetSeen(id);
    }

    void onPeerStopSending(long errorCode) {
        dropQueue();
        try {
            connection.handler.onStopSending(this, errorCode);
        } catch (Throwable failure) {
            connection.callbackFailed(failure);
        }
    }

    /** The core forgot the stream: both halves are over. */
    void onClosed() {
        sendClosed = true;
        StreamInput adapter = input;
        if (adapter != null && canReceive()) {
            adapter.endIfOpen();
        }
        dropQueue();
    }

    void onConnectionClosed(Exception cause) {
        StreamInput adapter = input;
        if (adapter != null) {
            adapter.fail(new IOException(cause.getMessage(), cause));
        }
        dropQueue();
    }

    // ------------------------------------------------------------------ blocking adapters

    @Override
    public synchronized InputStream inputStream() {
        if (!canReceive()) {
            throw new IllegalStateException("stream " + id + " is send-only (a local unidirectional stream)");
        }
        if (input == null) {
            input = new StreamInput(this, connection.loop);
            connection.loop.execute(this::deliverReadable);
        }
        return input;
    }

    @Override
    public OutputStream outputStream() {
        requireSending();
        return new StreamOutput(this);
    }

    @Override
    public String toString() {
        return "stream " + id + " of " + connection;
    }
}
