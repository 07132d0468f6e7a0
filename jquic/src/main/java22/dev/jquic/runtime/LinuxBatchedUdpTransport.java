package dev.jquic.runtime;

import static dev.jquic.runtime.LinuxSyscalls.*;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * {@link UdpTransport} for Linux through the Foreign Function &amp; Memory API (JDK 22+):
 * {@code recvmmsg} reads up to {@value #RECEIVE_BATCH} datagrams per call, {@code sendmmsg} sends
 * up to {@value #SEND_BATCH} messages per call, and with UDP GSO ({@code UDP_SEGMENT}) each message
 * carries up to {@value #MAX_SEGMENTS} datagrams of one size to one destination; with UDP GRO the
 * kernel hands over coalesced datagrams that are split here again. Sockets are non-blocking; the
 * loop sleeps in {@code ppoll} (nanosecond timeout) with an {@code eventfd} for {@link #wakeup()}.
 *
 * <p>All native memory (message headers, addresses, control messages, datagram slots) is
 * allocated once; the hot paths allocate nothing on the heap for peers seen before. Loop thread
 * only, except {@link #wakeup()}.
 */
final class LinuxBatchedUdpTransport implements UdpTransport {

    static final int RECEIVE_BATCH = 32;
    static final int SEND_BATCH = 64;
    /** Datagrams per GSO message: the kernel's limit is 64 and 64 KiB in all (EMSGSIZE above). */
    static final int MAX_SEGMENTS = 64;
    private static final int MAX_MESSAGE_BYTES = 65_000;
    private static final int SLOT_BYTES = 65_536;
    private static final int SEND_DATA_BYTES = 1 << 20;
    private static final int MAX_SOCKETS = 16;
    private static final long CONTROL_STRIDE = 64;
    private static final long NAME_STRIDE = 32;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment capture = captureSegment(arena);
    private final MemorySegment wakeCapture = captureSegment(arena);
    private final MemorySegment scratch = arena.allocate(64, 8);
    private final MemorySegment wakeValue = arena.allocate(8, 8);
    private final int socketBufferBytes;
    private final int eventFd;
    private final boolean gsoWanted;
    private final boolean groWanted;
    private boolean gso;
    private String gsoState;
    private final String groState;
    private final Object wakeLock = new Object();

    // Sockets: index 0 is the primary one.
    private final UdpSocket[] sockets = new UdpSocket[MAX_SOCKETS];
    private int socketCount;
    private final MemorySegment pollFds = arena.allocate(POLLFD.byteSize() * (MAX_SOCKETS + 1), 8);
    private final MemorySegment timeout = arena.allocate(TIMESPEC);
    private volatile boolean closed;

    // Receive side.
    private final MemorySegment receiveHeaders = arena.allocate(MMSGHDR.byteSize() * RECEIVE_BATCH, 8);
    private final MemorySegment receiveVectors = arena.allocate(IOVEC.byteSize() * RECEIVE_BATCH, 8);
    private final MemorySegment receiveNames = arena.allocate(NAME_STRIDE * RECEIVE_BATCH, 8);
    private final MemorySegment receiveControl = arena.allocate(CONTROL_STRIDE * RECEIVE_BATCH, 8);
    private final MemorySegment receiveData = arena.allocate((long) SLOT_BYTES * RECEIVE_BATCH, 64);
    private final byte[] receiveArray = new byte[SLOT_BYTES];
    private final MemorySegment receiveArraySegment = MemorySegment.ofArray(receiveArray);
    private final ByteBuffer receiveBuffer = ByteBuffer.wrap(receiveArray);

    // Send side: messages prepared in order, sent from sentIndex on.
    private final MemorySegment sendHeaders = arena.allocate(MMSGHDR.byteSize() * SEND_BATCH, 8);
    private final MemorySegment sendVectors = arena.allocate(IOVEC.byteSize() * SEND_BATCH, 8);
    private final MemorySegment sendNames = arena.allocate(NAME_STRIDE * SEND_BATCH, 8);
    private final MemorySegment sendControl = arena.allocate(CONTROL_STRIDE * SEND_BATCH, 8);
    private final MemorySegment sendData = arena.allocate(SEND_DATA_BYTES, 64);
    private final long sendDataAddress = sendData.address();
    private final long sendControlAddress = sendControl.address();
    private final MemorySegment[] sendHeaderAt = new MemorySegment[SEND_BATCH];
    private final MemorySegment eventFdCounter = scratch.asSlice(48, 8);
    private final byte[] sendArray = new byte[SLOT_BYTES];
    private final MemorySegment sendArraySegment = MemorySegment.ofArray(sendArray);
    private final ByteBuffer sendBuffer = ByteBuffer.wrap(sendArray);
    private final UdpSocket[] messageSocket = new UdpSocket[SEND_BATCH];
    private int messageCount;
    private int sentIndex;
    private long sendDataUsed;
    /** The open GSO message: its socket, destination, segment size and count, bytes. */
    private SocketAddress openDestination;
    private int openSegmentBytes;
    private int openSegments;
    private int openBytes;
    private boolean openClosedByShortSegment;
    private UdpSocket blockedSocket;
    private long sendErrors;
    private IOException lastSendError;
    // Diagnostics: system calls and what they carried.
    private long sendCalls;
    private long sentMessages;
    private long segmentedMessages;
    private long receiveCalls;
    private long receivedMessages;
    private long coalescedMessages;
    private long receivedDatagrams;

    /** One socket and what belongs to it. */
    private static final class UdpSocket {
        final int fd;
        final int family;
        final InetSocketAddress local;
        final NativeSocketAddresses addresses;
        boolean readable;

        UdpSocket(int fd, int family, InetSocketAddress local) {
            this.fd = fd;
            this.family = family;
            this.local = local;
            this.addresses = new NativeSocketAddresses(family);
        }
    }

    LinuxBatchedUdpTransport(InetSocketAddress bindAddress, int socketBufferBytes, boolean gsoWanted,
            boolean groWanted) throws IOException {
        this(bindAddress, socketBufferBytes, gsoWanted, groWanted, false);
    }

    LinuxBatchedUdpTransport(InetSocketAddress bindAddress, int socketBufferBytes, boolean gsoWanted,
            boolean groWanted, boolean reusePort) throws IOException {
        this.socketBufferBytes = socketBufferBytes;
        this.gsoWanted = gsoWanted;
        this.groWanted = groWanted;
        wakeValue.set(ValueLayout.JAVA_LONG, 0, 1L);
        try {
            int fd = (int) EVENTFD.invokeExact(capture, 0, EFD_NONBLOCK | EFD_CLOEXEC);
            if (fd < 0) {
                throw failure("eventfd", errno(capture));
            }
            this.eventFd = fd;
        } catch (IOException | RuntimeException | Error failure) {
            arena.close();
            throw failure;
        } catch (Throwable thrown) {
            arena.close();
            throw rethrow(thrown);
        }
        UdpSocket primary;
        try {
            primary = openUdp(bindAddress, reusePort);
        } catch (IOException | RuntimeException failure) {
            closeFd(eventFd);
            arena.close();
            throw failure;
        }
        sockets[socketCount++] = primary;
        // GSO: the kernel knows UDP_SEGMENT if it lets us read it (the value is sent per message).
        boolean gsoKnown = getIntOption(primary.fd, SOL_UDP, UDP_SEGMENT) >= 0;
        this.gso = gsoWanted && gsoKnown;
        this.gsoState = !gsoKnown ? "GSO unsupported" : gsoWanted ? "GSO on" : "GSO off";
        this.groState = !groWanted ? "GRO off" : groOn(primary) ? "GRO on" : "GRO unsupported";
        for (int i = 0; i < SEND_BATCH; i++) {
            sendHeaderAt[i] = sendHeaders.asSlice(i * MMSGHDR.byteSize());
        }
        prepareReceiveHeaders();
    }

    private boolean groOn(UdpSocket socket) {
        return setIntOption(socket.fd, SOL_UDP, UDP_GRO, 1) == 0;
    }

    private UdpSocket openUdp(InetSocketAddress bindAddress, boolean reusePort) throws IOException {
        InetAddress address = bindAddress.getAddress();
        // A wildcard binds a dual-stack IPv6 socket, like NIO: it reaches IPv4 and IPv6 peers.
        int family = address == null || address.isAnyLocalAddress() || address instanceof java.net.Inet6Address
                ? AF_INET6 : AF_INET;
        int fd = socket(family);
        if (fd < 0 && family == AF_INET6 && (address == null || address.isAnyLocalAddress())) {
            family = AF_INET;
            fd = socket(family);
        }
        if (fd < 0) {
            throw failure("socket", errno(capture));
        }
        try {
            if (family == AF_INET6) {
                setIntOption(fd, IPPROTO_IPV6, IPV6_V6ONLY, 0);
            }
            raiseBuffer(fd, SO_RCVBUF);
            raiseBuffer(fd, SO_SNDBUF);
            // The event loops of one server share its port (RuntimeServer, LoopGroup).
            if (reusePort && setIntOption(fd, SOL_SOCKET, SO_REUSEPORT, 1) != 0) {
                throw failure("setsockopt SO_REUSEPORT", errno(capture));
            }
            InetAddress bindTo = address == null || address.isAnyLocalAddress()
                    ? (family == AF_INET6 ? InetAddress.getByName("::") : InetAddress.getByName("0.0.0.0")) : address;
            byte[] name = NativeSocketAddresses.encode(bindTo, bindAddress.getPort(), family);
            MemorySegment.copy(name, 0, scratch, ValueLayout.JAVA_BYTE, 0, name.length);
            int result = (int) BIND.invokeExact(capture, fd, scratch, name.length);
            if (result < 0) {
                throw failure("bind " + bindAddress, errno(capture));
            }
            scratch.set(ValueLayout.JAVA_INT, 32, SOCKADDR_BYTES);
            result = (int) GETSOCKNAME.invokeExact(capture, fd, scratch, scratch.asSlice(32, 4));
            if (result < 0) {
                throw failure("getsockname", errno(capture));
            }
            InetSocketAddress local = new NativeSocketAddresses(family).decode(scratch, 0);
            return new UdpSocket(fd, family, local);
        } catch (IOException | RuntimeException failure) {
            closeFd(fd);
            throw failure;
        } catch (Throwable thrown) {
            closeFd(fd);
            throw rethrow(thrown);
        }
    }

    private int socket(int family) {
        try {
            return (int) SOCKET.invokeExact(capture, family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        } catch (Throwable thrown) {
            throw rethrow(thrown);
        }
    }

    private void raiseBuffer(int fd, int option) {
        if (setIntOption(fd, SOL_SOCKET, option, socketBufferBytes) != 0) {
            EndpointLoop.LOG.log(System.Logger.Level.DEBUG, "cannot raise socket buffer {0}: {1}", option,
                    errnoName(errno(capture)));
        }
    }

    private int setIntOption(int fd, int level, int option, int value) {
        scratch.set(ValueLayout.JAVA_INT, 0, value);
        try {
            return (int) SETSOCKOPT.invokeExact(capture, fd, level, option, scratch, 4);
        } catch (Throwable thrown) {
            throw rethrow(thrown);
        }
    }

    /** The option's value, or -1 if the kernel refuses to tell. */
    private int getIntOption(int fd, int level, int option) {
        scratch.set(ValueLayout.JAVA_INT, 8, 4);
        try {
            int result = (int) GETSOCKOPT.invokeExact(capture, fd, level, option, scratch, scratch.asSlice(8, 4));
            return result < 0 ? -1 : scratch.get(ValueLayout.JAVA_INT, 0);
        } catch (Throwable thrown) {
            throw rethrow(thrown);
        }
    }

    private void closeFd(int fd) {
        try {
            int ignored = (int) CLOSE.invokeExact(capture, fd);
        } catch (Throwable thrown) {
            throw rethrow(thrown);
        }
    }

    private void prepareReceiveHeaders() {
        for (int i = 0; i < RECEIVE_BATCH; i++) {
            long header = i * MMSGHDR.byteSize();
            MemorySegment vector = receiveVectors.asSlice(i * IOVEC.byteSize(), IOVEC.byteSize());
            vector.set(ValueLayout.ADDRESS, IOV_BASE, receiveData.asSlice((long) i * SLOT_BYTES, SLOT_BYTES));
            vector.set(ValueLayout.JAVA_LONG, IOV_LEN, SLOT_BYTES);
            receiveHeaders.set(ValueLayout.ADDRESS, header + MSG_NAME, receiveNames.asSlice(i * NAME_STRIDE, NAME_STRIDE));
            receiveHeaders.set(ValueLayout.ADDRESS, header + MSG_IOV, vector);
            receiveHeaders.set(ValueLayout.JAVA_LONG, header + MSG_IOVLEN, 1L);
            receiveHeaders.set(ValueLayout.ADDRESS, header + MSG_CONTROL,
                    receiveControl.asSlice(i * CONTROL_STRIDE, CONTROL_STRIDE));
        }
        for (int i = 0; i < SEND_BATCH; i++) {
            long header = i * MMSGHDR.byteSize();
            sendHeaders.set(ValueLayout.ADDRESS, header + MSG_NAME, sendNames.asSlice(i * NAME_STRIDE, NAME_STRIDE));
            sendHeaders.set(ValueLayout.ADDRESS, header + MSG_IOV,
                    sendVectors.asSlice(i * IOVEC.byteSize(), IOVEC.byteSize()));
            sendHeaders.set(ValueLayout.JAVA_LONG, header + MSG_IOVLEN, 1L);
            MemorySegment control = sendControl.asSlice(i * CONTROL_STRIDE, CONTROL_STRIDE);
            control.set(ValueLayout.JAVA_LONG, 0, cmsgLength(2));
            control.set(ValueLayout.JAVA_INT, 8, SOL_UDP);
            control.set(ValueLayout.JAVA_INT, 12, UDP_SEGMENT);
        }
    }

    @Override
    public String description() {
        return "batched (recvmmsg/sendmmsg via FFM, " + gsoState + ", " + groState + ")";
    }

    /** The description and the counters: system calls, messages, GSO and GRO messages, datagrams. */
    @Override
    public String toString() {
        return description() + " on " + localAddress() + ": sendmmsg calls " + sendCalls + ", messages sent "
                + sentMessages + " (GSO " + segmentedMessages + "), recvmmsg calls " + receiveCalls
                + ", messages received " + receivedMessages + " (GRO-coalesced " + coalescedMessages + "), datagrams "
                + receivedDatagrams;
    }

    @Override
    public InetSocketAddress localAddress() {
        return sockets[0].local;
    }

    @Override
    public int receiveBufferBytes() throws IOException {
        int value = getIntOption(sockets[0].fd, SOL_SOCKET, SO_RCVBUF);
        if (value < 0) {
            throw failure("getsockopt SO_RCVBUF", errno(capture));
        }
        return value;
    }

    @Override
    public InetSocketAddress openSocket(InetAddress address) throws IOException {
        if (socketCount == MAX_SOCKETS) {
            throw new IOException("at most " + MAX_SOCKETS + " sockets per endpoint");
        }
        UdpSocket socket = openUdp(new InetSocketAddress(address, 0), false);
        if (groWanted) {
            groOn(socket);
        }
        sockets[socketCount++] = socket;
        return socket.local;
    }

    @Override
    public void closeSocket(SocketAddress local) {
        for (int i = 1; i < socketCount; i++) {
            if (sockets[i].local.equals(local)) {
                UdpSocket closing = sockets[i];
                // Its prepared datagrams are dropped (UDP: recovery resends what they carried).
                for (int m = sentIndex; m < messageCount; m++) {
                    if (messageSocket[m] == closing) {
                        messageSocket[m] = null;
                    }
                }
                if (blockedSocket == closing) {
                    blockedSocket = null;
                }
                System.arraycopy(sockets, i + 1, sockets, i, socketCount - i - 1);
                sockets[--socketCount] = null;
                closeFd(closing.fd);
                return;
            }
        }
    }

    // ------------------------------------------------------------------ waiting

    @Override
    public void await(long timeoutNanos) throws IOException {
        long stride = POLLFD.byteSize();
        pollFds.set(ValueLayout.JAVA_INT, 0, eventFd);
        pollFds.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
        pollFds.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
        for (int i = 0; i < socketCount; i++) {
            long at = (i + 1) * stride;
            pollFds.set(ValueLayout.JAVA_INT, at, sockets[i].fd);
            pollFds.set(ValueLayout.JAVA_SHORT, at + 4, sockets[i] == blockedSocket ? (short) (POLLIN | POLLOUT) : POLLIN);
            pollFds.set(ValueLayout.JAVA_SHORT, at + 6, (short) 0);
        }
        MemorySegment deadline = MemorySegment.NULL;
        if (timeoutNanos != WAIT_FOREVER) {
            long nanos = Math.max(0, timeoutNanos);
            timeout.set(ValueLayout.JAVA_LONG, 0, nanos / 1_000_000_000L);
            timeout.set(ValueLayout.JAVA_LONG, 8, nanos % 1_000_000_000L);
            deadline = timeout;
        }
        int ready;
        try {
            ready = (int) PPOLL.invokeExact(capture, pollFds, (long) socketCount + 1, deadline, MemorySegment.NULL);
        } catch (Throwable thrown) {
            throw rethrow(thrown);
        }
        if (ready < 0) {
            int errno = errno(capture);
            if (errno != EINTR) {
                throw failure("ppoll", errno);
            }
            ready = 0;
        }
        if (ready > 0 && (pollFds.get(ValueLayout.JAVA_SHORT, 6) & POLLIN) != 0) {
            drainEventFd();
        }
        for (int i = 0; i < socketCount; i++) {
            short events = ready > 0 ? pollFds.get(ValueLayout.JAVA_SHORT, (i + 1) * stride + 6) : 0;
            sockets[i].readable = (events & (POLLIN | POLLERR)) != 0;
        }
    }

    private void drainEventFd() {
        try {
            long ignored = (long) READ.invokeExact(capture, eventFd, eventFdCounter, 8L);
        } catch (Throwable thrown) {
            throw rethrow(thrown);
        }
    }

    @Override
    public void wakeup() {
        // Any thread; the lock keeps close() from freeing the eventfd and memory meanwhile.
        synchronized (wakeLock) {
            if (closed) {
                return;
            }
            try {
                long ignored = (long) WRITE.invokeExact(wakeCapture, eventFd, wakeValue, 8L);
            } catch (Throwable thrown) {
                throw rethrow(thrown);
            }
        }
    }

    // ------------------------------------------------------------------ receiving

    @Override
    public boolean receive(Receiver receiver, int maxDatagrams) {
        boolean capped = false;
        for (int i = 0; i < socketCount; i++) {
            UdpSocket socket = sockets[i];
            if (socket.readable) {
                socket.readable = false;
                capped |= receiveFrom(socket, receiver, maxDatagrams);
            }
        }
        return capped;
    }

    private boolean receiveFrom(UdpSocket socket, Receiver receiver, int maxDatagrams) {
        int received = 0;
        while (received < maxDatagrams) {
            int batch = Math.min(RECEIVE_BATCH, maxDatagrams - received);
            for (int i = 0; i < batch; i++) {
                long header = i * MMSGHDR.byteSize();
                // Reset before every call: the kernel overwrote them with the lengths it used.
                receiveHeaders.set(ValueLayout.JAVA_INT, header + MSG_NAMELEN, SOCKADDR_BYTES);
                receiveHeaders.set(ValueLayout.JAVA_LONG, header + MSG_CONTROLLEN, CONTROL_STRIDE);
                receiveHeaders.set(ValueLayout.JAVA_INT, header + MSG_FLAGS, 0);
            }
            int count;
            try {
                count = (int) RECVMMSG.invokeExact(capture, socket.fd, receiveHeaders, batch, 0, MemorySegment.NULL);
                receiveCalls++;
            } catch (Throwable thrown) {
                throw rethrow(thrown);
            }
            if (count < 0) {
                int errno = errno(capture);
                if (errno == EAGAIN) {
                    return false;
                }
                if (errno != EINTR) {
                    // An ICMP error reported on the socket (ECONNREFUSED...): UDP carries on.
                    EndpointLoop.LOG.log(System.Logger.Level.DEBUG, "recvmmsg failed: {0}", errnoName(errno));
                    received++;
                }
                continue;
            }
            for (int i = 0; i < count; i++) {
                received += deliver(socket, i, receiver);
            }
            if (count < batch) {
                return false;
            }
        }
        return true;
    }

    /** Hands message {@code index} to the receiver, split into its GRO segments; returns the datagram count. */
    private int deliver(UdpSocket socket, int index, Receiver receiver) {
        long header = index * MMSGHDR.byteSize();
        int length = receiveHeaders.get(ValueLayout.JAVA_INT, header + MMSG_LEN);
        InetSocketAddress from = socket.addresses.decode(receiveNames, index * NAME_STRIDE);
        if (from == null) {
            return 1;
        }
        int segment = groSegmentBytes(index, header);
        if (segment <= 0 || segment > length) {
            segment = length;
        }
        long base = (long) index * SLOT_BYTES;
        int datagrams = 0;
        int offset = 0;
        do {
            int size = Math.min(segment, length - offset);
            MemorySegment.copy(receiveData, base + offset, receiveArraySegment, 0, size);
            receiveBuffer.clear().limit(size);
            receiver.received(receiveBuffer, socket.local, from);
            offset += size;
            datagrams++;
        } while (offset < length);
        receivedMessages++;
        receivedDatagrams += datagrams;
        if (datagrams > 1) {
            coalescedMessages++;
        }
        return datagrams;
    }

    /** The UDP_GRO segment size in message {@code index}'s control data, or 0. */
    private int groSegmentBytes(int index, long header) {
        long controlLength = receiveHeaders.get(ValueLayout.JAVA_LONG, header + MSG_CONTROLLEN);
        long base = index * CONTROL_STRIDE;
        long at = 0;
        while (at + CMSG_DATA <= controlLength && at + CMSG_DATA + 4 <= CONTROL_STRIDE) {
            long length = receiveControl.get(ValueLayout.JAVA_LONG, base + at);
            int level = receiveControl.get(ValueLayout.JAVA_INT, base + at + 8);
            int type = receiveControl.get(ValueLayout.JAVA_INT, base + at + 12);
            if (level == SOL_UDP && type == UDP_GRO) {
                return receiveControl.get(ValueLayout.JAVA_INT, base + at + CMSG_DATA);
            }
            if (length < CMSG_DATA) {
                return 0;
            }
            at += (length + 7) & ~7L;
        }
        return 0;
    }

    // ------------------------------------------------------------------ sending

    @Override
    public SendResult send(Sender sender, int maxDatagrams) {
        if (messageCount > sentIndex && !submit()) {
            return SendResult.BLOCKED;
        }
        for (int count = 0; count < maxDatagrams; count++) {
            if (messageCount == SEND_BATCH || sendDataUsed + SLOT_BYTES > SEND_DATA_BYTES) {
                if (!submit()) {
                    return SendResult.BLOCKED;
                }
            }
            sendBuffer.clear();
            int length = sender.next(sendBuffer);
            if (length == 0) {
                return submit() ? SendResult.DRAINED : SendResult.BLOCKED;
            }
            UdpSocket out = socketFor(sender.local());
            if (out == null) {
                continue;
            }
            SocketAddress destination = sender.destination();
            if (!appendSegment(out, destination, length)) {
                startMessage(out, destination, length);
            }
        }
        return submit() ? SendResult.CAPPED : SendResult.BLOCKED;
    }

    private UdpSocket socketFor(SocketAddress local) {
        for (int i = 0; i < socketCount; i++) {
            if (sockets[i].local.equals(local)) {
                return sockets[i];
            }
        }
        return null;
    }

    /** Adds the datagram in sendArray to the open GSO message if it may join it. */
    private boolean appendSegment(UdpSocket out, SocketAddress destination, int length) {
        int message = messageCount - 1;
        if (!gso || message < sentIndex || messageSocket[message] != out || openClosedByShortSegment
                || length > openSegmentBytes || openSegments == MAX_SEGMENTS
                || openBytes + length > MAX_MESSAGE_BYTES || !destination.equals(openDestination)) {
            return false;
        }
        MemorySegment.copy(sendArraySegment, 0, sendData, sendDataUsed, length);
        sendDataUsed += length;
        openBytes += length;
        openSegments++;
        // Only the last segment of a GSO message may be shorter than the others.
        openClosedByShortSegment = length < openSegmentBytes;
        long header = message * MMSGHDR.byteSize();
        sendVectors.set(ValueLayout.JAVA_LONG, message * IOVEC.byteSize() + IOV_LEN, openBytes);
        if (openSegments == 2) {
            long control = message * CONTROL_STRIDE;
            sendControl.set(ValueLayout.JAVA_SHORT, control + CMSG_DATA, (short) openSegmentBytes);
            // Pointers are 8-byte integers on LP64 (checked in LinuxSyscalls.layoutMismatch).
            sendHeaders.set(ValueLayout.JAVA_LONG, header + MSG_CONTROL, sendControlAddress + control);
            sendHeaders.set(ValueLayout.JAVA_LONG, header + MSG_CONTROLLEN, cmsgSpace(2));
        }
        return true;
    }

    private void startMessage(UdpSocket out, SocketAddress destination, int length) {
        byte[] name = out.addresses.encode(destination);
        if (name == null) {
            recordSendError(new IOException("cannot send to " + destination + " from " + out.local));
            return;
        }
        int message = messageCount++;
        messageSocket[message] = out;
        long header = message * MMSGHDR.byteSize();
        MemorySegment.copy(name, 0, sendNames, ValueLayout.JAVA_BYTE, message * NAME_STRIDE, name.length);
        sendHeaders.set(ValueLayout.JAVA_INT, header + MSG_NAMELEN, name.length);
        sendHeaders.set(ValueLayout.JAVA_LONG, header + MSG_CONTROL, 0L);
        sendHeaders.set(ValueLayout.JAVA_LONG, header + MSG_CONTROLLEN, 0L);
        sendHeaders.set(ValueLayout.JAVA_INT, header + MSG_FLAGS, 0);
        long vector = message * IOVEC.byteSize();
        sendVectors.set(ValueLayout.JAVA_LONG, vector + IOV_BASE, sendDataAddress + sendDataUsed);
        sendVectors.set(ValueLayout.JAVA_LONG, vector + IOV_LEN, length);
        MemorySegment.copy(sendArraySegment, 0, sendData, sendDataUsed, length);
        sendDataUsed += length;
        openDestination = destination;
        openSegmentBytes = length;
        openSegments = 1;
        openBytes = length;
        openClosedByShortSegment = false;
    }

    /**
     * Sends the prepared messages, in runs of one socket; false if a socket buffer is full (the
     * rest waits for POLLOUT). A message the kernel refuses is dropped and counted.
     */
    private boolean submit() {
        while (sentIndex < messageCount) {
            UdpSocket out = messageSocket[sentIndex];
            if (out == null) {
                sentIndex++;
                continue;
            }
            int end = sentIndex + 1;
            while (end < messageCount && messageSocket[end] == out) {
                end++;
            }
            int sent;
            try {
                sent = (int) SENDMMSG.invokeExact(capture, out.fd, sendHeaderAt[sentIndex], end - sentIndex, 0);
            } catch (Throwable thrown) {
                throw rethrow(thrown);
            }
            sendCalls++;
            if (sent > 0) {
                for (int m = sentIndex; m < sentIndex + sent; m++) {
                    if (sendHeaders.get(ValueLayout.JAVA_LONG, m * MMSGHDR.byteSize() + MSG_CONTROLLEN) != 0) {
                        segmentedMessages++;
                    }
                }
                sentMessages += sent;
                sentIndex += sent;
                continue;
            }
            int errno = errno(capture);
            if (errno == EAGAIN || errno == ENOBUFS) {
                blockedSocket = out;
                return false;
            }
            if (errno == EINTR) {
                continue;
            }
            boolean segmented = sendHeaders.get(ValueLayout.JAVA_LONG, sentIndex * MMSGHDR.byteSize() + MSG_CONTROLLEN) != 0;
            if (segmented && (errno == EIO || errno == EINVAL)) {
                // The device or kernel refused GSO for this path: send single datagrams from now on.
                gso = false;
                gsoState = "GSO off after " + errnoName(errno);
            }
            recordSendError(failure("sendmmsg from " + out.local, errno));
            sentIndex++;
        }
        messageCount = 0;
        sentIndex = 0;
        sendDataUsed = 0;
        blockedSocket = null;
        return true;
    }

    private void recordSendError(IOException error) {
        // UDP: a datagram that cannot be sent is lost; recovery resends what it carried.
        sendErrors++;
        lastSendError = error;
        EndpointLoop.LOG.log(System.Logger.Level.DEBUG, "send failed: {0}", error.getMessage());
    }

    @Override
    public boolean hasBlockedSend() {
        return messageCount > sentIndex;
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
    public void close() {
        synchronized (wakeLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (int i = 0; i < socketCount; i++) {
            closeFd(sockets[i].fd);
        }
        socketCount = 0;
        closeFd(eventFd);
        arena.close();
    }
}
