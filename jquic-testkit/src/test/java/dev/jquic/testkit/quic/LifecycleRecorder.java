package dev.jquic.testkit.quic;

import dev.jquic.core.connection.CloseReason;
import dev.jquic.core.connection.ConnectionEvent;
import dev.jquic.core.connection.ConnectionState;
import java.util.ArrayList;
import java.util.List;

/**
 * An application that records when the connection reported {@link ConnectionEvent.Closed} and
 * {@link ConnectionEvent.Terminated}, and the states it went through; it forwards everything to
 * an optional delegate (a {@link TransferApp}, say).
 */
final class LifecycleRecorder implements QuicNode.Application {

    private final QuicNode.Application delegate;
    long closedAtNanos = -1;
    CloseReason closeReason;
    long terminatedAtNanos = -1;
    int closedEvents;
    int terminatedEvents;
    final List<ConnectionState> states = new ArrayList<>();

    LifecycleRecorder() {
        this(new QuicNode.Application() { });
    }

    LifecycleRecorder(QuicNode.Application delegate) {
        this.delegate = delegate;
    }

    @Override
    public void onEvent(QuicNode node, ConnectionEvent event, long nowNanos) {
        if (event instanceof ConnectionEvent.Closed closed) {
            closedEvents++;
            if (closedAtNanos < 0) {
                closedAtNanos = nowNanos;
                closeReason = closed.reason();
            }
        } else if (event instanceof ConnectionEvent.Terminated) {
            terminatedEvents++;
            if (terminatedAtNanos < 0) {
                terminatedAtNanos = nowNanos;
            }
        }
        recordState(node);
        delegate.onEvent(node, event, nowNanos);
    }

    @Override
    public void afterInput(QuicNode node, long nowNanos) {
        recordState(node);
        delegate.afterInput(node, nowNanos);
    }

    private void recordState(QuicNode node) {
        if (node.connection() == null) {
            return;
        }
        ConnectionState state = node.connection().state();
        if (states.isEmpty() || states.get(states.size() - 1) != state) {
            states.add(state);
        }
    }

    boolean terminated() {
        return terminatedAtNanos >= 0;
    }
}
