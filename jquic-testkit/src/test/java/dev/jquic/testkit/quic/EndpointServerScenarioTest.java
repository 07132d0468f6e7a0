package dev.jquic.testkit.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.connection.CloseReason;
import dev.jquic.core.connection.Connection;
import dev.jquic.core.connection.ConnectionConfig;
import dev.jquic.core.connection.StatelessResetTokens;
import dev.jquic.core.endpoint.EndpointConfig;
import dev.jquic.core.endpoint.EndpointStats;
import dev.jquic.core.path.NetworkPath;
import dev.jquic.core.types.Version;
import dev.jquic.testkit.net.Datagram;
import dev.jquic.testkit.net.SeedReporting;
import dev.jquic.testkit.net.SimulatedAddress;
import dev.jquic.testkit.net.SimulatedNetwork;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** One server {@link dev.jquic.core.endpoint.Endpoint} on the simulated network, with many clients. */
class EndpointServerScenarioTest {

    private static final SimulatedAddress SERVER = SimulatedAddress.of(2, 443);
    private static final long MILLIS = Scenario.MILLIS;
    private static final long SECONDS = Scenario.SECONDS;
    private static final byte[] RESET_KEY = new byte[32];

    private static EndpointConfig.Builder serverConfig() {
        return EndpointConfig.builder().server(Scenario.config(), Scenario.nullTlsServer()).statelessResetKey(RESET_KEY);
    }

    private static SimulatedAddress clientAddress(int index) {
        return SimulatedAddress.of(100 + index, 40_000 + index);
    }

    private static QuicNode addClient(SimulatedNetwork network, int index, ConnectionConfig config) {
        SimulatedAddress address = clientAddress(index);
        network.linkBothWays(address, SERVER, Scenario.delay(10));
        QuicNode client = QuicNode.client(address, SERVER, config, Scenario.nullTlsClient(), 1000 + index,
                network.nowNanos());
        network.register(address, client);
        return client;
    }

    @Test
    void twentyClientsEchoByteExactThroughOneServerEndpoint() {
        SimulatedNetwork network = new SimulatedNetwork(21);
        EndpointNode server = new EndpointNode(SERVER, serverConfig().build(), 7, network.nowNanos());
        EchoEndpointApp echo = new EchoEndpointApp();
        server.application(echo);
        network.register(SERVER, server);
        List<TransferApp> apps = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            TransferApp app = new TransferApp(1, 30_000 + 1_000L * i, 1);
            addClient(network, i, Scenario.config()).application(app);
            apps.add(app);
        }
        SeedReporting.reportSeedOnFailure(network, () -> {
            network.runUntil(() -> apps.stream().allMatch(TransferApp::receivedAll), 30 * SECONDS);
            for (TransferApp app : apps) {
                assertTrue(app.failures.isEmpty(), app.failures.toString());
                assertTrue(app.receivedAll(), "a client did not get its echo back");
            }
            assertEquals(20, echo.accepted);
            EndpointStats stats = server.endpoint().stats();
            assertEquals(20, stats.connectionsAccepted());
            assertEquals(0, stats.connectionFailures());
            assertEquals(0, stats.statelessResetsSent());
            assertEquals(20, server.endpoint().connectionCount());
            assertEquals(0, server.endpoint().handshakesInProgress());
        });
    }

    @Test
    void unknownVersionGetsVersionNegotiationAndTheClientGivesUp() {
        SimulatedNetwork network = new SimulatedNetwork(22);
        EndpointNode server = new EndpointNode(SERVER,
                serverConfig().supportedVersions(List.of(Version.V2)).build(), 7, network.nowNanos());
        network.register(SERVER, server);
        QuicNode client = addClient(network, 0,
                ConnectionConfig.builder().version(Version.V1).supportedVersions(List.of(Version.V1)).build());
        SeedReporting.reportSeedOnFailure(network, () -> {
            network.runUntil(() -> client.connection().closeReason() != null, 5 * SECONDS);
            CloseReason reason = client.connection().closeReason();
            assertNotNull(reason);
            assertEquals(CloseReason.Origin.VERSION_NEGOTIATION, reason.origin());
            assertEquals(1, server.endpoint().stats().versionNegotiationsSent());
            assertEquals(0, server.endpoint().connectionCount());
        });
    }

    @Test
    void requiredRetryLeadsToACompletedHandshakeAndTransfer() {
        SimulatedNetwork network = new SimulatedNetwork(23);
        EndpointNode server = new EndpointNode(SERVER, serverConfig().requireRetry(true).build(), 7,
                network.nowNanos());
        server.application(new EchoEndpointApp());
        network.register(SERVER, server);
        TransferApp app = new TransferApp(1, 10_000, 1);
        QuicNode client = addClient(network, 0, Scenario.config()).application(app);
        SeedReporting.reportSeedOnFailure(network, () -> {
            network.runUntil(app::receivedAll, 10 * SECONDS);
            assertTrue(app.receivedAll());
            assertTrue(app.failures.isEmpty(), app.failures.toString());
            assertTrue(client.connection().isHandshakeComplete());
            EndpointStats stats = server.endpoint().stats();
            assertEquals(1, stats.retriesSent());
            assertEquals(1, stats.connectionsAccepted());
            assertEquals(0, stats.invalidTokens());
        });
    }

    @Test
    void restartedServerEndpointResetsTheClientStatelessly() {
        SimulatedNetwork network = new SimulatedNetwork(24);
        EndpointNode server = new EndpointNode(SERVER, serverConfig().build(), 7, network.nowNanos());
        network.register(SERVER, server);
        QuicNode client = addClient(network, 0, Scenario.config());
        SeedReporting.reportSeedOnFailure(network, () -> {
            network.runUntil(() -> client.connection().isHandshakeComplete()
                    && server.endpoint().handshakesInProgress() == 0, 5 * SECONDS);
            network.runFor(200 * MILLIS);
            assertTrue(client.connection().state().isEstablished());
            server.restart(serverConfig().build(), 8, network.nowNanos());
            // The client sends a PING (any ack-eliciting packet) to the restarted endpoint.
            long stream = client.connection().openStream(dev.jquic.core.frame.StreamDirection.BIDIRECTIONAL);
            client.connection().write(stream, ByteBuffer.wrap(new byte[100]));
            client.dispatch(network.nowNanos());
            network.runUntil(() -> client.connection().closeReason() != null, 5 * SECONDS);
            CloseReason reason = client.connection().closeReason();
            assertNotNull(reason);
            assertEquals(CloseReason.Origin.STATELESS_RESET, reason.origin());
            assertTrue(server.endpoint().stats().statelessResetsSent() >= 1);
        });
    }

    @Test
    void initialFloodFromManyAddressesStaysWithinTheHandshakeLimit() {
        SimulatedNetwork network = new SimulatedNetwork(25);
        int maxHandshakes = 40;
        EndpointNode server = new EndpointNode(SERVER, serverConfig().maxHandshakesInProgress(maxHandshakes)
                .maxConnectionsPerHost(2).build(), 7, network.nowNanos());
        network.register(SERVER, server);
        SplittableRandom random = new SplittableRandom(5);
        StatelessResetTokens tokens = new StatelessResetTokens(new byte[32]);
        int floodSize = 400;
        ByteBuffer out = ByteBuffer.allocate(2048);
        for (int i = 0; i < floodSize; i++) {
            SimulatedAddress attacker = SimulatedAddress.of(1000 + i, 5000);
            network.link(attacker, SERVER, Scenario.delay(1));
            Connection spoofed = Connection.client(Scenario.config(), Scenario.nullTlsClient(),
                    new NetworkPath(attacker, SERVER), random, tokens, network.nowNanos());
            out.clear();
            int length = spoofed.pollTransmit(out, network.nowNanos());
            byte[] payload = new byte[length];
            out.get(0, payload);
            network.send(new Datagram(attacker, SERVER, payload));
        }
        SeedReporting.reportSeedOnFailure(network, () -> {
            int[] peakHandshakes = {0};
            for (int step = 1; step <= 200; step++) {
                network.runUntil(step * 10 * MILLIS);
                peakHandshakes[0] = Math.max(peakHandshakes[0], server.endpoint().handshakesInProgress());
            }
            EndpointStats stats = server.endpoint().stats();
            assertTrue(peakHandshakes[0] <= maxHandshakes, "peak " + peakHandshakes[0]);
            assertTrue(server.endpoint().connectionCount() <= maxHandshakes);
            // Beyond three quarters of the limit, token-less Initials get a Retry instead of state.
            assertEquals(maxHandshakes * 3 / 4, stats.connectionsAccepted());
            assertEquals(floodSize - stats.connectionsAccepted(), stats.retriesSent());
            assertTrue(server.endpoint().routeCount() <= 8 * server.endpoint().connectionCount() + 8);
        });
    }
}
