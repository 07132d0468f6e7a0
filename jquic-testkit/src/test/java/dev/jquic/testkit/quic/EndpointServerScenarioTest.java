package dev.jquic.testkit.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
    void clientEndpointRunsSeveralConnectionsIncludingOneWithZeroLengthIds() {
        SimulatedNetwork network = new SimulatedNetwork(26);
        EndpointNode server = new EndpointNode(SERVER, serverConfig().build(), 7, network.nowNanos());
        server.application(new EchoEndpointApp());
        network.register(SERVER, server);
        SimulatedAddress clientA = clientAddress(0);
        SimulatedAddress clientB = clientAddress(1);
        EndpointNode client = new EndpointNode(clientA, EndpointConfig.builder().build(), 8, network.nowNanos());
        EndpointClientApp app = new EndpointClientApp(25_000);
        client.application(app);
        network.register(clientA, client);
        network.register(clientB, client);
        network.linkBothWays(clientA, SERVER, Scenario.delay(10));
        network.linkBothWays(clientB, SERVER, Scenario.delay(10));
        List<Long> handles = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            handles.add(client.endpoint().connect(null, Scenario.nullTlsClient(), clientA, SERVER, null,
                    network.nowNanos()));
        }
        handles.add(client.endpoint().connect(ConnectionConfig.builder().connectionIdLength(0).build(),
                Scenario.nullTlsClient(), clientB, SERVER, null, network.nowNanos()));
        SeedReporting.reportSeedOnFailure(network, () -> {
            network.runUntil(() -> app.completed == 5, 20 * SECONDS);
            assertTrue(app.failures.isEmpty(), app.failures.toString());
            assertEquals(5, app.completed);
            assertEquals(5, server.endpoint().stats().connectionsAccepted());
            assertEquals(0, client.endpoint().handshakesInProgress(), "clients are not counted as accepted handshakes");
            for (long handle : handles) {
                client.endpoint().connection(handle).close(0, "done", network.nowNanos());
                client.endpoint().markActive(handle);
            }
            network.runUntil(() -> client.endpoint().connectionCount() == 0
                    && server.endpoint().connectionCount() == 0, 20 * SECONDS);
            assertEquals(0, client.endpoint().routeCount());
            assertEquals(0, server.endpoint().routeCount());
            assertEquals(5, server.endpoint().stats().connectionsForgotten());
            assertNull(client.endpoint().connection(handles.get(0)));
        });
    }

    @Test
    void forgottenConnectionsLendTheirCiphersToTheNextOnes() {
        SimulatedNetwork network = new SimulatedNetwork(27);
        EndpointNode server = new EndpointNode(SERVER, serverConfig().build(), 7, network.nowNanos());
        server.application(new EchoEndpointApp());
        network.register(SERVER, server);
        SimulatedAddress clientAddress = clientAddress(0);
        EndpointNode client = new EndpointNode(clientAddress, EndpointConfig.builder().build(), 8, network.nowNanos());
        EndpointClientApp app = new EndpointClientApp(25_000);
        client.application(app);
        network.register(clientAddress, client);
        network.linkBothWays(clientAddress, SERVER, Scenario.delay(10));
        SeedReporting.reportSeedOnFailure(network, () -> {
            EndpointStats[] afterFirst = new EndpointStats[2];
            for (int round = 1; round <= 3; round++) {
                long handle = client.endpoint().connect(null, Scenario.nullTlsClient(), clientAddress, SERVER, null,
                        network.nowNanos());
                int expected = round;
                network.runUntil(() -> app.completed == expected, 20 * SECONDS);
                assertTrue(app.failures.isEmpty(), app.failures.toString());
                assertEquals(round, app.completed, "echo of connection " + round);
                client.endpoint().connection(handle).close(0, "done", network.nowNanos());
                client.endpoint().markActive(handle);
                network.runUntil(() -> client.endpoint().connectionCount() == 0
                        && server.endpoint().connectionCount() == 0, 20 * SECONDS);
                assertEquals(0, server.endpoint().connectionCount(), "connection " + round + " forgotten");
                EndpointStats serverStats = server.endpoint().stats();
                EndpointStats clientStats = client.endpoint().stats();
                if (round == 1) {
                    assertTrue(serverStats.ciphersCreated() >= 8, "Initial, Handshake and 1-RTT ciphers: "
                            + serverStats);
                    assertEquals(0, serverStats.ciphersReused());
                    afterFirst[0] = serverStats;
                    afterFirst[1] = clientStats;
                } else {
                    // The later connections ran on the first one's ciphers alone.
                    assertEquals(afterFirst[0].ciphersCreated(), serverStats.ciphersCreated(), "server");
                    assertEquals(afterFirst[1].ciphersCreated(), clientStats.ciphersCreated(), "client");
                    assertEquals((round - 1) * afterFirst[0].ciphersCreated(), serverStats.ciphersReused(), "server");
                    assertEquals((round - 1) * afterFirst[1].ciphersCreated(), clientStats.ciphersReused(), "client");
                }
            }
        });
    }

    @Test
    void perHostLimitRefusesExtraConnectionsFromOneHost() {
        SimulatedNetwork network = new SimulatedNetwork(27);
        EndpointNode server = new EndpointNode(SERVER, serverConfig().maxConnectionsPerHost(2)
                .hostOf(address -> ((SimulatedAddress) address).host()).build(), 7, network.nowNanos());
        network.register(SERVER, server);
        List<QuicNode> clients = new ArrayList<>();
        for (int port = 0; port < 4; port++) {
            SimulatedAddress address = SimulatedAddress.of(50, 6000 + port);
            network.linkBothWays(address, SERVER, Scenario.delay(5));
            QuicNode client = QuicNode.client(address, SERVER, Scenario.config(), Scenario.nullTlsClient(), port,
                    network.nowNanos());
            network.register(address, client);
            clients.add(client);
        }
        SeedReporting.reportSeedOnFailure(network, () -> {
            network.runUntil(() -> clients.stream().filter(c -> c.connection().isHandshakeComplete()).count() == 2,
                    5 * SECONDS);
            network.runFor(SECONDS);
            assertEquals(2, clients.stream().filter(c -> c.connection().isHandshakeComplete()).count());
            assertEquals(2, server.endpoint().stats().connectionsAccepted());
            assertTrue(server.endpoint().stats().connectionsRefused() >= 2);
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
    void realTlsClientsEchoThroughARetryRequiringServerEndpoint() {
        SimulatedNetwork network = new SimulatedNetwork(28);
        EndpointNode server = new EndpointNode(SERVER, EndpointConfig.builder()
                .server(Scenario.config(), RealTls.server()).requireRetry(true).build(), 7, network.nowNanos());
        server.application(new EchoEndpointApp());
        network.register(SERVER, server);
        List<TransferApp> apps = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            SimulatedAddress address = clientAddress(i);
            network.linkBothWays(address, SERVER, Scenario.delay(10));
            QuicNode client = QuicNode.client(address, SERVER, Scenario.config(), RealTls.client("server.test"),
                    2000 + i, network.nowNanos());
            network.register(address, client);
            TransferApp app = new TransferApp(1, 20_000, 1);
            client.application(app);
            apps.add(app);
        }
        SeedReporting.reportSeedOnFailure(network, () -> {
            network.runUntil(() -> apps.stream().allMatch(TransferApp::receivedAll), 20 * SECONDS);
            for (TransferApp app : apps) {
                assertTrue(app.failures.isEmpty(), app.failures.toString());
            }
            EndpointStats stats = server.endpoint().stats();
            assertEquals(3, stats.retriesSent());
            assertEquals(3, stats.connectionsAccepted());
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
