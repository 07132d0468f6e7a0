package dev.jquic.core.connection;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.params.TransportParameters;
import dev.jquic.core.params.VersionInformation;
import dev.jquic.core.types.EndpointRole;
import dev.jquic.core.types.PacketNumberSpace;
import dev.jquic.core.types.Version;
import java.nio.ByteBuffer;

/**
 * Compatible version negotiation (RFC 9368) for a {@link Connection}. The server chooses, from
 * the client's version_information, the first of its own supported versions the client also
 * offers, and switches before sending anything (§2.3, §4); a client follows a server whose first
 * Initial is in another version it supports (§2.4). QUIC v1 and v2 are compatible both ways
 * (RFC 9369 §4).
 */
final class VersionNegotiator {

    private final Connection connection;

    VersionNegotiator(Connection connection) {
        this.connection = connection;
    }

    /** RFC 9369 §4: versions 1 and 2 are mutually compatible; both are all jquic speaks. */
    static boolean compatible(Version from, Version to) {
        return from.isSupported() && to.isSupported();
    }

    /** Server: the client's parameters arrived inside its ClientHello; answer with ours. */
    ByteBuffer respond(ByteBuffer clientParameters) throws QuicProtocolException {
        Connection c = connection;
        TransportParameters client = TransportParameters.decode(clientParameters.duplicate(), EndpointRole.CLIENT);
        if (client.versionInformation().isPresent()) {
            VersionInformation information = client.versionInformation().get();
            // RFC 9368 §4: the client's chosen version must be the version of its Initial.
            if (!information.chosenVersion().equals(c.version)) {
                throw new QuicProtocolException(TransportError.VERSION_NEGOTIATION_ERROR,
                        "client's chosen version " + information.chosenVersion() + " differs from its packets' "
                                + c.version);
            }
            Version chosen = choose(information);
            if (!chosen.equals(c.version)) {
                switchServerTo(chosen);
            }
        }
        return Connection.encode(c.rebuildLocalParameters());
    }

    private Version choose(VersionInformation client) {
        for (Version candidate : connection.config.supportedVersions()) {
            if (client.availableVersions().contains(candidate) && compatible(connection.version, candidate)) {
                return candidate;
            }
        }
        return connection.version;
    }

    private void switchServerTo(Version chosen) {
        Connection c = connection;
        c.originalVersion = c.version;
        c.originalVersionInitialReceiveKeys = c.space(PacketNumberSpace.INITIAL).receiveKeys;
        c.version = chosen;
        // RFC 9368 §2.3: the server's Initials use the negotiated version's keys, derived from the
        // same client Destination Connection ID.
        c.installInitialKeys(c.initialKeysConnectionId);
    }

    /**
     * Client: the server's first Initial is in {@code serverVersion}. Returns whether the client
     * now speaks it (RFC 9368 §2.4): only a version it offered and that is compatible.
     */
    boolean followServer(Version serverVersion) {
        Connection c = connection;
        if (c.role != EndpointRole.CLIENT || c.receivedPacketFromPeer
                || !c.config.supportedVersions().contains(serverVersion) || !compatible(c.version, serverVersion)) {
            return false;
        }
        c.originalVersion = c.version;
        c.version = serverVersion;
        c.installInitialKeys(c.initialKeysConnectionId);
        return true;
    }
}
