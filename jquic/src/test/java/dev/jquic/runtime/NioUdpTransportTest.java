package dev.jquic.runtime;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** The NIO transport (every JDK) against the {@link UdpTransportContract}. */
class NioUdpTransportTest extends UdpTransportContract {

    @Override
    UdpTransport open(InetAddress address, boolean gso) throws IOException {
        return new NioUdpTransport(new InetSocketAddress(address, 0), EndpointSettings.DEFAULT_SOCKET_BUFFER_BYTES);
    }

    @Override
    UdpTransport openAt(InetSocketAddress address) throws IOException {
        return new NioUdpTransport(address, EndpointSettings.DEFAULT_SOCKET_BUFFER_BYTES);
    }

    @Override
    UdpTransport openWithBuffer(int bytes) throws IOException {
        return new NioUdpTransport(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), bytes);
    }
}
