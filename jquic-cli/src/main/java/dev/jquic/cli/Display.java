package dev.jquic.cli;

import dev.jquic.QuicCloseReason;
import dev.jquic.QuicStats;
import java.io.PrintWriter;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;

/** How the commands show addresses, close reasons and statistics. */
final class Display {

    private Display() {
    }

    /** {@code 127.0.0.1:4433} or {@code [::1]:4433}; "?" when unknown. */
    static String address(InetSocketAddress address) {
        if (address == null) {
            return "?";
        }
        String host = address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
        if (address.getAddress() instanceof Inet6Address) {
            int scope = host.indexOf('%');
            return "[" + compressIpv6(scope < 0 ? host : host.substring(0, scope)) + "]:" + address.getPort();
        }
        return host + ":" + address.getPort();
    }

    /** The address to give a client of a server listening on {@code address}: loopback for a wildcard. */
    static String connectAddress(InetSocketAddress address) {
        if (address.getAddress() != null && address.getAddress().isAnyLocalAddress()) {
            return (address.getAddress() instanceof Inet6Address ? "[::1]:" : "127.0.0.1:") + address.getPort();
        }
        return address(address);
    }

    /** RFC 5952 §4.2: the longest run (two or more) of zero groups becomes "::"; groups lose leading zeros. */
    static String compressIpv6(String full) {
        String[] groups = full.split(":", -1);
        if (groups.length != 8) {
            return full;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int start = 0; start < 8; start++) {
            int length = 0;
            while (start + length < 8 && groups[start + length].matches("0+")) {
                length++;
            }
            if (length > bestLength) {
                bestStart = start;
                bestLength = length;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int index = 0; index < 8; index++) {
            if (index == bestStart) {
                text.append("::");
                index += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(groups[index].replaceFirst("^0+(?=.)", "").toLowerCase(Locale.ROOT));
        }
        return text.toString();
    }

    /** Like {@link #address}, but a wildcard address (a socket bound to all addresses) shows as "port N". */
    static String localAddress(InetSocketAddress address) {
        if (address != null && address.getAddress() != null && address.getAddress().isAnyLocalAddress()) {
            return "port " + address.getPort();
        }
        return address(address);
    }

    /** "closed by the peer (application code 0)", "idle timeout", ... with the reason phrase. */
    static String closeReason(QuicCloseReason reason) {
        String who;
        switch (reason.origin()) {
            case LOCAL -> who = "by this side";
            case PEER -> who = "by the peer";
            case IDLE_TIMEOUT -> who = "idle timeout";
            case STATELESS_RESET -> who = "stateless reset by the peer";
            case HANDSHAKE_TIMEOUT -> who = "handshake timeout";
            case VERSION_NEGOTIATION -> who = "no common QUIC version";
            case ENDPOINT_CLOSED -> who = "endpoint closed";
            default -> who = reason.origin().toString();
        }
        String code = (reason.applicationError() ? "application code " : "transport code 0x")
                + (reason.applicationError() ? Long.toString(reason.errorCode()) : Long.toHexString(reason.errorCode()));
        String phrase = reason.reason().isEmpty() ? "" : ": " + reason.reason();
        return who + " (" + code + ")" + phrase;
    }

    /** Milliseconds with one decimal, or "-" for null. */
    static String millis(Duration duration) {
        if (duration == null) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.1f ms", duration.toNanos() / 1e6);
    }

    /** A table of the statistics of both sides of one connection. */
    static void statistics(PrintWriter out, QuicStats client, QuicStats server) {
        out.println("connection statistics          client          server");
        row(out, "handshake", millis(client.handshakeDuration()), server == null ? "-" : millis(server.handshakeDuration()));
        row(out, "bytes sent", client.bytesSent(), server == null ? null : server.bytesSent());
        row(out, "bytes received", client.bytesReceived(), server == null ? null : server.bytesReceived());
        row(out, "packets sent", client.packetsSent(), server == null ? null : server.packetsSent());
        row(out, "packets received", client.packetsReceived(), server == null ? null : server.packetsReceived());
        row(out, "packets lost", client.packetsLost(), server == null ? null : server.packetsLost());
        row(out, "stream bytes retransmitted", client.streamBytesRetransmitted(),
                server == null ? null : server.streamBytesRetransmitted());
        row(out, "smoothed RTT", millis(client.smoothedRtt()), server == null ? "-" : millis(server.smoothedRtt()));
        row(out, "min RTT", millis(client.minRtt()), server == null ? "-" : millis(server.minRtt()));
        row(out, "RTT variation", millis(client.rttVariation()), server == null ? "-" : millis(server.rttVariation()));
        row(out, "congestion window (bytes)", client.congestionWindowBytes(),
                server == null ? null : server.congestionWindowBytes());
        row(out, "bytes in flight", client.bytesInFlight(), server == null ? null : server.bytesInFlight());
        row(out, "streams opened locally", client.streamsOpenedLocally(),
                server == null ? null : server.streamsOpenedLocally());
        row(out, "streams opened by peer", client.streamsOpenedByPeer(),
                server == null ? null : server.streamsOpenedByPeer());
        row(out, "0-RTT accepted", client.zeroRttAccepted() ? "yes" : "no",
                server == null ? "-" : server.zeroRttAccepted() ? "yes" : "no");
        row(out, "key updates", client.keyUpdates(), server == null ? null : server.keyUpdates());
    }

    private static void row(PrintWriter out, String name, long client, Long server) {
        row(out, name, Long.toString(client), server == null ? "-" : Long.toString(server));
    }

    private static void row(PrintWriter out, String name, String client, String server) {
        out.printf(Locale.ROOT, "  %-26s %14s  %14s%n", name, client, server);
    }
}
