package dev.jquic.testkit.quic;

import dev.jquic.core.connection.ConnectionEvent;

/**
 * Wraps a transfer and starts a key update (RFC 9001 §6) every {@code everyBytes} received bytes,
 * at most {@code maxUpdates} of them.
 */
final class KeyUpdatingApp implements QuicNode.Application {
    private final TransferApp transfer;
    private final long everyBytes;
    private final int maxUpdates;
    int updatesStarted;
    int refusals;

    KeyUpdatingApp(TransferApp transfer, long everyBytes, int maxUpdates) {
        this.transfer = transfer;
        this.everyBytes = everyBytes;
        this.maxUpdates = maxUpdates;
    }

    @Override
    public void onEvent(QuicNode node, ConnectionEvent event, long nowNanos) {
        transfer.onEvent(node, event, nowNanos);
    }

    @Override
    public void afterInput(QuicNode node, long nowNanos) {
        transfer.afterInput(node, nowNanos);
        if (updatesStarted < maxUpdates && transfer.bytesReceived >= (updatesStarted + 1) * everyBytes
                && node.connection().state().isEstablished()) {
            // Refused while the previous update is not yet acknowledged (RFC 9001 §6.1): retried.
            if (node.connection().initiateKeyUpdate(nowNanos)) {
                updatesStarted++;
            } else {
                refusals++;
            }
        }
    }
}
