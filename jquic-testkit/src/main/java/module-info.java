/**
 * jquic-testkit: test support for jquic. Its deterministic network simulator drives sans-IO
 * endpoints on a virtual clock; it never opens sockets or starts threads. The one exception is
 * {@code dev.jquic.testkit.relay}, a real UDP relay on loopback (one thread) for interop tests.
 */
module dev.jquic.testkit {
    requires dev.jquic.core;
    requires dev.jquic.tls;
    exports dev.jquic.testkit.net;
    exports dev.jquic.testkit.tls;
    exports dev.jquic.testkit.quic;
    exports dev.jquic.testkit.relay;
}
