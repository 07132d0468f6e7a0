package dev.jquic.testkit.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.connection.ConnectionConfig;
import dev.jquic.core.types.Version;
import java.util.List;
import org.junit.jupiter.api.Test;

/** QUIC v2 (RFC 9369) and compatible version negotiation (RFC 9368) end to end. */
class VersionScenarioTest {

    private static ConnectionConfig versions(Version first, Version... supported) {
        return ConnectionConfig.builder().version(first).supportedVersions(List.of(supported)).build();
    }

    private static Scenario run(ConnectionConfig client, ConnectionConfig server, boolean realTls) {
        Scenario scenario = new Scenario(7, Scenario.delay(10), Scenario.delay(10), client, server,
                realTls ? RealTls.client("server.test") : Scenario.nullTlsClient(),
                realTls ? RealTls.server() : Scenario.nullTlsServer());
        TransferApp clientApp = new TransferApp(2, 50_000, 2);
        TransferApp serverApp = new TransferApp(2, 50_000, 2);
        scenario.client.application(clientApp);
        scenario.server.application(serverApp);
        scenario.network.runUntil(() -> clientApp.receivedAll() && serverApp.receivedAll(), 10 * Scenario.SECONDS);
        assertEquals(List.of(), clientApp.failures);
        assertEquals(List.of(), serverApp.failures);
        return scenario;
    }

    @Test
    void clientStartingInVersionTwoRunsTheWholeConnectionInVersionTwo() {
        Scenario scenario = run(versions(Version.V2, Version.V2, Version.V1),
                versions(Version.V1, Version.V1, Version.V2), false);
        assertEquals(Version.V2, scenario.client.connection().version());
        assertEquals(Version.V2, scenario.server.connection().version());
    }

    @Test
    void serverPreferringVersionTwoUpgradesAVersionOneClient() {
        Scenario scenario = run(versions(Version.V1, Version.V1, Version.V2),
                versions(Version.V1, Version.V2, Version.V1), true);
        assertEquals(Version.V2, scenario.server.connection().version());
        assertEquals(Version.V2, scenario.client.connection().version());
        assertTrue(scenario.client.connection().peerTransportParameters().versionInformation().isPresent());
        assertEquals(Version.V2,
                scenario.client.connection().peerTransportParameters().versionInformation().get().chosenVersion());
    }

    @Test
    void serverPreferringVersionOneKeepsIt() {
        Scenario scenario = run(versions(Version.V1, Version.V1, Version.V2),
                versions(Version.V1, Version.V1, Version.V2), true);
        assertEquals(Version.V1, scenario.server.connection().version());
        assertEquals(Version.V1, scenario.client.connection().version());
    }

    @Test
    void clientOfferingOnlyVersionOneIsNotUpgraded() {
        Scenario scenario = run(versions(Version.V1, Version.V1), versions(Version.V1, Version.V2, Version.V1), true);
        assertEquals(Version.V1, scenario.server.connection().version());
        assertEquals(Version.V1, scenario.client.connection().version());
    }
}
