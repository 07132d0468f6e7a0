package dev.jquic.testkit.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.connection.Connection;
import dev.jquic.core.connection.ConnectionConfig;
import dev.jquic.core.path.PathMtuDiscovery;
import dev.jquic.core.trace.ConnectionTracer;
import dev.jquic.testkit.net.DropCause;
import dev.jquic.testkit.net.LinkModel;
import dev.jquic.testkit.net.SeedReporting;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Path MTU discovery (RFC 9000 §14.3, DPLPMTUD RFC 8899) on simulated paths whose links drop
 * datagrams above a size without notice, as a path MTU with no ICMP does.
 */
class PathMtuScenarioTest {

    private static final long MIB = 1024 * 1024;
    /** A 1500-byte IPv4 MTU minus 20 bytes of IP and 8 of UDP header. */
    private static final int ETHERNET_UDP_PAYLOAD = 1472;

    private static ConnectionConfig discovering(int maxBytes) {
        return ConnectionConfig.builder().maxDatagramSizeBytes(maxBytes).maxUdpPayloadSizeBytes(maxBytes).build();
    }

    private static LinkModel path(int maxDatagramBytes) {
        return LinkModel.builder().oneWayDelayNanos(10 * Scenario.MILLIS).maxDatagramSizeBytes(maxDatagramBytes).build();
    }

    /** Counts datagrams by size class after a point in time. */
    private static final class SizeCounter implements QuicNode.SendObserver {
        long sentFull;
        long sentTotal;
        long largest;
        int fullSize = Integer.MAX_VALUE;
        boolean counting;

        @Override
        public void onReceived(int lengthBytes) {
        }

        @Override
        public void onSent(int lengthBytes) {
            largest = Math.max(largest, lengthBytes);
            if (counting) {
                sentTotal++;
                if (lengthBytes == fullSize) {
                    sentFull++;
                }
            }
        }
    }

    /** Records every congestion window the connection reports; a congestion event lowers it. */
    private static final class WindowRecorder implements ConnectionTracer {
        long previous;
        int decreases;

        @Override
        public void metricsUpdated(long timeNanos, long congestionWindowBytes, long bytesInFlight,
                long smoothedRttNanos, long minRttNanos, long rttVariationNanos) {
            if (congestionWindowBytes < previous) {
                decreases++;
            }
            previous = congestionWindowBytes;
        }
    }

    private static void assertTransferred(TransferApp clientApp, TransferApp serverApp, long bytes) {
        assertEquals(List.of(), clientApp.failures);
        assertEquals(List.of(), serverApp.failures);
        assertEquals(bytes, clientApp.bytesReceived);
        assertEquals(bytes, serverApp.bytesReceived);
    }

    @Test
    void anEthernetPathConvergesToTheLargestSizeThatFitsAndThenSendsFullPackets() {
        Scenario scenario = new Scenario(71, path(ETHERNET_UDP_PAYLOAD), discovering(9000), discovering(9000));
        TransferApp clientApp = new TransferApp(1, 4 * MIB, 1);
        TransferApp serverApp = new TransferApp(1, 4 * MIB, 1);
        scenario.client.application(clientApp);
        scenario.server.application(serverApp);
        SizeCounter sizes = new SizeCounter();
        scenario.client.observer(sizes);
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            scenario.network.runUntil(scenario::bothEstablished, 5 * Scenario.SECONDS);
            long established = scenario.network.nowNanos();
            Connection client = scenario.client.connection();
            scenario.network.runUntil(() -> client.pathMtuProbesSent() > 0
                    && client.maxDatagramSizeBytes() > ETHERNET_UDP_PAYLOAD - PathMtuDiscovery.SEARCH_GRANULARITY_BYTES
                    && scenario.server.connection().maxDatagramSizeBytes()
                            > ETHERNET_UDP_PAYLOAD - PathMtuDiscovery.SEARCH_GRANULARITY_BYTES,
                    established + 3 * Scenario.SECONDS);
            long convergedAfterNanos = scenario.network.nowNanos() - established;
            int found = client.maxDatagramSizeBytes();
            assertTrue(found <= ETHERNET_UDP_PAYLOAD && found > ETHERNET_UDP_PAYLOAD - 16, "found " + found);
            assertTrue(convergedAfterNanos < 3 * Scenario.SECONDS, "converged after " + convergedAfterNanos + " ns");
            sizes.fullSize = found;
            sizes.counting = true;
            long tooBigBefore = scenario.network.statistics(Scenario.CLIENT, Scenario.SERVER).dropped(DropCause.TOO_BIG);
            scenario.network.runUntil(() -> clientApp.receivedAll() && serverApp.receivedAll(), 120 * Scenario.SECONDS);
            assertTransferred(clientApp, serverApp, 4 * MIB);
            assertTrue(sizes.sentFull * 10 >= sizes.sentTotal * 8,
                    sizes.sentFull + " of " + sizes.sentTotal + " datagrams at the full " + found + " bytes");
            assertEquals(tooBigBefore,
                    scenario.network.statistics(Scenario.CLIENT, Scenario.SERVER).dropped(DropCause.TOO_BIG),
                    "only probes are ever too big, and the search was over");
            assertEquals(0, client.pathMtuBlackHolesDetected());
            System.out.printf("PMTUD: %d bytes after %.1f ms, %d probes (%d lost)%n", found,
                    convergedAfterNanos / 1e6, client.pathMtuProbesSent(), client.pathMtuProbesLost());
        });
    }

    @Test
    void aJumboFramePathCarriesNineThousandByteDatagramsByteExact() {
        Scenario scenario = new Scenario(76, path(9000), discovering(9000), discovering(9000));
        TransferApp clientApp = new TransferApp(2, 2 * MIB, 2);
        TransferApp serverApp = new TransferApp(2, 2 * MIB, 2);
        scenario.client.application(clientApp);
        scenario.server.application(serverApp);
        SizeCounter sizes = new SizeCounter();
        sizes.fullSize = 9000;
        sizes.counting = true;
        scenario.server.observer(sizes);
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            scenario.network.runUntil(() -> clientApp.receivedAll() && serverApp.receivedAll(), 60 * Scenario.SECONDS);
            assertTransferred(clientApp, serverApp, 4 * MIB);
            assertEquals(9000, scenario.client.connection().maxDatagramSizeBytes());
            assertEquals(9000, scenario.server.connection().maxDatagramSizeBytes());
            assertTrue(sizes.sentFull > 300, sizes.sentFull + " datagrams of 9000 bytes from the server");
        });
    }

    @Test
    void aCeilingThatFitsThePathIsConfirmedByTheFirstProbe() {
        Scenario scenario = new Scenario(72, path(ETHERNET_UDP_PAYLOAD), discovering(ETHERNET_UDP_PAYLOAD),
                discovering(ETHERNET_UDP_PAYLOAD));
        int[] largestBeforeConfirmed = {0};
        scenario.client.observer(new QuicNode.SendObserver() {
            @Override
            public void onReceived(int lengthBytes) {
            }

            @Override
            public void onSent(int lengthBytes) {
                if (scenario.client.connection().state() != dev.jquic.core.connection.ConnectionState.CONFIRMED) {
                    largestBeforeConfirmed[0] = Math.max(largestBeforeConfirmed[0], lengthBytes);
                }
            }
        });
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            scenario.network.runUntil(scenario::bothEstablished, 5 * Scenario.SECONDS);
            long established = scenario.network.nowNanos();
            Connection client = scenario.client.connection();
            // Idle connection: the probe goes out on its own and its ACK comes back within a few RTTs.
            scenario.network.runUntil(() -> client.pathMtuProbesSent() > 0
                    && client.maxDatagramSizeBytes() == ETHERNET_UDP_PAYLOAD, established + Scenario.SECONDS);
            assertEquals(ETHERNET_UDP_PAYLOAD, client.maxDatagramSizeBytes());
            assertEquals(1, client.pathMtuProbesSent());
            assertEquals(1200, largestBeforeConfirmed[0],
                    "RFC 9000 §14.3.1: nothing above 1200 bytes before the handshake is confirmed");
            assertTrue(scenario.network.nowNanos() - established < 200 * Scenario.MILLIS);
        });
    }

    @Test
    void aPathOf1200BytesStaysThereAndLostProbesCauseNoCongestionReaction() {
        Scenario scenario = new Scenario(73, path(1200), discovering(1452), discovering(1452));
        TransferApp clientApp = new TransferApp(1, 2 * MIB, 1);
        TransferApp serverApp = new TransferApp(1, 2 * MIB, 1);
        scenario.client.application(clientApp);
        scenario.server.application(serverApp);
        WindowRecorder windows = new WindowRecorder();
        scenario.client.connection().setTracer(windows);
        SizeCounter sizes = new SizeCounter();
        scenario.client.observer(sizes);
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            scenario.network.runUntil(() -> clientApp.receivedAll() && serverApp.receivedAll(), 120 * Scenario.SECONDS);
            assertTransferred(clientApp, serverApp, 2 * MIB);
            Connection client = scenario.client.connection();
            assertEquals(1200, client.maxDatagramSizeBytes());
            assertTrue(client.pathMtuProbesLost() >= PathMtuDiscovery.MAX_PROBES,
                    "probes lost: " + client.pathMtuProbesLost());
            assertTrue(client.pathMtuProbesSent() - client.pathMtuProbesLost() <= 1,
                    "every probe was lost but perhaps the last, still outstanding: " + client.pathMtuProbesSent()
                            + " sent, " + client.pathMtuProbesLost() + " lost");
            assertEquals(client.pathMtuProbesLost(), client.stats().packetsLost(), "the only losses were probes");
            // RFC 9000 §14.4: no congestion reaction: the window never went down.
            assertEquals(0, windows.decreases, "congestion window decreases");
            assertEquals(0, client.pathMtuBlackHolesDetected());
            assertTrue(sizes.largest > 1200, "probes were sent");
        });
    }

    @Test
    void thePeersMaxUdpPayloadSizeCapsTheSearch() {
        Scenario scenario = new Scenario(74, path(9000), discovering(9000),
                ConnectionConfig.builder().maxDatagramSizeBytes(1300).maxUdpPayloadSizeBytes(1300).build());
        TransferApp clientApp = new TransferApp(1, MIB, 1);
        TransferApp serverApp = new TransferApp(1, MIB, 1);
        scenario.client.application(clientApp);
        scenario.server.application(serverApp);
        SizeCounter sizes = new SizeCounter();
        scenario.client.observer(sizes);
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            scenario.network.runUntil(() -> clientApp.receivedAll() && serverApp.receivedAll(), 60 * Scenario.SECONDS);
            assertTransferred(clientApp, serverApp, MIB);
            assertEquals(1300, scenario.client.connection().maxDatagramSizeBytes());
            assertEquals(1300, sizes.largest, "RFC 9000 §18.2: never more than the peer accepts, probes included");
            assertEquals(1300, scenario.server.connection().maxDatagramSizeBytes());
        });
    }

    @Test
    void aBlackHoleAfterDiscoveryFallsBackAndTheTransferCompletes() {
        Scenario scenario = new Scenario(75, path(9000), discovering(ETHERNET_UDP_PAYLOAD),
                discovering(ETHERNET_UDP_PAYLOAD));
        TransferApp clientApp = new TransferApp(1, 8 * MIB, 1);
        TransferApp serverApp = new TransferApp(1, 8 * MIB, 1);
        scenario.client.application(clientApp);
        scenario.server.application(serverApp);
        int[] pathMax = {Integer.MAX_VALUE};
        // Both directions: a route change to a tunnel with a 1280-byte MTU (1252-byte UDP payload).
        scenario.network.intercept(Scenario.CLIENT, Scenario.SERVER,
                (datagram, sequence, now) -> datagram.length() > pathMax[0] ? null : datagram);
        scenario.network.intercept(Scenario.SERVER, Scenario.CLIENT,
                (datagram, sequence, now) -> datagram.length() > pathMax[0] ? null : datagram);
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            Connection client = scenario.client.connection();
            scenario.network.runUntil(() -> client.maxDatagramSizeBytes() == ETHERNET_UDP_PAYLOAD
                    && clientApp.bytesReceived > MIB, 30 * Scenario.SECONDS);
            assertEquals(ETHERNET_UDP_PAYLOAD, client.maxDatagramSizeBytes());
            pathMax[0] = 1252;
            long dropped = scenario.network.nowNanos();
            scenario.network.runUntil(() -> clientApp.receivedAll() && serverApp.receivedAll(), 300 * Scenario.SECONDS);
            assertTransferred(clientApp, serverApp, 8 * MIB);
            assertTrue(client.pathMtuBlackHolesDetected() >= 1, "black hole detected");
            assertTrue(scenario.server.connection().pathMtuBlackHolesDetected() >= 1, "black hole detected by the server");
            int size = client.maxDatagramSizeBytes();
            assertTrue(size <= 1252 && size > 1252 - PathMtuDiscovery.SEARCH_GRANULARITY_BYTES - 1,
                    "searched again below the new MTU: " + size);
            System.out.printf("black hole: transfer done %.1f ms after the MTU dropped, size now %d%n",
                    (scenario.network.nowNanos() - dropped) / 1e6, size);
        });
    }
}
