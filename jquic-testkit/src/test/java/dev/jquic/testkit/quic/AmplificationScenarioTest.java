package dev.jquic.testkit.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.connection.ConnectionState;
import dev.jquic.core.packet.CoalescedPacketSplitter;
import dev.jquic.core.packet.PacketHeader;
import dev.jquic.core.types.PacketType;
import dev.jquic.testkit.net.Datagram;
import dev.jquic.testkit.net.PacketInterceptor;
import dev.jquic.testkit.net.SeedReporting;
import dev.jquic.testkit.tls.NullTls;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 9000 §8.1: before it validates the client's address, a server never sends more than three
 * times the bytes it received. The server's flight is large (50 KB of NullTls padding, emulating
 * a certificate chain) and every client datagram after the first is lost for one second, so the
 * server runs into the limit and must wait; the check runs on every datagram it sends.
 */
class AmplificationScenarioTest {

    private static final int PADDING_BYTES = 50_000;
    private static final long BLACKOUT_END_NANOS = Scenario.SECONDS;

    /**
     * Drops client datagrams 1.. until the blackout ends, and remembers, in delivery order, which
     * forwarded datagrams carry a Handshake packet: one that the server opens validates the
     * client's address (RFC 9000 §8.1). The link has a fixed delay, so delivery order is send order.
     */
    private static final class ClientLink implements PacketInterceptor {
        final ArrayDeque<Boolean> carriesHandshake = new ArrayDeque<>();
        private final CoalescedPacketSplitter splitter = new CoalescedPacketSplitter();
        int dropped;

        @Override
        public Datagram intercept(Datagram datagram, long sequence, long nowNanos) {
            if (sequence > 0 && nowNanos < BLACKOUT_END_NANOS) {
                dropped++;
                return null;
            }
            carriesHandshake.add(hasHandshakePacket(datagram.payload()));
            return datagram;
        }

        private boolean hasHandshakePacket(byte[] payload) {
            splitter.reset(ByteBuffer.wrap(payload), 8);
            try {
                while (splitter.hasNext()) {
                    if (splitter.next() instanceof PacketHeader header && header.type() == PacketType.HANDSHAKE) {
                        return true;
                    }
                }
            } catch (QuicProtocolException malformed) {
                return false;
            }
            return false;
        }
    }

    /** Checks the 3x limit on every datagram the server sends while the client is unvalidated. */
    private static final class AmplificationCheck implements QuicNode.SendObserver {
        private final ClientLink link;
        final List<String> violations = new ArrayList<>();
        long received;
        long sent;
        boolean validated;
        long sentWhenValidated = -1;
        long receivedWhenValidated = -1;

        AmplificationCheck(ClientLink link) {
            this.link = link;
        }

        @Override
        public void onReceived(int lengthBytes) {
            received += lengthBytes;
            Boolean handshake = link.carriesHandshake.poll();
            if (!validated && Boolean.TRUE.equals(handshake)) {
                validated = true;
                sentWhenValidated = sent;
                receivedWhenValidated = received - lengthBytes;
            }
        }

        @Override
        public void onSent(int lengthBytes) {
            sent += lengthBytes;
            if (!validated) {
                // RFC 9000 §8.1: an unvalidated server MUST NOT send more than three times the bytes received.
                if (sent > 3 * received && violations.size() < 10) {
                    violations.add("sent " + sent + " bytes after receiving " + received);
                }
            }
        }
    }

    @Test
    void anUnvalidatedServerNeverSendsMoreThanThreeTimesWhatItReceived() {
        NullTls.Options padded = NullTls.Options.defaults().withServerFlightPaddingBytes(PADDING_BYTES);
        Scenario scenario = new Scenario(61, Scenario.delay(20), Scenario.delay(20), Scenario.config(),
                Scenario.config(), Scenario.nullTlsClient(),
                parameters -> NullTls.server(parameters, List.of("test"), padded));
        ClientLink link = new ClientLink();
        AmplificationCheck check = new AmplificationCheck(link);
        scenario.network.intercept(Scenario.CLIENT, Scenario.SERVER, link);
        scenario.server.observer(check);
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            long established = scenario.network.runUntil(scenario::bothEstablished, 30 * Scenario.SECONDS);
            assertEquals(ConnectionState.CONFIRMED, scenario.server.connection().state());
            assertEquals(List.of(), check.violations);
            assertTrue(link.dropped > 0, "no client datagram was dropped");
            assertTrue(check.validated, "the server never saw a client Handshake packet");
            // Only the client's first datagram arrived during the blackout: the server spent its
            // whole 3x budget (less than one more full datagram remained), then waited.
            assertEquals(1200, check.receivedWhenValidated);
            assertTrue(check.sentWhenValidated <= 3 * 1200, "sent " + check.sentWhenValidated);
            assertTrue(check.sentWhenValidated > 3 * 1200 - 1200, "stopped early at " + check.sentWhenValidated);
            assertTrue(check.sent > PADDING_BYTES, "the large flight was sent after validation: " + check.sent);
            assertTrue(established >= BLACKOUT_END_NANOS, "established at " + established);
            System.out.printf("amplification: server sent %d bytes for the client's first %d before validation "
                    + "(%d client datagrams dropped), %d in all; established at %.3f s%n", check.sentWhenValidated,
                    check.receivedWhenValidated, link.dropped, check.sent, established / 1e9);
        });
    }
}
