package dev.jquic.core.endpoint;

import dev.jquic.core.connection.ConnectionConfig;
import dev.jquic.core.connection.ConnectionIdGenerator;
import dev.jquic.core.connection.StatelessResetTokens;
import dev.jquic.core.connection.TlsSessionFactory;
import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.Version;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The options of an {@link Endpoint}. Built with {@link #builder()}; invalid values throw
 * {@link IllegalArgumentException} naming the option.
 *
 * @param serverConfig configuration of accepted connections, or {@code null} for a client-only
 *     endpoint (its connection ID length is replaced by {@code localConnectionIdLength})
 * @param serverTls TLS of accepted connections; {@code null} exactly when {@code serverConfig} is
 * @param clientConfig default configuration of connections opened with {@link Endpoint#connect}
 * @param requireRetry answer every token-less client Initial with a Retry (RFC 9000 §8.1.2)
 * @param maxConnections most connections at once (RFC 9000 §21.6)
 * @param maxConnectionsPerHost most accepted connections whose {@code hostOf(remoteAddress)} is equal
 * @param hostOf maps a remote address to its host for the per-host limit (default: the address)
 * @param maxHandshakesInProgress most accepted connections whose handshake has not completed;
 *     from three quarters of it on, token-less Initials get a Retry (RFC 9000 §8.1, §21.6)
 * @param supportedVersions versions accepted, listed in Version Negotiation (RFC 9000 §6.1)
 * @param statelessReset whether to send stateless resets (RFC 9000 §10.3)
 * @param statelessResetKey key of the stateless reset tokens (RFC 9000 §10.3.2), at least 16
 *     bytes; share it with a restarted endpoint so its resets are recognised
 * @param statelessResetsPerSecond rate limit of stateless resets, also the burst (RFC 9000 §10.3)
 * @param tokenKey AES key (16 or 32 bytes) of Retry tokens (RFC 9000 §8.1.4)
 * @param retryTokenLifetimeMillis how long a Retry token is accepted (RFC 9000 §8.1.2)
 * @param localConnectionIdLength length of the connection IDs this endpoint issues, 8..20
 * @param maxEvents capacity of the event queue; events beyond it are dropped and counted
 * @param maxQueuedPackets capacity of the queue of endpoint-generated packets (VN, Retry, reset)
 * @param connectionIdGenerator draws the connection IDs of accepted connections and Retry packets
 *     (default {@link ConnectionIdGenerator#RANDOM}; {@link ConnectionIdShard} for a server with
 *     several event loops)
 */
public record EndpointConfig(
        ConnectionConfig serverConfig,
        TlsSessionFactory serverTls,
        ConnectionConfig clientConfig,
        boolean requireRetry,
        int maxConnections,
        int maxConnectionsPerHost,
        Function<Object, Object> hostOf,
        int maxHandshakesInProgress,
        List<Version> supportedVersions,
        boolean statelessReset,
        byte[] statelessResetKey,
        int statelessResetsPerSecond,
        byte[] tokenKey,
        long retryTokenLifetimeMillis,
        int localConnectionIdLength,
        int maxEvents,
        int maxQueuedPackets,
        ConnectionIdGenerator connectionIdGenerator) {

    public EndpointConfig {
        check((serverConfig == null) == (serverTls == null), "serverTls (set exactly when serverConfig is)", serverTls);
        Objects.requireNonNull(clientConfig, "clientConfig");
        Objects.requireNonNull(hostOf, "hostOf");
        check(maxConnections > 0, "maxConnections (> 0)", maxConnections);
        check(maxConnectionsPerHost > 0, "maxConnectionsPerHost (> 0)", maxConnectionsPerHost);
        check(maxHandshakesInProgress > 0, "maxHandshakesInProgress (> 0)", maxHandshakesInProgress);
        supportedVersions = List.copyOf(supportedVersions);
        check(!supportedVersions.isEmpty() && supportedVersions.stream().allMatch(Version::isSupported),
                "supportedVersions (non-empty, versions jquic implements)", supportedVersions);
        check(statelessResetKey == null || statelessResetKey.length >= StatelessResetTokens.MINIMUM_KEY_LENGTH,
                "statelessResetKey (>= 16 bytes)", statelessResetKey == null ? 0 : statelessResetKey.length);
        check(statelessResetsPerSecond > 0, "statelessResetsPerSecond (> 0)", statelessResetsPerSecond);
        check(tokenKey == null || tokenKey.length == 16 || tokenKey.length == 32, "tokenKey (16 or 32 bytes)",
                tokenKey == null ? 0 : tokenKey.length);
        check(retryTokenLifetimeMillis > 0, "retryTokenLifetimeMillis (> 0)", retryTokenLifetimeMillis);
        check(localConnectionIdLength >= 8 && localConnectionIdLength <= ConnectionId.MAX_LENGTH,
                "localConnectionIdLength (8..20)", localConnectionIdLength);
        check(maxEvents > 0, "maxEvents (> 0)", maxEvents);
        check(maxQueuedPackets > 0, "maxQueuedPackets (> 0)", maxQueuedPackets);
        Objects.requireNonNull(connectionIdGenerator, "connectionIdGenerator");
        statelessResetKey = statelessResetKey == null ? null : statelessResetKey.clone();
        tokenKey = tokenKey == null ? null : tokenKey.clone();
    }

    private static void check(boolean valid, String option, Object value) {
        if (!valid) {
            throw new IllegalArgumentException("invalid " + option + ": " + value);
        }
    }

    /** A copy of the key, or {@code null} when a random key is drawn. */
    @Override
    public byte[] statelessResetKey() {
        return statelessResetKey == null ? null : statelessResetKey.clone();
    }

    /** A copy of the key, or {@code null} when a random key is drawn. */
    @Override
    public byte[] tokenKey() {
        return tokenKey == null ? null : tokenKey.clone();
    }

    /** Whether this endpoint accepts connections. */
    public boolean isServer() {
        return serverConfig != null;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder with the defaults: client-only, 10,000 connections, 1,000 handshakes, v1 and v2. */
    public static final class Builder {
        private ConnectionConfig serverConfig;
        private TlsSessionFactory serverTls;
        private ConnectionConfig clientConfig = ConnectionConfig.builder().build();
        private boolean requireRetry;
        private int maxConnections = 10_000;
        private int maxConnectionsPerHost = 1_000;
        private Function<Object, Object> hostOf = Function.identity();
        private int maxHandshakesInProgress = 1_000;
        private List<Version> supportedVersions = List.of(Version.V1, Version.V2);
        private boolean statelessReset = true;
        private byte[] statelessResetKey;
        private int statelessResetsPerSecond = 100;
        private byte[] tokenKey;
        private long retryTokenLifetimeMillis = 10_000;
        private int localConnectionIdLength = 8;
        private int maxEvents = 65_536;
        private int maxQueuedPackets = 1_024;
        private ConnectionIdGenerator connectionIdGenerator = ConnectionIdGenerator.RANDOM;

        private Builder() {
        }

        /** Accept connections with this configuration and TLS. */
        public Builder server(ConnectionConfig config, TlsSessionFactory tls) {
            serverConfig = Objects.requireNonNull(config, "serverConfig");
            serverTls = Objects.requireNonNull(tls, "serverTls");
            return this;
        }

        public Builder clientConfig(ConnectionConfig value) {
            clientConfig = value;
            return this;
        }

        public Builder requireRetry(boolean value) {
            requireRetry = value;
            return this;
        }

        public Builder maxConnections(int value) {
            maxConnections = value;
            return this;
        }

        public Builder maxConnectionsPerHost(int value) {
            maxConnectionsPerHost = value;
            return this;
        }

        public Builder hostOf(Function<Object, Object> value) {
            hostOf = value;
            return this;
        }

        public Builder maxHandshakesInProgress(int value) {
            maxHandshakesInProgress = value;
            return this;
        }

        public Builder supportedVersions(List<Version> value) {
            supportedVersions = value;
            return this;
        }

        public Builder statelessReset(boolean value) {
            statelessReset = value;
            return this;
        }

        public Builder statelessResetKey(byte[] value) {
            statelessResetKey = value;
            return this;
        }

        public Builder statelessResetsPerSecond(int value) {
            statelessResetsPerSecond = value;
            return this;
        }

        public Builder tokenKey(byte[] value) {
            tokenKey = value;
            return this;
        }

        public Builder retryTokenLifetimeMillis(long value) {
            retryTokenLifetimeMillis = value;
            return this;
        }

        public Builder localConnectionIdLength(int value) {
            localConnectionIdLength = value;
            return this;
        }

        public Builder maxEvents(int value) {
            maxEvents = value;
            return this;
        }

        public Builder maxQueuedPackets(int value) {
            maxQueuedPackets = value;
            return this;
        }

        public Builder connectionIdGenerator(ConnectionIdGenerator value) {
            connectionIdGenerator = value;
            return this;
        }

        public EndpointConfig build() {
            return new EndpointConfig(serverConfig, serverTls, clientConfig, requireRetry, maxConnections,
                    maxConnectionsPerHost, hostOf, maxHandshakesInProgress, supportedVersions, statelessReset,
                    statelessResetKey, statelessResetsPerSecond, tokenKey, retryTokenLifetimeMillis,
                    localConnectionIdLength, maxEvents, maxQueuedPackets, connectionIdGenerator);
        }
    }
}
