/**
 * jquic-core: the sans-IO QUIC transport. Its packages are internal: they are exported only to
 * the sibling jquic modules, never to applications (the public API lives in module dev.jquic).
 */
module dev.jquic.core {
    exports dev.jquic.core.codec to dev.jquic, dev.jquic.tls, dev.jquic.testkit;
    exports dev.jquic.core.types to dev.jquic, dev.jquic.tls, dev.jquic.testkit;
    exports dev.jquic.core.params to dev.jquic, dev.jquic.tls, dev.jquic.testkit;
    exports dev.jquic.core.frame to dev.jquic, dev.jquic.tls, dev.jquic.testkit;
    exports dev.jquic.core.crypto to dev.jquic, dev.jquic.tls, dev.jquic.testkit;
    exports dev.jquic.core.packet to dev.jquic, dev.jquic.tls, dev.jquic.testkit;
    exports dev.jquic.core.tls to dev.jquic, dev.jquic.tls, dev.jquic.testkit;
    exports dev.jquic.core.stream to dev.jquic, dev.jquic.tls, dev.jquic.testkit;
    exports dev.jquic.core.recovery to dev.jquic, dev.jquic.tls, dev.jquic.testkit;
    exports dev.jquic.core.recovery.cc to dev.jquic, dev.jquic.tls, dev.jquic.testkit;
    exports dev.jquic.core.path to dev.jquic, dev.jquic.tls, dev.jquic.testkit;
    exports dev.jquic.core.connection to dev.jquic, dev.jquic.tls, dev.jquic.testkit;
    exports dev.jquic.core.endpoint to dev.jquic, dev.jquic.tls, dev.jquic.testkit;
    exports dev.jquic.core.trace to dev.jquic, dev.jquic.tls, dev.jquic.testkit;
}
