package dev.jquic.testkit.quic;

import dev.jquic.core.connection.ConnectionConfig;
import dev.jquic.core.connection.TlsSessionFactory;
import dev.jquic.testkit.net.LinkModel;
import dev.jquic.testkit.net.SimulatedAddress;
import dev.jquic.testkit.net.SimulatedNetwork;
import dev.jquic.testkit.tls.NullTls;
import java.util.List;

/** A client and a server connection on a simulated network, with the null TLS by default. */
final class Scenario {

    static final SimulatedAddress CLIENT = SimulatedAddress.of(1, 40_000);
    static final SimulatedAddress SERVER = SimulatedAddress.of(2, 443);
    static final long MILLIS = 1_000_000L;
    static final long SECONDS = 1_000_000_000L;

    final SimulatedNetwork network;
    final QuicNode client;
    final QuicNode server;

    Scenario(long seed, LinkModel link, ConnectionConfig clientConfig, ConnectionConfig serverConfig) {
        this(seed, link, link, clientConfig, serverConfig, nullTlsClient(), nullTlsServer());
    }

    Scenario(long seed, LinkModel clientToServer, LinkModel serverToClient, ConnectionConfig clientConfig,
            ConnectionConfig serverConfig, TlsSessionFactory clientTls, TlsSessionFactory serverTls) {
        network = new SimulatedNetwork(seed);
        network.link(CLIENT, SERVER, clientToServer);
        network.link(SERVER, CLIENT, serverToClient);
        server = QuicNode.server(SERVER, serverConfig, serverTls, seed ^ 0x5EED);
        client = QuicNode.client(CLIENT, SERVER, clientConfig, clientTls, seed, network.nowNanos());
        network.register(SERVER, server);
        network.register(CLIENT, client);
    }

    static TlsSessionFactory nullTlsClient() {
        return parameters -> NullTls.client(parameters, List.of("test"), "server.test");
    }

    static TlsSessionFactory nullTlsServer() {
        return parameters -> NullTls.server(parameters, List.of("test"));
    }

    static LinkModel delay(long oneWayMillis) {
        return LinkModel.builder().oneWayDelayNanos(oneWayMillis * MILLIS).build();
    }

    static ConnectionConfig config() {
        return ConnectionConfig.builder().build();
    }

    boolean bothEstablished() {
        return client.connection().state().isEstablished() && server.connection() != null
                && server.connection().state().isEstablished();
    }
}
