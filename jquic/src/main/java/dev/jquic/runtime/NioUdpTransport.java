package dev.jquic.runtime;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * {@link UdpTransport} over non-blocking {@link DatagramChannel}s registered with one
 * {@link Selector}: one system call per datagram, available on every JDK and OS.
 */
final class NioUdpTransport implements UdpTransport {

    private final int socketBufferBytes;
    private final DatagramChannel channel;
    private final Selector selector;
    private final InetSocketAddress localAddress;
    /** Sockets opened for client migration (RFC 9000 §9), by local address. */
    private final Map<SocketAddress, DatagramChannel> migrationChannels = new HashMap<>();
    private final ByteBuffer receiveBuffer = ByteBuffer.allocate(65_536);
    private final ByteBuffer sendBuffer = ByteBuffer.allocate(65_536);
    private SocketAddress blockedDestination;
    private DatagramChannel blockedChannel;
    private long sendErrors;
    private IOException lastSendError;
    /** The thread parked in {@link #await} for a sub-millisecond timeout, for {@link #wakeup()}. */
    private volatile Thread parked;

    NioUdpTransport(InetSocketAddress bindAddress, int socketBufferBytes) throws IOException {
        this(bindAddress, socketBufferBytes, false);
    }

    NioUdpTransport(InetSocketAddress bindAddress, int socketBufferBytes, boolean reusePort) throws IOException {
        this.socketBufferBytes = socketBufferBytes;
        DatagramChannel opened = null;
        Selector openedSelector = null;
        try {
            opened = DatagramChannel.open();
            raiseBuffer(opened, StandardSocketOptions.SO_RCVBUF);
            raiseBuffer(opened, StandardSocketOptions.SO_SNDBUF);
            if (reusePort) {
                opened.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            opened.bind(bindAddress);
            opened.configureBlocking(false);
            openedSelector = Selector.open();
            this.localAddress = (InetSocketAddress) opened.getLocalAddress();
            opened.register(openedSelector, SelectionKey.OP_READ, localAddress);
        } catch (IOException | RuntimeException failure) {
            closeQuietly(opened);
            closeQuietly(openedSelector);
            throw failure;
        }
        this.channel = opened;
        this.selector = openedSelector;
    }

    private void raiseBuffer(DatagramChannel target, SocketOption<Integer> option) {
        try {
            target.setOption(option, socketBufferBytes);
        } catch (IOException | UnsupportedOperationException refused) {
            EndpointLoop.LOG.log(System.Logger.Level.DEBUG, "cannot raise {0}: {1}", option.name(),
                    refused.getMessage());
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // closing after a failure: nothing more to do
            }
        }
    }

    @Override
    public String description() {
        return "nio";
    }

    @Override
    public String toString() {
        return description() + " on " + localAddress + ": " + migrationChannels.size() + " migration sockets, send errors "
                + sendErrors;
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public int receiveBufferBytes() throws IOException {
        return channel.getOption(StandardSocketOptions.SO_RCVBUF);
    }

    @Override
    public InetSocketAddress openSocket(InetAddress address) throws IOException {
        DatagramChannel opened = DatagramChannel.open();
        try {
            raiseBuffer(opened, StandardSocketOptions.SO_RCVBUF);
            raiseBuffer(opened, StandardSocketOptions.SO_SNDBUF);
            opened.bind(new InetSocketAddress(address, 0));
            opened.configureBlocking(false);
            InetSocketAddress bound = (InetSocketAddress) opened.getLocalAddress();
            opened.register(selector, SelectionKey.OP_READ, bound);
            migrationChannels.put(bound, opened);
            return bound;
        } catch (IOException | RuntimeException failure) {
            closeQuietly(opened);
            throw failure;
        }
    }

    @Override
    public void closeSocket(SocketAddress local) {
        DatagramChannel closing = migrationChannels.remove(local);
        if (closing != null) {
            if (closing == blockedChannel) {
                blockedChannel = null;
                blockedDestination = null;
            }
            closeQuietly(closing);
        }
    }

    @Override
    public void await(long timeoutNanos) throws IOException {
        if (timeoutNanos <= 0) {
            selector.selectNow();
        } else if (timeoutNanos == WAIT_FOREVER) {
            selector.select();
        } else if (timeoutNanos < 1_000_000) {
            // select() counts whole milliseconds, too coarse for pacing (a burst of ten packets
            // per millisecond caps a connection near 12 MB/s): poll, then park for the rest.
            if (selector.selectNow() == 0) {
                parked = Thread.currentThread();
                LockSupport.parkNanos(timeoutNanos);
                parked = null;
            }
        } else {
            // Whole milliseconds, rounded down; the remainder is parked for in the next round.
            selector.select(timeoutNanos / 1_000_000);
        }
    }

    @Override
    public boolean receive(Receiver receiver, int maxDatagrams) {
        boolean capped = false;
        for (SelectionKey ready : selector.selectedKeys()) {
            if (!ready.isValid()) {
                continue;
            }
            if (ready.isWritable()) {
                ready.interestOps(SelectionKey.OP_READ);
            }
            if (ready.isReadable()) {
                capped |= readAll((DatagramChannel) ready.channel(), (SocketAddress) ready.attachment(), receiver,
                        maxDatagrams);
            }
        }
        selector.selectedKeys().clear();
        return capped;
    }

    private boolean readAll(DatagramChannel source, SocketAddress local, Receiver receiver, int maxDatagrams) {
        for (int count = 0; count < maxDatagrams; count++) {
            receiveBuffer.clear();
            SocketAddress from;
            try {
                from = source.receive(receiveBuffer);
            } catch (IOException | RuntimeException failure) {
                // An ICMP error on some platforms: UDP carries on.
                EndpointLoop.LOG.log(System.Logger.Level.DEBUG, "receive failed: {0}", failure.toString());
                continue;
            }
            if (from == null) {
                return false;
            }
            receiveBuffer.flip();
            receiver.received(receiveBuffer, local, from);
        }
        return true;
    }

    @Override
    public SendResult send(Sender sender, int maxDatagrams) {
        if (blockedDestination != null) {
            // The datagram the full socket refused is still in sendBuffer: retry it first.
            if (!sendOne(blockedChannel, blockedDestination)) {
                return SendResult.BLOCKED;
            }
            blockedDestination = null;
            blockedChannel = null;
        }
        for (int count = 0; count < maxDatagrams; count++) {
            sendBuffer.clear();
            int length = sender.next(sendBuffer);
            if (length == 0) {
                return SendResult.DRAINED;
            }
            sendBuffer.position(0).limit(length);
            SocketAddress destination = sender.destination();
            SocketAddress local = sender.local();
            DatagramChannel out = localAddress.equals(local) ? channel : migrationChannels.get(local);
            if (out == null) {
                continue;
            }
            if (!sendOne(out, destination)) {
                blockedDestination = destination;
                blockedChannel = out;
                return SendResult.BLOCKED;
            }
        }
        return SendResult.CAPPED;
    }

    /** Sends sendBuffer; false when the socket buffer is full (then waits for OP_WRITE). */
    private boolean sendOne(DatagramChannel out, SocketAddress destination) {
        try {
            if (out.send(sendBuffer, destination) == 0) {
                out.keyFor(selector).interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                return false;
            }
        } catch (IOException | RuntimeException failure) {
            // UDP: a datagram that cannot be sent is lost; recovery resends what it carried.
            sendErrors++;
            lastSendError = failure instanceof IOException io ? io : new IOException(failure);
            EndpointLoop.LOG.log(System.Logger.Level.DEBUG, "send to {0} failed: {1}", destination,
                    failure.toString());
        }
        return true;
    }

    @Override
    public long sendErrors() {
        return sendErrors;
    }

    @Override
    public IOException lastSendError() {
        return lastSendError;
    }

    @Override
    public boolean hasBlockedSend() {
        return blockedDestination != null;
    }

    @Override
    public void wakeup() {
        selector.wakeup();
        Thread waiter = parked;
        if (waiter != null) {
            LockSupport.unpark(waiter);
        }
    }

    @Override
    public void close() {
        closeQuietly(channel);
        migrationChannels.values().forEach(NioUdpTransport::closeQuietly);
        migrationChannels.clear();
        closeQuietly(selector);
    }
}
