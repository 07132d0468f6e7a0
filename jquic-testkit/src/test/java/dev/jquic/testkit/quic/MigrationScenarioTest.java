package dev.jquic.testkit.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.connection.ConnectionEvent;
import dev.jquic.core.connection.ConnectionState;
import dev.jquic.core.path.NetworkPath;
import dev.jquic.testkit.net.Datagram;
import dev.jquic.testkit.net.SeedReporting;
import dev.jquic.testkit.net.SimulatedAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 9000 §9: NAT rebinding seen by the server, and migration initiated by the client. */
class MigrationScenarioTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void natRebindingMidTransferIsFollowedByTheServer() {
        Scenario scenario = new Scenario(21, Scenario.delay(10), Scenario.config(), Scenario.config());
        SimulatedAddress natAddress = SimulatedAddress.of(1, 50_000);
        scenario.network.register(natAddress, scenario.client);
        scenario.network.link(Scenario.SERVER, natAddress, Scenario.delay(10));
        long[] rebindAt = {Long.MAX_VALUE};
        // The NAT gives the client a new source port from rebindAt on.
        scenario.network.intercept(Scenario.CLIENT, Scenario.SERVER, (datagram, sequence, now) ->
                now < rebindAt[0] ? datagram : new Datagram(natAddress, datagram.destination(), datagram.payload()));
        TransferApp clientApp = new TransferApp(1, 4 * MIB, 1);
        TransferApp serverApp = new TransferApp(1, 4 * MIB, 1);
        scenario.client.application(clientApp);
        scenario.server.application(serverApp);
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            scenario.network.runUntil(() -> clientApp.bytesReceived > MIB, 30 * Scenario.SECONDS);
            rebindAt[0] = scenario.network.nowNanos();
            scenario.network.runUntil(() -> clientApp.receivedAll() && serverApp.receivedAll(), 60 * Scenario.SECONDS);
            assertEquals(List.of(), clientApp.failures);
            assertEquals(List.of(), serverApp.failures);
            assertEquals(natAddress, scenario.server.connection().activePath().remoteAddress());
            assertTrue(scenario.server.sawEvent(ConnectionEvent.PathChanged.class));
            assertEquals(ConnectionState.CONFIRMED, scenario.server.connection().state());
        });
    }

    /**
     * Regression: after a NAT rebinding during a download the client only acknowledges, so the
     * server's allowance on the new path stays under 1,200 bytes; the server polled its
     * PATH_CHALLENGE and then sent nothing, the validation failed again and again and the
     * transfer stalled (found by the interop rebind-port case over real UDP).
     */
    @Test
    void natRebindingDuringADownloadValidatesTheNewPathUnderTheAmplificationLimit() {
        Scenario scenario = new Scenario(23, Scenario.delay(10), Scenario.config(), Scenario.config());
        SimulatedAddress natAddress = SimulatedAddress.of(1, 50_001);
        scenario.network.register(natAddress, scenario.client);
        scenario.network.link(Scenario.SERVER, natAddress, Scenario.delay(10));
        long[] rebindAt = {Long.MAX_VALUE};
        scenario.network.intercept(Scenario.CLIENT, Scenario.SERVER, (datagram, sequence, now) ->
                now < rebindAt[0] ? datagram : new Datagram(natAddress, datagram.destination(), datagram.payload()));
        TransferApp clientApp = new TransferApp(0, 4 * MIB, 1);
        TransferApp serverApp = new TransferApp(1, 4 * MIB, 0);
        scenario.client.application(clientApp);
        scenario.server.application(serverApp);
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            scenario.network.runUntil(() -> clientApp.bytesReceived > MIB, 30 * Scenario.SECONDS);
            rebindAt[0] = scenario.network.nowNanos();
            scenario.network.runUntil(clientApp::receivedAll, 60 * Scenario.SECONDS);
            assertEquals(List.of(), clientApp.failures);
            assertEquals(natAddress, scenario.server.connection().activePath().remoteAddress());
            assertTrue(scenario.server.sawEvent(ConnectionEvent.PathChanged.class));
            assertFalse(scenario.server.sawEvent(ConnectionEvent.PathValidationFailed.class));
        });
    }

    @Test
    void clientMigratesToANewLocalAddressMidTransfer() {
        Scenario scenario = new Scenario(22, Scenario.delay(10), Scenario.config(), Scenario.config());
        SimulatedAddress newLocal = SimulatedAddress.of(3, 40_001);
        scenario.network.register(newLocal, scenario.client);
        scenario.network.link(newLocal, Scenario.SERVER, Scenario.delay(10));
        scenario.network.link(Scenario.SERVER, newLocal, Scenario.delay(10));
        TransferApp clientApp = new TransferApp(1, 4 * MIB, 1);
        TransferApp serverApp = new TransferApp(1, 4 * MIB, 1);
        scenario.client.application(clientApp);
        scenario.server.application(serverApp);
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            scenario.network.runUntil(() -> clientApp.bytesReceived > MIB, 30 * Scenario.SECONDS);
            long now = scenario.network.nowNanos();
            scenario.client.connection().migrate(new NetworkPath(newLocal, Scenario.SERVER), now);
            scenario.network.runUntil(() -> clientApp.receivedAll() && serverApp.receivedAll(), 60 * Scenario.SECONDS);
            assertEquals(List.of(), clientApp.failures);
            assertEquals(List.of(), serverApp.failures);
            assertEquals(newLocal, scenario.client.connection().activePath().localAddress());
            assertEquals(newLocal, scenario.server.connection().activePath().remoteAddress());
            assertTrue(scenario.client.sawEvent(ConnectionEvent.PathChanged.class));
            assertTrue(scenario.server.sawEvent(ConnectionEvent.PathChanged.class));
        });
    }
}
