/**
 * jquic: QUIC servers and clients for Java programs. The public API is package {@code dev.jquic}
 * ({@link dev.jquic.Quic} is the entry point); everything else is internal.
 */
module dev.jquic {
    requires dev.jquic.core;
    requires dev.jquic.tls;
    requires java.logging;

    exports dev.jquic;
}
