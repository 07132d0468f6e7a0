package dev.jquic.core.path;

import java.util.function.BiPredicate;

/** A simulator-style opaque address for tests: a host name and a port. */
record TestAddress(String host, int port) {

    static final BiPredicate<Object, Object> SAME_HOST =
            (first, second) -> ((TestAddress) first).host().equals(((TestAddress) second).host());

    static NetworkPath path(TestAddress local, TestAddress remote) {
        return new NetworkPath(local, remote);
    }

    /** The same path seen from the other endpoint. */
    static NetworkPath mirror(NetworkPath path) {
        return new NetworkPath(path.remoteAddress(), path.localAddress());
    }
}
