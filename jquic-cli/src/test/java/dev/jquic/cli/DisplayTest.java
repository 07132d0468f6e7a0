package dev.jquic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jquic.QuicCloseReason;
import dev.jquic.QuicCloseReason.Origin;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class DisplayTest {

    private static InetSocketAddress at(String literal, int port) throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByName(literal), port);
    }

    @Test
    void addresses() throws UnknownHostException {
        assertEquals("127.0.0.1:4433", Display.address(at("127.0.0.1", 4433)));
        assertEquals("[::1]:4433", Display.address(at("::1", 4433)));
        assertEquals("[2001:db8::7:0:1]:443", Display.address(at("2001:0db8:0:0:0:7:0:1", 443)));
        assertEquals("[::]:4433", Display.address(at("::", 4433)));
        assertEquals("?", Display.address(null));
    }

    @Test
    void ipv6CompressionFollowsRfc5952() {
        assertEquals("2001:db8::1", Display.compressIpv6("2001:db8:0:0:0:0:0:1"));
        assertEquals("2001:db8:0:1:1:1:1:1", Display.compressIpv6("2001:db8:0:1:1:1:1:1"));
        assertEquals("2001:0:0:1::1", Display.compressIpv6("2001:0:0:1:0:0:0:1"));
        assertEquals("fe80::", Display.compressIpv6("FE80:0:0:0:0:0:0:0"));
    }

    @Test
    void wildcardAddressesBecomeLoopbackForClientsAndPortsForLocalSockets() throws UnknownHostException {
        assertEquals("127.0.0.1:4433", Display.connectAddress(at("0.0.0.0", 4433)));
        assertEquals("[::1]:4433", Display.connectAddress(at("::", 4433)));
        assertEquals("10.0.0.2:4433", Display.connectAddress(at("10.0.0.2", 4433)));
        assertEquals("port 51000", Display.localAddress(at("::", 51000)));
        assertEquals("127.0.0.1:51000", Display.localAddress(at("127.0.0.1", 51000)));
    }

    @Test
    void closeReasons() {
        assertEquals("by the peer (application code 0): bye",
                Display.closeReason(new QuicCloseReason(Origin.PEER, 0, true, "bye")));
        assertEquals("idle timeout (transport code 0x0)",
                Display.closeReason(new QuicCloseReason(Origin.IDLE_TIMEOUT, 0, false, "")));
        assertEquals("by this side (transport code 0x128): bad certificate",
                Display.closeReason(new QuicCloseReason(Origin.LOCAL, 0x128, false, "bad certificate")));
    }
}
