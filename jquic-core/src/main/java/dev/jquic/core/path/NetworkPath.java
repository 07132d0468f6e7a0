package dev.jquic.core.path;

import java.util.Objects;

/**
 * A network path (RFC 9000 §8.2): the 2-tuple of a local and a remote transport address. The core
 * treats both addresses as opaque values compared with {@code equals}: the runtime passes socket
 * addresses, the simulator its own address records. Immutable when the addresses are.
 *
 * @param localAddress this endpoint's address on the path, never null
 * @param remoteAddress the peer's address on the path, never null
 */
public record NetworkPath(Object localAddress, Object remoteAddress) {

    public NetworkPath {
        Objects.requireNonNull(localAddress, "localAddress");
        Objects.requireNonNull(remoteAddress, "remoteAddress");
    }
}
